import { inTransaction, prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { LedgerTransactionKind, PaymentProviderName } from "~/generated/prisma/enums";

export type EntryInput = { accountId: string; amountFen: bigint };

export type TransactionInput = {
  kind: LedgerTransactionKind;
  /** Positive amount moved into or out of the campaign/fund account (denormalised for statistics). */
  amountFen: bigint;
  occurredAt: Date;
  idempotencyKey: string;
  orgId: string;
  districtCode: string;
  campaignId?: string | null;
  fundId?: string | null;
  donationId?: string | null;
  refundId?: string | null;
  disbursementId?: string | null;
  /** Shop movements: the order, the order refund, the producer payout, the producer. */
  orderId?: string | null;
  orderRefundId?: string | null;
  payoutId?: string | null;
  producerId?: string | null;
  reversesId?: string | null;
  /** Matching funds: the pledge whose money moves (MATCH_FUNDING, MATCH, MATCH_REVERSAL). */
  matchPledgeId?: string | null;
  provider?: PaymentProviderName | null;
  source?: string | null;
  externalRef?: string | null;
  donorName?: string | null;
  createdById?: string | null;
  entries: EntryInput[];
};

export const CURRENCY = "CNY";

/** Refuses an unbalanced or malformed group before anything is written (the database checks again at commit). */
export function assertBalanced(entries: EntryInput[], amountFen: bigint) {
  if (entries.length < 2) throw new AppError("funding.errors.ledgerUnbalanced", 500);
  let sum = 0n;
  for (const e of entries) {
    if (typeof e.amountFen !== "bigint" || e.amountFen === 0n) throw new AppError("funding.errors.ledgerUnbalanced", 500);
    sum += e.amountFen;
  }
  if (sum !== 0n) throw new AppError("funding.errors.ledgerUnbalanced", 500, { sum: sum.toString() });
  if (typeof amountFen !== "bigint" || amountFen <= 0n) throw new AppError("funding.errors.ledgerUnbalanced", 500);
}

/**
 * Posts one balanced transaction (entries summing to zero). The idempotency key is unique: posting
 * the same key again returns the existing transaction instead of moving money twice.
 */
export async function postTransaction(db: Db, input: TransactionInput): Promise<{ id: string; created: boolean }> {
  assertBalanced(input.entries, input.amountFen);
  return inTransaction(db, async (tx) => {
    const { entries, ...rest } = input;
    const data = { ...rest, currency: CURRENCY, campaignId: rest.campaignId ?? null, fundId: rest.fundId ?? null };
    // Insert unless the key is taken (one round trip in the usual case, where it is not).
    const inserted = await tx.ledgerTransaction.createManyAndReturn({ data: [data], skipDuplicates: true, select: { id: true } });
    let id = inserted[0]?.id;
    if (!id) {
      const existing = await tx.ledgerTransaction.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
      if (existing) return { id: existing.id, created: false };
      // Skipped for another unique column (a refund or disbursement posted under another key): fails as it always did.
      id = (await tx.ledgerTransaction.create({ data, select: { id: true } })).id;
    }
    await tx.ledgerEntry.createMany({ data: entries.map((e) => ({ transactionId: id, accountId: e.accountId, amountFen: e.amountFen, currency: CURRENCY })) });
    return { id, created: true };
  });
}
