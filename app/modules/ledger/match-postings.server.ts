/**
 * Matching funds (配捐, ADR 020), each movement one balanced transaction naming its pledge:
 *
 *   MATCH_FUNDING   OFFLINE_RECEIPTS        −x   MATCH_PLEDGE:<pledge>  +x   (the matcher's transfer, recorded by staff)
 *   MATCH           MATCH_PLEDGE:<pledge>   −x   MATCHED:<campaign>     +x   (one donation's match)
 *   MATCH_REVERSAL  MATCHED:<campaign>      −x   MATCH_PLEDGE:<pledge>  +x   (its donation refunded; reverses the MATCH)
 *   MATCH_RETURN    MATCH_PLEDGE:<pledge>   −x   MATCH_RETURNED         +x   (the unmatched remainder given back after the window)
 *
 * Matched money leaves MATCHED only in a DISBURSEMENT (postings.server.ts, drawn after the
 * campaign's own money) or a MATCH_REVERSAL, both under the MATCHED account's row lock.
 *
 * Matched money sits in its own MATCHED account and moves under its own kinds, so the campaign's
 * raised total, goal (FUNDED) and emergency cap — all derived from DONATION/OFFLINE_DONATION/REFUND
 * on the CAMPAIGN account — never see it. Callers hold the pledge row lock (match-funds).
 */
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { accountBalance, accountKey, ensureAccount, lockAccount } from "./accounts.server";
import { postTransaction } from "./post.server";
import { RESERVED } from "./postings.server";

type PledgeRef = { pledgeId: string; campaignId: string; orgId: string; districtCode: string };

export async function pledgeAccountId(db: Db, pledgeId: string) {
  return ensureAccount(db, { kind: "MATCH_PLEDGE", pledgeId });
}

/** What is left of a pledge's money in the ledger (before reservations for flagged matches). */
export async function pledgeBalance(db: Db, pledgeId: string) {
  return accountBalance(db, await pledgeAccountId(db, pledgeId));
}

/** A campaign's matched money (MATCHED account), read without creating the account (public pages). */
export async function matchedBalance(db: Db, campaignId: string): Promise<bigint> {
  const rows = await db.$queryRaw<{ balance: bigint }[]>`SELECT COALESCE(SUM(e."amountFen"), 0)::bigint AS balance FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a.id = e."accountId" WHERE a.key = ${`MATCHED:${campaignId}`}`;
  return BigInt(rows[0]?.balance ?? 0);
}

/**
 * Locks a campaign's MATCHED account (if it exists: a campaign never matched has none and nothing
 * is created) and reads its balance. Money may leave MATCHED only while this lock is held. Lock
 * order: after the CAMPAIGN account (disbursements and refunds take that one first).
 */
export async function lockedMatchedBalance(db: Db, campaignId: string): Promise<{ accountId: string | null; balance: bigint }> {
  const account = await db.ledgerAccount.findUnique({ where: { key: accountKey({ kind: "MATCHED", campaignId, orgId: "" }) }, select: { id: true } });
  if (!account) return { accountId: null, balance: 0n };
  await lockAccount(db, account.id);
  return { accountId: account.id, balance: await accountBalance(db, account.id) };
}

/**
 * Matched money that may not be spent: what the paid matches of the campaign will give back to
 * their pledges when the refunds asked for and not booked yet go through (each match shrinks to the
 * ratio of what is left of its donation, settle.server.ts reverseMatchesForRefund). Read under the
 * CAMPAIGN account lock, which every refund request takes too.
 */
export async function reservedMatchedForRefunds(db: Db, campaignId: string): Promise<bigint> {
  const rows = await db.$queryRaw<{ fen: bigint }[]>`
    SELECT coalesce(sum(g."amountFen" - LEAST(g."amountFen", GREATEST(0, d."amountFen" - d."refundedFen" - pr.fen) * p."ratioNum" / p."ratioDen")), 0)::bigint AS fen
    FROM "MatchedGift" g
    JOIN "MatchPledge" p ON p.id = g."pledgeId"
    JOIN "Donation" d ON d.id = g."donationId"
    JOIN LATERAL (SELECT coalesce(sum(r."amountFen"), 0) AS fen FROM "Refund" r WHERE r."donationId" = d.id AND ${RESERVED}) pr ON true
    WHERE g."campaignId" = ${campaignId} AND g.status = 'PAID' AND pr.fen > 0`;
  return BigInt(rows[0]?.fen ?? 0);
}

