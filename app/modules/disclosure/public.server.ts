/** What the public campaign and fund pages show of disclosures: the notice and the filed list. */
import { paginate } from "~/utils/pagination";
import type { SessionUser } from "~/modules/accounts/auth.server";
import { canReadPrivateFile } from "~/modules/files/access.server";
import { disclosureSchedule, type TargetRef } from "./status.server";
import { countDisclosures, DISCLOSURES_PAGE_SIZE, listDisclosures } from "./filing.server";

export type DisclosureNoticeData = { overdue: boolean; dueOn: string | null; onHold: boolean; accountsUrl: string };

/** The notice on a campaign's or fund's public page: overdue, and whether donations are on hold. */
export async function disclosureNotice(t: TargetRef, now: Date = new Date()): Promise<DisclosureNoticeData> {
  const s = await disclosureSchedule(t, now);
  const overdue = s?.schedule.obligations.find((o) => o.state === "overdue") ?? null;
  const accountsUrl = t.campaignId ? `/campaigns/${t.campaignId}/accounts` : `/funds/${t.fundId}/accounts`;
  return { overdue: Boolean(overdue), dueOn: overdue?.dueOn ?? null, onHold: Boolean(s?.hold), accountsUrl };
}

/** Every filed disclosure of a target, one page at a time; evidence links only for those who may open them. */
export async function publicDisclosures(t: { campaignId?: string; fundId?: string }, orgId: string, user: SessionUser | null, page = 1) {
  const where = t.campaignId ? { campaignId: t.campaignId } : { fundId: t.fundId ?? "" };
  const [{ rows, pagination }, canSeeEvidence] = await Promise.all([
    paginate(page, DISCLOSURES_PAGE_SIZE, () => countDisclosures(where), (w) => listDisclosures(where, w)),
    canReadPrivateFile(user, orgId),
  ]);
  return { disclosures: rows, pagination, canSeeEvidence };
}
