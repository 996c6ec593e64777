/**
 * Monthly gifts (月捐) from the donor's side: start one, list and read them, change the amount,
 * pause/resume, cancel, replace the payment method, and pay a reminded month. Only the donor acts on
 * a gift; every change is audited.
 */
import { randomBytes } from "node:crypto";
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { campaignAcceptsDonations, fundAcceptsDonations } from "~/modules/campaigns/rules";
import { frozenStatus, isFrozen } from "~/modules/donations/freeze.server";
import { assertNoDisclosureHold, onDisclosureHold } from "~/modules/disclosure/hold.server";
import { getPaymentProvider } from "~/modules/payments/payments.server";
import { ProviderError } from "~/modules/payments/provider";
import type { MonthlyGiftMethod, MonthlyGiftStatus } from "~/generated/prisma/enums";
import type { StartGiftInput } from "./schema";
import { addMonths, chargeDate, dbDate, defaultGiftDay, firstChargeOn, periodOf, todayDate, ymdOf } from "./periods";
import { recurringProviderFor, methodForOrg, scheduleOf } from "./providers.server";
import { lockGift, skipOpenCharges } from "./charges.server";
import { targetsOf } from "./targets.server";

export type Donor = { id: string; displayName: string; email: string };

/** A campaign must still be open a month from now to take a monthly gift. */
function campaignLongEnough(deadline: Date, today = todayDate()) {
  return ymdOf(deadline) >= chargeDate(addMonths(periodOf(today), 1), defaultGiftDay(today));
}

/** What a monthly gift may go to: a fund or a campaign taking donations for at least another month. */
export async function giftTarget(t: { campaignId?: string; fundId?: string }) {
  if (t.campaignId) {
    const c = await prisma.campaign.findUnique({ where: { id: t.campaignId }, select: { id: true, orgId: true, title: true, status: true, deadline: true, org: { select: { name: true, status: true, publicFundraising: true } } } });
    if (!c) throw new AppError("errors.http.404", 404);
    const ok = campaignAcceptsDonations(c) && campaignLongEnough(c.deadline);
    return { campaignId: c.id, fundId: null, orgId: c.orgId, title: c.title, orgName: c.org.name, backUrl: `/campaigns/${c.id}`, accepts: ok };
  }
  if (t.fundId) {
    const f = await prisma.fund.findUnique({ where: { id: t.fundId }, select: { id: true, orgId: true, name: true, status: true, org: { select: { name: true, status: true, publicFundraising: true } } } });
    if (!f) throw new AppError("errors.http.404", 404);
    return { campaignId: null, fundId: f.id, orgId: f.orgId, title: f.name, orgName: f.org.name, backUrl: `/funds/${f.id}`, accepts: fundAcceptsDonations(f) };
  }
  throw new AppError("errors.http.404", 404);
}

/**
 * The monthly link's rule for a campaign the page has already read (the rule of offersMonthly and
 * of starting a gift): taking donations for at least another month, not frozen, not on hold.
 */
export function campaignOffersMonthly(c: { status: string; deadline: Date; disclosureHoldAt: Date | null; org: { status: string; publicFundraising: boolean } }) {
  return campaignAcceptsDonations(c) && campaignLongEnough(c.deadline) && !frozenStatus(c.status, c.org.status) && !c.disclosureHoldAt;
}

/** Whether a campaign/fund page offers the monthly link (same rule as starting one). */
export async function offersMonthly(t: { campaignId?: string; fundId?: string }) {
  if (t.campaignId) {
    const c = await prisma.campaign.findUnique({ where: { id: t.campaignId }, select: { status: true, deadline: true, disclosureHoldAt: true, org: { select: { status: true, publicFundraising: true } } } });
    return c ? campaignOffersMonthly(c) : false;
  }
  try {
    return (await giftTarget(t)).accepts && !(await isFrozen(t)) && !(await onDisclosureHold(t));
  } catch {
    return false;
  }
}

/**
 * Starts a gift. Provider methods send the donor to sign (Stripe: subscribe in Checkout); the gift
 * counts once the signed event arrives. Reminder gifts start at once: each month the job sends a
 * reminder with a pay link.
 */
