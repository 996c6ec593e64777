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
    // A refund reversed after it was booked (a DONATION reversing the REFUND) no longer counts.
    sql: `SELECT d.id, (SUM(r."amountFen") - d."amountFen")::text AS detail FROM "LedgerTransaction" d JOIN "LedgerTransaction" r ON r."reversesId" = d.id AND r.kind = 'REFUND' AND NOT EXISTS (SELECT 1 FROM "LedgerTransaction" x WHERE x."reversesId" = r.id) GROUP BY d.id, d."amountFen" HAVING SUM(r."amountFen") > d."amountFen"`,
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
    description: "a donation's refunded amount equals its REFUND transactions (those not reversed)",
    sql: `SELECT d.id, (d."refundedFen" - COALESCE(SUM(t."amountFen"), 0))::text AS detail FROM "Donation" d LEFT JOIN "LedgerTransaction" t ON t."donationId" = d.id AND t.kind = 'REFUND' AND NOT EXISTS (SELECT 1 FROM "LedgerTransaction" x WHERE x."reversesId" = t.id) GROUP BY d.id, d."refundedFen" HAVING d."refundedFen" <> COALESCE(SUM(t."amountFen"), 0)`,
  },
  // Reconciliation (app/modules/reconciliation): refunds reversed after booking, provider fees.
  {
    name: "reversals-reverse-a-refund",
    description: "a DONATION that reverses a transaction reverses exactly one REFUND, of its amount, once, and its refund is FAILED",
    sql: `SELECT x.id, COALESCE(r.kind::text, 'none') || ' ' || COALESCE(f.status::text, 'no refund') AS detail FROM "LedgerTransaction" x LEFT JOIN "LedgerTransaction" r ON r.id = x."reversesId" LEFT JOIN "Refund" f ON f.id = r."refundId" WHERE x.kind = 'DONATION' AND x."reversesId" IS NOT NULL AND (r.id IS NULL OR r.kind <> 'REFUND' OR r."amountFen" <> x."amountFen" OR f.status IS DISTINCT FROM 'FAILED' OR x."donationId" IS NOT NULL OR (SELECT COUNT(*) FROM "LedgerTransaction" y WHERE y."reversesId" = r.id) <> 1)`,
  },
  {
    name: "fees-once-per-donation",
    description: "a donation's provider fee is one FEE transaction, to the fee account of the donation's provider, below the donation",
    sql: `SELECT t.id, (COALESCE(d.provider::text, 'no donation') || ' ' || t."amountFen"::text) AS detail FROM "LedgerTransaction" t LEFT JOIN "Donation" d ON d.id = t."donationId" WHERE t.kind = 'FEE' AND (d.id IS NULL OR t.provider IS DISTINCT FROM d.provider OR t."amountFen" >= d."amountFen" OR (SELECT COUNT(*) FROM "LedgerTransaction" y WHERE y.kind = 'FEE' AND y."donationId" = t."donationId") <> 1)`,
  },
  {
    name: "disbursements-recorded",
    description: "every disbursement has exactly one DISBURSEMENT transaction of its amount",
    sql: `SELECT b.id, COALESCE(t."amountFen"::text, 'none') AS detail FROM "Disbursement" b LEFT JOIN "LedgerTransaction" t ON t."disbursementId" = b.id AND t.kind = 'DISBURSEMENT' WHERE t.id IS NULL OR t."amountFen" <> b."amountFen"`,
  },
  // Shop (app/modules/shop, ledger/shop-postings.server.ts).
  {
    name: "producer-payable-not-negative",
    description: "no producer's payable balance below zero (refunds and payouts never take more than buyers paid)",
    sql: `SELECT a.key AS id, SUM(e."amountFen")::text AS detail FROM "LedgerAccount" a JOIN "LedgerEntry" e ON e."accountId" = a.id WHERE a.kind = 'PRODUCER_PAYABLE' GROUP BY a.key HAVING SUM(e."amountFen") < 0`,
  },
  {
    name: "paid-orders-recorded-once",
    description: "every order whose payment arrived (paidAt set: paid, shipped, received, completed, refunded, or cancelled after payment) has exactly one ORDER_PAYMENT of its total, and no other order has one",
    sql: `SELECT o.id, (o.status::text || ' txs=' || COUNT(t.id) || ' sum=' || COALESCE(SUM(t."amountFen"), 0)) AS detail FROM "ShopOrder" o LEFT JOIN "LedgerTransaction" t ON t."orderId" = o.id AND t.kind = 'ORDER_PAYMENT' GROUP BY o.id HAVING (o."paidAt" IS NOT NULL AND (COUNT(t.id) <> 1 OR SUM(t."amountFen") <> o."totalFen")) OR (o."paidAt" IS NULL AND COUNT(t.id) <> 0) OR (o.status IN ('PAID','SHIPPED','RECEIVED','COMPLETED','REFUNDED') AND o."paidAt" IS NULL)`,
  },
  {
    name: "order-refunded-amount-matches",
    description: "an order's refunded amount equals its ORDER_REFUND transactions and its succeeded refunds",
    sql: `SELECT o.id, (o."refundedFen" - COALESCE(t.fen, 0))::text || '/' || (o."refundedFen" - COALESCE(r.fen, 0))::text AS detail FROM "ShopOrder" o LEFT JOIN (SELECT "orderId", SUM("amountFen") AS fen FROM "LedgerTransaction" WHERE kind = 'ORDER_REFUND' GROUP BY 1) t ON t."orderId" = o.id LEFT JOIN (SELECT "orderId", SUM("amountFen") AS fen FROM "OrderRefund" WHERE status = 'SUCCEEDED' GROUP BY 1) r ON r."orderId" = o.id WHERE o."refundedFen" <> COALESCE(t.fen, 0) OR o."refundedFen" <> COALESCE(r.fen, 0)`,
  },
  {
    name: "payouts-recorded",
    description: "every producer payout has exactly one PRODUCER_PAYOUT transaction of its amount",
    sql: `SELECT p.id, COALESCE(t."amountFen"::text, 'none') AS detail FROM "ProducerPayout" p LEFT JOIN "LedgerTransaction" t ON t."payoutId" = p.id AND t.kind = 'PRODUCER_PAYOUT' WHERE t.id IS NULL OR t."amountFen" <> p."amountFen"`,
  },
  {
    name: "paid-checkouts-match-orders",
    description: "a paid shop checkout's amount equals the totals of its orders",
    sql: `SELECT c.id, (c."amountFen" - COALESCE(SUM(o."totalFen"), 0))::text AS detail FROM "ShopCheckout" c LEFT JOIN "ShopOrder" o ON o."checkoutId" = c.id GROUP BY c.id HAVING c."amountFen" <> COALESCE(SUM(o."totalFen"), 0)`,
  },
  {
    name: "stock-matches-movements",
    description: "every product's cached stock counters equal its stock movements (shop/stock.server.ts stockDrift)",
    sql: `SELECT p.id, (p."stockOnHand" || '/' || p."stockReserved" || ' vs ' || COALESCE(m.on_hand, 0) || '/' || COALESCE(m.reserved, 0)) AS detail FROM "Product" p LEFT JOIN (SELECT "productId", SUM(CASE kind WHEN 'RECEIVED' THEN quantity WHEN 'RETURNED' THEN quantity WHEN 'ADJUSTED' THEN quantity WHEN 'SOLD' THEN -quantity ELSE 0 END) AS on_hand, SUM(CASE kind WHEN 'RESERVED' THEN quantity WHEN 'RELEASED' THEN -quantity WHEN 'SOLD' THEN -quantity ELSE 0 END) AS reserved FROM "StockMovement" GROUP BY "productId") m ON m."productId" = p.id WHERE p."stockOnHand" <> COALESCE(m.on_hand, 0) OR p."stockReserved" <> COALESCE(m.reserved, 0)`,
  },
  // issue 18.2: matching funds (app/modules/match-funds, ledger/match-postings.server.ts).
  {
    name: "matched-within-pledged",
    description: "matched money never exceeds pledged: per pledge, MATCH − MATCH_REVERSAL + MATCH_RETURN ≤ MATCH_FUNDING ≤ its total cap, and no pledge or matched account below zero",
    sql: `SELECT p.id, (COALESCE(SUM(t."amountFen") FILTER (WHERE t.kind = 'MATCH'), 0) - COALESCE(SUM(t."amountFen") FILTER (WHERE t.kind = 'MATCH_REVERSAL'), 0))::text || ' of ' || COALESCE(SUM(t."amountFen") FILTER (WHERE t.kind = 'MATCH_FUNDING'), 0)::text AS detail FROM "MatchPledge" p LEFT JOIN "LedgerTransaction" t ON t."matchPledgeId" = p.id GROUP BY p.id, p."totalCapFen" HAVING COALESCE(SUM(t."amountFen") FILTER (WHERE t.kind = 'MATCH'), 0) - COALESCE(SUM(t."amountFen") FILTER (WHERE t.kind = 'MATCH_REVERSAL'), 0) + COALESCE(SUM(t."amountFen") FILTER (WHERE t.kind = 'MATCH_RETURN'), 0) > COALESCE(SUM(t."amountFen") FILTER (WHERE t.kind = 'MATCH_FUNDING'), 0) OR COALESCE(SUM(t."amountFen") FILTER (WHERE t.kind = 'MATCH_FUNDING'), 0) > p."totalCapFen" UNION ALL SELECT a.key, SUM(e."amountFen")::text FROM "LedgerAccount" a JOIN "LedgerEntry" e ON e."accountId" = a.id WHERE a.kind IN ('MATCH_PLEDGE', 'MATCHED') GROUP BY a.key HAVING SUM(e."amountFen") < 0`,
  },
  {
    name: "matched-gifts-recorded",
    description: "a paid match has its MATCH transactions net of reversals equal to its amount, any other match none; and no match exceeds its pledge's per-donation cap or ratio",
    sql: `SELECT g.id, (g.status::text || ' amount=' || g."amountFen" || ' ledger=' || COALESCE(n.fen, 0)) AS detail FROM "MatchedGift" g JOIN "MatchPledge" p ON p.id = g."pledgeId" JOIN "Donation" d ON d.id = g."donationId" LEFT JOIN (SELECT "matchPledgeId", "donationId", SUM(CASE kind WHEN 'MATCH' THEN "amountFen" ELSE -"amountFen" END) AS fen FROM "LedgerTransaction" WHERE kind IN ('MATCH', 'MATCH_REVERSAL') GROUP BY 1, 2) n ON n."matchPledgeId" = g."pledgeId" AND n."donationId" = g."donationId" WHERE COALESCE(n.fen, 0) <> CASE WHEN g.status = 'PAID' THEN g."amountFen" ELSE 0 END OR g."amountFen" > g."originalFen" OR g."originalFen" > p."perDonationCapFen" OR g."originalFen" * p."ratioDen" > d."amountFen" * p."ratioNum"`,
  },
  // issue 18.2: matching funds follow-up (disbursing matched money, returning what a closed pledge did not match).
  {
    name: "closed-pledges-returned",
    description: "a CLOSED pledge holds no money and has no flagged match; only a CLOSED pledge has a MATCH_RETURN",
    sql: `SELECT p.id, (p.status::text || ' balance=' || COALESCE((SELECT SUM(e."amountFen") FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a.id = e."accountId" WHERE a.key = 'MATCH_PLEDGE:' || p.id), 0) || ' returns=' || (SELECT COUNT(*) FROM "LedgerTransaction" t WHERE t."matchPledgeId" = p.id AND t.kind = 'MATCH_RETURN')) AS detail FROM "MatchPledge" p WHERE (p.status = 'CLOSED' AND (COALESCE((SELECT SUM(e."amountFen") FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a.id = e."accountId" WHERE a.key = 'MATCH_PLEDGE:' || p.id), 0) <> 0 OR EXISTS (SELECT 1 FROM "MatchedGift" g WHERE g."pledgeId" = p.id AND g.status = 'FLAGGED'))) OR (p.status <> 'CLOSED' AND EXISTS (SELECT 1 FROM "LedgerTransaction" t WHERE t."matchPledgeId" = p.id AND t.kind = 'MATCH_RETURN'))`,
  },
  {
    name: "disbursements-draw-own-then-matched",
    description: "a DISBURSEMENT takes money only from its campaign's own account and its MATCHED account (or its fund's), and pays it all to the organization's DISBURSED account",
    sql: `SELECT t.id, string_agg(a.key || '=' || e."amountFen", ' ') AS detail FROM "LedgerTransaction" t JOIN "LedgerEntry" e ON e."transactionId" = t.id JOIN "LedgerAccount" a ON a.id = e."accountId" WHERE t.kind = 'DISBURSEMENT' GROUP BY t.id, t."campaignId", t."fundId", t."orgId" HAVING bool_or(NOT ((e."amountFen" < 0 AND a.key IN ('CAMPAIGN:' || COALESCE(t."campaignId", '-'), 'MATCHED:' || COALESCE(t."campaignId", '-'), 'FUND:' || COALESCE(t."fundId", '-'))) OR (e."amountFen" > 0 AND a.key = 'DISBURSED:' || t."orgId")))`,
  },
  // end issue 18.2: matching funds
  // issue 17: the owner tallies the campaign page, the listing and the goal check read
  // (prisma/migrations/…_ledger_owner_tallies, ADR 027) equal what they stand for.
  {
    name: "owner-tallies-match-ledger",
    description: "each campaign's and fund's tally per kind, reversal and source equals the sum and number of its ledger transactions",
    sql: `SELECT COALESCE(r.owner_kind || ':' || r.owner_id, t."ownerKind" || ':' || t."ownerId") AS id, COALESCE(r.kind::text, t.kind::text) || ' ledger=' || COALESCE(r.fen, 0) || '/' || COALESCE(r.n, 0) || ' tally=' || COALESCE(t.fen, 0) || '/' || COALESCE(t.n, 0) AS detail FROM (SELECT owner_kind, owner_id, kind, reversal, source, SUM(amount)::bigint AS fen, count(*)::bigint AS n FROM (SELECT 'CAMPAIGN' AS owner_kind, "campaignId" AS owner_id, kind, ("reversesId" IS NOT NULL) AS reversal, COALESCE(source, '') AS source, "amountFen" AS amount FROM "LedgerTransaction" WHERE "campaignId" IS NOT NULL UNION ALL SELECT 'FUND', "fundId", kind, ("reversesId" IS NOT NULL), COALESCE(source, ''), "amountFen" FROM "LedgerTransaction" WHERE "fundId" IS NOT NULL) x GROUP BY 1, 2, 3, 4, 5) r FULL JOIN "LedgerOwnerTally" t ON t."ownerKind" = r.owner_kind AND t."ownerId" = r.owner_id AND t.kind = r.kind AND t.reversal = r.reversal AND t.source = r.source WHERE r.fen IS DISTINCT FROM t.fen OR r.n IS DISTINCT FROM t.n`,
  },
  {
    name: "owner-balances-match-entries",
    description: "each campaign and fund account's kept balance equals the sum of its entries",
    sql: `SELECT a.key AS id, 'entries=' || COALESCE(SUM(e."amountFen"), 0) || ' kept=' || COALESCE(b.fen::text, 'none') AS detail FROM "LedgerAccount" a LEFT JOIN "LedgerEntry" e ON e."accountId" = a.id LEFT JOIN "LedgerAccountBalance" b ON b."accountId" = a.id WHERE a."campaignId" IS NOT NULL OR a."fundId" IS NOT NULL GROUP BY a.key, b.fen HAVING COALESCE(SUM(e."amountFen"), 0) <> COALESCE(b.fen, 0) UNION ALL SELECT b."accountId", 'kept for an account that is not a campaign or fund account' FROM "LedgerAccountBalance" b LEFT JOIN "LedgerAccount" a ON a.id = b."accountId" WHERE a.id IS NULL OR (a."campaignId" IS NULL AND a."fundId" IS NULL)`,
  },
  {
    name: "owner-donors-match-donations",
    description: "each campaign's and fund's kept number of donors (and of their paid donations) equals what its PAID and PARTLY_REFUNDED donations give",
    sql: `SELECT COALESCE(r.owner_kind || ':' || r.owner_id, k."ownerKind" || ':' || k."ownerId") AS id, 'donations=' || COALESCE(r.donors, 0) || '/' || COALESCE(r.paid, 0) || ' kept=' || COALESCE(k.n, 0) || '/' || COALESCE(k.paid, 0) AS detail FROM (SELECT CASE WHEN "campaignId" IS NOT NULL THEN 'CAMPAIGN' ELSE 'FUND' END AS owner_kind, COALESCE("campaignId", "fundId") AS owner_id, count(DISTINCT COALESCE('u:' || "donorUserId", 'e:' || lower("donorEmail"::text), 'd:' || id))::bigint AS donors, count(*)::bigint AS paid FROM "Donation" WHERE status IN ('PAID', 'PARTLY_REFUNDED') GROUP BY 1, 2) r FULL JOIN (SELECT c."ownerKind", c."ownerId", c.n, (SELECT COALESCE(SUM(d.n), 0) FROM "OwnerDonor" d WHERE d."ownerKind" = c."ownerKind" AND d."ownerId" = c."ownerId")::bigint AS paid FROM "OwnerDonorCount" c WHERE c.n <> 0) k ON k."ownerKind" = r.owner_kind AND k."ownerId" = r.owner_id WHERE r.donors IS DISTINCT FROM k.n OR r.paid IS DISTINCT FROM k.paid`,
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
