/**
 * The monthly-giving schedule (npm run jobs:monthly; safe to run as often as you like, and twice
 * at once: each gift is taken under a row lock with SKIP LOCKED, and a period's charge is unique).
 *
 * - due gifts (nextChargeOn ≤ today): paused ones skip the month (SKIPPED) until pausedUntil, then
 *   resume; reminder gifts get the month's charge (DUE) and a notification with a pay link;
 *   platform-scheduled gifts (WeChat Pay / Alipay agreements) are charged through their adapter;
 *   provider-scheduled gifts (Stripe) are charged by the provider and only pass through here paused;
 * - failed platform-scheduled charges are retried 1, 3 and 7 days after the first failure;
 * - a reminded month still unpaid a month after its date is SKIPPED;
 * - gifts to a campaign that no longer takes donations end.
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { notify } from "~/modules/notifications/notifications.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { deadlinePassed } from "~/modules/campaigns/rules";
import { ProviderError } from "~/modules/payments/provider";
import { addMonths, chargeDate, dbDate, periodOf, RETRY_DAYS, todayDate, ymdOf } from "./periods";
import { recurringProviderFor, scheduleOf } from "./providers.server";
import { targetsOf } from "./targets.server";
import { chargeFor, lockGift, recordChargeFailed, recordChargeSucceeded, skipOpenCharges, type LockedGift } from "./charges.server";
import { logger } from "~/utils/logger.server";

export type MonthlyJobReport = { reminded: number; charged: number; failed: number; skipped: number; resumed: number; retried: number; expired: number; ended: number };

type ChargeWork = { giftId: string; chargeId: string; period: string; attempt: number };

const BATCH = 50;

export async function runMonthlyJob(now = new Date(), db: Db = prisma): Promise<MonthlyJobReport> {
  const today = todayDate(now);
  const report: MonthlyJobReport = { reminded: 0, charged: 0, failed: 0, skipped: 0, resumed: 0, retried: 0, expired: 0, ended: 0 };
  report.ended = await endGiftsOfClosedCampaigns(db, today);
  const resumeAtProvider: { gift: LockedGift }[] = [];
  // 1. Due gifts, a batch at a time; a gift is moved past today before its lock is released.
  for (;;) {
    const work: ChargeWork[] = [];
    const processed = await inTransaction(db, async (tx) => {
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "MonthlyGift"
        WHERE "nextChargeOn" <= ${dbDate(today)}::date
          AND (status = 'PAUSED' OR (status IN ('ACTIVE', 'PAST_DUE') AND method <> 'STRIPE_SUBSCRIPTION' AND (method = 'REMINDER' OR "providerAgreementId" IS NOT NULL)))
        ORDER BY "nextChargeOn", id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      for (const { id } of due) {
        const gift = (await lockGift(tx, { id }))!;
        await dueGift(tx, gift, today, report, work, resumeAtProvider);
      }
      return due.length;
    });
    for (const w of work) await chargeOnce(db, w, now, report);
    if (processed < BATCH) break;
  }
  for (const { gift } of resumeAtProvider) {
    const provider = await recurringProviderFor(gift);
    if (provider?.resume && gift.providerAgreementId) await provider.resume(gift.providerAgreementId).catch((e: unknown) => logger().warn(`monthly resume ${gift.id}: ${(e as Error).message}`));
  }
  // 2. Retries of failed platform-scheduled charges.
  const retries = await db.monthlyGiftCharge.findMany({
    where: { status: "FAILED", nextAttemptAt: { lte: now }, gift: { status: "PAST_DUE", method: { notIn: ["REMINDER", "STRIPE_SUBSCRIPTION"] } } },
    select: { id: true, giftId: true, period: true, attempts: true },
    take: 500,
  });
  for (const r of retries) {
    // Claimed by a conditional update: a concurrent run finds it taken.
    const claimed = await db.monthlyGiftCharge.updateMany({ where: { id: r.id, status: "FAILED", attempts: r.attempts, nextAttemptAt: { lte: now } }, data: { status: "PENDING", attempts: { increment: 1 }, nextAttemptAt: null } });
    if (!claimed.count) continue;
    report.retried++;
    await chargeOnce(db, { giftId: r.giftId, chargeId: r.id, period: r.period, attempt: r.attempts + 1 }, now, report);
  }
  // 3. Reminded months left unpaid for a month.
  const open = await db.monthlyGiftCharge.findMany({ where: { status: "DUE", period: { lt: periodOf(today) }, gift: { method: "REMINDER" } }, select: { id: true, period: true, gift: { select: { dayOfMonth: true } } } });
  for (const c of open) {
    if (chargeDate(addMonths(c.period, 1), c.gift.dayOfMonth) > today) continue;
    const skipped = await db.monthlyGiftCharge.updateMany({ where: { id: c.id, status: "DUE" }, data: { status: "SKIPPED" } });
    report.expired += skipped.count;
  }
  return report;
}

async function dueGift(tx: Db, gift: LockedGift, today: string, report: MonthlyJobReport, work: ChargeWork[], resumeAtProvider: { gift: LockedGift }[]) {
  const period = periodOf(ymdOf(gift.nextChargeOn));
  const next = dbDate(chargeDate(addMonths(period, 1), gift.dayOfMonth));
  let status = gift.status;
  if (status === "PAUSED") {
    const until = gift.pausedUntil ? periodOf(ymdOf(gift.pausedUntil)) : null;
    if (!until || period < until) {
      const { created } = await chargeFor(tx, gift, period, "SKIPPED");
      if (created) report.skipped++;
      await tx.monthlyGift.update({ where: { id: gift.id }, data: { nextChargeOn: next } });
      return;
    }
    status = "ACTIVE";
    await tx.monthlyGift.update({ where: { id: gift.id }, data: { status, pausedUntil: null } });
    await recordAudit({ actorId: null, action: "monthly.resumed", entityType: "MonthlyGift", entityId: gift.id, orgId: gift.orgId, reason: "pause ended", before: { status: "PAUSED" }, after: { status } }, tx);
    report.resumed++;
    if (scheduleOf(gift) === "provider") {
      // The provider charges this month itself once collection resumes.
      resumeAtProvider.push({ gift });
      await tx.monthlyGift.update({ where: { id: gift.id }, data: { nextChargeOn: next } });
      return;
    }
    if (gift.method !== "REMINDER" && !gift.providerAgreementId) {
      await tx.monthlyGift.update({ where: { id: gift.id }, data: { nextChargeOn: next } });
      return;
    }
  }
  // A new month closes the previous reminder.
  if (gift.method === "REMINDER") {
    const closed = await tx.monthlyGiftCharge.updateMany({ where: { giftId: gift.id, status: "DUE", period: { lt: period } }, data: { status: "SKIPPED" } });
    report.expired += closed.count;
    const { created } = await chargeFor(tx, gift, period, "DUE");
    if (created) {
      await notify(tx, gift.donorUserId, "monthly.reminder", { amount: (Number(gift.amountFen) / 100).toFixed(2), period }, `/me/monthly/${gift.id}/pay/${period}`);
      report.reminded++;
    }
  } else {
    const { charge, created } = await chargeFor(tx, gift, period, "PENDING");
    if (created) {
      await tx.monthlyGiftCharge.update({ where: { id: charge.id }, data: { attempts: 1 } });
      work.push({ giftId: gift.id, chargeId: charge.id, period, attempt: 1 });
    }
  }
  await tx.monthlyGift.update({ where: { id: gift.id }, data: { nextChargeOn: next } });
}

/** One deduction under a platform-scheduled agreement, and its outcome recorded. */
async function chargeOnce(db: Db, w: ChargeWork, now: Date, report: MonthlyJobReport) {
  const gift = await db.monthlyGift.findUniqueOrThrow({ where: { id: w.giftId }, select: { id: true, method: true, merchantAccountId: true, providerAgreementId: true, amountFen: true, campaignId: true, fundId: true } });
  const charge = await db.monthlyGiftCharge.findUniqueOrThrow({ where: { id: w.chargeId }, select: { amountFen: true } });
  const provider = await recurringProviderFor(gift);
  let outcome: { status: "pending" | "succeeded" | "failed"; providerChargeId?: string; failureReason?: string };
  if (!provider?.charge || !gift.providerAgreementId) outcome = { status: "failed", failureReason: "provider unavailable" };
  else {
    try {
      outcome = await provider.charge({
        giftId: gift.id,
        agreementId: gift.providerAgreementId,
        period: w.period,
        amountFen: charge.amountFen,
        description: `善联月捐 · ${(await targetsOf([gift], db))(gift)?.title ?? ""}`.slice(0, 40),
        // ≤ 32 characters of [A-Za-z0-9_]: a WeChat Pay out_trade_no and an Alipay out_trade_no alike.
        idempotencyKey: `${gift.id}_${w.period.replace("-", "").slice(2)}_${w.attempt}`,
      });
    } catch (e) {
      // Unknown outcome (timeout, 5xx): the charge stays PENDING; the provider's notification settles it.
      if (e instanceof ProviderError && !e.definite) return;
      outcome = { status: "failed", failureReason: e instanceof ProviderError ? "provider refused" : "error" };
    }
  }
  if (outcome.status === "pending") return;
  if (outcome.status === "succeeded" && outcome.providerChargeId && provider) {
    await recordChargeSucceeded({ provider: provider.name, eventId: `charge:${outcome.providerChargeId}`, type: "charge", kind: "charge_succeeded", occurredAt: now, giftId: gift.id, period: w.period, providerChargeId: outcome.providerChargeId, amountFen: charge.amountFen }, db);
    report.charged++;
    return;
  }
  const retryIn = RETRY_DAYS[w.attempt - 1];
  await inTransaction(db, async (tx) => {
    const locked = (await lockGift(tx, { id: gift.id }))!;
    await recordChargeFailed(tx, locked, {
      period: w.period,
      providerChargeId: outcome.providerChargeId ?? null,
      reason: outcome.failureReason ?? "payment failed",
      nextAttemptAt: retryIn === undefined ? null : new Date(now.getTime() + retryIn * 86_400_000),
      countAttempt: false,
    });
  });
  report.failed++;
}

