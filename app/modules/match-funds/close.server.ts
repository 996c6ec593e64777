/**
 * Closing pledges whose window is over (ADR 020): what was not matched goes back to the matcher.
 * Run daily by the `campaign-deadlines` job (jobs/queues.server.ts) and `npm run jobs:campaigns`.
 *
 * A pledge closes once its window ended more than CLOSE_GRACE_MS ago (a payment made just before
 * the end may settle a little later and is still matched) and no flagged match of it waits for
 * staff (its reservation must be decided first). Under the pledge row lock: the pledge's ledger
 * balance is posted MATCH_PLEDGE → MATCH_RETURNED (MATCH_RETURN, once per pledge) and the pledge
 * becomes CLOSED. Idempotent: a closed pledge is skipped, the return's key is the pledge's.
 */
import { inTransaction, prisma } from "~/utils/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { pledgeBalance, postMatchReturn } from "~/modules/ledger/match-postings.server";
import { lockPledge } from "./settle.server";

export const CLOSE_GRACE_MS = 24 * 60 * 60_000;

export async function closeEndedPledges(now: Date = new Date()) {
  const cutoff = new Date(now.getTime() - CLOSE_GRACE_MS);
  const due = await prisma.matchPledge.findMany({ where: { status: "ACTIVE", endsAt: { lte: cutoff } }, orderBy: { endsAt: "asc" }, select: { id: true }, take: 500 });
  let closed = 0;
  let waiting = 0;
  let returnedFen = 0n;
  for (const { id } of due) {
    const r = await closePledge(id, cutoff);
    if (r === "waiting") waiting++;
    else if (r !== null) {
      closed++;
      returnedFen += r;
    }
  }
  return { closed, waiting, returnedFen: Number(returnedFen) };
}

/** Closes one pledge: the remainder returned (fen), "waiting" while a flagged match is undecided, null if not due. */
export async function closePledge(pledgeId: string, cutoff: Date): Promise<bigint | "waiting" | null> {
  return inTransaction(prisma, async (tx) => {
    const p = await lockPledge(tx, pledgeId);
    if (!p || p.status !== "ACTIVE" || p.endsAt > cutoff) return null;
    if (await tx.matchedGift.count({ where: { pledgeId, status: "FLAGGED" } })) return "waiting";
    const remainder = await pledgeBalance(tx, pledgeId);
    const now = new Date();
    if (remainder > 0n) {
      await postMatchReturn(tx, { pledgeId, campaignId: p.campaignId, orgId: p.campaign.orgId, districtCode: p.campaign.districtCode, key: `match-return:${pledgeId}`, amountFen: remainder, occurredAt: now, matcherName: p.matcherName });
    }
    await tx.matchPledge.update({ where: { id: pledgeId }, data: { status: "CLOSED" } });
    await recordAudit({ actorId: null, action: "matchPledge.closed", entityType: "MatchPledge", entityId: pledgeId, orgId: p.matcherOrgId, after: { returnedFen: remainder.toString() } }, tx);
    return remainder;
  });
}
