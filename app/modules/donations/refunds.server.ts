import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { inTransaction } from "~/modules/ledger/post.server";
import { lockedBalance, postRefund } from "~/modules/ledger/postings.server";
import { getPaymentProvider } from "~/modules/payments/payments.server";
import { ProviderError } from "~/modules/payments/provider";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";

/**
 * Refunds all or part of a paid donation, in two steps around the provider call, so that neither a
 * failed call nor a crash can leave the ledger and the provider disagreeing:
 *
 * 1. Reserve, in one transaction holding the donation row and the campaign/fund account locked: a
 *    PENDING Refund row. Its amount stays in the account but can no longer be refunded twice,
 *    disbursed or promised to another refund (ledger `reservedForRefunds`).
 * 2. Ask the provider, idempotently on the refund id (a retry returns the same refund). Confirmed:
 *    `completeRefund` posts the REFUND transaction reversing the DONATION. Refused: `failRefund`
 *    marks the row FAILED and the money is free again. Pending: the provider's webhook
 *    (`refund_succeeded` / `refund_failed`) finishes it later. A crash between the steps leaves a
 *    PENDING row without a provider refund id: `retryUnsentRefunds` (npm run jobs:refunds) asks
 *    the provider again with the same idempotency key.
 *
 * Access (host with org:finance, or staff) is checked by the route.
 */
export async function refundDonation(input: { donationId: string; amountFen: bigint; reason: string; actorId: string; orgId?: string }) {
  if (input.amountFen <= 0n) throw new AppError("funding.validation.amount", 400);
  const reserved = await inTransaction(prisma, async (tx) => {
    const d = await lockDonation(tx, input.donationId);
    if (!d || (input.orgId && d.orgId !== input.orgId)) throw new AppError("errors.http.404", 404);
    if ((d.status !== "PAID" && d.status !== "PARTLY_REFUNDED") || !d.providerPaymentId) throw new AppError("funding.errors.notRefundable", 409);
    const pending = await tx.refund.aggregate({ where: { donationId: d.id, status: "PENDING" }, _sum: { amountFen: true } });
    const remaining = d.amountFen - d.refundedFen - (pending._sum.amountFen ?? 0n);
    if (input.amountFen > remaining) throw new AppError("funding.errors.refundTooLarge", 409, { remaining: (Number(remaining) / 100).toFixed(2) }, { amount: "funding.errors.refundTooLarge" });
    // Under the account lock: a refused balance never reaches the provider.
    const { available } = await lockedBalance(tx, { campaignId: d.campaignId, fundId: d.fundId });
    if (input.amountFen > available) throw new AppError("funding.errors.refundExceedsBalance", 409, { balance: available.toString() });
    const refund = await tx.refund.create({ data: { donationId: d.id, amountFen: input.amountFen, reason: input.reason, requestedById: input.actorId, status: "PENDING" }, select: { id: true } });
    await recordAudit({ actorId: input.actorId, action: "donation.refund_requested", entityType: "Donation", entityId: d.id, orgId: d.orgId, reason: input.reason, after: { amountFen: input.amountFen.toString(), refundId: refund.id } }, tx);
    return { refundId: refund.id, provider: d.provider, paymentId: d.providerPaymentId, donationId: d.id };
  });
  return sendRefund({ ...reserved, amountFen: input.amountFen, actorId: input.actorId });
}

/** Step 2: the provider call and what its answer means for the row. */
async function sendRefund(r: { refundId: string; donationId: string; provider: Parameters<typeof getPaymentProvider>[0]; paymentId: string; amountFen: bigint; actorId: string | null }) {
  let result;
  try {
    result = await getPaymentProvider(r.provider).refund({ paymentId: r.paymentId, amountFen: r.amountFen, idempotencyKey: `refund-${r.refundId}`, metadata: { donationId: r.donationId, refundId: r.refundId } });
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    await failRefund(r.refundId, null);
    throw new AppError("funding.errors.refundProviderFailed", 502);
  }
  if (result.status === "failed") {
    await failRefund(r.refundId, result.refundId);
    throw new AppError("funding.errors.refundProviderFailed", 502);
  }
  if (result.status === "succeeded") await completeRefund(r.refundId, result.refundId, r.actorId);
  else await prisma.refund.updateMany({ where: { id: r.refundId, status: "PENDING" }, data: { providerRefundId: result.refundId } });
  return { refundId: r.refundId, providerRefundId: result.refundId, status: result.status };
}

type Outcome = "completed" | "already" | "failed" | "no_change" | "unknown_refund" | "needs_attention";

/**
 * The provider confirmed the refund: post the REFUND transaction and update the donation, once.
 * Also from FAILED, when the provider says a refund we gave up on (a timeout) did go through: the
 * money is gone, so the books must say so.
 */
