/**
 * Dashboard figures, computed two ways with the same result shape:
 *   - from the rollups (StatMonthly for whole months, StatDaily for the days at either end,
 *     StatPersonYearly/StatPersonDaily for unique persons) — what the city/district dashboard uses;
 *   - from the raw records through the same source definitions — used for one organization's
 *     dashboard (small), by the consistency test and as the benchmark's baseline.
 * Both read from the read replica by default (the primary when DATABASE_REPLICA_URL is unset):
 * figures may lag the latest writes by the replication delay.
 */
import { replica, replicaPgPool, type Db } from "~/utils/db.server";
import { dayCount, type StatsFilter } from "./filters";
import { availableSources, ensureStatistics } from "./install.server";

export type Dashboard = {
  filter: StatsFilter;
  method: "rollup" | "raw";
  totals: Record<string, number>;
  uniquePersons: number;
  /** metric → districtCode → value */
  byDistrict: Record<string, Record<string, number>>;
  trendBucket: "month" | "day";
  /** bucket (YYYY-MM or YYYY-MM-DD) → metric → value, for TREND_METRICS */
  trend: { bucket: string; values: Record<string, number> }[];
};

export const TREND_METRICS = ["activities", "participants", "reach_person_times", "money_raised_fen", "goods_value_fen", "volunteer_minutes"] as const;

type Row = { metric: string; district: string; value: bigint | number | string };
type TrendRow = { bucket: string; metric: string; value: bigint | number | string };

