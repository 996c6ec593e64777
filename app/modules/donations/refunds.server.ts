import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { lockedBalance, postRefund } from "~/modules/ledger/postings.server";
import { providerFor } from "~/modules/payments/payments.server";
import { ProviderError, type PaymentProvider, type RefundResult } from "~/modules/payments/provider";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { lockFrozenState } from "./freeze.server";
import { reverseBookedRefund } from "~/modules/reconciliation/refund-failures.server";
import { logger } from "~/utils/logger.server";
import { reverseMatchesForRefund } from "~/modules/match-funds/settle.server";

/**
 * Refunds all or part of a paid donation, in two steps around the provider call, so that neither a
 * failed call nor a crash can leave the ledger and the provider disagreeing:
 *
 * 1. Reserve, in one transaction holding the donation row and the campaign/fund account locked: a
 *    PENDING Refund row. Its amount stays in the account but can no longer be refunded twice,
 *    disbursed or promised to another refund (ledger `reservedForRefunds`).
 * 2. Ask the provider, idempotently on the refund id (a retry returns the same refund). Confirmed:
 *    `completeRefund` posts the REFUND transaction reversing the DONATION. Refused: `failRefund`
 *    marks the row FAILED and the money is free again — only on a definite refusal (a 4xx answer).
 *    Pending, or no answer at all (a timeout, a network error, a 5xx: the provider may have made
 *    the refund): the row stays PENDING with its money reserved, and the provider's webhook
 *    (`refund_succeeded` / `refund_failed`) or `retryUnsentRefunds` (npm run jobs:refunds, which
 *    asks the provider about it, then sends it again with the same idempotency key if the provider
 *    never got it) finishes it later. A crash between the steps is resolved the same way.
 *
 * Access (host with org:finance, or staff) is checked by the route; `orgId` is given for the host.
 * The host may not refund from a frozen (suspended) campaign/fund nor a held payment; staff may.
 */
export async function refundDonation(input: { donationId: string; amountFen: bigint; reason: string; actorId: string; orgId?: string; origin?: string }) {
  if (input.amountFen <= 0n) throw new AppError("funding.validation.amount", 400);
  // The adapter of the account the payment went to (or the test checkout that stood in), built
  // before anything is reserved: an unusable account refuses the refund cleanly.
  const route = await prisma.donation.findUnique({ where: { id: input.donationId }, select: { orgId: true, provider: true, merchantAccountId: true } });
  if (!route || (input.orgId && route.orgId !== input.orgId)) throw new AppError("errors.http.404", 404);
  const adapter = await providerFor(route, { origin: input.origin });
  const reserved = await inTransaction(prisma, async (tx) => {
    const d = await lockDonation(tx, input.donationId);
    if (!d || (input.orgId && d.orgId !== input.orgId)) throw new AppError("errors.http.404", 404);
    if ((d.status !== "PAID" && d.status !== "PARTLY_REFUNDED") || !d.providerPaymentId) throw new AppError("funding.errors.notRefundable", 409);
    const pending = await tx.refund.aggregate({ where: { donationId: d.id, status: "PENDING" }, _sum: { amountFen: true } });
    const remaining = d.amountFen - d.refundedFen - (pending._sum.amountFen ?? 0n);
    if (input.amountFen > remaining) throw new AppError("funding.errors.refundTooLarge", 409, { remaining: (Number(remaining) / 100).toFixed(2) }, { amount: "funding.errors.refundTooLarge" });
    // Under the campaign/fund lock a suspension waits for (or is waited for): no host refund leaves a frozen target.
    const frozen = (await lockFrozenState(tx, d))?.frozen ?? false;
    const byHost = Boolean(input.orgId);
    if (byHost && (frozen || d.heldAt)) throw new AppError("freeze.errors.refundFrozen", 409);
    // Under the account lock: a refused balance never reaches the provider. A held payment's own
    // hold covers its refund (staff only, checked above).
    const { available } = await lockedBalance(tx, { campaignId: d.campaignId, fundId: d.fundId }, { exceptHeldDonationId: d.heldAt ? d.id : undefined });
    if (input.amountFen > available) throw new AppError("funding.errors.refundExceedsBalance", 409, { balance: available.toString() });
    const refund = await tx.refund.create({ data: { donationId: d.id, amountFen: input.amountFen, reason: input.reason, requestedById: input.actorId, status: "PENDING" }, select: { id: true } });
    await recordAudit({ actorId: input.actorId, action: "donation.refund_requested", entityType: "Donation", entityId: d.id, orgId: d.orgId, reason: input.reason, after: { amountFen: input.amountFen.toString(), refundId: refund.id, ...(byHost ? {} : { byStaff: true }), ...(frozen ? { frozen: true } : {}), ...(d.heldAt ? { held: true } : {}) } }, tx);
    return { refundId: refund.id, provider: d.provider, paymentId: d.providerPaymentId, donationId: d.id };
  });
  return sendRefund({ ...reserved, amountFen: input.amountFen, actorId: input.actorId }, adapter);
}