/** Gifts to a campaign that ended, was closed or suspended for good: the gift ends (the donor is told). */
async function endGiftsOfClosedCampaigns(db: Db, today: string) {
  const withCampaign = await db.monthlyGift.findMany({ where: { status: { not: "CANCELLED" }, campaignId: { not: null } }, select: { campaignId: true }, distinct: ["campaignId"] });
  const campaigns = await db.campaign.findMany({
    where: { id: { in: withCampaign.map((g) => g.campaignId!) } },
    select: { id: true, status: true, deadline: true },
  });
  // A suspension is not an end (payments are held until it is lifted); a funded, ended or closed campaign, or a passed deadline, is.
  const ids = campaigns.filter((c) => c.status !== "SUSPENDED" && (c.status !== "APPROVED" || deadlinePassed(c.deadline, today))).map((c) => c.id);
  const gifts = ids.length ? await db.monthlyGift.findMany({ where: { status: { not: "CANCELLED" }, campaignId: { in: ids } }, select: { id: true }, take: 500 }) : [];
  let ended = 0;
  for (const { id } of gifts) {
    const ok = await inTransaction(db, async (tx) => {
      const gift = await lockGift(tx, { id });
      if (!gift || gift.status === "CANCELLED") return null;
      await tx.monthlyGift.update({ where: { id }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "campaign ended" } });
      await skipOpenCharges(tx, id);
      await notify(tx, gift.donorUserId, "monthly.campaignEnded", { amount: (Number(gift.amountFen) / 100).toFixed(2) }, `/me/monthly/${id}`);
      await recordAudit({ actorId: null, action: "monthly.cancelled", entityType: "MonthlyGift", entityId: id, orgId: gift.orgId, reason: "campaign ended" }, tx);
      return gift;
    });
    if (!ok) continue;
    ended++;
    const provider = ok.providerAgreementId ? await recurringProviderFor(ok) : null;
    if (provider && ok.providerAgreementId) await provider.cancel(ok.providerAgreementId).catch((e: unknown) => logger().warn(`monthly cancel ${id}: ${(e as Error).message}`));
  }
  return ended;
}