const num = (v: bigint | number | string | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

function addDays(iso: string, n: number) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;
const nextMonth = (iso: string) => {
  const d = new Date(`${monthStart(iso)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
};

/** Whole months inside [from, to] (as [first day, first day after]) and the leftover day ranges. */
export function splitRange(from: string, to: string) {
  const firstFull = from.endsWith("-01") ? from : nextMonth(from);
  const afterTo = addDays(to, 1);
  const lastFullEnd = afterTo.endsWith("-01") ? afterTo : monthStart(to); // exclusive
  if (firstFull >= lastFullEnd) return { months: null, edges: [[from, to]] as [string, string][] };
  const edges: [string, string][] = [];
  if (from < firstFull) edges.push([from, addDays(firstFull, -1)]);
  if (lastFullEnd <= to) edges.push([lastFullEnd, to]);
  return { months: [firstFull, lastFullEnd] as [string, string], edges };
}

class Params {
  values: unknown[] = [];
  add(v: unknown) {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

function dimWhere(p: Params, f: StatsFilter, cols: { district: string; orgType: string; orgId?: string }) {
  const parts: string[] = [];
  if (f.districtCode) parts.push(`${cols.district} = ${p.add(f.districtCode)}`);
  if (f.orgType) parts.push(`${cols.orgType}::text = ${p.add(f.orgType)}`);
  if (f.orgId && cols.orgId) parts.push(`${cols.orgId} = ${p.add(f.orgId)}`);
  return parts.length ? ` AND ${parts.join(" AND ")}` : "";
}

function rollupRelation(p: Params, f: StatsFilter, dailyOnly = false) {
  const { months, edges } = dailyOnly ? { months: null, edges: [[f.from, f.to]] as [string, string][] } : splitRange(f.from, f.to);
  const parts: string[] = [];
  if (months) {
    parts.push(`SELECT month AS day, month AS bucket_month, "districtCode", metric, value FROM "StatMonthly"
      WHERE month >= ${p.add(months[0])}::date AND month < ${p.add(months[1])}::date${dimWhere(p, f, { district: `"districtCode"`, orgType: `"orgType"` })}`);
  }
  if (edges.length) {
    const ranges = edges.map(([a, b]) => `(day >= ${p.add(a)}::date AND day <= ${p.add(b)}::date)`).join(" OR ");
    parts.push(`SELECT day, date_trunc('month', day)::date AS bucket_month, "districtCode", metric, value FROM "StatDaily"
      WHERE (${ranges})${dimWhere(p, f, { district: `"districtCode"`, orgType: `"orgType"` })}`);
  }
  return parts.join(" UNION ALL ");
}

function rawRelation(p: Params, f: StatsFilter, sources: ReturnType<typeof availableSources>) {
  const fromP = p.add(f.from);
  const toP = p.add(f.to);
  const branches = sources.metrics.map(
    (m) => `SELECT day, to_char(day, 'YYYY-MM') AS bucket_month, district_code AS "districtCode", metric, value FROM (${m.select(`"${m.table}"`)}) s
      WHERE day >= ${fromP}::date AND day <= ${toP}::date${dimWhere(p, f, { district: "district_code", orgType: "org_type", orgId: "org_id" })}`,
  );
  return branches.join(" UNION ALL ");
}

function assemble(filter: StatsFilter, method: Dashboard["method"], rows: Row[], trendRows: TrendRow[], persons: number, bucket: Dashboard["trendBucket"]): Dashboard {
  const totals: Record<string, number> = {};
  const byDistrict: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const v = num(r.value);
    totals[r.metric] = (totals[r.metric] ?? 0) + v;
    (byDistrict[r.metric] ??= {})[r.district] = v;
  }
  const trendMap = new Map<string, Record<string, number>>();
  for (const r of trendRows) {
    const values = trendMap.get(r.bucket) ?? {};
    values[r.metric] = num(r.value);
    trendMap.set(r.bucket, values);
  }
  // Every month (or day) of the range is on the axis, empty ones too: a gap is a zero, not a skip (#12.7l).
  for (const b of bucketsOf(filter, bucket)) if (!trendMap.has(b)) trendMap.set(b, {});
  const trend = [...trendMap.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([b, values]) => ({ bucket: b, values }));
  return { filter, method, totals, uniquePersons: persons, byDistrict, trendBucket: bucket, trend };
}

/** The buckets from `from` to `to` inclusive: "YYYY-MM" by month, "YYYY-MM-DD" by day. */
export function bucketsOf(f: Pick<StatsFilter, "from" | "to">, bucket: Dashboard["trendBucket"]): string[] {
  const out: string[] = [];
  const d = new Date(`${f.from}T00:00:00Z`);
  const end = new Date(`${f.to}T00:00:00Z`);
  if (bucket === "month") d.setUTCDate(1);
  while (d <= end && out.length < 1000) {
    out.push(d.toISOString().slice(0, bucket === "month" ? 7 : 10));
    if (bucket === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

const trendBucketOf = (f: StatsFilter): Dashboard["trendBucket"] => (dayCount(f) > 62 ? "month" : "day");

export async function dashboardFromRollup(filter: StatsFilter, db: Db = replica()): Promise<Dashboard> {
  if (filter.orgId) return dashboardFromRaw(filter, db);
  await ensureStatistics();
  const bucket = trendBucketOf(filter);
  const trendMetrics = TREND_METRICS.map((m) => `'${m}'`).join(",");
  let rows: Row[];
  let trendRows: TrendRow[];
  let persons: number;
  if (bucket === "month") {
    const { sql, values } = rollupMonthStatement(filter);
    // On the default client, straight through its pg pool: for one small row Prisma's per-query
    // overhead was a large share of the time (the benchmark's --profile times both).
    const j =
      db === replica()
        ? (await replicaPgPool().query<{ j: string | null }>(sql, values)).rows[0]?.j
        : (await db.$queryRawUnsafe<{ j: string | null }[]>(sql, ...values))[0]?.j;
    const all = JSON.parse(j ?? "[]") as [number, string | null, string | null, string | null, string][];
    rows = [];
    trendRows = [];
    persons = 0;
    for (const [kind, metric, district, b, value] of all) {
      if (kind === 0) rows.push({ metric: metric!, district: district!, value });
      else if (kind === 1) trendRows.push({ metric: metric!, bucket: b!, value });
      else persons = num(value);
    }
  } else {
    const p1 = new Params();
    const rel1 = rollupRelation(p1, filter);
    const p2 = new Params();
    // Day buckets (periods up to two months) come from the daily table only.
    const rel2 = rollupRelation(p2, filter, true);
    [rows, trendRows, persons] = await Promise.all([
      db.$queryRawUnsafe<Row[]>(`SELECT metric, "districtCode" AS district, SUM(value) AS value FROM (${rel1}) r GROUP BY 1, 2 HAVING SUM(value) <> 0`, ...p1.values),
      db.$queryRawUnsafe<TrendRow[]>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS bucket, metric, SUM(value) AS value FROM (${rel2}) r WHERE metric IN (${trendMetrics}) GROUP BY 1, 2 HAVING SUM(value) <> 0`,
        ...p2.values,
      ),
      uniquePersonsFromRollup(filter, db),
    ]);
  }
  return assemble(filter, "rollup", rows, trendRows, persons, bucket);
}

