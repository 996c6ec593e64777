import type { Db } from "~/utils/db.server";
import type { LedgerAccountKind, PaymentProviderName } from "~/generated/prisma/enums";

/** The owner of an account; the key makes each (kind, owner) account unique. */
export type AccountSpec =
  | { kind: "CAMPAIGN"; campaignId: string; orgId: string }
  | { kind: "FUND"; fundId: string; orgId: string }
  | { kind: "ORGANIZATION"; orgId: string }
  | { kind: "DISBURSED"; orgId: string }
  | { kind: "PROVIDER_CLEARING"; provider: PaymentProviderName }
  | { kind: "PROVIDER_FEES"; provider: PaymentProviderName }
  | { kind: "OFFLINE_RECEIPTS" }
  | { kind: "REFUNDS" }
  /** Shop: what buyers paid for a producer's goods, owed to the producer (one per producer). */
  | { kind: "PRODUCER_PAYABLE"; producerId: string }
  /** Shop: money paid out to a producer by its supporting organization (one per producer). */
  | { kind: "PRODUCER_PAID_OUT"; producerId: string }
  /** Matching funds (ADR 020): a pledge's money not matched yet (one per pledge; the key names it). */
  | { kind: "MATCH_PLEDGE"; pledgeId: string }
  /** Matching funds: a campaign's matched money, apart from its own account so it never counts towards goal or cap. */
  | { kind: "MATCHED"; campaignId: string; orgId: string }
  /** Matching funds: pledge money given back to matchers after their windows (one account, like REFUNDS). */
  | { kind: "MATCH_RETURNED" };

export function accountKey(spec: AccountSpec): string {
  switch (spec.kind) {
    case "CAMPAIGN":
      return `CAMPAIGN:${spec.campaignId}`;
    case "FUND":
      return `FUND:${spec.fundId}`;
    case "ORGANIZATION":
      return `ORGANIZATION:${spec.orgId}`;
    case "DISBURSED":
      return `DISBURSED:${spec.orgId}`;
    case "PROVIDER_CLEARING":
    case "PROVIDER_FEES":
      return `${spec.kind}:${spec.provider}`;
    case "PRODUCER_PAYABLE":
    case "PRODUCER_PAID_OUT":
      return `${spec.kind}:${spec.producerId}`;
    case "MATCH_PLEDGE":
      return `MATCH_PLEDGE:${spec.pledgeId}`;
    case "MATCHED":
      return `MATCHED:${spec.campaignId}`;
    default:
      return spec.kind;
  }
}

/** Accounts that hold money for a purpose: their balance may never go below zero. */
export const HOLDING_KINDS: LedgerAccountKind[] = ["CAMPAIGN", "FUND", "ORGANIZATION"];

/**
 * Returns the account's id, creating it on first use. Safe under concurrency: the insert ignores a
 * conflicting key, then the row is read back.
 */
export async function ensureAccount(db: Db, spec: AccountSpec): Promise<string> {
  const key = accountKey(spec);
  const existing = await db.ledgerAccount.findUnique({ where: { key }, select: { id: true } });
  if (existing) return existing.id;
  await db.ledgerAccount.createMany({
    data: [
      {
        key,
        kind: spec.kind,
        campaignId: "campaignId" in spec ? spec.campaignId : null,
        fundId: "fundId" in spec ? spec.fundId : null,
        orgId: "orgId" in spec ? spec.orgId : null,
        producerId: "producerId" in spec ? spec.producerId : null,
      },
    ],
    skipDuplicates: true,
  });
  const row = await db.ledgerAccount.findUniqueOrThrow({ where: { key }, select: { id: true } });
  return row.id;
}

/** Like ensureAccount for several accounts, in one round trip when they all exist (the usual case). */
export async function ensureAccounts(db: Db, specs: AccountSpec[]): Promise<string[]> {
  const keys = specs.map(accountKey);
  const found = await db.ledgerAccount.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } });
  const ids = new Map(found.map((a) => [a.key, a.id]));
  const out: string[] = [];
  for (const [i, spec] of specs.entries()) out.push(ids.get(keys[i]!) ?? (await ensureAccount(db, spec)));
  return out;
}

/**
 * Locks the account row until the surrounding transaction ends. Every movement that takes money out
 * of a holding account (disbursement, refund, fee) locks it first and then reads the balance, so two
 * concurrent withdrawals cannot both see the same money.
 */
export async function lockAccount(db: Db, accountId: string) {
  await db.$queryRaw`SELECT id FROM "LedgerAccount" WHERE id = ${accountId} FOR NO KEY UPDATE`;
}

export async function accountBalance(db: Db, accountId: string): Promise<bigint> {
  const rows = await db.$queryRaw<{ balance: bigint | null }[]>`SELECT COALESCE(SUM("amountFen"), 0)::bigint AS balance FROM "LedgerEntry" WHERE "accountId" = ${accountId}`;
  return BigInt(rows[0]?.balance ?? 0);
}
