/**
 * Consumption-aid figures that are not rollups (issue 13): the producers that sold most in the
 * period, and the households the producers lift, counted once city-wide. Both are small queries
 * over the raw tables under the dashboard's filter; the sums by channel, district, category and
 * buyer kind come from the rollups (sources.server.ts, "consumption_sale"). Read from the replica
 * by default, like the rest of the dashboard.
 */
import { replica, type Db } from "~/utils/db.server";
import type { StatsFilter } from "./filters";

export type TopProducer = { producerId: string; name: string; districtCode: string; amountFen: number; sales: number };
export type HouseholdsLifted = { total: number; named: number; declared: number };
export type ConsumptionExtras = { topProducers: TopProducer[]; households: HouseholdsLifted };

const TOP_PRODUCERS = 10;

/**
 * Sales per producer in the period, largest first. The same rows as the consumption-aid total:
 * sales answering a purchase offer (needResponseId) are left out, the offer counts for them.
 */
export async function topProducers(f: StatsFilter, db: Db = replica(), opts: { limit?: number; approvedOnly?: boolean } = {}): Promise<TopProducer[]> {
  const limit = opts.limit ?? TOP_PRODUCERS;
  const params: unknown[] = [f.from, f.to];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`s."soldOn" >= $1::date`, `s."soldOn" <= $2::date`, `s."needResponseId" IS NULL`, `s."producerId" IS NOT NULL`];
  if (f.districtCode) where.push(`s."districtCode" = ${add(f.districtCode)}`);
  if (f.orgType) where.push(`o."type"::text = ${add(f.orgType)}`);
  if (f.orgId) where.push(`s."orgId" = ${add(f.orgId)}`);
  // The public page names only producers the bureau approved (a suspended one is not advertised).
  if (opts.approvedOnly) where.push(`p.status::text = 'APPROVED'`);
  const rows = await db.$queryRawUnsafe<{ producerId: string; name: string; districtCode: string; amountFen: bigint; sales: bigint }[]>(
    `SELECT p.id AS "producerId", p.name, p."districtCode", SUM(s."amountFen") AS "amountFen", count(*) AS sales
     FROM "ConsumptionSale" s JOIN "Producer" p ON p.id = s."producerId" JOIN "Organization" o ON o.id = s."orgId"
     WHERE ${where.join(" AND ")}
     GROUP BY p.id, p.name, p."districtCode" HAVING SUM(s."amountFen") <> 0
     ORDER BY SUM(s."amountFen") DESC, p.name, p.id LIMIT ${Math.max(1, Math.floor(limit))}`,
    ...params,
  );
  return rows.map((r) => ({ producerId: r.producerId, name: r.name, districtCode: r.districtCode, amountFen: Number(r.amountFen), sales: Number(r.sales) }));
}

/**
 * Households lifted (带贫户) by the approved producers, as the register stands today (a count of
 * households, not of a period's activity): each named household (keyed hash of its ID number)
 * once however many producers list it, plus the declared count of approved producers that named
 * none. A producer that named some households counts only those, never its declared count too.
 * District: the producer's; organization and type: the supporting organization's.
 */
export async function householdsLifted(f: Pick<StatsFilter, "districtCode" | "orgType" | "orgId">, db: Db = replica()): Promise<HouseholdsLifted> {
  const params: unknown[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`p.status::text = 'APPROVED'`];
  if (f.districtCode) where.push(`p."districtCode" = ${add(f.districtCode)}`);
  if (f.orgType) where.push(`o."type"::text = ${add(f.orgType)}`);
  if (f.orgId) where.push(`p."supportOrgId" = ${add(f.orgId)}`);
  const producers = `SELECT p.id, p."householdCount" FROM "Producer" p JOIN "Organization" o ON o.id = p."supportOrgId" WHERE ${where.join(" AND ")}`;
  const rows = await db.$queryRawUnsafe<{ named: bigint; declared: bigint | null }[]>(
    `WITH ap AS (${producers})
     SELECT (SELECT count(DISTINCT h."idNumberHash") FROM "ProducerHousehold" h JOIN ap ON ap.id = h."producerId") AS named,
            (SELECT SUM(ap."householdCount") FROM ap WHERE NOT EXISTS (SELECT 1 FROM "ProducerHousehold" h WHERE h."producerId" = ap.id)) AS declared`,
    ...params,
  );
  const named = Number(rows[0]?.named ?? 0);
  const declared = Number(rows[0]?.declared ?? 0);
  return { total: named + declared, named, declared };
}

export async function consumptionExtras(f: StatsFilter, db: Db = replica(), opts: { approvedOnly?: boolean } = {}): Promise<ConsumptionExtras> {
  const [top, households] = await Promise.all([topProducers(f, db, opts), householdsLifted(f, db)]);
  return { topProducers: top, households };
}
