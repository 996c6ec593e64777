/**
 * The rollup triggers and the rebuild, generated from sources.server.ts. The triggers are installed
 * by migrations only (statisticsMigrationSql → a migration and prisma/sql/statistics.sql); at run
 * time `checkStatistics` only verifies that the database has exactly the generated ones, and
 * `rebuildRollups` (`npm run stats:rebuild`) refills the rollups from the raw records.
 */
import { prisma, type Db } from "~/utils/db.server";
import { METRIC_SOURCES, PERSON_SOURCES, type MetricSource, type PersonSource } from "./sources.server";

const AGG_DAILY = (src: string) => `
  INSERT INTO "StatDaily" (day, "districtCode", "orgType", metric, value)
  SELECT day, district_code, org_type::"OrgType", metric, SUM(value)::bigint FROM (${src}) s
  WHERE day IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0
  ON CONFLICT (day, "districtCode", "orgType", metric) DO UPDATE SET value = "StatDaily".value + EXCLUDED.value`;

const AGG_MONTHLY = (src: string) => `
  INSERT INTO "StatMonthly" (month, "districtCode", "orgType", metric, value)
  SELECT date_trunc('month', day)::date, district_code, org_type::"OrgType", metric, SUM(value)::bigint FROM (${src}) s
  WHERE day IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0
  ON CONFLICT (month, "districtCode", "orgType", metric) DO UPDATE SET value = "StatMonthly".value + EXCLUDED.value`;

/** Signed union of the old rows (−) and new rows (+) of one statement. */
function metricDelta(s: MetricSource, op: "INSERT" | "UPDATE" | "DELETE") {
  const parts: string[] = [];
  if (op !== "DELETE") parts.push(`SELECT day, district_code, org_type, metric, value FROM (${s.select("new_rows")}) n`);
  if (op !== "INSERT") parts.push(`SELECT day, district_code, org_type, metric, -value AS value FROM (${s.select("old_rows")}) o`);
  return parts.join(" UNION ALL ");
}

function personDelta(s: PersonSource, op: "INSERT" | "UPDATE" | "DELETE") {
  const parts: string[] = [];
  if (op !== "DELETE") parts.push(`SELECT day, district_code, org_type, person_hash, 1 AS n FROM (${s.select("new_rows")}) n`);
  if (op !== "INSERT") parts.push(`SELECT day, district_code, org_type, person_hash, -1 AS n FROM (${s.select("old_rows")}) o`);
  return parts.join(" UNION ALL ");
}

function personStatements(delta: string, op: "INSERT" | "UPDATE" | "DELETE") {
  const daily = `
    INSERT INTO "StatPersonDaily" (day, "districtCode", "orgType", "personHash", n)
    SELECT day, district_code, org_type::"OrgType", person_hash, SUM(n)::int FROM (${delta}) d
    GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0
    ON CONFLICT (day, "districtCode", "orgType", "personHash") DO UPDATE SET n = "StatPersonDaily".n + EXCLUDED.n`;
  if (op === "INSERT") {
    return [
      daily,
      `INSERT INTO "StatPersonYearly" (year, "districtCode", "orgType", "personHash", months)
       SELECT extract(year FROM day)::int, district_code, org_type::"OrgType", person_hash, bit_or(1 << (extract(month FROM day)::int - 1))
       FROM (${delta}) d GROUP BY 1, 2, 3, 4
       ON CONFLICT (year, "districtCode", "orgType", "personHash") DO UPDATE SET months = "StatPersonYearly".months | EXCLUDED.months`,
    ];
  }
  // Removals: drop emptied days, then recompute the month masks of the touched (year, person) keys.
  return [
    `CREATE TEMP TABLE IF NOT EXISTS stat_touched (year int, district_code text, org_type text, person_hash text) ON COMMIT DROP`,
    `DELETE FROM stat_touched`,
    `INSERT INTO stat_touched SELECT DISTINCT extract(year FROM day)::int, district_code, org_type::text, person_hash FROM (${delta}) d`,
    daily,
    `DELETE FROM "StatPersonDaily" WHERE n <= 0`,
    `DELETE FROM "StatPersonYearly" y USING stat_touched t
       WHERE y.year = t.year AND y."districtCode" = t.district_code AND y."orgType"::text = t.org_type AND y."personHash" = t.person_hash`,
    `INSERT INTO "StatPersonYearly" (year, "districtCode", "orgType", "personHash", months)
       SELECT t.year, t.district_code, t.org_type::"OrgType", t.person_hash, bit_or(1 << (extract(month FROM p.day)::int - 1))
       FROM stat_touched t JOIN "StatPersonDaily" p
         ON p."districtCode" = t.district_code AND p."orgType"::text = t.org_type AND p."personHash" = t.person_hash
        AND p.day >= make_date(t.year, 1, 1) AND p.day < make_date(t.year + 1, 1, 1)
       GROUP BY 1, 2, 3, 4`,
  ];
}

