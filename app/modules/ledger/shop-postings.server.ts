/**
 * The shop's movements of money, each one balanced transaction committed with the business row it
 * accounts for. None of these kinds is money raised: statistics read only DONATION,
 * OFFLINE_DONATION and REFUND (statistics/sources.server.ts), and the campaign/fund totals ignore them.
 *
 *   ORDER_PAYMENT    PROVIDER_CLEARING:<p>      −x   PRODUCER_PAYABLE:<producer>   +x
 *   ORDER_REFUND     PRODUCER_PAYABLE:<producer> −x  REFUNDS                       +x
 *   PRODUCER_PAYOUT  PRODUCER_PAYABLE:<producer> −x  PRODUCER_PAID_OUT:<producer>  +x
 *
 * Money leaves a producer's payable only under its account lock (lockedPayable), so two refunds or
 * payouts at once cannot both spend the same fen.
 */
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { PaymentProviderName } from "~/generated/prisma/enums";
import { accountBalance, accountKey, ensureAccount, ensureAccounts, lockAccount, type AccountSpec } from "./accounts.server";
import { postTransaction } from "./post.server";

type OrderRef = { orderId: string; producerId: string; orgId: string; districtCode: string };

/**
 * Creates, where new, every account a payment of these orders posts to — the provider's clearing
 * account and each producer's payable — in key order, and before the payment takes any other lock.
 * The first payment to a producer creates its payable, and another transaction inserting the same
 * key waits for it until commit. A payment arriving after its checkout expired locks the products
 * first (to reserve them again) while an ordinary payment locks them last, after its postings: had
 * the accounts been created in between, the two waited for each other (a deadlock, answered 500).
 */
export async function ensureOrderPaymentAccounts(db: Db, provider: PaymentProviderName, producerIds: string[]): Promise<OrderPaymentAccounts> {
  const specs: AccountSpec[] = [{ kind: "PROVIDER_CLEARING", provider }, ...[...new Set(producerIds)].map((producerId) => ({ kind: "PRODUCER_PAYABLE" as const, producerId }))];
  specs.sort((a, b) => (accountKey(a) < accountKey(b) ? -1 : 1));
  const ids = await ensureAccounts(db, specs);
  const accounts: OrderPaymentAccounts = { clearing: "", payable: new Map() };
  specs.forEach((spec, i) => {
    if (spec.kind === "PROVIDER_CLEARING") accounts.clearing = ids[i]!;
    else if (spec.kind === "PRODUCER_PAYABLE") accounts.payable.set(spec.producerId, ids[i]!);
  });
  return accounts;
}

/** The provider's clearing account and each producer's payable, as ensureOrderPaymentAccounts found or made them. */
export type OrderPaymentAccounts = { clearing: string; payable: Map<string, string> };

/** Books an order's payment; `accounts` (from ensureOrderPaymentAccounts) saves reading the two accounts again. */
export async function postOrderPayment(db: Db, o: OrderRef & { amountFen: bigint; provider: PaymentProviderName; occurredAt: Date }, accounts?: OrderPaymentAccounts) {
  const known = accounts?.payable.get(o.producerId);
  const [source, payable] =
    accounts && known
      ? [accounts.clearing, known]
      : await Promise.all([ensureAccount(db, { kind: "PROVIDER_CLEARING", provider: o.provider }), ensureAccount(db, { kind: "PRODUCER_PAYABLE", producerId: o.producerId })]);
  return postTransaction(db, {
    kind: "ORDER_PAYMENT",
    amountFen: o.amountFen,
    occurredAt: o.occurredAt,
    idempotencyKey: `order-payment:${o.orderId}`,
    orgId: o.orgId,
    districtCode: o.districtCode,
    orderId: o.orderId,
    producerId: o.producerId,
    provider: o.provider,
    entries: [
      { accountId: source, amountFen: -o.amountFen },
      { accountId: payable, amountFen: o.amountFen },
    ],
  });
}

