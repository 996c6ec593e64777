/**
 * Staff suspend and reinstate a fund (#11.3). While SUSPENDED a fund takes no donations, its open
 * checkouts are expired at the provider, late payments are held, and the organization can neither
 * disburse nor refund from it (donations/freeze.server.ts). Only staff move it out again; the
 * organization's own status switch refuses a suspended fund.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { FundStatus } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { fundTotals, totalsToJson } from "~/modules/ledger/balances.server";
import { expireOpenCheckouts, heldDonations, lockTargetForUpdate } from "~/modules/donations/freeze.server";
import { hostDonations } from "~/modules/donations/donations.server";
import { assertNotOwnOrganization } from "~/modules/organizations/self-review.server";

const RULES = {
  SUSPEND: { from: ["ACTIVE", "PAUSED"], to: "SUSPENDED" },
  REINSTATE: { from: ["SUSPENDED"], to: "ACTIVE" },
} as const satisfies Record<string, { from: FundStatus[]; to: FundStatus }>;

export type FundSuspensionDecision = keyof typeof RULES;

export async function setFundSuspension(fundId: string, staffId: string, decision: FundSuspensionDecision, reason: string) {
  const rule = RULES[decision];
  if (!rule) throw new AppError("validation.choice", 400);
  if (!reason.trim()) throw new AppError("funding.validation.reasonRequired", 400, {}, { reason: "funding.validation.reasonRequired" });
  const result = await prisma.$transaction(async (tx) => {
    // Serialised with disbursements and refunds, which read the fund's status under FOR KEY SHARE.
    await lockTargetForUpdate(tx, { fundId });
    const f = await tx.fund.findUnique({ where: { id: fundId }, select: { status: true, orgId: true, name: true } });
    if (!f) throw new AppError("errors.http.404", 404);
    // Nobody suspends or reinstates their own organization's fund.
    await assertNotOwnOrganization(tx, staffId, f.orgId);
    if (!(rule.from as readonly FundStatus[]).includes(f.status)) throw new AppError("funding.errors.transitionNotAllowed", 409);
    await tx.fund.update({ where: { id: fundId }, data: { status: rule.to } });
    await recordAudit({ actorId: staffId, action: `fund.${decision.toLowerCase()}`, entityType: "Fund", entityId: fundId, orgId: f.orgId, reason, before: { status: f.status }, after: { status: rule.to } }, tx);
    const members = await tx.orgMembership.findMany({ where: { orgId: f.orgId, role: { in: ["OWNER", "ADMIN", "FINANCE"] } }, select: { userId: true } });
    for (const m of members) await notify(tx, m.userId, decision === "SUSPEND" ? "freeze.fundSuspended" : "freeze.fundReinstated", { name: f.name, reason }, `/funds/${fundId}`);
    await enqueueSearch(tx, "fund", fundId);
    return { from: f.status, to: rule.to };
  });
  if (decision === "SUSPEND") await expireOpenCheckouts({ fundId });
  return result;
}

/** What staff see on the fund's suspension page. */
export async function fundSuspensionView(fundId: string, donationsPage = 1) {
  const f = await prisma.fund.findUnique({ where: { id: fundId }, select: { id: true, name: true, status: true, org: { select: { id: true, name: true, status: true } } } });
  if (!f) return null;
  const [totals, held, donations] = await Promise.all([fundTotals([f.id]), heldDonations({ fundId: f.id }), hostDonations({ fundId: f.id }, donationsPage)]);
  const decisions = (Object.keys(RULES) as FundSuspensionDecision[]).filter((d) => (RULES[d].from as readonly FundStatus[]).includes(f.status));
  return { fund: f, totals: totalsToJson(totals.get(f.id)!), held, donations: donations.items, donationPages: donations.pagination, decisions };
}