const OPS = ["INSERT", "UPDATE", "DELETE"] as const;

type TriggerDef = { table: string; fn: string; trigger: string; op: (typeof OPS)[number]; body: string; referencing: string };

function triggerDefs(metrics: MetricSource[], persons: PersonSource[]): TriggerDef[] {
  const tables = new Set([...metrics.map((m) => m.table), ...persons.map((p) => p.table)]);
  const out: TriggerDef[] = [];
  for (const table of tables) {
    const ms = metrics.filter((m) => m.table === table);
    const ps = persons.filter((p) => p.table === table);
    for (const op of OPS) {
      const fn = `stat_${table.toLowerCase()}_${op.toLowerCase()}`;
      const statements: string[] = [];
      for (const m of ms) {
        const delta = metricDelta(m, op);
        statements.push(AGG_DAILY(delta), AGG_MONTHLY(delta));
      }
      for (const p of ps) statements.push(...personStatements(personDelta(p, op), op));
      const body = `
BEGIN
${statements.map((s) => `  ${s.trim()};`).join("\n")}
  RETURN NULL;
END
`;
      const referencing = op === "INSERT" ? "NEW TABLE AS new_rows" : op === "DELETE" ? "OLD TABLE AS old_rows" : "OLD TABLE AS old_rows NEW TABLE AS new_rows";
      out.push({ table, fn, trigger: `${fn}_trg`, op, body, referencing });
    }
  }
  return out;
}

/** The statements that create the functions and triggers for the given sources. */
export function triggerSql(metrics: MetricSource[], persons: PersonSource[]): string[] {
  return triggerDefs(metrics, persons).flatMap((t) => [
    `CREATE OR REPLACE FUNCTION ${t.fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$${t.body}$fn$`,
    `DROP TRIGGER IF EXISTS ${t.trigger} ON "${t.table}"`,
    `CREATE TRIGGER ${t.trigger} AFTER ${t.op} ON "${t.table}" REFERENCING ${t.referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${t.fn}()`,
  ]);
}

/** Statements that empty and refill every rollup from the raw tables. */
export function rebuildSql(metrics: MetricSource[], persons: PersonSource[]): string[] {
  const out = [`TRUNCATE "StatDaily", "StatMonthly", "StatPersonDaily", "StatPersonYearly"`];
  for (const m of metrics) out.push(AGG_DAILY(m.select(`"${m.table}"`)));
  out.push(`INSERT INTO "StatMonthly" (month, "districtCode", "orgType", metric, value)
    SELECT date_trunc('month', day)::date, "districtCode", "orgType", metric, SUM(value)::bigint FROM "StatDaily"
    GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0`);
  for (const p of persons) {
    out.push(`INSERT INTO "StatPersonDaily" (day, "districtCode", "orgType", "personHash", n)
      SELECT day, district_code, org_type::"OrgType", person_hash, count(*)::int FROM (${p.select(`"${p.table}"`)}) s
      GROUP BY 1, 2, 3, 4
      ON CONFLICT (day, "districtCode", "orgType", "personHash") DO UPDATE SET n = "StatPersonDaily".n + EXCLUDED.n`);
  }
  out.push(`INSERT INTO "StatPersonYearly" (year, "districtCode", "orgType", "personHash", months)
    SELECT extract(year FROM day)::int, "districtCode", "orgType", "personHash", bit_or(1 << (extract(month FROM day)::int - 1))
    FROM "StatPersonDaily" GROUP BY 1, 2, 3, 4`);
  return out;
}


/** Drops every rollup trigger, so a source removed from sources.server.ts leaves none behind. */
const DROP_ALL = `DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE tgname LIKE 'stat\\_%\\_trg' LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', r.tgname, r.relname);
  END LOOP;
END $$`;

export const GENERATED_BEGIN = "-- ───── generated by `npm run stats:rebuild -- --sql` from app/modules/statistics/sources.server.ts ─────";
export const GENERATED_END = "-- ───── end of generated statistics SQL ─────";

/**
 * The SQL a migration carries whenever sources.server.ts changes (and prisma/sql/statistics.sql
 * keeps, for a squash): drop every rollup trigger, (re)create the functions and triggers of all
 * sources, rebuild every rollup from the raw records. The migration runs it in one transaction,
 * before any instance of the new code starts; the code never installs triggers itself.
 * test/statistics/migration.test.ts fails while the newest copy differs from this.
 */