export async function startGift(donor: Donor, input: StartGiftInput, origin: string, device?: SignDevice) {
  const target = await giftTarget(input);
  if (await isFrozen(input)) throw new AppError("freeze.errors.donationsSuspended", 409);
  await assertNoDisclosureHold(input);
  if (!target.accepts) throw new AppError("monthly.errors.notAccepting", 409);
  const { method, merchantAccountId } = await methodForOrg(target.orgId, prisma, { origin });
  const provider = await recurringProviderFor({ method, merchantAccountId }, { origin });
  const gift = await prisma.$transaction(async (tx) => {
    const g = await tx.monthlyGift.create({
      data: {
        donorUserId: donor.id,
        orgId: target.orgId,
        campaignId: target.campaignId,
        fundId: target.fundId,
        amountFen: input.amount,
        method,
        provider: provider?.name ?? null,
        merchantAccountId,
        dayOfMonth: input.dayOfMonth,
        nextChargeOn: dbDate(firstChargeOn(input.dayOfMonth)),
        donorName: input.donorName ?? donor.displayName,
        anonymous: input.anonymous,
      },
      select: { id: true },
    });
    await recordAudit({ actorId: donor.id, action: "monthly.started", entityType: "MonthlyGift", entityId: g.id, orgId: target.orgId, after: { amountFen: input.amount.toString(), method, dayOfMonth: input.dayOfMonth, campaignId: target.campaignId, fundId: target.fundId } }, tx);
    return g;
  });
  if (!provider) return { giftId: gift.id, redirectUrl: null };
  try {
    const session = await provider.startAgreement({
      giftId: gift.id,
      amountFen: input.amount,
      description: `善联月捐 · ${target.title}`.slice(0, 40),
      dayOfMonth: input.dayOfMonth,
      payerEmail: donor.email,
      returnUrl: `${origin}/me/monthly/${gift.id}?signed=1`,
      cancelUrl: `${origin}/me/monthly/${gift.id}`,
      ...(device ? { device } : {}),
    });
    await prisma.monthlyGift.update({ where: { id: gift.id }, data: { signingSessionId: session.sessionId } });
    return { giftId: gift.id, redirectUrl: signRedirect(gift.id, session) };
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    await prisma.monthlyGift.update({ where: { id: gift.id }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "signing failed" } });
    throw new AppError("funding.errors.providerFailed", 502);
  }
}

const targetSelect = { campaignId: true, fundId: true } as const;

export type SignDevice = "desktop" | "mobile" | "wechat";

/** Where the donor goes to sign: the provider's page, or — for a sign URL that must be scanned (WeChat Pay outside WeChat) — our QR page. */
function signRedirect(giftId: string, session: { redirectUrl: string; showAsQrCode?: boolean }) {
  return session.showAsQrCode ? `/monthly/${giftId}/sign` : session.redirectUrl;
}

/**
 * The QR sign page of the donor's own gift (404 for anyone else's): a fresh sign URL while the
 * agreement is not signed, or `signed` once it is. Only methods whose sign URL is scanned have one.
 */
export async function signPage(userId: string, giftId: string, origin: string) {
  const gift = await prisma.monthlyGift.findFirst({ where: { id: giftId, donorUserId: userId }, select: { id: true, status: true, method: true, merchantAccountId: true, providerAgreementId: true, signingSessionId: true, amountFen: true, dayOfMonth: true, campaignId: true, fundId: true, donorUser: { select: { email: true } } } });
  if (!gift || gift.method !== "WECHAT_CONTRACT") throw new AppError("errors.http.404", 404);
  const target = (await targetsOf([gift]))(gift);
  const base = { giftId: gift.id, amountFen: gift.amountFen.toString(), title: target?.title ?? "" };
  if (gift.status === "CANCELLED") throw new AppError("monthly.errors.cancelled", 409);
  // Signed, and not in the middle of signing again (the update-payment-method re-sign).
  if (gift.providerAgreementId && !gift.signingSessionId) return { ...base, signed: true as const, signUrl: null };
  const provider = await recurringProviderFor(gift, { origin });
  if (!provider) throw new AppError("funding.errors.providerUnavailable", 503);
  try {
    const back = `${origin}/me/monthly/${gift.id}`;
    const session = await provider.startAgreement({ giftId: gift.id, amountFen: gift.amountFen, description: `善联月捐 · ${target?.title ?? ""}`.slice(0, 40), dayOfMonth: gift.dayOfMonth, payerEmail: gift.donorUser.email, returnUrl: `${back}?signed=1`, cancelUrl: back, device: "desktop" });
    await prisma.monthlyGift.update({ where: { id: gift.id }, data: { signingSessionId: session.sessionId } });
    return { ...base, signed: false as const, signUrl: (session as { signUrl?: string }).signUrl ?? session.redirectUrl };
  } catch (e) {
    if (e instanceof ProviderError) throw new AppError("funding.errors.providerFailed", 502);
    throw e;
  }
}

