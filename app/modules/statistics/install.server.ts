/**
 * Installs the rollup triggers and rebuilds the rollups. The triggers are generated from
 * sources.server.ts for the sources whose tables exist, so the statistics follow the other
 * modules' tables as they appear. `ensureStatistics` runs once per process before the first read
 * or write; when the installed version differs from the generated one it (re)installs the triggers
 * and rebuilds every rollup from the raw records in the same transaction.
 */
import { createHash } from "node:crypto";
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

/** The statements that create the functions and triggers for the given sources. */
export function triggerSql(metrics: MetricSource[], persons: PersonSource[]): string[] {
  const tables = new Set([...metrics.map((m) => m.table), ...persons.map((p) => p.table)]);
  const out: string[] = [];
  for (const table of tables) {
    const ms = metrics.filter((m) => m.table === table);
    const ps = persons.filter((p) => p.table === table);
    for (const op of OPS) {
      const fn = `stat_${table.toLowerCase()}_${op.toLowerCase()}`;
      const body: string[] = [];
      for (const m of ms) {
        const delta = metricDelta(m, op);
        body.push(AGG_DAILY(delta), AGG_MONTHLY(delta));
      }
      for (const p of ps) body.push(...personStatements(personDelta(p, op), op));
      out.push(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
${body.map((s) => `  ${s.trim()};`).join("\n")}
  RETURN NULL;
END
$fn$`);
      const trig = `${fn}_trg`;
      const referencing = op === "INSERT" ? "NEW TABLE AS new_rows" : op === "DELETE" ? "OLD TABLE AS old_rows" : "OLD TABLE AS old_rows NEW TABLE AS new_rows";
      out.push(`DROP TRIGGER IF EXISTS ${trig} ON "${table}"`);
      out.push(`CREATE TRIGGER ${trig} AFTER ${op} ON "${table}" REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
  }
  return out;
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

/** Drops triggers whose source is no longer generated (e.g. a table renamed by its module). */
const DROP_STALE = `DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE tgname LIKE 'stat\\_%\\_trg' LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', r.tgname, r.relname);
  END LOOP;
END $$`;

export async function availableSources(db: Db) {
  const rows = await db.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  const cols = new Map<string, Set<string>>();
  for (const r of rows) (cols.get(r.table_name) ?? cols.set(r.table_name, new Set()).get(r.table_name)!).add(r.column_name);
  const has = (s: { table: string; columns: string[] }) => s.columns.every((c) => cols.get(s.table)?.has(c)) && cols.has("Organization");
  return { metrics: METRIC_SOURCES.filter(has), persons: PERSON_SOURCES.filter(has) };
}

export async function installedSourceKeys(db: Db = prisma) {
  return (await availableSources(db)).metrics.map((m) => m.key);
}

function versionOf(statements: string[]) {
  return createHash("sha256").update(statements.join(";\n")).digest("hex").slice(0, 16);
}

/** Same as prisma/sql/statistics.sql (keep in step), applied here too so a database migrated without it still gets the checks. */
const CONSTRAINTS = `DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'GoodsItem_stock_nonnegative') THEN
    ALTER TABLE "GoodsItem" ADD CONSTRAINT "GoodsItem_stock_nonnegative" CHECK ("stock" >= 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'GoodsReceipt_positive') THEN
    ALTER TABLE "GoodsReceipt" ADD CONSTRAINT "GoodsReceipt_positive" CHECK ("quantity" > 0 AND "valueFen" >= 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'GoodsDistribution_positive') THEN
    ALTER TABLE "GoodsDistribution" ADD CONSTRAINT "GoodsDistribution_positive" CHECK ("quantity" > 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Activity_counts') THEN
    ALTER TABLE "Activity" ADD CONSTRAINT "Activity_counts" CHECK ("volunteers" >= 0 AND "staff" >= 0 AND "participants" >= "volunteers" + "staff");
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ReachRecord_head_count') THEN
    ALTER TABLE "ReachRecord" ADD CONSTRAINT "ReachRecord_head_count" CHECK ("headCount" > 0 AND ("personHash" IS NULL OR "headCount" = 1));
  END IF;
END $$`;

const LOCK_KEY = 6_202_011; // advisory lock for installs and rebuilds

/** Installs the triggers (all sources available now) and rebuilds every rollup, in one transaction. */
export async function installAndRebuild(opts: { onlyIfStale?: boolean } = {}) {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      const { metrics, persons } = await availableSources(tx);
      const triggers = triggerSql(metrics, persons);
      const version = versionOf(triggers);
      if (opts.onlyIfStale) {
        const meta = await tx.statMeta.findUnique({ where: { key: "triggers" }, select: { value: true } });
        if (meta?.value === version) return { version, rebuilt: false, sources: metrics.map((m) => m.key) };
      }
      await tx.$executeRawUnsafe(CONSTRAINTS);
      await tx.$executeRawUnsafe(DROP_STALE);
      for (const s of triggers) await tx.$executeRawUnsafe(s);
      for (const s of rebuildSql(metrics, persons)) await tx.$executeRawUnsafe(s);
      await tx.statMeta.upsert({ where: { key: "triggers" }, create: { key: "triggers", value: version }, update: { value: version } });
      await tx.statMeta.upsert({
        where: { key: "rebuiltAt" },
        create: { key: "rebuiltAt", value: new Date().toISOString() },
        update: { value: new Date().toISOString() },
      });
      return { version, rebuilt: true, sources: metrics.map((m) => m.key) };
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

/** Rebuilds the rollups only (triggers already installed). */
export async function rebuildRollups() {
  return installAndRebuild({ onlyIfStale: false });
}

let ensured: Promise<unknown> | undefined;
let ensuredFor: string | undefined;

/**
 * Makes sure the triggers of this code version are installed before statistics are read or
 * recorded. Cheap after the first call in a process (one cached promise per database URL).
 */
export function ensureStatistics(): Promise<unknown> {
  const url = process.env.DATABASE_URL ?? "";
  if (!ensured || ensuredFor !== url) {
    ensuredFor = url;
    ensured = installAndRebuild({ onlyIfStale: true }).catch((e) => {
      ensured = undefined;
      throw e;
    });
  }
  return ensured;
}
