/**
 * A campaign's goal: APPROVED → FUNDED once what it raised (online, offline and imported from the
 * designated platforms, less refunds) reaches it. Below the ledger's callers (donation events, a
 * released held donation, bank transfers, platform statements) and above the ledger's tables.
 */
import type { Db } from "~/utils/db.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { NET_RAISED } from "~/modules/ledger/balances.server";

/** A campaign's status, goal and net raised, as the goal check reads them. */
export type GoalProgress = { status: string; goalFen: bigint; net: bigint | null };

/**
 * Marks an APPROVED campaign FUNDED once what it raised reaches its goal: "funded" when it does so
 * now, "short" while the goal is not reached, "closed" when the campaign is not APPROVED (or gone).
 * `postingFen`: donations about to be posted in this transaction, counted as if they were.
 * `goals`: a batch's memory of what this check read (Batch.goals), so one batch sums a
 * campaign's ledger once. `dryRun`: only tells ("funded": it would be), one query outside any transaction.
 */
export async function markFundedWhenGoalReached(
  tx: Db,
  campaignId: string,
  opts: { postingFen?: bigint; goals?: Map<string, GoalProgress>; dryRun?: boolean } = {},
): Promise<"funded" | "short" | "closed"> {
  // One round trip: the status and goal, and (only while APPROVED) what counts towards the goal —
  // totalsFor's netRaisedFen (raised − refunded, a reversed refund counting as raised again), from
  // the campaign's tallies (ADR 027): a few rows, not every donation it ever had.
  const known = opts.goals?.get(campaignId);
  const rows = known ? [known] : await tx.$queryRaw<GoalProgress[]>`
    SELECT c.status::text AS status, c."goalFen",
      CASE WHEN c.status = 'APPROVED' THEN (
        SELECT ${NET_RAISED} FROM "LedgerOwnerTally" t WHERE t."ownerKind" = 'CAMPAIGN' AND t."ownerId" = c.id)
      END AS net
    FROM "Campaign" c WHERE c.id = ${campaignId}`;
  const c = rows[0];
  if (c && !known) opts.goals?.set(campaignId, { status: c.status, goalFen: BigInt(c.goalFen), net: c.net === null ? null : BigInt(c.net) });
  if (!c || c.status !== "APPROVED" || c.net === null) return "closed";
  if (BigInt(c.net) + (opts.postingFen ?? 0n) < BigInt(c.goalFen)) return "short";
  if (opts.dryRun) return "funded";
  const moved = await tx.campaign.updateMany({ where: { id: campaignId, status: "APPROVED" }, data: { status: "FUNDED" } });
  opts.goals?.set(campaignId, { ...c, status: "FUNDED" });
  if (!moved.count) return "closed";
  await enqueueSearch(tx, "campaign", campaignId);
  return "funded";
}
