import { randomBytes } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import { AppError } from "~/utils/errors";
import { maskName } from "~/modules/accounts/mask";
import { ProviderError } from "~/modules/payments/provider";
import { campaignAcceptsDonations, fundAcceptsDonations } from "~/modules/campaigns/rules";
import type { DonateInput } from "./schema";
import { frozenStatus, isFrozen } from "./freeze.server";
import { assertNoDisclosureHold } from "~/modules/disclosure/hold.server";
import { checkoutRoute, donationCheckoutRequest, offeredRoute, wechatPagePath, type DonorDevice } from "./payway.server";
import { capRedirect, createWithinCap, type CapFields } from "~/modules/safeguards/cap.server";
import { donorSignals } from "~/modules/match-funds/signals.server";

export type Donor = { id: string; displayName: string; email: string } | null;

/**
 * Starts a donation: a PENDING row, then a checkout session at the provider. Nothing reaches the
 * ledger until the provider's signed event confirms the payment (events.server.ts).
 */
export async function startDonation(input: { campaignId?: string; fundId?: string; donor: Donor; data: DonateInput; origin: string; device?: DonorDevice; redirectConsent?: boolean }) {
  // A campaign on a disclosure hold takes nothing, not even a gift redirected past its cap.
  const holdChecked = input.campaignId;
  if (holdChecked) await assertNoDisclosureHold({ campaignId: holdChecked });
  // Past an emergency campaign's cap: refused, or (with the donor's consent) given to the host's overflow fund.
  const redirect = input.campaignId ? await capRedirect(input.campaignId, input.data.amountFen, input.redirectConsent ?? false) : null;
  if (redirect) input = { ...input, campaignId: undefined, fundId: redirect.fundId };
  const { data, donor } = input;
  const target = { campaignId: input.campaignId, fundId: input.fundId };
  // One read of the target tells whether it is frozen and whether it takes donations (a rush
  // starts thousands of donations: each round trip counts).
  let orgId: string;
  let title: string;
  let capFields: CapFields | undefined;
  if (input.campaignId) {
    const c = await prisma.campaign.findUnique({ where: { id: input.campaignId }, select: { id: true, orgId: true, title: true, status: true, deadline: true, kind: true, goalFen: true, capFen: true, org: { select: { status: true, publicFundraising: true } } } });
    // Suspended (or its organization suspended/revoked): say so, not just "not accepting".
    if (c && frozenStatus(c.status, c.org.status)) throw new AppError("freeze.errors.donationsSuspended", 409);
    if (!c) throw new AppError("errors.http.404", 404);
    if (holdChecked !== input.campaignId) await assertNoDisclosureHold(target);
    if (!campaignAcceptsDonations(c)) throw new AppError("funding.errors.notAcceptingDonations", 409);
    orgId = c.orgId;
    title = c.title;
    capFields = { kind: c.kind, goalFen: c.goalFen, capFen: c.capFen };
  } else if (input.fundId) {
    const f = await prisma.fund.findUnique({ where: { id: input.fundId }, select: { id: true, orgId: true, name: true, status: true, org: { select: { status: true, publicFundraising: true } } } });
    if (f && frozenStatus(f.status, f.org.status)) throw new AppError("freeze.errors.donationsSuspended", 409);
    await assertNoDisclosureHold(target);
    if (!f) throw new AppError("errors.http.404", 404);
    if (!fundAcceptsDonations(f)) throw new AppError("funding.errors.notAcceptingDonations", 409);
    orgId = f.orgId;
    title = f.name;
  } else throw new AppError("errors.http.404", 404);

  const email = donor?.email ?? data.email;
  if (!email) throw new AppError("funding.validation.guestEmail", 400, {}, { email: "funding.validation.guestEmail" });
  // The donor's choice among what the host offers now, and the adapter serving it (built first:
  // an unusable merchant account fails before any row is written).
  const route = await offeredRoute(orgId, data.provider);
  const checkout = await checkoutRoute(route, input.origin);
  const accessToken = randomBytes(24).toString("base64url");
  // A capped campaign's last yuan goes to one donor only: created under a lock on the campaign row.
  const donation = await createWithinCap(input.campaignId, data.amountFen, (db) => db.donation.create({
    data: {
      campaignId: input.campaignId ?? null,
      fundId: input.fundId ?? null,
      orgId,
      amountFen: data.amountFen,
      currency: "CNY",
      donorUserId: donor?.id ?? null,
      donorEmail: email,
      donorName: data.donorName ?? donor?.displayName ?? "爱心人士",
      anonymous: data.anonymous,
      message: data.message ?? null,
      // A test checkout standing in for WeChat Pay / Alipay still records the provider chosen.
      provider: route.provider,
      merchantAccountId: route.merchantAccountId,
      accessToken,
      redirectedFromCampaignId: redirect?.redirectedFromCampaignId ?? null,
      redirectConsentAt: redirect?.redirectConsentAt ?? null,
      // Matching funds (ADR 020): hashed address and browser for the 套捐 signals.
      ...donorSignals(input.device),
    },
    select: { id: true, amountFen: true, orgId: true, campaignId: true, fundId: true, accessToken: true, donorEmail: true },
  }), capFields);
  try {
    const session = await checkout.open(donationCheckoutRequest(donation, title, input.origin), input.device ?? { userAgent: null, clientIp: null }, wechatPagePath(accessToken));
    await prisma.donation.update({ where: { id: donation.id }, data: { providerSessionId: session.sessionId } });
    // A suspension that committed while the session was being made did not see it: close it here.
    if (await isFrozen(target)) {
      const expired = await checkout.adapter.expireCheckout(session.sessionId).catch(() => "not_open" as const);
      if (expired === "expired") await prisma.donation.updateMany({ where: { id: donation.id, status: "PENDING" }, data: { status: "CANCELLED" } });
      throw new AppError("freeze.errors.donationsSuspended", 409);
    }
    return { donationId: donation.id, redirectUrl: session.redirectUrl, accessToken };
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    await prisma.donation.update({ where: { id: donation.id }, data: { status: "FAILED" } });
    throw new AppError("funding.errors.providerFailed", 502);
  }
}

