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

/**
 * Posts several balanced transactions together: one INSERT of the transactions and one of all their
 * entries (a batch of settlements). Exactly as postTransaction would, one by one: a key already
 * posted returns the existing transaction (`created: false`), and a transaction skipped for another
 * unique column goes through postTransaction, which fails as it always did.
 */
export async function postTransactions(db: Db, inputs: TransactionInput[]): Promise<{ id: string; created: boolean }[]> {
  for (const input of inputs) assertBalanced(input.entries, input.amountFen);
  return inTransaction(db, async (tx) => {
    // A key twice in the batch: the second is the first's repeat, as posting them one by one tells.
    if (new Set(inputs.map((i) => i.idempotencyKey)).size !== inputs.length) {
      const one: { id: string; created: boolean }[] = [];
      for (const input of inputs) one.push(await postTransaction(tx, input));
      return one;
    }
    const data = inputs.map(({ entries: _entries, ...rest }) => ({ ...rest, currency: CURRENCY, campaignId: rest.campaignId ?? null, fundId: rest.fundId ?? null }));
    const inserted = await tx.ledgerTransaction.createManyAndReturn({ data, skipDuplicates: true, select: { id: true, idempotencyKey: true } });
    const idOf = new Map(inserted.map((t) => [t.idempotencyKey, t.id]));
    const out: { id: string; created: boolean }[] = [];
    const entries: { transactionId: string; accountId: string; amountFen: bigint; currency: string }[] = [];
    for (const input of inputs) {
      const id = idOf.get(input.idempotencyKey);
      if (!id) {
        out.push(await postTransaction(tx, input));
        continue;
      }
      out.push({ id, created: true });
      for (const e of input.entries) entries.push({ transactionId: id, accountId: e.accountId, amountFen: e.amountFen, currency: CURRENCY });
    }
    if (entries.length) await tx.ledgerEntry.createMany({ data: entries });
    return out;
  });
}
