/**
 * The open statistics, version 1: one row per year × district, plus the city row (code 500000) of
 * each year, read from the monthly rollups (StatMonthly) — the same figures as /stats. Counts of
 * people are withheld as "<5" (1–4) and, where a total would give them away, as "x" (suppression.ts).
 */
import { prisma, type Db } from "~/utils/db.server";
import { districtName } from "~/modules/districts/districts";
import { ensureStatistics } from "~/modules/statistics/install.server";
import { AGE_PARTS, CITY_CODE, SEX_PARTS, SMALL, STAT_MEASURE_COLUMNS, STAT_PEOPLE_COLUMNS, WITHHELD } from "./dictionary";
import { suppress, type Line } from "./suppression";

export type Cell = string | number;
export type OpenRow = Record<string, Cell>;

type Raw = { year: number; district: string; metric: string; value: bigint | number | string };

const METRICS = [...STAT_MEASURE_COLUMNS.map((c) => c.metric), ...STAT_PEOPLE_COLUMNS.flatMap((c) => (c.metric ? [c.metric] : []))];

/** Raw (unsuppressed) people counts and measures per year → district → column key. */
export async function rawYearTables(db: Db = prisma, onlyYear?: number) {
  await ensureStatistics();
  const rows = await db.$queryRawUnsafe<Raw[]>(
    `SELECT extract(year FROM month)::int AS year, "districtCode" AS district, metric, SUM(value) AS value
       FROM "StatMonthly" WHERE metric = ANY($1::text[])
        AND ($2::int IS NULL OR (month >= make_date($2::int, 1, 1) AND month < make_date($2::int + 1, 1, 1)))
      GROUP BY 1, 2, 3 HAVING SUM(value) <> 0`,
    METRICS,
    onlyYear ?? null,
  );
  const byMetric = new Map<string, string[]>();
  for (const c of [...STAT_MEASURE_COLUMNS, ...STAT_PEOPLE_COLUMNS]) if (c.metric) byMetric.set(c.metric, [...(byMetric.get(c.metric) ?? []), c.key]);
  const years = new Map<number, Map<string, Record<string, number>>>();
  for (const r of rows) {
    const year = Number(r.year);
    const districts = years.get(year) ?? new Map<string, Record<string, number>>();
    years.set(year, districts);
    const rec = districts.get(r.district) ?? {};
    districts.set(r.district, rec);
    for (const key of byMetric.get(r.metric) ?? []) rec[key] = (rec[key] ?? 0) + Number(r.value);
  }
  for (const districts of years.values()) {
    for (const rec of districts.values()) {
      const reached = rec.reached ?? 0;
      // Sex and age band are optional on a reach record: the rest is "unknown", so each breakdown sums to the total.
      rec.reached_sex_unknown = Math.max(0, reached - (rec.reached_f ?? 0) - (rec.reached_m ?? 0));
      rec.reached_age_unknown = Math.max(0, reached - AGE_PARTS.slice(0, -1).reduce((s, k) => s + (rec[k] ?? 0), 0));
    }
    const city: Record<string, number> = {};
    for (const rec of districts.values()) for (const [k, v] of Object.entries(rec)) city[k] = (city[k] ?? 0) + v;
    districts.set(CITY_CODE, city);
  }
  return years;
}

/** The additive lines of one year's people cells: districts → city, and each row's breakdowns → its total. */
export function yearLines(districtCodes: string[]): Line[] {
  const id = (d: string, k: string) => `${d}|${k}`;
  const lines: Line[] = [];
  for (const c of STAT_PEOPLE_COLUMNS) lines.push({ parts: districtCodes.map((d) => id(d, c.key)), total: id(CITY_CODE, c.key) });
  for (const d of [CITY_CODE, ...districtCodes]) {
    lines.push({ parts: SEX_PARTS.map((k) => id(d, k)), total: id(d, "reached") });
    lines.push({ parts: AGE_PARTS.map((k) => id(d, k)), total: id(d, "reached") });
  }
  return lines;
}

const yuan = (fen: number) => fen / 100;

/** The published rows, suppression applied. */
export async function openStatistics(db: Db = prisma, onlyYear?: number): Promise<OpenRow[]> {
  const years = await rawYearTables(db, onlyYear);
  const out: OpenRow[] = [];
  for (const year of [...years.keys()].sort((a, b) => a - b)) {
    const table = years.get(year)!;
    const districtCodes = [...table.keys()].filter((d) => d !== CITY_CODE).sort();
    const values = new Map<string, number>();
    for (const [d, rec] of table) for (const c of STAT_PEOPLE_COLUMNS) values.set(`${d}|${c.key}`, rec[c.key] ?? 0);
    const withheld = suppress(values, yearLines(districtCodes));
    for (const d of [CITY_CODE, ...districtCodes]) {
      const rec = table.get(d)!;
      const row: OpenRow = {
        district_code: d,
        district_name: d === CITY_CODE ? "重庆市" : districtName(d, "zh-CN"),
        district_name_en: d === CITY_CODE ? "Chongqing" : districtName(d, "en"),
        year,
      };
      for (const c of STAT_MEASURE_COLUMNS) {
        const v = rec[c.key] ?? 0;
        row[c.key] = c.kind === "money" ? yuan(v) : c.kind === "hours" ? Math.round(v / 6) / 10 : v;
      }
      for (const c of STAT_PEOPLE_COLUMNS) {
        const s = withheld.get(`${d}|${c.key}`);
        row[c.key] = s === "primary" ? SMALL : s === "secondary" ? WITHHELD : (rec[c.key] ?? 0);
      }
      out.push(row);
    }
  }
  return out;
}

/** One published row (a district's, or the city's when no district is given), as in the files. */
export async function openStatisticsRow(year: number, districtCode?: string, db: Db = prisma): Promise<OpenRow | undefined> {
  const rows = await openStatistics(db, year);
  return rows.find((r) => r.district_code === (districtCode ?? CITY_CODE));
}

type Shown = number | "<5" | "x";
type PublicFigures = { participants: number | "<5"; reachPersonTimes: number | "<5"; groups: { key: string; value: number | "<5" }[]; ages: { key: string; value: number | "<5" }[]; sexes: { key: string; value: number | "<5" }[] };

/**
 * The public page's figures with the open data's complementary suppression applied, so that the page
 * and the files withhold the same cells and neither gives away what the other hides.
 */
export function withOpenSuppression<F extends PublicFigures>(f: F, row: OpenRow | undefined) {
  const mark = (v: number | "<5", col: string): Shown => (row?.[col] === WITHHELD ? WITHHELD : row?.[col] === SMALL ? SMALL : v);
  const sexCol: Record<string, string> = { FEMALE: "reached_f", MALE: "reached_m" };
  return {
    ...f,
    participants: mark(f.participants, "participants"),
    reachPersonTimes: mark(f.reachPersonTimes, "reached"),
    groups: f.groups.map((g) => ({ key: g.key, value: mark(g.value, `reached_group_${g.key.toLowerCase()}`) })),
    ages: f.ages.map((g) => ({ key: g.key, value: mark(g.value, `reached_age_${g.key.toLowerCase()}`) })),
    sexes: f.sexes.map((g) => ({ key: g.key, value: mark(g.value, sexCol[g.key] ?? "") })),
  };
}