/** Whether the donor's own gift has its agreement (the QR page polls this). */
export async function signStatus(userId: string, giftId: string) {
  const gift = await prisma.monthlyGift.findFirst({ where: { id: giftId, donorUserId: userId }, select: { providerAgreementId: true, signingSessionId: true, status: true } });
  if (!gift) throw new AppError("errors.http.404", 404);
  return { signed: Boolean(gift.providerAgreementId && !gift.signingSessionId), cancelled: gift.status === "CANCELLED" };
}

/** The gift's state as the donor sees it: awaiting signature when a provider method is not signed yet. */
function stateOf(g: { status: string; method: string; providerAgreementId: string | null }) {
  if (g.status !== "CANCELLED" && g.method !== "REMINDER" && !g.providerAgreementId) return "UNSIGNED";
  return g.status;
}

type SummaryRow = { id: string; amountFen: bigint; method: MonthlyGiftMethod; status: MonthlyGiftStatus; dayOfMonth: number; nextChargeOn: Date; providerAgreementId: string | null; pausedUntil: Date | null; lastFailureReason: string | null; campaignId: string | null; fundId: string | null };

/** What the donor's list and the gift's own page both show of a gift. */
function giftSummary(g: SummaryRow, targetOf: Awaited<ReturnType<typeof targetsOf>>) {
  return {
    id: g.id,
    amountFen: g.amountFen.toString(),
    method: g.method,
    state: stateOf(g),
    dayOfMonth: g.dayOfMonth,
    nextChargeOn: ymdOf(g.nextChargeOn),
    pausedUntil: g.pausedUntil ? ymdOf(g.pausedUntil).slice(0, 7) : null,
    lastFailureReason: g.lastFailureReason,
    target: targetOf(g),
  };
}

export async function myGifts(userId: string) {
  const rows = await prisma.monthlyGift.findMany({
    where: { donorUserId: userId },
    select: { id: true, amountFen: true, method: true, status: true, dayOfMonth: true, nextChargeOn: true, providerAgreementId: true, pausedUntil: true, lastFailureReason: true, createdAt: true, ...targetSelect },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 200,
  });
  const targetOf = await targetsOf(rows);
  return rows.map((g) => giftSummary(g, targetOf));
}

/** One of the donor's gifts with its charges; 404 for anyone else's. */
export async function myGift(userId: string, giftId: string) {
  const g = await prisma.monthlyGift.findFirst({
    where: { id: giftId, donorUserId: userId },
    select: {
      id: true, amountFen: true, method: true, status: true, dayOfMonth: true, nextChargeOn: true, providerAgreementId: true, pausedUntil: true, cancelledAt: true, cancelReason: true,
      lastFailureReason: true, lastFailureAt: true, donorName: true, anonymous: true, createdAt: true, ...targetSelect,
      charges: { select: { id: true, period: true, amountFen: true, status: true, attempts: true, nextAttemptAt: true, failureReason: true, donation: { select: { id: true, status: true, receiptCode: true } } }, orderBy: { period: "desc" }, take: 120 },
    },
  });
  if (!g) throw new AppError("errors.http.404", 404);
  const targetOf = await targetsOf([g]);
  const today = todayDate();
  return {
    ...giftSummary(g, targetOf),
    cancelledAt: g.cancelledAt?.toISOString() ?? null,
    cancelReason: g.cancelReason,
    lastFailureAt: g.lastFailureAt?.toISOString() ?? null,
    donorName: g.anonymous ? null : g.donorName,
    /** Earliest and latest month a pause may run until. */
    pauseRange: { min: addMonths(periodOf(today), 1), max: addMonths(periodOf(today), 12) },
    charges: g.charges.map((c) => ({
      id: c.id,
      period: c.period,
      amountFen: c.amountFen.toString(),
      status: c.status,
      attempts: c.attempts,
      nextAttemptAt: c.nextAttemptAt?.toISOString() ?? null,
      failureReason: c.failureReason,
      receipt: c.donation && ["PAID", "PARTLY_REFUNDED", "REFUNDED"].includes(c.donation.status) ? { donationId: c.donation.id, code: c.donation.receiptCode } : null,
      payable: g.method === "REMINDER" && c.status === "DUE" && g.status !== "CANCELLED",
    })),
  };
}

