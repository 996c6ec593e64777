/**
 * Match pledges (配捐, ADR 020): created by the matcher's organization (owner/finance) or by staff
 * for a company; approved by bureau staff who have nothing to do with the matcher or the campaign,
 * which records the matcher's transfer in the ledger (MATCH_FUNDING) and opens the pledge.
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { matchedBalance, postMatchFunding } from "~/modules/ledger/match-postings.server";
import type { PledgeInput } from "./schema";
import { lockPledge, pledgeLeft } from "./settle.server";
import { ratioLabel } from "./rules";

const MATCHABLE_CAMPAIGN = ["APPROVED", "FUNDED"];

/** `matcherOrgId`: the organization whose owner/finance makes the pledge; null when staff enter a company's. */
export async function createPledge(input: PledgeInput, actor: { id: string; matcherOrgId: string | null }) {
  const c = await prisma.campaign.findUnique({ where: { id: input.campaignId }, select: { id: true, orgId: true, status: true } });
  if (!c) throw new AppError("matchFunds.errors.campaignNotFound", 400, {}, { campaign: "matchFunds.errors.campaignNotFound" });
  if (!MATCHABLE_CAMPAIGN.includes(c.status)) throw new AppError("matchFunds.errors.campaignNotOpen", 409, {}, { campaign: "matchFunds.errors.campaignNotOpen" });
  // An organization matching its own campaign only inflates its own numbers.
  if (actor.matcherOrgId && actor.matcherOrgId === c.orgId) throw new AppError("matchFunds.errors.ownCampaign", 409, {}, { campaign: "matchFunds.errors.ownCampaign" });
  return prisma.$transaction(async (tx) => {
    const p = await tx.matchPledge.create({ data: { ...input, matcherOrgId: actor.matcherOrgId, createdById: actor.id, status: "PENDING" }, select: { id: true } });
    await recordAudit({ actorId: actor.id, action: "matchPledge.created", entityType: "MatchPledge", entityId: p.id, orgId: actor.matcherOrgId, after: { campaignId: c.id, ratio: ratioLabel(input.ratioNum, input.ratioDen), totalCapFen: input.totalCapFen.toString() } }, tx);
    return p;
  });
}

/** Staff who may decide about a pledge or its matches: none of the matcher's or the campaign's people, never its creator. */
export async function assertUninvolved(db: Db, staffId: string, p: { createdById: string; matcherOrgId: string | null; campaignId: string }) {
  if (p.createdById === staffId) throw new AppError("matchFunds.errors.involved", 403);
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: p.campaignId }, select: { orgId: true } });
  const orgIds = [campaign.orgId, ...(p.matcherOrgId ? [p.matcherOrgId] : [])];
  if (await db.orgMembership.count({ where: { userId: staffId, orgId: { in: orgIds } } })) throw new AppError("matchFunds.errors.involved", 403);
}

export async function decidePledge(pledgeId: string, staffId: string, d: { decision: "APPROVE" | "REJECT"; reason: string; fundingRef?: string }) {
  return inTransaction(prisma, async (tx) => {
    const locked = await lockPledge(tx, pledgeId);
    if (!locked) throw new AppError("errors.http.404", 404);
    const p = await tx.matchPledge.findUniqueOrThrow({ where: { id: pledgeId }, select: { id: true, status: true, createdById: true, matcherOrgId: true, matcherName: true, campaignId: true, totalCapFen: true } });
    await assertUninvolved(tx, staffId, p);
    if (p.status !== "PENDING") throw new AppError("matchFunds.errors.alreadyDecided", 409);
    const now = new Date();
    if (d.decision === "APPROVE") {
      await postMatchFunding(tx, { pledgeId, campaignId: p.campaignId, orgId: locked.campaign.orgId, districtCode: locked.campaign.districtCode, amountFen: p.totalCapFen, fundingRef: d.fundingRef ?? "", createdById: staffId, occurredAt: now, matcherName: p.matcherName });
    }
    await tx.matchPledge.update({ where: { id: pledgeId }, data: { status: d.decision === "APPROVE" ? "ACTIVE" : "REJECTED", decidedById: staffId, decidedAt: now, decisionReason: d.reason, fundingRef: d.fundingRef ?? null } });
    await recordAudit({ actorId: staffId, action: d.decision === "APPROVE" ? "matchPledge.approved" : "matchPledge.rejected", entityType: "MatchPledge", entityId: pledgeId, orgId: p.matcherOrgId, reason: d.reason, after: { fundingRef: d.fundingRef ?? null, totalCapFen: p.totalCapFen.toString() } }, tx);
  });
}

const listSelect = {
  id: true, campaignId: true, matcherKind: true, matcherName: true, ratioNum: true, ratioDen: true, perDonationCapFen: true, perDonorDayCapFen: true, totalCapFen: true,
  startsAt: true, endsAt: true, status: true, createdAt: true, decisionReason: true, campaign: { select: { title: true } },
} as const;

async function withProgress<T extends { id: string; status: string; totalCapFen: bigint }>(rows: T[]) {
  return Promise.all(
    rows.map(async (p) => {
      const matched = await prisma.matchedGift.aggregate({ where: { pledgeId: p.id, status: "PAID" }, _sum: { amountFen: true } });
      const flagged = await prisma.matchedGift.aggregate({ where: { pledgeId: p.id, status: "FLAGGED" }, _sum: { amountFen: true } });
      const left = p.status === "ACTIVE" ? await pledgeLeft(prisma, p.id) : 0n;
      return { ...p, matchedFen: matched._sum.amountFen ?? 0n, flaggedFen: flagged._sum.amountFen ?? 0n, leftFen: left };
    }),
  );
}

export async function orgPledges(orgId: string) {
  return withProgress(await prisma.matchPledge.findMany({ where: { matcherOrgId: orgId }, orderBy: { createdAt: "desc" }, take: 100, select: listSelect }));
}

export async function pendingPledges() {
  return prisma.matchPledge.findMany({ where: { status: "PENDING" }, orderBy: { createdAt: "asc" }, take: 100, select: { ...listSelect, matcherOrgId: true, matcherEmailDomain: true, matcherOrg: { select: { name: true } } } });
}

/**
 * What the campaign page shows: each approved pledge, open or closed, (matcher name, ratio, what it matched, what is
 * left) and the campaign's matched total. No donor, nothing personal.
 */
export async function campaignMatchSummary(campaignId: string, db: Db = prisma) {
  const pledges = await db.matchPledge.findMany({ where: { campaignId, status: { in: ["ACTIVE", "CLOSED"] } }, orderBy: { createdAt: "asc" }, select: { id: true, matcherName: true, matcherKind: true, ratioNum: true, ratioDen: true, perDonationCapFen: true, perDonorDayCapFen: true, totalCapFen: true, startsAt: true, endsAt: true, status: true } });
  if (!pledges.length) return null;
  const rows = await withProgress(pledges);
  const now = Date.now();
  return {
    matchedTotalFen: (await matchedBalance(db, campaignId)).toString(),
    pledges: rows.map((p) => ({
      id: p.id,
      matcherName: p.matcherName,
      matcherKind: p.matcherKind,
      ratio: ratioLabel(p.ratioNum, p.ratioDen),
      perDonationCapFen: p.perDonationCapFen.toString(),
      perDonorDayCapFen: p.perDonorDayCapFen.toString(),
      totalCapFen: p.totalCapFen.toString(),
      matchedFen: p.matchedFen.toString(),
      leftFen: p.leftFen.toString(),
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
      open: p.startsAt.getTime() <= now && now < p.endsAt.getTime(),
    })),
  };
}