export const DONOR_WALL_PAGE_SIZE = 30;

/** Public donor wall: paid donations, newest first, anonymous ones without a name; one page at a time. */
export async function donorWall(t: { campaignId?: string; fundId?: string }, page = 1) {
  // Held payments (arrived while suspended) appear once staff release them.
  const where = { ...(t.campaignId ? { campaignId: t.campaignId } : { fundId: t.fundId }), status: { in: ["PAID", "PARTLY_REFUNDED"] as ("PAID" | "PARTLY_REFUNDED")[] }, heldAt: null };
  const { rows, pagination } = await paginate(
    page,
    DONOR_WALL_PAGE_SIZE,
    () => prisma.donation.count({ where }),
    (w) =>
      prisma.donation.findMany({
        where,
        select: { id: true, donorName: true, anonymous: true, amountFen: true, message: true, paidAt: true },
        orderBy: [{ paidAt: "desc" }, { id: "asc" }],
        ...w,
      }),
  );
  return { wall: rows.map((d) => ({ id: d.id, name: d.anonymous ? null : maskName(d.donorName), amountFen: d.amountFen.toString(), message: d.message, paidAt: d.paidAt?.toISOString() ?? null })), pagination };
}

export const MY_DONATIONS_PAGE_SIZE = 50;

/** A signed-in donor's history, one page at a time, and yearly totals over all of it (Asia/Shanghai years, net of refunds). */
export async function myDonations(userId: string, page = 1) {
  const where = { donorUserId: userId, status: { in: ["PAID", "PARTLY_REFUNDED", "REFUNDED"] as ("PAID" | "PARTLY_REFUNDED" | "REFUNDED")[] } };
  const [{ rows, pagination }, years] = await Promise.all([
    paginate(
      page,
      MY_DONATIONS_PAGE_SIZE,
      () => prisma.donation.count({ where }),
      (window) =>
        prisma.donation.findMany({
          where,
          select: { id: true, amountFen: true, refundedFen: true, status: true, paidAt: true, receiptCode: true, anonymous: true, campaign: { select: { id: true, title: true } }, fund: { select: { id: true, name: true } } },
          orderBy: [{ paidAt: "desc" }, { id: "asc" }],
          ...window,
        }),
    ),
    prisma.$queryRaw<{ year: string; fen: bigint }[]>`
      SELECT to_char((COALESCE("paidAt", now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai', 'YYYY') AS year, SUM("amountFen" - "refundedFen")::bigint AS fen
      FROM "Donation" WHERE "donorUserId" = ${userId} AND status IN ('PAID', 'PARTLY_REFUNDED', 'REFUNDED')
      GROUP BY 1 ORDER BY 1 DESC`,
  ]);
  return {
    donations: rows.map((d) => ({
      id: d.id,
      amountFen: d.amountFen.toString(),
      refundedFen: d.refundedFen.toString(),
      status: d.status,
      paidAt: d.paidAt?.toISOString() ?? null,
      receiptCode: d.receiptCode,
      target: d.campaign ? { href: `/campaigns/${d.campaign.id}`, title: d.campaign.title } : { href: `/funds/${d.fund!.id}`, title: d.fund!.name },
    })),
    pagination,
    years: years.map((y) => ({ year: y.year, fen: y.fen.toString() })),
  };
}

/**
 * Donations of a campaign/fund for its host: names in clear for thanks, except anonymous donors,
 * whose name stays hidden from the host too (refunds go by donation, not by name).
 */
export const HOST_DONATIONS_PAGE_SIZE = 50;

export async function hostDonations(t: { campaignId?: string; fundId?: string }, page = 1) {
  const where = { ...(t.campaignId ? { campaignId: t.campaignId } : { fundId: t.fundId }), status: { in: ["PAID", "PARTLY_REFUNDED", "REFUNDED"] as ("PAID" | "PARTLY_REFUNDED" | "REFUNDED")[] } };
  const { rows, pagination } = await paginate(
    page,
    HOST_DONATIONS_PAGE_SIZE,
    () => prisma.donation.count({ where }),
    (window) =>
      prisma.donation.findMany({
        where,
        select: { id: true, donorName: true, anonymous: true, amountFen: true, refundedFen: true, status: true, paidAt: true, receiptCode: true, refunds: { where: { status: "PENDING" }, select: { amountFen: true } } },
        orderBy: [{ paidAt: "desc" }, { id: "asc" }],
        ...window,
      }),
  );
  const items = rows.map(({ refunds, ...d }) => ({
    ...d,
    donorName: d.anonymous ? null : d.donorName,
    amountFen: d.amountFen.toString(),
    refundedFen: d.refundedFen.toString(),
    /** Refunds sent to the provider and not confirmed yet (reserved, not booked). */
    pendingRefundFen: refunds.reduce((sum, r) => sum + r.amountFen, 0n).toString(),
    paidAt: d.paidAt?.toISOString() ?? null,
  }));
  return { items, pagination };
}