export function statisticsMigrationSql(): string {
  const statements = [DROP_ALL, ...triggerSql(METRIC_SOURCES, PERSON_SOURCES), ...rebuildSql(METRIC_SOURCES, PERSON_SOURCES)];
  return `${GENERATED_BEGIN}\n${statements.map((s) => `${s.trim()};`).join("\n\n")}\n${GENERATED_END}\n`;
}

/** The generated block of a migration or prisma/sql file, or null if it has none. */
export function generatedBlockOf(sql: string): string | null {
  const from = sql.indexOf(GENERATED_BEGIN);
  const to = sql.indexOf(GENERATED_END);
  if (from < 0 || to < from) return null;
  return sql.slice(from, to + GENERATED_END.length) + "\n";
}

/** All sources: their tables come with the migrations, like the triggers. */
export function availableSources() {
  return { metrics: METRIC_SOURCES, persons: PERSON_SOURCES };
}

/**
 * What is wrong with the rollup triggers installed in `db` compared with the ones sources.server.ts
 * generates: missing or different functions, missing, misplaced or extra triggers. Empty when they match.
 */
export async function statisticsDrift(db: Db = prisma): Promise<string[]> {
  const expected = triggerDefs(METRIC_SOURCES, PERSON_SOURCES);
  const [fns, trgs] = await Promise.all([
    db.$queryRawUnsafe<{ name: string; src: string }[]>(
      `SELECT p.proname AS name, p.prosrc AS src FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = current_schema() AND p.proname LIKE 'stat\\_%'`,
    ),
    db.$queryRawUnsafe<{ name: string; tbl: string; fn: string }[]>(
      `SELECT t.tgname AS name, c.relname AS tbl, p.proname AS fn FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgname LIKE 'stat\\_%\\_trg'`,
    ),
  ]);
  const problems: string[] = [];
  const fnSrc = new Map(fns.map((f) => [f.name, f.src]));
  const trgBy = new Map(trgs.map((t) => [t.name, t]));
  for (const e of expected) {
    const src = fnSrc.get(e.fn);
    if (src === undefined) problems.push(`function ${e.fn}() is missing`);
    else if (src !== e.body) problems.push(`function ${e.fn}() differs from sources.server.ts`);
    const trg = trgBy.get(e.trigger);
    if (!trg) problems.push(`trigger ${e.trigger} on "${e.table}" is missing`);
    else if (trg.tbl !== e.table || trg.fn !== e.fn) problems.push(`trigger ${e.trigger} is on "${trg.tbl}" calling ${trg.fn}()`);
  }
  const names = new Set(expected.map((e) => e.trigger));
  for (const t of trgs) if (!names.has(t.name)) problems.push(`trigger ${t.name} on "${t.tbl}" is not generated by sources.server.ts`);
  return problems;
}

const LOCK_KEY = 6_202_011; // advisory lock for rebuilds

/**
 * Empties and refills every rollup from the raw records, in one transaction (`npm run
 * stats:rebuild`, the seed). Installs nothing: the triggers come with the migrations.
 */
export async function rebuildRollups() {
  await checkStatistics();
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      for (const s of rebuildSql(METRIC_SOURCES, PERSON_SOURCES)) await tx.$executeRawUnsafe(s);
      const now = new Date().toISOString();
      await tx.statMeta.upsert({ where: { key: "rebuiltAt" }, create: { key: "rebuiltAt", value: now }, update: { value: now } });
      return { sources: METRIC_SOURCES.map((m) => m.key) };
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

export class StatisticsNotInstalledError extends Error {
  constructor(problems: string[]) {
    super(
      `The statistics triggers in the database do not match app/modules/statistics/sources.server.ts ` +
        `(${problems.slice(0, 5).join("; ")}${problems.length > 5 ? `; and ${problems.length - 5} more` : ""}). ` +
        "Apply the migrations (`npm run db:migrate`); if sources.server.ts changed, add a migration with `npm run stats:rebuild -- --sql`.",
    );
    this.name = "StatisticsNotInstalledError";
  }
}

let checked: Promise<void> | undefined;
let checkedFor: string | undefined;

/**
 * Fails loudly when the database's rollup triggers are missing or are not the ones this code
 * generates (migrations not applied, or a source changed without its migration). Checks once per
 * process and database; never installs anything, so two versions of the code running side by
 * side during a deploy cannot fight over the triggers.
 */
export function checkStatistics(): Promise<void> {
  const url = process.env.DATABASE_URL ?? "";
  if (!checked || checkedFor !== url) {
    checkedFor = url;
    const attempt = statisticsDrift().then((problems) => {
      if (problems.length > 0) throw new StatisticsNotInstalledError(problems);
    });
    checked = attempt;
    attempt.catch(() => {
      if (checked === attempt) checked = undefined;
    });
  }
  return checked;
}

/** The name the callers that check before reading or recording statistics use. */
export const ensureStatistics = checkStatistics;