/** Locks the donor's own gift, or 404. */
async function lockOwnGift(tx: Db, userId: string, giftId: string) {
  const gift = await lockGift(tx, { id: giftId });
  if (!gift || gift.donorUserId !== userId) throw new AppError("errors.http.404", 404);
  return gift;
}

export async function isOwnGift(userId: string, giftId: string) {
  return (await prisma.monthlyGift.count({ where: { id: giftId, donorUserId: userId } })) > 0;
}

async function ownGift(userId: string, giftId: string) {
  const gift = await prisma.monthlyGift.findFirst({ where: { id: giftId, donorUserId: userId }, select: { id: true, status: true, method: true, merchantAccountId: true, providerAgreementId: true } });
  if (!gift) throw new AppError("errors.http.404", 404);
  return gift;
}

/** The signed agreement of a provider-scheduled gift, when it has one. */
async function providerScheduled(gift: { method: "STRIPE_SUBSCRIPTION" | "WECHAT_CONTRACT" | "ALIPAY_AGREEMENT" | "REMINDER"; merchantAccountId: string | null; providerAgreementId: string | null }) {
  if (!gift.providerAgreementId || scheduleOf(gift) !== "provider") return null;
  const provider = await recurringProviderFor(gift);
  if (!provider) throw new AppError("funding.errors.providerUnavailable", 503);
  return { provider, agreementId: gift.providerAgreementId };
}

async function atProvider(work: () => Promise<void>) {
  try {
    await work();
  } catch (e) {
    if (e instanceof ProviderError) throw new AppError("funding.errors.providerFailed", 502);
    throw e;
  }
}

export async function changeAmount(userId: string, giftId: string, amountFen: bigint) {
  const gift = await ownGift(userId, giftId);
  if (gift.status === "CANCELLED") throw new AppError("monthly.errors.cancelled", 409);
  const scheduled = await providerScheduled(gift);
  if (scheduled?.provider.changeAmount) await atProvider(() => scheduled.provider.changeAmount!(scheduled.agreementId, amountFen));
  await inTransaction(prisma, async (tx) => {
    const g = await lockOwnGift(tx, userId, giftId);
    await tx.monthlyGift.update({ where: { id: g.id }, data: { amountFen } });
    // Months not yet attempted follow the new amount.
    await tx.monthlyGiftCharge.updateMany({ where: { giftId: g.id, status: "DUE", donationId: null }, data: { amountFen } });
    await recordAudit({ actorId: userId, action: "monthly.amountChanged", entityType: "MonthlyGift", entityId: g.id, orgId: g.orgId, before: { amountFen: g.amountFen.toString() }, after: { amountFen: amountFen.toString() } }, tx);
  });
}

/** Pauses until `until` (YYYY-MM, the first month charged again): the months before it are skipped. */
export async function pauseGift(userId: string, giftId: string, until: string) {
  const gift = await ownGift(userId, giftId);
  if (gift.status === "CANCELLED") throw new AppError("monthly.errors.cancelled", 409);
  const current = periodOf(todayDate());
  if (until <= current || until > addMonths(current, 12)) throw new AppError("monthly.validation.pauseRange", 400, {}, { until: "monthly.validation.pauseRange" });
  const scheduled = await providerScheduled(gift);
  if (scheduled?.provider.pause) await atProvider(() => scheduled.provider.pause!(scheduled.agreementId));
  await inTransaction(prisma, async (tx) => {
    const g = await lockOwnGift(tx, userId, giftId);
    await tx.monthlyGift.update({ where: { id: g.id }, data: { status: "PAUSED", pausedUntil: dbDate(`${until}-01`) } });
    await tx.monthlyGiftCharge.updateMany({ where: { giftId: g.id, status: { in: ["DUE", "FAILED"] } }, data: { status: "SKIPPED", nextAttemptAt: null } });
    await recordAudit({ actorId: userId, action: "monthly.paused", entityType: "MonthlyGift", entityId: g.id, orgId: g.orgId, before: { status: g.status }, after: { status: "PAUSED", until } }, tx);
  });
}

