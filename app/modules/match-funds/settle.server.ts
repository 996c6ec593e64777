/**
 * Matching a donation as it settles, and taking the match back when it is refunded (ADR 020).
 * Both run inside the caller's transaction (the payment webhook's, the refund's) and lock each
 * pledge row first, so two donations settling at once never spend the same pledge money.
 */
import { Prisma } from "~/generated/prisma/client";
import type { MatchPledgeStatus } from "~/generated/prisma/enums";
import type { Db } from "~/utils/db.server";
import { lockedMatchedBalance, pledgeBalance, postMatch, postMatchReturn, postMatchReversal } from "~/modules/ledger/match-postings.server";
import { chinaDay, computeMatch, ratioMatch } from "./rules";
import { matchFlags, signalHash } from "./signals.server";

type LockedPledgeRow = {
  id: string; campaignId: string; status: string; matcherName: string; startsAt: Date | string; endsAt: Date | string; ratioNum: number | bigint; ratioDen: number | bigint;
  perDonationCapFen: bigint | number | string; perDonorDayCapFen: bigint | number | string; totalCapFen: bigint | number | string;
  createdById: string; matcherOrgId: string | null; matcherEmailDomain: string | null; orgId: string; districtCode: string;
};

/** Locks the pledge row until the transaction ends and reads it with its campaign's organization and district (one round trip). */
export async function lockPledge(tx: Db, pledgeId: string) {
  const rows = await tx.$queryRaw<LockedPledgeRow[]>`
    SELECT p.id, p."campaignId", p.status::text AS status, p."matcherName", p."startsAt", p."endsAt", p."ratioNum", p."ratioDen",
      p."perDonationCapFen", p."perDonorDayCapFen", p."totalCapFen", p."createdById", p."matcherOrgId", p."matcherEmailDomain", c."orgId", c."districtCode"
    FROM "MatchPledge" p JOIN "Campaign" c ON c.id = p."campaignId" WHERE p.id = ${pledgeId} FOR UPDATE OF p`;
  const r = rows[0];
  if (!r) return null;
  const { orgId, districtCode, ...p } = r;
  return {
    ...p,
    status: p.status as MatchPledgeStatus,
    startsAt: asDate(p.startsAt),
    endsAt: asDate(p.endsAt),
    ratioNum: Number(p.ratioNum),
    ratioDen: Number(p.ratioDen),
    perDonationCapFen: BigInt(p.perDonationCapFen),
    perDonorDayCapFen: BigInt(p.perDonorDayCapFen),
    totalCapFen: BigInt(p.totalCapFen),
    campaign: { orgId, districtCode },
  };
}

