/**
 * Fulfilment of pledges is derived, never stored: the sum of ConsumptionSale rows carrying the
 * pledge's id (shop orders write theirs when received, organizations when they record an offline
 * sale against a pledge) dated in the pledge's year. Sales to the pledge's target district or
 * producer that were not attached to the pledge do not count: nothing is guessed.
 *
 * `soldOn` is a calendar date already (the day of the sale in Asia/Shanghai), so a month bucket is
 * that date's month; no time-zone arithmetic happens here.
 */
import { prisma, type Db } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";

/** Counted fen per pledge (sales dated in the pledge's year); pledges without sales are absent. */
export async function fulfilledByPledge(pledgeIds: string[], db: Db = prisma): Promise<Map<string, bigint>> {
  if (!pledgeIds.length) return new Map();
  const rows = await db.$queryRaw<{ pledgeId: string; fen: bigint }[]>`
    SELECT s."pledgeId", SUM(s."amountFen")::bigint AS fen
    FROM "ConsumptionSale" s JOIN "PurchasePledge" p ON p.id = s."pledgeId"
    WHERE s."pledgeId" IN (${Prisma.join(pledgeIds)})
      AND s."soldOn" >= make_date(p.year, 1, 1) AND s."soldOn" < make_date(p.year + 1, 1, 1)
    GROUP BY s."pledgeId"`;
  return new Map(rows.map((r) => [r.pledgeId, BigInt(r.fen)]));
}

export type MonthBucket = { month: number; fen: bigint; cumulativeFen: bigint; sales: number };

/**
 * Twelve month buckets of the pledge's year (January first), with the running total, and what was
 * attached to the pledge but dated outside its year (shown, not counted).
 */
export async function monthlyFulfilment(pledgeId: string, year: number, db: Db = prisma) {
  const rows = await db.$queryRaw<{ y: number; m: number; fen: bigint; n: bigint }[]>`
    SELECT EXTRACT(YEAR FROM "soldOn")::int AS y, EXTRACT(MONTH FROM "soldOn")::int AS m, SUM("amountFen")::bigint AS fen, COUNT(*)::bigint AS n
    FROM "ConsumptionSale" WHERE "pledgeId" = ${pledgeId}
    GROUP BY 1, 2`;
  const byMonth = new Map<number, { fen: bigint; n: number }>();
  let outsideFen = 0n;
  let outsideSales = 0;
  for (const r of rows) {
    if (r.y === year) byMonth.set(r.m, { fen: BigInt(r.fen), n: Number(r.n) });
    else {
      outsideFen += BigInt(r.fen);
      outsideSales += Number(r.n);
    }
  }
  let running = 0n;
  const months: MonthBucket[] = [];
  for (let month = 1; month <= 12; month++) {
    const b = byMonth.get(month);
    running += b?.fen ?? 0n;
    months.push({ month, fen: b?.fen ?? 0n, cumulativeFen: running, sales: b?.n ?? 0 });
  }
  return { months, totalFen: running, outsideFen, outsideSales };
}