export async function resumeGift(userId: string, giftId: string, actorId: string | null = userId) {
  const gift = await ownGift(userId, giftId);
  if (gift.status !== "PAUSED") throw new AppError("monthly.errors.notPaused", 409);
  const scheduled = await providerScheduled(gift);
  if (scheduled?.provider.resume) await atProvider(() => scheduled.provider.resume!(scheduled.agreementId));
  await inTransaction(prisma, async (tx) => {
    const g = await lockOwnGift(tx, userId, giftId);
    if (g.status !== "PAUSED") return;
    const today = todayDate();
    await tx.monthlyGift.update({ where: { id: g.id }, data: { status: "ACTIVE", pausedUntil: null, ...(ymdOf(g.nextChargeOn) < today ? { nextChargeOn: dbDate(firstChargeOn(g.dayOfMonth, today)) } : {}) } });
    await recordAudit({ actorId, action: "monthly.resumed", entityType: "MonthlyGift", entityId: g.id, orgId: g.orgId, before: { status: "PAUSED" }, after: { status: "ACTIVE" } }, tx);
  });
}

export async function cancelGift(userId: string, giftId: string, reason?: string) {
  const gift = await ownGift(userId, giftId);
  if (gift.status === "CANCELLED") return;
  const provider = gift.providerAgreementId ? await recurringProviderFor(gift) : null;
  if (provider && gift.providerAgreementId) await atProvider(() => provider.cancel(gift.providerAgreementId!));
  await inTransaction(prisma, async (tx) => {
    const g = await lockOwnGift(tx, userId, giftId);
    if (g.status === "CANCELLED") return;
    await tx.monthlyGift.update({ where: { id: g.id }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: reason ?? null } });
    await skipOpenCharges(tx, g.id);
    await recordAudit({ actorId: userId, action: "monthly.cancelled", entityType: "MonthlyGift", entityId: g.id, orgId: g.orgId, reason: reason ?? null, before: { status: g.status }, after: { status: "CANCELLED" } }, tx);
  });
}

/**
 * One step to a working payment method: Stripe's billing portal; an agreement signed again (the old
 * one ends once the new one is signed); for reminder gifts the pay link of the open month.
 */
export async function paymentMethodUpdate(userId: string, giftId: string, origin: string, device?: SignDevice): Promise<string> {
  const gift = await prisma.monthlyGift.findFirst({ where: { id: giftId, donorUserId: userId }, select: { id: true, orgId: true, status: true, method: true, merchantAccountId: true, providerAgreementId: true, amountFen: true, dayOfMonth: true, campaignId: true, fundId: true, donorUser: { select: { email: true } } } });
  if (!gift) throw new AppError("errors.http.404", 404);
  if (gift.status === "CANCELLED") throw new AppError("monthly.errors.cancelled", 409);
  const back = `${origin}/me/monthly/${gift.id}`;
  if (gift.method === "REMINDER") {
    const open = await prisma.monthlyGiftCharge.findFirst({ where: { giftId: gift.id, status: "DUE" }, orderBy: { period: "desc" }, select: { period: true } });
    return open ? `/me/monthly/${gift.id}/pay/${open.period}` : `/me/monthly/${gift.id}`;
  }
  const provider = await recurringProviderFor(gift, { origin });
  if (!provider) throw new AppError("funding.errors.providerUnavailable", 503);
  try {
    if (gift.providerAgreementId && provider.schedule === "provider") return await provider.paymentMethodUpdateUrl(gift.providerAgreementId, back);
    const session = await provider.startAgreement({ giftId: gift.id, amountFen: gift.amountFen, description: `善联月捐 · ${(await targetsOf([gift]))(gift)?.title ?? ""}`.slice(0, 40), dayOfMonth: gift.dayOfMonth, payerEmail: gift.donorUser.email, returnUrl: `${back}?signed=1`, cancelUrl: back, ...(device ? { device } : {}) });
    await prisma.monthlyGift.update({ where: { id: gift.id }, data: { signingSessionId: session.sessionId } });
    await recordAudit({ actorId: userId, action: "monthly.resign", entityType: "MonthlyGift", entityId: gift.id, orgId: gift.orgId });
    return signRedirect(gift.id, session);
  } catch (e) {
    if (e instanceof ProviderError) throw new AppError("funding.errors.providerFailed", 502);
    throw e;
  }
}