/** A raw query's timestamp (without time zone, stored as UTC) as a Date. */
const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(" ", "T")}Z`));

/** Pledge money promised to flagged matches waiting for staff. Read under the pledge lock. */
export async function reservedForFlagged(tx: Db, pledgeId: string) {
  const r = await tx.matchedGift.aggregate({ where: { pledgeId, status: "FLAGGED" }, _sum: { amountFen: true } });
  return r._sum.amountFen ?? 0n;
}

/** What a pledge can still match: its ledger balance less the flagged matches it holds for staff. */
export async function pledgeLeft(tx: Db, pledgeId: string) {
  return (await pledgeBalance(tx, pledgeId)) - (await reservedForFlagged(tx, pledgeId));
}

/**
 * Called once from the donation settlement (donations/events.server.ts), after the DONATION is
 * posted (the settlement writes the payer account's hash with the payment, payerSignal): matches
 * the donation under every active pledge of its campaign whose window holds the payment time. A payment held for a suspended campaign is not
 * matched. `settled`: what the settlement just wrote (campaign, payment time, held or not), so a
 * campaign without pledges — the usual case, and every donation of a rush — costs one look-up;
 * the donation and its signals are then read only when a pledge may match it. `pledgeless`: a
 * batch's campaigns found to have no pledge at all, not looked up again. Returns the matches made (for
 * the caller's curiosity; it need not look).
 */
export async function matchSettledDonation(
  tx: Db,
  input: { donationId: string; settled?: { campaignId: string | null; paidAt: Date; held: boolean }; pledgeless?: Set<string> },
) {
  const known = input.settled;
  if (known && (!known.campaignId || known.held)) return [];
  let d = known ? null : await settledDonation(tx, input.donationId);
  const campaignId = known ? known.campaignId : d?.campaignId;
  const paidAt = known ? known.paidAt : d?.paidAt;
  if (!campaignId || !paidAt) return [];
  if (input.pledgeless?.has(campaignId)) return [];
  // Every active pledge of the campaign, those whose window holds the payment time kept: when there
  // is none at all, the batch's next settlements of this campaign need not ask again.
  const active = await tx.matchPledge.findMany({ where: { campaignId, status: "ACTIVE" }, orderBy: { createdAt: "asc" }, select: { id: true, startsAt: true, endsAt: true } });
  if (!active.length) input.pledgeless?.add(campaignId);
  const pledges = active.filter((p) => p.startsAt <= paidAt && p.endsAt > paidAt);
  if (!pledges.length) return [];
  d ??= await settledDonation(tx, input.donationId);
  if (!d?.campaignId || !d.paidAt) return [];
  const made: { giftId: string; pledgeId: string; amountFen: bigint; status: "PAID" | "FLAGGED" }[] = [];
  for (const { id } of pledges) {
    const gift = await matchOne(tx, id, { ...d, campaignId: d.campaignId, paidAt: d.paidAt });
    if (gift) made.push(gift);
  }
  return made;
}

/** The payer account's hash kept on a settled donation (Donation.payerHash), for the 套捐 signals. */
export const payerSignal = (payerRef: string) => signalHash("payer", payerRef);

/** The donation with its 套捐 signals, when it is paid and not held (else null: nothing to match). */
async function settledDonation(tx: Db, donationId: string) {
  const d = await tx.donation.findUnique({
    where: { id: donationId },
    select: { id: true, campaignId: true, status: true, heldAt: true, amountFen: true, paidAt: true, donorUserId: true, donorEmail: true, ipHash: true, deviceHash: true, payerHash: true },
  });
  return d?.campaignId && d.paidAt && !d.heldAt && d.status === "PAID" ? d : null;
}

type SettledDonation = { id: string; campaignId: string; amountFen: bigint; paidAt: Date; donorUserId: string | null; donorEmail: string | null; ipHash: string | null; deviceHash: string | null; payerHash: string | null };

async function matchOne(tx: Db, pledgeId: string, d: SettledDonation) {
  const p = await lockPledge(tx, pledgeId);
  if (!p || p.status !== "ACTIVE") return null;
  if (await tx.matchedGift.findUnique({ where: { pledgeId_donationId: { pledgeId, donationId: d.id } }, select: { id: true } })) return null;
  const donorKey = d.donorUserId ?? d.donorEmail?.toLowerCase() ?? d.id;
  const day = chinaDay(d.paidAt);
  const used = await tx.matchedGift.aggregate({ where: { pledgeId, donorKey, day, status: { in: ["PAID", "FLAGGED"] } }, _sum: { amountFen: true } });
  const { amountFen } = computeMatch({ ...p, donationFen: d.amountFen, usedTodayFen: used._sum.amountFen ?? 0n, remainingFen: await pledgeLeft(tx, pledgeId) });
  if (amountFen <= 0n) return null;
  const flags = await matchFlags(tx, p, d);
  const status = flags.length ? ("FLAGGED" as const) : ("PAID" as const);
  const gift = await tx.matchedGift.create({
    data: { pledgeId, donationId: d.id, campaignId: d.campaignId, donorKey, day, originalFen: amountFen, amountFen, status, flags: flags as unknown as Prisma.InputJsonValue },
    select: { id: true },
  });
  if (status === "PAID") {
    await postMatch(tx, { pledgeId, campaignId: d.campaignId, orgId: p.campaign.orgId, districtCode: p.campaign.districtCode, giftId: gift.id, donationId: d.id, amountFen, occurredAt: d.paidAt });
  }
  return { giftId: gift.id, pledgeId, amountFen, status };
}

/**
 * Called once from the refund's completion (donations/refunds.server.ts), after the REFUND is
 * posted and the donation's refunded amount updated: each match of the donation shrinks to what
 * the ratio gives on what is left of the donation (never more than it was). A paid match gives the
 * difference back to the pledge in a MATCH_REVERSAL linked to its MATCH; a flagged one simply
 * holds less. The pledge's money is free for other donors again.
 * Matched money already disbursed cannot come back: a reversal takes at most what the campaign's
 * MATCHED account holds (disbursements reserve what pending refunds will need, so this only bites
 * for a refund asked after the disbursement) and the match keeps the rest. On a CLOSED pledge the
 * money given back goes straight on to the matcher (MATCH_RETURN), so a closed pledge holds nothing.
 */
export async function reverseMatchesForRefund(tx: Db, input: { donationId: string; refundId: string }) {
  const gifts = await tx.matchedGift.findMany({ where: { donationId: input.donationId, status: { in: ["PAID", "FLAGGED"] } }, select: { id: true, pledgeId: true } });
  if (!gifts.length) return;
  const d = await tx.donation.findUniqueOrThrow({ where: { id: input.donationId }, select: { amountFen: true, refundedFen: true } });
  const left = d.amountFen - d.refundedFen;
  for (const g of gifts) {
    const p = await lockPledge(tx, g.pledgeId);
    const gift = await tx.matchedGift.findUniqueOrThrow({ where: { id: g.id }, select: { id: true, status: true, amountFen: true, campaignId: true } });
    if (!p || (gift.status !== "PAID" && gift.status !== "FLAGGED")) continue;
    const ratio = ratioMatch(left, p);
    const target = ratio < gift.amountFen ? ratio : gift.amountFen;
    let back = gift.amountFen - target;
    if (back <= 0n) continue;
    if (gift.status === "PAID") {
      const matched = await lockedMatchedBalance(tx, gift.campaignId);
      if (back > matched.balance) back = matched.balance > 0n ? matched.balance : 0n;
      if (back <= 0n) continue;
      const ref = { pledgeId: p.id, campaignId: gift.campaignId, orgId: p.campaign.orgId, districtCode: p.campaign.districtCode };
      const now = new Date();
      await postMatchReversal(tx, { ...ref, giftId: gift.id, donationId: input.donationId, refundId: input.refundId, amountFen: back, occurredAt: now });
      if (p.status === "CLOSED") await postMatchReturn(tx, { ...ref, key: `match-return:${gift.id}:${input.refundId}`, amountFen: back, occurredAt: now, matcherName: p.matcherName });
    }
    const kept = gift.amountFen - back;
    await tx.matchedGift.update({ where: { id: gift.id }, data: { amountFen: kept, ...(kept === 0n ? { status: "REVERSED" } : {}) } });
  }
}