export async function completeRefund(refundId: string, providerRefundId: string | null, actorId: string | null = null, db: Db = prisma): Promise<Outcome> {
  return inTransaction(db, async (tx) => {
    const found = await tx.refund.findUnique({ where: { id: refundId }, select: { donationId: true } });
    if (!found) return "unknown_refund";
    const d = await lockDonation(tx, found.donationId);
    const refund = await tx.refund.findUniqueOrThrow({ where: { id: refundId }, select: { status: true, amountFen: true, reason: true } });
    if (!d) return "unknown_refund";
    if (refund.status === "SUCCEEDED") return "already";
    const refundedFen = d.refundedFen + refund.amountFen;
    if (refundedFen > d.amountFen) {
      await recordAudit({ actorId: null, action: "refund.needs_attention", entityType: "Refund", entityId: refundId, orgId: d.orgId, reason: "refunds exceed the donation", after: { providerRefundId } }, tx);
      return "needs_attention";
    }
    try {
      await postRefund(tx, { donationId: d.id, refundId, campaignId: d.campaignId, fundId: d.fundId, amountFen: refund.amountFen, provider: d.provider, occurredAt: new Date(), createdById: actorId });
    } catch (e) {
      // Only a refund revived from FAILED can meet a balance spent meanwhile: staff must look.
      if (!(e instanceof AppError) || e.status !== 409) throw e;
      await recordAudit({ actorId: null, action: "refund.needs_attention", entityType: "Refund", entityId: refundId, orgId: d.orgId, reason: "provider refunded money the account no longer holds", after: { providerRefundId } }, tx);
      return "needs_attention";
    }
    await tx.refund.update({ where: { id: refundId }, data: { status: "SUCCEEDED", ...(providerRefundId ? { providerRefundId } : {}) } });
    await tx.donation.update({ where: { id: d.id }, data: { refundedFen, status: refundedFen === d.amountFen ? "REFUNDED" : "PARTLY_REFUNDED" } });
    await recordAudit({ actorId, action: "donation.refunded", entityType: "Donation", entityId: d.id, orgId: d.orgId, reason: refund.reason, after: { amountFen: refund.amountFen.toString(), refundId } }, tx);
    if (d.campaignId) await enqueueSearch(tx, "campaign", d.campaignId);
    if (d.fundId) await enqueueSearch(tx, "fund", d.fundId);
    return "completed";
  });
}

/**
 * The provider refused the refund (or the call failed): a PENDING row becomes FAILED and its money
 * is free again. A refund already posted cannot be undone here; it is flagged for staff.
 */
export async function failRefund(refundId: string, providerRefundId: string | null, db: Db = prisma): Promise<Outcome> {
  return inTransaction(db, async (tx) => {
    const refund = await tx.refund.findUnique({ where: { id: refundId }, select: { status: true, donation: { select: { orgId: true } } } });
    if (!refund) return "unknown_refund";
    if (refund.status === "FAILED") return "no_change";
    if (refund.status === "SUCCEEDED") {
      await recordAudit({ actorId: null, action: "refund.needs_attention", entityType: "Refund", entityId: refundId, orgId: refund.donation.orgId, reason: "provider reports a posted refund as failed", after: { providerRefundId } }, tx);
      return "needs_attention";
    }
    await tx.refund.updateMany({ where: { id: refundId, status: "PENDING" }, data: { status: "FAILED", ...(providerRefundId ? { providerRefundId } : {}) } });
    return "failed";
  });
}

/**
 * Refunds reserved but never sent (the process stopped between the two steps): ask the provider
 * again, with the same idempotency key, so a refund that did reach it is not made twice.
 */
export async function retryUnsentRefunds(olderThanMs = 5 * 60_000) {
  const stale = await prisma.refund.findMany({
    where: { status: "PENDING", providerRefundId: null, createdAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true, amountFen: true, donation: { select: { id: true, provider: true, providerPaymentId: true } } },
    take: 500,
  });
  const outcome = { sent: 0, failed: 0 };
  for (const r of stale) {
    if (!r.donation.providerPaymentId) continue;
    try {
      await sendRefund({ refundId: r.id, donationId: r.donation.id, provider: r.donation.provider, paymentId: r.donation.providerPaymentId, amountFen: r.amountFen, actorId: null });
      outcome.sent++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      outcome.failed++;
    }
  }
  return outcome;
}

async function lockDonation(tx: Db, id: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Donation" WHERE id = ${id} FOR UPDATE`;
  if (!locked.length) return null;
  return tx.donation.findUniqueOrThrow({
    where: { id },
    select: { id: true, orgId: true, status: true, amountFen: true, refundedFen: true, provider: true, providerPaymentId: true, campaignId: true, fundId: true },
  });
}