/** Step 2: the provider call and what its answer means for the row. */
async function sendRefund(r: { refundId: string; donationId: string; paymentId: string; amountFen: bigint; actorId: string | null }, adapter: PaymentProvider) {
  let result;
  try {
    result = await adapter.refund({ paymentId: r.paymentId, amountFen: r.amountFen, idempotencyKey: `refund-${r.refundId}`, metadata: { donationId: r.donationId, refundId: r.refundId } });
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    if (e.definite) {
      await failRefund(r.refundId, null);
      throw new AppError("funding.errors.refundProviderFailed", 502);
    }
    // No answer: the refund may exist at the provider. The money stays reserved until the provider
    // says (webhook or jobs:refunds); freeing it now could pay the same money out twice.
    logger().warn(`refund ${r.refundId}: outcome unknown, left pending (${e.message})`);
    return { refundId: r.refundId, providerRefundId: null, status: "pending" as const };
  }
  await settle(r.refundId, result, r.actorId);
  if (result.status === "failed") throw new AppError("funding.errors.refundProviderFailed", 502);
  return { refundId: r.refundId, providerRefundId: result.refundId, status: result.status };
}

/** Applies the provider's answer about a refund to its row. */
async function settle(refundId: string, result: RefundResult, actorId: string | null) {
  if (result.status === "failed") return failRefund(refundId, result.refundId);
  if (result.status === "succeeded") return completeRefund(refundId, result.refundId, actorId);
  await prisma.refund.updateMany({ where: { id: refundId, status: "PENDING", providerRefundId: null }, data: { providerRefundId: result.refundId } });
  return "no_change" as const;
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
    // Booked, then reversed as failed: its REFUND transaction is spent; staff must look.
    if (refund.status === "FAILED" && (await tx.ledgerTransaction.findUnique({ where: { idempotencyKey: `refund-reversal:${refundId}` }, select: { id: true } }))) {
      await recordAudit({ actorId: null, action: "refund.needs_attention", entityType: "Refund", entityId: refundId, orgId: d.orgId, reason: "provider reports a reversed refund as succeeded again", after: { providerRefundId } }, tx);
      return "needs_attention";
    }
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
    // Matching funds (ADR 020): the donation's match shrinks with it, back to the pledge.
    await reverseMatchesForRefund(tx, { donationId: d.id, refundId });
    await recordAudit({ actorId, action: "donation.refunded", entityType: "Donation", entityId: d.id, orgId: d.orgId, reason: refund.reason, after: { amountFen: refund.amountFen.toString(), refundId } }, tx);
    if (d.campaignId) await enqueueSearch(tx, "campaign", d.campaignId);
    if (d.fundId) await enqueueSearch(tx, "fund", d.fundId);
    return "completed";
  });
}

/**
 * The provider refused the refund (or the call failed): a PENDING row becomes FAILED and its money
 * is free again. A refund already posted (the provider had said it succeeded) is reversed in the
 * ledger, listed for staff and shown to the host (reconciliation/refund-failures.server.ts).
 */
export async function failRefund(refundId: string, providerRefundId: string | null, db: Db = prisma, failureReason?: string): Promise<Outcome> {
  return inTransaction(db, async (tx) => {
    const refund = await tx.refund.findUnique({ where: { id: refundId }, select: { status: true, donation: { select: { orgId: true } } } });
    if (!refund) return "unknown_refund";
    if (refund.status === "FAILED") return "no_change";
    if (refund.status === "SUCCEEDED") {
      const reversed = await reverseBookedRefund(tx, refundId, { reason: failureReason ?? "provider reports a booked refund as failed", providerRefundId });
      return reversed === "reversed" ? "failed" : "no_change";
    }
    await tx.refund.updateMany({ where: { id: refundId, status: "PENDING" }, data: { status: "FAILED", ...(providerRefundId ? { providerRefundId } : {}) } });
    return "failed";
  });
}

/**
 * Refunds still PENDING after a while, whatever the reason: never sent (the process stopped between
 * the two steps), sent without an answer (a timeout), or accepted as pending by the provider and
 * its event not received. For each, ask the provider what became of it (by its refund id, or by
 * our refund id in the metadata when the call never answered) and settle the row; a refund the
 * provider has never seen is sent again with the same idempotency key, so none is made twice.
 * A provider that cannot be reached leaves the row pending for the next run.
 */
export async function retryUnsentRefunds(olderThanMs = 5 * 60_000) {
  const stale = await prisma.refund.findMany({
    where: { status: "PENDING", createdAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true, amountFen: true, providerRefundId: true, donation: { select: { id: true, provider: true, merchantAccountId: true, providerPaymentId: true } } },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  const outcome = { sent: 0, failed: 0, settled: 0, unknown: 0 };
  for (const r of stale) {
    if (!r.donation.providerPaymentId) continue;
    let found: RefundResult | null;
    let adapter: PaymentProvider;
    try {
      adapter = await providerFor(r.donation);
      found = await adapter.findRefund({ providerRefundId: r.providerRefundId, paymentId: r.donation.providerPaymentId, refundId: r.id });
    } catch (e) {
      if (!(e instanceof ProviderError) && !(e instanceof AppError)) throw e;
      outcome.unknown++;
      continue;
    }
    if (found) {
      const res = await settle(r.id, found, null);
      if (found.status === "succeeded" && res === "completed") outcome.settled++;
      else if (found.status === "failed") outcome.failed++;
      continue;
    }
    // The provider has a refund id we stored but no such refund: staff must look, nothing is guessed.
    if (r.providerRefundId) {
      outcome.unknown++;
      continue;
    }
    try {
      const res = await sendRefund({ refundId: r.id, donationId: r.donation.id, paymentId: r.donation.providerPaymentId, amountFen: r.amountFen, actorId: null }, adapter);
      if (res.providerRefundId) outcome.sent++;
      else outcome.unknown++;
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
    select: { id: true, orgId: true, status: true, amountFen: true, refundedFen: true, provider: true, providerPaymentId: true, campaignId: true, fundId: true, heldAt: true },
  });
}
