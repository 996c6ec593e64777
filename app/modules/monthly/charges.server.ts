/**
 * Recording monthly charges. A successful charge becomes a Donation (frequency MONTHLY) recorded by
 * the SAME path as a one-time payment (donations/events.server.ts applyProviderEvent: receipt code,
 * ledger posting, fee, hold while suspended, thanks notification), exactly once per (gift, period):
 * every write to a gift's charges happens under the gift's row lock, MonthlyGiftCharge is unique per
 * (gift, period) and per provider charge id, and each provider event id is claimed once.
 */
import { randomBytes } from "node:crypto";
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { notify } from "~/modules/notifications/notifications.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { applyProviderEvent, runPaymentAfterCommit } from "~/modules/donations/events.server";
import type { AfterCommit as PaymentAfterCommit } from "~/modules/shop/events.server";
import type { ProviderEvent } from "~/modules/payments/provider";
import type { PaymentProviderName } from "~/generated/prisma/enums";
import type { RecurringEvent } from "~/modules/payments/recurring";
import { addMonths, chargeDate, dbDate, periodOf, RETRY_DAYS, ymdOf } from "./periods";
import { METHOD_PROVIDER, recurringProviderFor, scheduleOf, stripeRecurringProvider } from "./providers.server";
import { logger } from "~/utils/logger.server";

export type RecurringResult =
  | "recorded"
  | "held"
  | "duplicate"
  | "already_recorded"
  | "unknown_gift"
  | "charge_mismatch"
  | "agreement_mismatch"
  | "failure_recorded"
  | "signed"
  | "terminated"
  | "no_change"
  | "ignored"
  | string;

export const GIFT_SELECT = {
  id: true,
  donorUserId: true,
  orgId: true,
  campaignId: true,
  fundId: true,
  amountFen: true,
  method: true,
  provider: true,
  merchantAccountId: true,
  status: true,
  dayOfMonth: true,
  nextChargeOn: true,
  providerAgreementId: true,
  signingSessionId: true,
  donorName: true,
  anonymous: true,
  pausedUntil: true,
  failureCount: true,
} as const;

/** Locks a gift's row for the rest of the transaction and reads it. */
export async function lockGift(tx: Db, where: { id?: string; agreementId?: string }) {
  const rows = where.id
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "MonthlyGift" WHERE id = ${where.id} FOR UPDATE`
    : where.agreementId
      ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "MonthlyGift" WHERE "providerAgreementId" = ${where.agreementId} FOR UPDATE`
      : [];
  if (!rows[0]) return null;
  return tx.monthlyGift.findUniqueOrThrow({ where: { id: rows[0].id }, select: GIFT_SELECT });
}

export type LockedGift = NonNullable<Awaited<ReturnType<typeof lockGift>>>;

/** The people told about a host's monthly gifts: owners, admins and finance. */
async function hostUsers(tx: Db, orgId: string) {
  const members = await tx.orgMembership.findMany({ where: { orgId, role: { in: ["OWNER", "ADMIN", "FINANCE"] } }, select: { userId: true } });
  return members.map((m) => m.userId);
}

const yuan = (fen: bigint) => (Number(fen) / 100).toFixed(2);

