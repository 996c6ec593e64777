import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { inTransaction } from "~/modules/ledger/post.server";
import { postRefund } from "~/modules/ledger/postings.server";
import { getPaymentProvider } from "~/modules/payments/payments.server";
import { ProviderError } from "~/modules/payments/provider";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";

/**
 * Refunds all or part of a paid donation through its provider and records a REFUND transaction
 * reversing the original DONATION. One database transaction holds the donation row and the
 * campaign/fund account locked around the provider call, so two refunds (or a refund and a
 * disbursement) can never take the same money; the provider call is idempotent on the refund id.
 * Access (host with org:finance, or staff) is checked by the route.
 */
export async function refundDonation(input: { donationId: string; amountFen: bigint; reason: string; actorId: string; orgId?: string }) {
  if (input.amountFen <= 0n) throw new AppError("funding.validation.amount", 400);
  return inTransaction(
    prisma,
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Donation" WHERE id = ${input.donationId} FOR UPDATE`;
      if (!locked.length) throw new AppError("errors.http.404", 404);
      const d = await tx.donation.findUniqueOrThrow({
        where: { id: input.donationId },
        select: { id: true, orgId: true, status: true, amountFen: true, refundedFen: true, provider: true, providerPaymentId: true, campaignId: true, fundId: true },
      });
      if (input.orgId && d.orgId !== input.orgId) throw new AppError("errors.http.404", 404);
      if ((d.status !== "PAID" && d.status !== "PARTLY_REFUNDED") || !d.providerPaymentId) throw new AppError("funding.errors.notRefundable", 409);
      const remaining = d.amountFen - d.refundedFen;
      if (input.amountFen > remaining) throw new AppError("funding.errors.refundTooLarge", 409, { remaining: (Number(remaining) / 100).toFixed(2) }, { amount: "funding.errors.refundTooLarge" });
      const refund = await tx.refund.create({ data: { donationId: d.id, amountFen: input.amountFen, reason: input.reason, requestedById: input.actorId, status: "PENDING" }, select: { id: true } });
      // Ledger first (it checks the balance under lock), then the provider: a refused balance never reaches Stripe.
      await postRefund(tx, { donationId: d.id, refundId: refund.id, campaignId: d.campaignId, fundId: d.fundId, amountFen: input.amountFen, provider: d.provider, occurredAt: new Date(), createdById: input.actorId });
      let result;
      try {
        result = await getPaymentProvider(d.provider).refund({ paymentId: d.providerPaymentId, amountFen: input.amountFen, idempotencyKey: `refund-${refund.id}`, metadata: { donationId: d.id, refundId: refund.id } });
      } catch (e) {
        if (e instanceof ProviderError) throw new AppError("funding.errors.refundProviderFailed", 502);
        throw e;
      }
      if (result.status === "failed") throw new AppError("funding.errors.refundProviderFailed", 502);
      const refundedFen = d.refundedFen + input.amountFen;
      await tx.refund.update({ where: { id: refund.id }, data: { status: result.status === "succeeded" ? "SUCCEEDED" : "PENDING", providerRefundId: result.refundId } });
      await tx.donation.update({ where: { id: d.id }, data: { refundedFen, status: refundedFen === d.amountFen ? "REFUNDED" : "PARTLY_REFUNDED" } });
      await recordAudit({ actorId: input.actorId, action: "donation.refunded", entityType: "Donation", entityId: d.id, orgId: d.orgId, reason: input.reason, after: { amountFen: input.amountFen.toString(), refundId: refund.id } }, tx);
      if (d.campaignId) await enqueueSearch(tx, "campaign", d.campaignId);
      if (d.fundId) await enqueueSearch(tx, "fund", d.fundId);
      return { refundId: refund.id, providerRefundId: result.refundId };
    },
    { timeout: 30_000 },
  );
}