/**
 * The one statement (one round trip) of a dashboard with month buckets: totals by district (whole
 * years from StatYearly, the other whole months from StatMonthly, the days at either end from
 * StatDaily), the monthly trend (StatMonthlyCity for the whole city, StatMonthly for one district)
 * and the unique persons. Returned as one JSON value: the client's per-row cost, not PostgreSQL,
 * was most of the time for the ~1,500 rows of a whole-city year (the benchmark's --profile).
 * Exported for the benchmark's profile (EXPLAIN of exactly what runs).
 */
export function rollupMonthStatement(filter: StatsFilter) {
  const trendMetrics = TREND_METRICS.map((m) => `'${m}'`).join(",");
  const p = new Params();
  const totals = totalsRelation(p, filter);
  const trend = trendRelation(p, filter, trendMetrics);
  const personsExpr = uniquePersonsSql(p, filter);
  const sql = `SELECT json_agg(json_build_array(kind, metric, district, bucket, value::text))::text AS j FROM (
     SELECT 0 AS kind, metric, "districtCode" AS district, NULL::text AS bucket, SUM(value)::bigint AS value FROM (${totals}) r
       GROUP BY metric, "districtCode" HAVING SUM(value) <> 0
     UNION ALL
     SELECT 1, metric, NULL, to_char(bucket, 'YYYY-MM'), SUM(value)::bigint FROM (${trend}) t GROUP BY metric, bucket HAVING SUM(value) <> 0
     UNION ALL
     SELECT 2, NULL, NULL, NULL, (${personsExpr})::bigint
   ) x`;
  return { sql, values: p.values };
}

const yearOf = (iso: string) => Number(iso.slice(0, 4));

/** Whole years inside the whole months [start, endExcl) (as [first year, year after]) and the leftover month ranges. */
export function splitMonths(start: string, endExcl: string) {
  const firstYear = start.endsWith("-01-01") ? yearOf(start) : yearOf(start) + 1;
  const afterYear = endExcl.endsWith("-01-01") ? yearOf(endExcl) : yearOf(endExcl); // exclusive
  if (firstYear >= afterYear) return { years: null, months: [[start, endExcl]] as [string, string][] };
  const months: [string, string][] = [];
  if (start < `${firstYear}-01-01`) months.push([start, `${firstYear}-01-01`]);
  if (`${afterYear}-01-01` < endExcl) months.push([`${afterYear}-01-01`, endExcl]);
  return { years: [firstYear, afterYear] as [number, number], months };
}

const rollupDims = (p: Params, f: StatsFilter, alias = "") => dimWhere(p, f, { district: `${alias}"districtCode"`, orgType: `${alias}"orgType"` });

/** (districtCode, metric, value) rows whose sums by metric and district are the period's figures. */
function totalsRelation(p: Params, f: StatsFilter) {
  const { months, edges } = splitRange(f.from, f.to);
  const parts: string[] = [];
  if (months) {
    const split = splitMonths(months[0], months[1]);
    if (split.years) parts.push(`SELECT "districtCode", metric, value FROM "StatYearly" WHERE year >= ${split.years[0]} AND year < ${split.years[1]}${rollupDims(p, f)}`);
    if (split.months.length) {
      const ranges = split.months.map(([a, b]) => `(month >= ${p.add(a)}::date AND month < ${p.add(b)}::date)`).join(" OR ");
      parts.push(`SELECT "districtCode", metric, value FROM "StatMonthly" WHERE (${ranges})${rollupDims(p, f)}`);
    }
  }
  if (edges.length) parts.push(`SELECT "districtCode", metric, value FROM "StatDaily" WHERE (${dayRanges(p, edges)})${rollupDims(p, f)}`);
  return parts.join(" UNION ALL ");
}

