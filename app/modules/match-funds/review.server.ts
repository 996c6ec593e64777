/**
 * The staff queue of suspected 套捐 (ADR 020): each flagged match is released (the MATCH is posted
 * from the pledge money it reserved) or refused (nothing moves; the pledge keeps its money), with a
 * reason, audited, by staff who have nothing to do with the matcher or the campaign.
 */
import { inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { postMatch } from "~/modules/ledger/match-postings.server";
import { maskName } from "~/modules/accounts/mask";
import { assertUninvolved } from "./pledges.server";
import { lockPledge } from "./settle.server";
import type { MatchFlag } from "./rules";

export async function flaggedMatches() {
  const rows = await prisma.matchedGift.findMany({
    where: { status: "FLAGGED" },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: {
      id: true, amountFen: true, originalFen: true, flags: true, createdAt: true,
      donation: { select: { amountFen: true, donorName: true, anonymous: true, paidAt: true } },
      pledge: { select: { id: true, matcherName: true, ratioNum: true, ratioDen: true, campaign: { select: { id: true, title: true } } } },
    },
  });
  return rows.map((g) => ({
    id: g.id,
    amountFen: g.amountFen.toString(),
    donationFen: g.donation.amountFen.toString(),
    // Staff see who gave only as much as the donor wall would; the flags carry the evidence.
    donor: g.donation.anonymous ? null : maskName(g.donation.donorName),
    paidAt: g.donation.paidAt?.toISOString() ?? null,
    flags: g.flags as unknown as MatchFlag[],
    matcherName: g.pledge.matcherName,
    campaign: g.pledge.campaign,
  }));
}

export async function decideFlaggedMatch(giftId: string, staffId: string, d: { decision: "RELEASE" | "REFUSE"; reason: string }) {
  return inTransaction(prisma, async (tx) => {
    const found = await tx.matchedGift.findUnique({ where: { id: giftId }, select: { pledgeId: true } });
    if (!found) throw new AppError("errors.http.404", 404);
    const p = await lockPledge(tx, found.pledgeId);
    if (!p) throw new AppError("errors.http.404", 404);
    await assertUninvolved(tx, staffId, p);
    const g = await tx.matchedGift.findUniqueOrThrow({ where: { id: giftId }, select: { id: true, status: true, amountFen: true, donationId: true, campaignId: true, donation: { select: { paidAt: true } } } });
    if (g.status !== "FLAGGED") throw new AppError("matchFunds.errors.alreadyDecided", 409);
    const now = new Date();
    if (d.decision === "RELEASE" && g.amountFen > 0n) {
      // Its money was reserved while it waited: the pledge balance covers it.
      await postMatch(tx, { pledgeId: p.id, campaignId: g.campaignId, orgId: p.campaign.orgId, districtCode: p.campaign.districtCode, giftId: g.id, donationId: g.donationId, amountFen: g.amountFen, occurredAt: now, createdById: staffId });
    }
    await tx.matchedGift.update({ where: { id: g.id }, data: { status: d.decision === "RELEASE" ? "PAID" : "REFUSED", decidedById: staffId, decidedAt: now, decisionReason: d.reason } });
    await recordAudit({ actorId: staffId, action: d.decision === "RELEASE" ? "matchedGift.released" : "matchedGift.refused", entityType: "MatchedGift", entityId: g.id, orgId: p.matcherOrgId, reason: d.reason, after: { amountFen: g.amountFen.toString(), pledgeId: p.id } }, tx);
  });
}
