import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { ensureAccount, type AccountSpec } from "./accounts.server";

/** Where money is held: a campaign, a fund, or (offline, unearmarked) the organization itself. */
export type Target = { orgId: string; districtCode: string; campaignId: string | null; fundId: string | null; accountSpec: AccountSpec; title: string };

/**
 * Resolves a campaign or fund to its organization, district (the campaign's district; for a fund, the
 * managing organization's district, as a fund may cover several) and ledger account.
 */
export async function resolveTarget(db: Db, t: { orgId?: string; campaignId?: string | null; fundId?: string | null }): Promise<Target> {
  if (t.campaignId && t.fundId) throw new AppError("funding.errors.oneTarget", 400);
  if (t.campaignId) {
    const c = await db.campaign.findUnique({ where: { id: t.campaignId }, select: { id: true, orgId: true, districtCode: true, title: true } });
    if (!c || (t.orgId && c.orgId !== t.orgId)) throw new AppError("errors.http.404", 404);
    return { orgId: c.orgId, districtCode: c.districtCode, campaignId: c.id, fundId: null, title: c.title, accountSpec: { kind: "CAMPAIGN", campaignId: c.id, orgId: c.orgId } };
  }
  if (t.fundId) {
    const f = await db.fund.findUnique({ where: { id: t.fundId }, select: { id: true, orgId: true, name: true, org: { select: { districtCode: true } } } });
    if (!f || (t.orgId && f.orgId !== t.orgId)) throw new AppError("errors.http.404", 404);
    return { orgId: f.orgId, districtCode: f.org.districtCode, campaignId: null, fundId: f.id, title: f.name, accountSpec: { kind: "FUND", fundId: f.id, orgId: f.orgId } };
  }
  if (!t.orgId) throw new AppError("funding.errors.oneTarget", 400);
  const org = await db.organization.findUnique({ where: { id: t.orgId }, select: { id: true, districtCode: true, name: true } });
  if (!org) throw new AppError("errors.http.404", 404);
  return { orgId: org.id, districtCode: org.districtCode, campaignId: null, fundId: null, title: org.name, accountSpec: { kind: "ORGANIZATION", orgId: org.id } };
}

export async function targetAccountId(db: Db, target: Target) {
  return ensureAccount(db, target.accountSpec);
}