/** (bucket = first day of the month, metric, value) rows of the trend metrics. */
function trendRelation(p: Params, f: StatsFilter, trendMetrics: string) {
  const { months, edges } = splitRange(f.from, f.to);
  const parts: string[] = [];
  if (months) {
    const range = `month >= ${p.add(months[0])}::date AND month < ${p.add(months[1])}::date AND metric IN (${trendMetrics})`;
    if (f.districtCode) parts.push(`SELECT month AS bucket, metric, value FROM "StatMonthly" WHERE ${range}${rollupDims(p, f)}`);
    else parts.push(`SELECT month AS bucket, metric, value FROM "StatMonthlyCity" WHERE ${range}${rollupDims(p, f)}`);
  }
  if (edges.length) {
    parts.push(`SELECT date_trunc('month', day)::date AS bucket, metric, value FROM "StatDaily" WHERE (${dayRanges(p, edges)}) AND metric IN (${trendMetrics})${rollupDims(p, f)}`);
  }
  return parts.join(" UNION ALL ");
}

function dayRanges(p: Params, edges: [string, string][], col = "day") {
  return edges.map(([a, b]) => `(${col} >= ${p.add(a)}::date AND ${col} <= ${p.add(b)}::date)`).join(" OR ");
}

async function uniquePersonsFromRollup(f: StatsFilter, db: Db) {
  const p = new Params();
  const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT (${uniquePersonsSql(p, f)})::bigint AS n`, ...p.values);
  return num(rows[0]?.n);
}

/** Bits of the whole months of `year` inside [start, endExcl) (bit 0 = January). */
function monthMask(year: number, start: string, endExcl: string) {
  let mask = 0;
  for (let m = 1; m <= 12; m++) {
    const first = `${year}-${String(m).padStart(2, "0")}-01`;
    if (first >= start && first < endExcl) mask |= 1 << (m - 1);
  }
  return mask;
}

/**
 * A scalar subquery counting the unique persons of the period. Whole months of one year: the
 * persons whose month mask meets those months, summed from StatPersonMaskCount at the filter's
 * scope (a few hundred rows whatever the number of persons); days at either end add the persons
 * seen on them who are not already counted. Periods over several years: the distinct persons of
 * StatPersonYearly and StatPersonDaily, as before.
 */
function uniquePersonsSql(p: Params, f: StatsFilter) {
  const { months, edges } = splitRange(f.from, f.to);
  const edgePersons = (alias: string) => `SELECT ${alias}."personHash" FROM "StatPersonDaily" ${alias} WHERE (${dayRanges(p, edges, `${alias}.day`)})${rollupDims(p, f, `${alias}.`)}`;
  if (!months) return `SELECT count(DISTINCT x."personHash") FROM (${edgePersons("e")}) x`;
  const [start, endExcl] = months;
  const lastYear = yearOf(addDays(endExcl, -1));
  if (yearOf(start) === lastYear) {
    const year = lastYear;
    const mask = monthMask(year, start, endExcl);
    const scope = `"districtCode" = ${p.add(f.districtCode ?? "")} AND "orgType" = ${p.add(f.orgType ?? "")}`;
    const counted = `SELECT COALESCE(SUM(n), 0) FROM "StatPersonMaskCount" WHERE year = ${year} AND ${scope} AND (months & ${mask}) <> 0 AND n <> 0`;
    if (!edges.length) return counted;
    // District × type is StatPersonYearly's own scope; the coarser ones are in StatPersonYearScope.
    const member =
      f.districtCode && f.orgType
        ? `SELECT 1 FROM "StatPersonYearly" m WHERE m.year = ${year} AND m."districtCode" = ${p.add(f.districtCode)} AND m."orgType"::text = ${p.add(f.orgType)}`
        : `SELECT 1 FROM "StatPersonYearScope" m WHERE m.year = ${year} AND m."districtCode" = ${p.add(f.districtCode ?? "")} AND m."orgType" = ${p.add(f.orgType ?? "")}`;
    const extra = `SELECT count(DISTINCT x."personHash") FROM (${edgePersons("e")}) x
      WHERE NOT EXISTS (${member} AND m."personHash" = x."personHash" AND (m.months & ${mask}) <> 0)`;
    return `SELECT (${counted}) + (${extra})`;
  }
  const conds: string[] = [];
  for (let y = yearOf(start); y <= lastYear; y++) {
    const mask = monthMask(y, start, endExcl);
    if (mask) conds.push(`(year = ${y} AND (months & ${mask}) <> 0)`);
  }
  const parts = [`SELECT "personHash" FROM "StatPersonYearly" WHERE (${conds.join(" OR ")})${rollupDims(p, f)}`];
  if (edges.length) parts.push(edgePersons("e"));
  return `SELECT count(DISTINCT x."personHash") FROM (${parts.join(" UNION ALL ")}) x`;
}

export async function dashboardFromRaw(filter: StatsFilter, db: Db = replica()): Promise<Dashboard> {
  const sources = availableSources();
  const bucket = trendBucketOf(filter);
  const p1 = new Params();
  const rel1 = rawRelation(p1, filter, sources);
  const p2 = new Params();
  const rel2 = rawRelation(p2, filter, sources);
  const bucketExpr = bucket === "month" ? "bucket_month" : "to_char(day, 'YYYY-MM-DD')";
  const trendMetrics = TREND_METRICS.map((m) => `'${m}'`).join(",");
  const p3 = new Params();
  const personRel = sources.persons
    .map(
      (s) => `SELECT person_hash FROM (${s.select(`"${s.table}"`)}) s WHERE day >= ${p3.add(filter.from)}::date AND day <= ${p3.add(filter.to)}::date${dimWhere(p3, filter, {
        district: "district_code",
        orgType: "org_type",
        orgId: "org_id",
      })}`,
    )
    .join(" UNION ALL ");
  const [rows, trendRows, persons] = await Promise.all([
    db.$queryRawUnsafe<Row[]>(`SELECT metric, "districtCode" AS district, SUM(value) AS value FROM (${rel1}) r GROUP BY 1, 2 HAVING SUM(value) <> 0`, ...p1.values),
    db.$queryRawUnsafe<TrendRow[]>(
      `SELECT ${bucketExpr} AS bucket, metric, SUM(value) AS value FROM (${rel2}) r WHERE metric IN (${trendMetrics}) GROUP BY 1, 2 HAVING SUM(value) <> 0`,
      ...p2.values,
    ),
    personRel
      ? db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(DISTINCT person_hash) AS n FROM (${personRel}) x`, ...p3.values).then((r) => num(r[0]?.n))
      : Promise.resolve(0),
  ]);
  return assemble(filter, "raw", rows, trendRows, persons, bucket);
}