export async function postMatchFunding(db: Db, p: PledgeRef & { amountFen: bigint; fundingRef: string; createdById: string; occurredAt: Date; matcherName: string }) {
  const [source, pledge] = await Promise.all([ensureAccount(db, { kind: "OFFLINE_RECEIPTS" }), pledgeAccountId(db, p.pledgeId)]);
  return postTransaction(db, {
    kind: "MATCH_FUNDING",
    amountFen: p.amountFen,
    occurredAt: p.occurredAt,
    idempotencyKey: `match-funding:${p.pledgeId}`,
    orgId: p.orgId,
    districtCode: p.districtCode,
    campaignId: p.campaignId,
    matchPledgeId: p.pledgeId,
    provider: "OFFLINE",
    source: "match pledge",
    externalRef: p.fundingRef.slice(0, 200),
    donorName: p.matcherName.slice(0, 100),
    createdById: p.createdById,
    entries: [
      { accountId: source, amountFen: -p.amountFen },
      { accountId: pledge, amountFen: p.amountFen },
    ],
  });
}

/** One donation's match: the caller has locked the pledge and checked what is left of it. */
export async function postMatch(db: Db, p: PledgeRef & { giftId: string; donationId: string; amountFen: bigint; occurredAt: Date; createdById?: string | null }) {
  const [pledge, matched] = await Promise.all([pledgeAccountId(db, p.pledgeId), ensureAccount(db, { kind: "MATCHED", campaignId: p.campaignId, orgId: p.orgId })]);
  if (p.amountFen > (await accountBalance(db, pledge))) throw new AppError("matchFunds.errors.pledgeExhausted", 409);
  return postTransaction(db, {
    kind: "MATCH",
    amountFen: p.amountFen,
    occurredAt: p.occurredAt,
    idempotencyKey: `match:${p.giftId}`,
    orgId: p.orgId,
    districtCode: p.districtCode,
    campaignId: p.campaignId,
    donationId: p.donationId,
    matchPledgeId: p.pledgeId,
    createdById: p.createdById ?? null,
    entries: [
      { accountId: pledge, amountFen: -p.amountFen },
      { accountId: matched, amountFen: p.amountFen },
    ],
  });
}

/**
 * Takes back (part of) a paid match when its donation is refunded: a new group reversing the MATCH.
 * The caller holds the MATCHED lock (lockedMatchedBalance) and never asks for more than its balance.
 */
export async function postMatchReversal(db: Db, p: PledgeRef & { giftId: string; donationId: string; refundId: string; amountFen: bigint; occurredAt: Date }) {
  const original = await db.ledgerTransaction.findUnique({ where: { idempotencyKey: `match:${p.giftId}` }, select: { id: true } });
  if (!original) throw new AppError("matchFunds.errors.notMatched", 409);
  const [pledge, matched] = await Promise.all([pledgeAccountId(db, p.pledgeId), ensureAccount(db, { kind: "MATCHED", campaignId: p.campaignId, orgId: p.orgId })]);
  return postTransaction(db, {
    kind: "MATCH_REVERSAL",
    amountFen: p.amountFen,
    occurredAt: p.occurredAt,
    idempotencyKey: `match-reversal:${p.giftId}:${p.refundId}`,
    orgId: p.orgId,
    districtCode: p.districtCode,
    campaignId: p.campaignId,
    donationId: p.donationId,
    matchPledgeId: p.pledgeId,
    reversesId: original.id,
    entries: [
      { accountId: matched, amountFen: -p.amountFen },
      { accountId: pledge, amountFen: p.amountFen },
    ],
  });
}

/**
 * Gives a pledge's unmatched money back to the matcher (its window closed, or a match reversed after
 * it closed). `key` makes each return once: `match-return:<pledge>` for the close, one per
 * gift and refund after it. The caller holds the pledge lock and passes at most its balance.
 */
export async function postMatchReturn(db: Db, p: PledgeRef & { key: string; amountFen: bigint; occurredAt: Date; matcherName: string; createdById?: string | null }) {
  const [pledge, sink] = await Promise.all([pledgeAccountId(db, p.pledgeId), ensureAccount(db, { kind: "MATCH_RETURNED" })]);
  if (p.amountFen > (await accountBalance(db, pledge))) throw new AppError("matchFunds.errors.pledgeExhausted", 409);
  return postTransaction(db, {
    kind: "MATCH_RETURN",
    amountFen: p.amountFen,
    occurredAt: p.occurredAt,
    idempotencyKey: p.key,
    orgId: p.orgId,
    districtCode: p.districtCode,
    campaignId: p.campaignId,
    matchPledgeId: p.pledgeId,
    donorName: p.matcherName.slice(0, 100),
    createdById: p.createdById ?? null,
    entries: [
      { accountId: pledge, amountFen: -p.amountFen },
      { accountId: sink, amountFen: p.amountFen },
    ],
  });
}
