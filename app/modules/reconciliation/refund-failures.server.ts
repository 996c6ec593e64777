/**
 * A refund that fails after its money was booked (the provider first said it succeeded, then that
 * it failed: a card closed meanwhile, a bank refusing the credit…). The money never left, so the
 * books must say it is back: the REFUND transaction is reversed by one moving the amount from
 * REFUNDS back to the campaign/fund (kind DONATION, reversesId = the refund's transaction, no
 * donationId — it is not a new gift; ledger/balances.server.ts counts it as refunds reversed), the
 * refund becomes FAILED with the provider's reason, the donation's refunded amount goes down, a
 * REFUND_FAILED reconciliation issue is listed for staff, and the host's finance people are told
 * (notification; /org/:orgId/payment-issues). The donor still has to be refunded: the host asks
 * again, which is a new refund.
 */
import type { Db } from "~/utils/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { ensureAccount } from "~/modules/ledger/accounts.server";
import { postTransaction } from "~/modules/ledger/post.server";
import { resolveTarget } from "~/modules/ledger/targets.server";
import { notify } from "~/modules/notifications/notifications.server";
import { ORG_PERMISSIONS } from "~/modules/organizations/permissions.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { accountKeyOf, raiseIssue, runForToday } from "./runs.server";

export type ReversalOutcome = "reversed" | "no_change" | "unknown_refund";

/** Call inside a transaction. Reverses a SUCCEEDED (booked) refund; anything else is left alone. */
export async function reverseBookedRefund(tx: Db, refundId: string, opts: { reason: string; providerRefundId?: string | null; failedAt?: Date }): Promise<ReversalOutcome> {
  const found = await tx.refund.findUnique({ where: { id: refundId }, select: { donationId: true } });
  if (!found) return "unknown_refund";
  await tx.$queryRaw`SELECT id FROM "Donation" WHERE id = ${found.donationId} FOR UPDATE`;
  const refund = await tx.refund.findUniqueOrThrow({ where: { id: refundId }, select: { id: true, status: true, amountFen: true, providerRefundId: true } });
  if (refund.status !== "SUCCEEDED") return "no_change";
  const booked = await tx.ledgerTransaction.findUnique({ where: { refundId }, select: { id: true, kind: true } });
  const d = await tx.donation.findUniqueOrThrow({
    where: { id: found.donationId },
    select: { id: true, orgId: true, amountFen: true, refundedFen: true, provider: true, merchantAccountId: true, campaignId: true, fundId: true },
  });
  const failedAt = opts.failedAt ?? new Date();
  const reason = opts.reason.slice(0, 300);
  if (booked?.kind === "REFUND") {
    const target = await resolveTarget(tx, { campaignId: d.campaignId, fundId: d.fundId });
    const [holding, refunds] = await Promise.all([ensureAccount(tx, target.accountSpec), ensureAccount(tx, { kind: "REFUNDS" })]);
    await postTransaction(tx, {
      kind: "DONATION",
      amountFen: refund.amountFen,
      occurredAt: failedAt,
      idempotencyKey: `refund-reversal:${refundId}`,
      orgId: target.orgId,
      districtCode: target.districtCode,
      campaignId: target.campaignId,
      fundId: target.fundId,
      reversesId: booked.id,
      provider: d.provider,
      source: "refund_failed",
      externalRef: refundId,
      entries: [
        { accountId: refunds, amountFen: -refund.amountFen },
        { accountId: holding, amountFen: refund.amountFen },
      ],
    });
  }
  const refundedFen = d.refundedFen - refund.amountFen < 0n ? 0n : d.refundedFen - refund.amountFen;
  await tx.refund.update({ where: { id: refundId }, data: { status: "FAILED", failureReason: reason, failedAt, ...(opts.providerRefundId && !refund.providerRefundId ? { providerRefundId: opts.providerRefundId } : {}) } });
  await tx.donation.update({ where: { id: d.id }, data: { refundedFen, status: refundedFen === 0n ? "PAID" : "PARTLY_REFUNDED" } });
  await recordAudit({ actorId: null, action: "donation.refund_reversed", entityType: "Donation", entityId: d.id, orgId: d.orgId, reason, after: { refundId, amountFen: refund.amountFen.toString(), refundedFen: refundedFen.toString() } }, tx);
  const run = await runForToday(tx, { provider: d.provider, accountKey: accountKeyOf(d) });
  await raiseIssue(tx, run, {
    kind: "REFUND_FAILED",
    providerRef: refund.providerRefundId ?? opts.providerRefundId ?? refundId,
    orgId: d.orgId,
    donationId: d.id,
    refundId,
    expectedFen: refund.amountFen,
    details: { reason },
  });
  const members = await tx.orgMembership.findMany({ where: { orgId: d.orgId, role: { in: [...ORG_PERMISSIONS["org:finance"]] } }, select: { userId: true }, take: 20 });
  for (const m of members) await notify(tx, m.userId, "reconcile.refundFailed", { amount: (Number(refund.amountFen) / 100).toFixed(2), reason }, `/org/${d.orgId}/payment-issues`);
  if (d.campaignId) await enqueueSearch(tx, "campaign", d.campaignId);
  if (d.fundId) await enqueueSearch(tx, "fund", d.fundId);
  return "reversed";
}