/** Figures derived from the metrics: 款物 = money raised + goods value; hours from minutes. */
export function derived(d: Dashboard) {
  const t = d.totals;
  const g = (k: string) => t[k] ?? 0;
  return {
    projects: g("projects"),
    activities: g("activities"),
    participants: g("participants"),
    volunteerHours: Math.round(g("volunteer_minutes") / 6) / 10,
    moneyRaisedFen: g("money_raised_fen"),
    goodsValueFen: g("goods_value_fen"),
    moneyAndGoodsFen: g("money_raised_fen") + g("goods_value_fen"),
    disbursedFen: g("money_disbursed_fen"),
    reachPersonTimes: g("reach_person_times"),
    uniquePersons: d.uniquePersons,
    consumptionAidFen: g("consumption_aid_fen"),
    consumptionSalesFen: g("consumption_sales_fen"),
    consumptionOfferFen: g("consumption_offer_fen"),
    consumptionSales: g("consumption_sales"),
    consumptionLinkedFen: g("consumption_linked_fen"),
    orgsRegistered: g("orgs_registered"),
    orgsApproved: g("orgs_approved"),
    volunteerProjects: g("volunteer_projects"),
  };
}

export type Headline = ReturnType<typeof derived>;

/** Breakdown of metrics with a prefix ("reach_group:" → { DIBAO: n, … }). */
export function breakdown(d: Dashboard, prefix: string) {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(d.totals)) if (k.startsWith(prefix) && v !== 0) out[k.slice(prefix.length)] = v;
  return out;
}