/** The charge row of (gift, period), created when missing, locked. */
export async function chargeFor(tx: Db, gift: { id: string; amountFen: bigint }, period: string, status: "DUE" | "PENDING" | "SKIPPED" = "DUE") {
  const created = await tx.monthlyGiftCharge.createMany({ data: [{ giftId: gift.id, period, amountFen: gift.amountFen, status }], skipDuplicates: true });
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "MonthlyGiftCharge" WHERE "giftId" = ${gift.id} AND period = ${period} FOR UPDATE`;
  const charge = await tx.monthlyGiftCharge.findUniqueOrThrow({ where: { id: rows[0]!.id } });
  return { charge, created: created.count > 0 };
}

async function claimEvent(tx: Db, event: RecurringEvent) {
  const claimed = await tx.paymentEvent.createMany({ data: [{ provider: event.provider, eventId: event.eventId, type: event.type, result: "processing" }], skipDuplicates: true });
  return claimed.count > 0;
}

async function settleEvent(tx: Db, event: RecurringEvent, result: string) {
  await tx.paymentEvent.update({ where: { provider_eventId: { provider: event.provider, eventId: event.eventId } }, data: { result, processedAt: new Date() } });
}

class AlreadyClaimed extends Error {}

/**
 * A successful charge: a PENDING monthly donation linked to the period's charge, then the one-time
 * recording path (applyProviderEvent, in the same transaction) marks it paid, posts it to the ledger
 * and — through settleMonthlyCharge — marks the charge PAID and the gift ACTIVE again.
 */
export async function recordChargeSucceeded(event: RecurringEvent & { providerChargeId: string }, db: Db = prisma): Promise<RecurringResult> {
  // The donation's notices and goal recheck run after this transaction commits, never before.
  const after: PaymentAfterCommit = [];
  let paid: ProviderEvent | undefined;
  try {
    const result = await inTransaction(
      db,
      async (tx) => {
        const gift = await lockGift(tx, { id: event.giftId, agreementId: event.agreementId });
        // Re-read under the gift lock: a concurrent delivery of the same event has committed by now.
        if (await tx.paymentEvent.findUnique({ where: { provider_eventId: { provider: event.provider, eventId: event.eventId } }, select: { id: true } })) return "duplicate";
        const finish = async (result: RecurringResult) => {
          if (!(await claimEvent(tx, event))) throw new AlreadyClaimed();
          await settleEvent(tx, event, result);
          return result;
        };
        if (!gift || METHOD_PROVIDER[gift.method] !== event.provider) return finish("unknown_gift");
        if (event.agreementId && gift.providerAgreementId && event.agreementId !== gift.providerAgreementId) return finish("agreement_mismatch");
        const period = event.period ?? periodOf(event.occurredAt);
        const byProviderId = await tx.monthlyGiftCharge.findUnique({ where: { providerChargeId: event.providerChargeId }, select: { giftId: true, period: true } });
        if (byProviderId && byProviderId.giftId !== gift.id) return finish("charge_mismatch");
        const { charge } = await chargeFor(tx, gift, byProviderId?.period ?? period, "PENDING");
        if (charge.status === "PAID") return finish("already_recorded");
        const amountFen = event.amountFen ?? charge.amountFen;
        const donor = await tx.user.findUnique({ where: { id: gift.donorUserId }, select: { email: true } });
        const donation = await tx.donation.create({
          data: {
            campaignId: gift.campaignId,
            fundId: gift.fundId,
            orgId: gift.orgId,
            amountFen,
            currency: "CNY",
            frequency: "MONTHLY",
            monthlyGiftId: gift.id,
            donorUserId: gift.donorUserId,
            donorEmail: donor?.email ?? null,
            donorName: gift.donorName,
            anonymous: gift.anonymous,
            provider: event.provider,
            merchantAccountId: gift.merchantAccountId,
            accessToken: randomBytes(24).toString("base64url"),
          },
          select: { id: true },
        });
        await tx.monthlyGiftCharge.update({ where: { id: charge.id }, data: { donationId: donation.id, providerChargeId: event.providerChargeId, status: "PENDING", amountFen } });
        paid = { provider: event.provider, eventId: event.eventId, type: event.type, kind: "payment_succeeded", occurredAt: event.occurredAt, donationId: donation.id, paymentId: event.providerChargeId, amountFen, currency: "CNY", feeFen: event.feeFen };
        const result = await applyProviderEvent(paid, tx, { afterCommit: after });
        if (result === "duplicate") throw new AlreadyClaimed();
        return result;
      },
      { timeout: 60_000 },
    );
    if (paid) await runPaymentAfterCommit(after, paid);
    return result;
  } catch (e) {
    if (e instanceof AlreadyClaimed) return "duplicate";
    throw e;
  }
}

/**
 * Called by the one-time recording path (events.server.ts) inside its transaction when a monthly
 * donation is paid: its charge becomes PAID and a past-due gift ACTIVE again.
 */
export async function settleMonthlyCharge(tx: Db, donationId: string) {
  const charge = await tx.monthlyGiftCharge.findUnique({ where: { donationId }, select: { id: true, giftId: true, period: true, status: true } });
  if (!charge || charge.status === "PAID") return;
  await tx.monthlyGiftCharge.update({ where: { id: charge.id }, data: { status: "PAID", failureReason: null, nextAttemptAt: null } });
  const gift = await tx.monthlyGift.findUniqueOrThrow({ where: { id: charge.giftId }, select: { id: true, status: true, dayOfMonth: true, nextChargeOn: true } });
  const following = chargeDate(addMonths(charge.period, 1), gift.dayOfMonth);
  await tx.monthlyGift.update({
    where: { id: gift.id },
    data: {
      ...(gift.status === "PAST_DUE" ? { status: "ACTIVE", failureCount: 0, lastFailureReason: null, lastFailureAt: null } : {}),
      // Provider-scheduled gifts: the provider set the date; keep ours informative.
      ...(ymdOf(gift.nextChargeOn) < following ? { nextChargeOn: dbDate(following) } : {}),
    },
  });
}

/**
 * A failed charge: the charge FAILED (with when it is tried again), the gift PAST_DUE, the donor and
 * the host told why in the provider's words. Runs under the gift lock.
 */
export async function recordChargeFailed(
  tx: Db,
  gift: LockedGift,
  f: { period: string; providerChargeId?: string | null; reason: string; nextAttemptAt: Date | null | ((attempts: number) => Date | null); countAttempt: boolean },
): Promise<RecurringResult> {
  const { charge } = await chargeFor(tx, gift, f.period, "PENDING");
  if (charge.status === "PAID" || charge.status === "SKIPPED") return "no_change";
  const nextAttemptAt = typeof f.nextAttemptAt === "function" ? f.nextAttemptAt(Math.max(1, charge.attempts)) : f.nextAttemptAt;
  const takenBy = f.providerChargeId ? await tx.monthlyGiftCharge.findUnique({ where: { providerChargeId: f.providerChargeId }, select: { id: true } }) : null;
  await tx.monthlyGiftCharge.update({
    where: { id: charge.id },
    data: {
      status: "FAILED",
      failureReason: f.reason,
      nextAttemptAt,
      ...(f.countAttempt ? { attempts: { increment: 1 } } : {}),
      ...(f.providerChargeId && (!takenBy || takenBy.id === charge.id) ? { providerChargeId: f.providerChargeId } : {}),
    },
  });
  if (gift.status === "CANCELLED") return "failure_recorded";
  await tx.monthlyGift.update({
    where: { id: gift.id },
    data: { status: gift.status === "ACTIVE" ? "PAST_DUE" : gift.status, failureCount: { increment: 1 }, lastFailureReason: f.reason, lastFailureAt: new Date() },
  });
  const params = { amount: yuan(charge.amountFen), period: f.period, reason: f.reason };
  await notify(tx, gift.donorUserId, "monthly.chargeFailed", params, `/me/monthly/${gift.id}`);
  for (const userId of await hostUsers(tx, gift.orgId)) await notify(tx, userId, "monthly.hostChargeFailed", params, `/org/${gift.orgId}/monthly`);
  await recordAudit({ actorId: null, action: "monthly.chargeFailed", entityType: "MonthlyGift", entityId: gift.id, orgId: gift.orgId, reason: f.reason, after: { period: f.period, nextAttemptAt: nextAttemptAt?.toISOString() ?? null } }, tx);
  return "failure_recorded";
}

/** When a platform-scheduled charge that failed on its `attempts`-th try is tried again (null: no more tries). */
export function retryAfter(attempts: number, from: Date): Date | null {
  const days = RETRY_DAYS[attempts - 1];
  return days === undefined ? null : new Date(from.getTime() + days * 86_400_000);
}

/** Cancels open charges (due, failed) of a gift that ended. */
export async function skipOpenCharges(tx: Db, giftId: string) {
  await tx.monthlyGiftCharge.updateMany({ where: { giftId, status: { in: ["DUE", "FAILED"] } }, data: { status: "SKIPPED", nextAttemptAt: null } });
}

type AfterCommit = (() => Promise<void>)[];

/** Applies one recurring event at most once. */
export async function applyRecurringEvent(event: RecurringEvent, db: Db = prisma): Promise<RecurringResult> {
  if (event.kind === "charge_succeeded") {
    if (!event.providerChargeId) return "ignored";
    return recordChargeSucceeded({ ...event, providerChargeId: event.providerChargeId }, db);
  }
  const after: AfterCommit = [];
  const result = await inTransaction(db, async (tx) => {
    const gift = event.kind === "ignored" ? null : await lockGift(tx, { id: event.giftId, agreementId: event.giftId ? undefined : event.agreementId });
    if (!(await claimEvent(tx, event))) return "duplicate";
    const result = await applyLocked(tx, event, gift, after);
    await settleEvent(tx, event, result);
    return result;
  });
  for (const work of after) await work().catch((e: unknown) => logger().warn(`after recurring event ${event.eventId}: ${(e as Error).message}`));
  return result;
}

async function applyLocked(tx: Db, event: RecurringEvent, gift: LockedGift | null, after: AfterCommit): Promise<RecurringResult> {
  if (event.kind === "ignored") return "ignored";
  if (!gift || METHOD_PROVIDER[gift.method] !== event.provider) return "unknown_gift";
  if (event.kind === "agreement_signed") {
    if (!event.agreementId) return "ignored";
    if (gift.providerAgreementId === event.agreementId) return "no_change";
    // The adapter is built after commit (it reads the merchant account outside this transaction).
    const cancelAtProvider = (agreementId: string) => after.push(async () => (await recurringProviderFor(gift))?.cancel(agreementId));
    if (gift.status === "CANCELLED") {
      // Signed after the donor cancelled here: end it at the provider too.
      cancelAtProvider(event.agreementId);
      return "no_change";
    }
    // A second signature (the donor replaced the payment method): the new agreement replaces the old, which ends at the provider.
    const replaced = gift.providerAgreementId;
    if (replaced) cancelAtProvider(replaced);
    await tx.monthlyGift.update({
      where: { id: gift.id },
      data: { providerAgreementId: event.agreementId, signingSessionId: null, ...(gift.status === "PAST_DUE" ? { status: "ACTIVE", failureCount: 0, lastFailureReason: null, lastFailureAt: null } : {}) },
    });
    await recordAudit({ actorId: null, action: "monthly.signed", entityType: "MonthlyGift", entityId: gift.id, orgId: gift.orgId, after: { provider: event.provider, eventId: event.eventId } }, tx);
    return "signed";
  }
  if (event.agreementId && gift.providerAgreementId && event.agreementId !== gift.providerAgreementId) return "agreement_mismatch";
  if (event.kind === "agreement_terminated") {
    if (gift.status === "CANCELLED") return "no_change";
    await tx.monthlyGift.update({ where: { id: gift.id }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "provider" } });
    await skipOpenCharges(tx, gift.id);
    await notify(tx, gift.donorUserId, "monthly.terminated", { amount: yuan(gift.amountFen) }, `/me/monthly/${gift.id}`);
    await recordAudit({ actorId: null, action: "monthly.terminated", entityType: "MonthlyGift", entityId: gift.id, orgId: gift.orgId, reason: "ended at the provider", after: { eventId: event.eventId } }, tx);
    return "terminated";
  }
  // charge_failed. Provider-scheduled: the provider retries on its own schedule and says when.
  // Platform-scheduled (a deduction our job asked for, its outcome notified later): our job retries
  // 1, 3 and 7 days after, counting the attempts it made.
  const platform = scheduleOf(gift) === "platform";
  return recordChargeFailed(tx, gift, {
    period: event.period ?? periodOf(event.occurredAt),
    providerChargeId: event.providerChargeId,
    reason: event.failureReason ?? "payment failed",
    nextAttemptAt: platform ? (attempts) => retryAfter(attempts, event.occurredAt) : (event.nextRetryAt ?? null),
    countAttempt: !platform,
  });
}

/** The provider names whose webhook may carry recurring events, and their parsers. */
export function recurringParserFor(provider: PaymentProviderName) {
  // Stripe's events all arrive on the one Stripe route; WeChat Pay / Alipay agreements on their own (wired by the lead).
  if (provider !== "STRIPE") return null;
  return stripeRecurringProvider();
}
