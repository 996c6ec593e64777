/**
 * The owner tallies (ADR 027): derived tables the ledger's and donations' triggers keep
 * (LedgerOwnerTally, LedgerAccountBalance, OwnerDonor, OwnerDonorCount; migration
 * …_ledger_owner_tallies). Nothing writes them but those triggers and this rebuild.
 */
import { inTransaction, type Db } from "~/utils/db.server";

/**
 * The tallies from the books as they are, the statements of the migration's first fill. Each is
 * one INSERT … SELECT over the whole table, for after the tables were emptied.
 */
export const TALLY_FILL_SQL = [
  `INSERT INTO "LedgerOwnerTally" ("ownerKind", "ownerId", kind, reversal, source, fen, n)
     SELECT owner_kind, owner_id, kind, reversal, source, SUM(amount)::bigint, count(*)::bigint FROM (
       SELECT 'CAMPAIGN' AS owner_kind, "campaignId" AS owner_id, kind, ("reversesId" IS NOT NULL) AS reversal, COALESCE(source, '') AS source, "amountFen" AS amount
         FROM "LedgerTransaction" WHERE "campaignId" IS NOT NULL
       UNION ALL
       SELECT 'FUND', "fundId", kind, ("reversesId" IS NOT NULL), COALESCE(source, ''), "amountFen"
         FROM "LedgerTransaction" WHERE "fundId" IS NOT NULL
     ) x GROUP BY 1, 2, 3, 4, 5`,
  `INSERT INTO "LedgerAccountBalance" ("accountId", fen)
     SELECT e."accountId", SUM(e."amountFen")::bigint FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a.id = e."accountId"
     WHERE a."campaignId" IS NOT NULL OR a."fundId" IS NOT NULL GROUP BY 1`,
  `INSERT INTO "OwnerDonor" ("ownerKind", "ownerId", "donorKey", n)
     SELECT CASE WHEN "campaignId" IS NOT NULL THEN 'CAMPAIGN' ELSE 'FUND' END, COALESCE("campaignId", "fundId"),
            owner_donor_key("donorUserId", "donorEmail"::text, id), count(*)::int
     FROM "Donation" WHERE status IN ('PAID', 'PARTLY_REFUNDED') GROUP BY 1, 2, 3`,
  `INSERT INTO "OwnerDonorCount" ("ownerKind", "ownerId", n)
     SELECT "ownerKind", "ownerId", count(*)::bigint FROM "OwnerDonor" GROUP BY 1, 2`,
];

/**
 * Empties and refills the tallies from the books (`npm run ledger:check -- --rebuild-tallies`), for
 * when a check found them apart (a hand-made change with the triggers disabled, a restore of part
 * of the tables). Writes to the ledger and to donations wait meanwhile (SHARE ROW EXCLUSIVE locks:
 * reads go on); the refill is one transaction, so no reader sees empty tallies.
 */
export async function rebuildOwnerTallies(db: Db) {
  await inTransaction(db, async (tx) => {
    await tx.$executeRawUnsafe(`LOCK TABLE "LedgerTransaction", "LedgerEntry", "Donation" IN SHARE ROW EXCLUSIVE MODE`);
    await tx.$executeRawUnsafe(`TRUNCATE "LedgerOwnerTally", "LedgerAccountBalance", "OwnerDonor", "OwnerDonorCount"`);
    for (const sql of TALLY_FILL_SQL) await tx.$executeRawUnsafe(sql);
  }, { timeout: 600_000 });
}