/**
 * Order refunds approved (REQUESTED is not yet, PENDING is at the provider) and not yet booked: their
 * money stays in the payable but may not be paid out nor promised to another refund.
 */
export async function reservedForOrderRefunds(db: Db, producerId: string, exceptRefundId?: string): Promise<bigint> {
  const rows = await db.$queryRaw<{ fen: bigint | null }[]>`
    SELECT COALESCE(SUM(r."amountFen"), 0)::bigint AS fen
    FROM "OrderRefund" r JOIN "ShopOrder" o ON o.id = r."orderId"
    WHERE o."producerId" = ${producerId} AND r.status IN ('REQUESTED', 'PENDING') AND r.id <> ${exceptRefundId ?? ""}`;
  return BigInt(rows[0]?.fen ?? 0);
}

/** Locks the producer's payable account and returns its balance and what is free to leave it. */
export async function lockedPayable(db: Db, producerId: string, opts: { exceptRefundId?: string } = {}) {
  const accountId = await ensureAccount(db, { kind: "PRODUCER_PAYABLE", producerId });
  await lockAccount(db, accountId);
  const balance = await accountBalance(db, accountId);
  const reservedFen = await reservedForOrderRefunds(db, producerId, opts.exceptRefundId);
  return { accountId, balance, reservedFen, available: balance - reservedFen };
}

/** Books a refund the provider confirmed; refuses (409) more than the payable holds. */
export async function postOrderRefund(db: Db, r: OrderRef & { orderRefundId: string; amountFen: bigint; provider: PaymentProviderName; occurredAt: Date; createdById?: string | null }) {
  const { accountId, balance } = await lockedPayable(db, r.producerId, { exceptRefundId: r.orderRefundId });
  if (r.amountFen > balance) throw new AppError("shop.refunds.errors.exceedsPayable", 409, { balance: balance.toString() });
  const refunds = await ensureAccount(db, { kind: "REFUNDS" });
  return postTransaction(db, {
    kind: "ORDER_REFUND",
    amountFen: r.amountFen,
    occurredAt: r.occurredAt,
    idempotencyKey: `order-refund:${r.orderRefundId}`,
    orgId: r.orgId,
    districtCode: r.districtCode,
    orderId: r.orderId,
    orderRefundId: r.orderRefundId,
    producerId: r.producerId,
    provider: r.provider,
    createdById: r.createdById ?? null,
    entries: [
      { accountId, amountFen: -r.amountFen },
      { accountId: refunds, amountFen: r.amountFen },
    ],
  });
}

/** Caller holds the lock from lockedPayable() in the same transaction and checked the amount. */
export async function postProducerPayout(db: Db, p: { payoutId: string; producerId: string; orgId: string; districtCode: string; payableAccountId: string; amountFen: bigint; occurredAt: Date; createdById: string }) {
  const sink = await ensureAccount(db, { kind: "PRODUCER_PAID_OUT", producerId: p.producerId });
  return postTransaction(db, {
    kind: "PRODUCER_PAYOUT",
    amountFen: p.amountFen,
    occurredAt: p.occurredAt,
    idempotencyKey: `payout:${p.payoutId}`,
    orgId: p.orgId,
    districtCode: p.districtCode,
    payoutId: p.payoutId,
    producerId: p.producerId,
    createdById: p.createdById,
    entries: [
      { accountId: p.payableAccountId, amountFen: -p.amountFen },
      { accountId: sink, amountFen: p.amountFen },
    ],
  });
}

/** The producer's payable balance (what buyers paid, less refunds and payouts), without locking. */
export async function payableBalance(db: Db, producerId: string) {
  const rows = await db.$queryRaw<{ balance: bigint | null }[]>`
    SELECT COALESCE(SUM(e."amountFen"), 0)::bigint AS balance FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a.id = e."accountId"
    WHERE a.key = ${`PRODUCER_PAYABLE:${producerId}`}`;
  const balance = BigInt(rows[0]?.balance ?? 0);
  const reservedFen = await reservedForOrderRefunds(db, producerId);
  return { balance, reservedFen, available: balance - reservedFen };
}