/**
 * Pays one reminded month: an ordinary one-time checkout for a MONTHLY donation linked to the
 * month's charge. A checkout opened earlier for the same month is closed first, so the month can
 * only be paid once.
 */
export async function payReminder(donor: Donor, giftId: string, period: string, origin: string) {
  const gift = await prisma.monthlyGift.findFirst({ where: { id: giftId, donorUserId: donor.id }, select: { id: true, orgId: true, campaignId: true, fundId: true, status: true, method: true, donorName: true, anonymous: true } });
  if (!gift) throw new AppError("errors.http.404", 404);
  const charge = await prisma.monthlyGiftCharge.findUnique({ where: { giftId_period: { giftId, period } }, select: { id: true, status: true, amountFen: true, donation: { select: { id: true, status: true, providerSessionId: true } } } });
  if (!charge) throw new AppError("errors.http.404", 404);
  if (gift.status === "CANCELLED" || charge.status !== "DUE") throw new AppError("monthly.errors.notPayable", 409);
  if (await isFrozen(gift)) throw new AppError("freeze.errors.donationsSuspended", 409);
  const provider = getPaymentProvider("STRIPE");
  const previous = charge.donation;
  if (previous?.status === "PAID") throw new AppError("monthly.errors.notPayable", 409);
  if (previous?.status === "PENDING" && previous.providerSessionId) {
    const expired = await provider.expireCheckout(previous.providerSessionId).catch(() => "not_open" as const);
    if (expired !== "expired") throw new AppError("monthly.errors.paymentInProgress", 409);
    await prisma.donation.updateMany({ where: { id: previous.id, status: "PENDING" }, data: { status: "CANCELLED" } });
  }
  const accessToken = randomBytes(24).toString("base64url");
  const donation = await prisma.$transaction(async (tx) => {
    const d = await tx.donation.create({
      data: {
        campaignId: gift.campaignId, fundId: gift.fundId, orgId: gift.orgId, amountFen: charge.amountFen, currency: "CNY", frequency: "MONTHLY", monthlyGiftId: gift.id,
        donorUserId: donor.id, donorEmail: donor.email, donorName: gift.donorName, anonymous: gift.anonymous, provider: provider.name, accessToken,
      },
      select: { id: true },
    });
    // Linked only while the month is still open (a concurrent payment of the same month loses here).
    const linked = await tx.monthlyGiftCharge.updateMany({ where: { id: charge.id, status: "DUE", donationId: previous?.id ?? null }, data: { donationId: d.id } });
    if (!linked.count) throw new AppError("monthly.errors.paymentInProgress", 409);
    return d;
  });
  try {
    const session = await provider.createCheckout({
      payable: { kind: "donation", id: donation.id },
      amountFen: charge.amountFen,
      currency: "CNY",
      description: `善联月捐 · ${(await targetsOf([gift]))(gift)?.title ?? ""} · ${period}`,
      payerEmail: donor.email,
      successUrl: `${origin}/donate/thanks/${accessToken}`,
      cancelUrl: `${origin}/me/monthly/${gift.id}`,
      metadata: { donationId: donation.id, monthlyGiftId: gift.id, period, orgId: gift.orgId },
    });
    await prisma.donation.update({ where: { id: donation.id }, data: { providerSessionId: session.sessionId } });
    return { donationId: donation.id, redirectUrl: session.redirectUrl };
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    await prisma.donation.update({ where: { id: donation.id }, data: { status: "FAILED" } });
    throw new AppError("funding.errors.providerFailed", 502);
  }
}
