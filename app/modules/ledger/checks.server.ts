import { prisma, type Db } from "~/utils/db.server";

/**
 * Ledger invariants, each a SQL query returning the offending rows (none = holds). Run by
 * `npm run ledger:check` and by the test suite (after Open Collective's `checks/`).
 */
export const LEDGER_CHECKS: { name: string; description: string; sql: string }[] = [
  {
    name: "balanced-transactions",
    description: "the entries of every transaction sum to zero",
    sql: `SELECT "transactionId" AS id, SUM("amountFen")::text AS detail FROM "LedgerEntry" GROUP BY 1 HAVING SUM("amountFen") <> 0`,
  },
  {
    name: "transactions-have-entries",
    description: "every transaction has at least two entries",
    sql: `SELECT t.id, COUNT(e.id)::text AS detail FROM "LedgerTransaction" t LEFT JOIN "LedgerEntry" e ON e."transactionId" = t.id GROUP BY t.id HAVING COUNT(e.id) < 2`,
  },
  {
    name: "single-currency",
    description: "every entry and transaction is in CNY",
    sql: `SELECT id::text AS id, currency AS detail FROM "LedgerEntry" WHERE currency <> 'CNY' UNION ALL SELECT id, currency FROM "LedgerTransaction" WHERE currency <> 'CNY'`,
  },
  {
    name: "no-negative-holding-balance",
    description: "no campaign, fund or organization account balance below zero",
    sql: `SELECT a.key AS id, SUM(e."amountFen")::text AS detail FROM "LedgerAccount" a JOIN "LedgerEntry" e ON e."accountId" = a.id WHERE a.kind IN ('CAMPAIGN','FUND','ORGANIZATION') GROUP BY a.key HAVING SUM(e."amountFen") < 0`,
  },
  {
    name: "refunds-within-payment",
    description: "no donation is refunded above its payment",
    sql: `SELECT d.id, (SUM(r."amountFen") - d."amountFen")::text AS detail FROM "LedgerTransaction" d JOIN "LedgerTransaction" r ON r."reversesId" = d.id AND r.kind = 'REFUND' GROUP BY d.id, d."amountFen" HAVING SUM(r."amountFen") > d."amountFen"`,
  },
  {
    name: "refunds-reverse-a-donation",
    description: "every refund reverses a donation",
    sql: `SELECT r.id, COALESCE(d.kind::text, 'none') AS detail FROM "LedgerTransaction" r LEFT JOIN "LedgerTransaction" d ON d.id = r."reversesId" WHERE r.kind = 'REFUND' AND (d.id IS NULL OR d.kind <> 'DONATION')`,
  },
  {
    name: "transaction-amount-matches-entries",
    description: "the denormalised amount equals the money moved (sum of the positive entries)",
    sql: `SELECT t.id, (t."amountFen" - SUM(e."amountFen") FILTER (WHERE e."amountFen" > 0))::text AS detail FROM "LedgerTransaction" t JOIN "LedgerEntry" e ON e."transactionId" = t.id GROUP BY t.id, t."amountFen" HAVING t."amountFen" <> SUM(e."amountFen") FILTER (WHERE e."amountFen" > 0)`,
  },
  {
    name: "paid-donations-recorded-once",
    description: "every paid donation has exactly one DONATION transaction of its amount, and no other donation has one",
    sql: `SELECT d.id, (d.status::text || ' txs=' || COUNT(t.id) || ' sum=' || COALESCE(SUM(t."amountFen"), 0)) AS detail FROM "Donation" d LEFT JOIN "LedgerTransaction" t ON t."donationId" = d.id AND t.kind = 'DONATION' GROUP BY d.id HAVING (d.status IN ('PAID','PARTLY_REFUNDED','REFUNDED') AND (COUNT(t.id) <> 1 OR SUM(t."amountFen") <> d."amountFen")) OR (d.status NOT IN ('PAID','PARTLY_REFUNDED','REFUNDED') AND COUNT(t.id) <> 0)`,
  },
  {
    name: "donation-refunded-amount-matches",
    description: "a donation's refunded amount equals its REFUND transactions",
    sql: `SELECT d.id, (d."refundedFen" - COALESCE(SUM(t."amountFen"), 0))::text AS detail FROM "Donation" d LEFT JOIN "LedgerTransaction" t ON t."donationId" = d.id AND t.kind = 'REFUND' GROUP BY d.id, d."refundedFen" HAVING d."refundedFen" <> COALESCE(SUM(t."amountFen"), 0)`,
  },
  {
    name: "disbursements-recorded",
    description: "every disbursement has exactly one DISBURSEMENT transaction of its amount",
    sql: `SELECT b.id, COALESCE(t."amountFen"::text, 'none') AS detail FROM "Disbursement" b LEFT JOIN "LedgerTransaction" t ON t."disbursementId" = b.id AND t.kind = 'DISBURSEMENT' WHERE t.id IS NULL OR t."amountFen" <> b."amountFen"`,
  },
];

export type CheckResult = { name: string; description: string; ok: boolean; violations: { id: string; detail: string | null }[] };

export async function runLedgerChecks(db: Db = prisma): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of LEDGER_CHECKS) {
    const rows = await db.$queryRawUnsafe<{ id: string; detail: string | null }[]>(`${c.sql} LIMIT 20`);
    out.push({ name: c.name, description: c.description, ok: rows.length === 0, violations: rows });
  }
  return out;
}
