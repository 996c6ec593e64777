/**
 * The dashboard rollups of issue 17.3 (prisma/sql/statistics-dashboard.sql): StatYearly and
 * StatMonthlyCity always equal the sums of StatMonthly, StatPersonYearScope the month masks of
 * StatPersonYearly per scope, StatPersonMaskCount the persons per mask — after inserts (one row
 * and many per statement), updates that move records between months, districts and years,
 * deletes, and a full rebuild — and the dashboard from them equals the raw computation for every
 * kind of period (whole year, quarter, custom days at both ends, several years, days) and scope
 * (city, district, organization type, both).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createCityOrgs } from "../support/factories/reach";

let db: TestDatabase;
let prisma: PrismaClient;
let orgs: { id: string; type: string; districtCode: string }[];

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  ({ prisma } = await import("~/utils/db.server"));
  const created = await createCityOrgs(prisma, { districts: ["500114", "500103"], perDistrict: 2 });
  orgs = await prisma.organization.findMany({ where: { id: { in: created.orgs.map((o) => o.id) } }, select: { id: true, type: true, districtCode: true }, orderBy: { id: "asc" } });
});

afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
});

type Rows = Record<string, unknown>[];
const q = (sql: string) => prisma.$queryRawUnsafe<Rows>(sql);

/** Each derived table next to the same figures recomputed from the table it is derived from. */
async function expectDerivedConsistent() {
  const pairs: [string, string][] = [
    [
      `SELECT year, "districtCode", "orgType"::text, metric, value::text FROM "StatYearly" WHERE value <> 0 ORDER BY 1, 2, 3, 4`,
      `SELECT extract(year FROM month)::int AS year, "districtCode", "orgType"::text, metric, SUM(value)::text AS value FROM "StatMonthly" GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0 ORDER BY 1, 2, 3, 4`,
    ],
    [
      `SELECT month::text, "orgType"::text, metric, value::text FROM "StatMonthlyCity" WHERE value <> 0 ORDER BY 1, 2, 3`,
      `SELECT month::text, "orgType"::text, metric, SUM(value)::text AS value FROM "StatMonthly" GROUP BY 1, 2, 3 HAVING SUM(value) <> 0 ORDER BY 1, 2, 3`,
    ],
    [
      `SELECT year, "districtCode", "orgType", "personHash", months FROM "StatPersonYearScope" ORDER BY 1, 2, 3, 4`,
      `SELECT year, COALESCE("districtCode", '') AS "districtCode", COALESCE("orgType"::text, '') AS "orgType", "personHash", bit_or(months) AS months FROM "StatPersonYearly"
       GROUP BY GROUPING SETS ((year, "personHash"), (year, "districtCode", "personHash"), (year, "orgType", "personHash")) ORDER BY 1, 2, 3, 4`,
    ],
    [
      `SELECT year, "districtCode", "orgType", months, n::int FROM "StatPersonMaskCount" WHERE n <> 0 ORDER BY 1, 2, 3, 4`,
      `SELECT year, "districtCode", "orgType", months, count(*)::int AS n FROM (
         SELECT year, "districtCode", "orgType"::text AS "orgType", months FROM "StatPersonYearly"
         UNION ALL SELECT year, "districtCode", "orgType", months FROM "StatPersonYearScope") x GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    ],
  ];
  for (const [derived, recomputed] of pairs) expect(await q(derived)).toEqual(await q(recomputed));
  // Never negative, never a count left behind for a mask nobody has.
  expect(await q(`SELECT * FROM "StatPersonMaskCount" WHERE n < 0`)).toEqual([]);
}

function filters() {
  const [a, b] = [orgs[0]!, orgs[1]!];
  return [
    { from: "2024-01-01", to: "2024-12-31" },
    { from: "2024-04-01", to: "2024-06-30" },
    { from: "2024-02-10", to: "2024-11-20" },
    { from: "2024-01-01", to: "2024-12-31", districtCode: "500114" },
    { from: "2024-02-10", to: "2024-11-20", districtCode: "500103" },
    { from: "2024-01-01", to: "2024-12-31", orgType: a.type },
    { from: "2024-03-15", to: "2024-09-10", orgType: b.type },
    { from: "2024-01-01", to: "2024-12-31", districtCode: a.districtCode, orgType: a.type },
    { from: "2024-03-15", to: "2024-09-10", districtCode: b.districtCode, orgType: b.type },
    { from: "2023-12-01", to: "2025-01-31" },
    { from: "2023-12-15", to: "2025-02-10", districtCode: "500114" },
    { from: "2023-01-01", to: "2025-12-31" },
    { from: "2024-03-01", to: "2024-03-20" },
    { from: "2024-05-10", to: "2024-07-05", orgType: a.type },
  ];
}

async function expectDashboardsEqualRaw() {
  const { dashboardFromRaw, dashboardFromRollup } = await import("~/modules/statistics/queries.server");
  const canon = (d: Awaited<ReturnType<typeof dashboardFromRaw>>) => ({
    totals: d.totals,
    byDistrict: d.byDistrict,
    trend: d.trend,
    uniquePersons: d.uniquePersons,
  });
  for (const f of filters()) {
    const [rollup, raw] = await Promise.all([dashboardFromRollup(f as never), dashboardFromRaw(f as never)]);
    expect(rollup.method).toBe("rollup");
    expect(canon(rollup), JSON.stringify(f)).toEqual(canon(raw));
  }
}

/** Reach records: person p of a pool of 12, on day d of 2023-12-01 … 2025-02-28, through org o. */
function reachValues(from: number, to: number) {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const o = orgs[i % orgs.length]!;
    const named = i % 5 !== 4;
    out.push(
      `('dr${i}', '${o.id}', date '2023-12-01' + ${(i * 37) % 456}, '${o.districtCode}', 'ACTIVITY', 'x', ${named ? `md5('p${(i * 7) % 12}')` : "NULL"}, ${named ? 1 : 1 + (i % 4)}, '{DIBAO}', NULL, NULL)`,
    );
  }
  return out.join(", ");
}
const insertReach = (from: number, to: number) =>
  prisma.$executeRawUnsafe(`INSERT INTO "ReachRecord" (id, "orgId", "occurredOn", "districtCode", source, "sourceId", "personHash", "headCount", groups, sex, "ageBand") VALUES ${reachValues(from, to)}`);

describe("dashboard rollups (StatYearly, StatMonthlyCity, StatPersonYearScope, StatPersonMaskCount)", () => {
  it("follow inserts one by one and in bulk, and give the raw figures", async () => {
    for (let i = 0; i < 6; i++) await insertReach(i, i + 1);
    await insertReach(6, 80);
    const acts = orgs.map((o, i) => `('da${i}', '${o.id}', '走访${i}', 'VISIT', date '2024-0${i + 1}-1${i}', '${o.districtCode}', ${10 + i}, 2, 1)`).join(", ");
    await prisma.$executeRawUnsafe(`INSERT INTO "Activity" (id, "orgId", title, kind, "heldOn", "districtCode", participants, volunteers, staff) VALUES ${acts}`);
    expect(Number((await q(`SELECT count(*) AS n FROM "StatPersonYearScope"`))[0]!.n)).toBeGreaterThan(0);
    await expectDerivedConsistent();
    await expectDashboardsEqualRaw();
  });

  it("follow updates across months, districts and years, and deletes", async () => {
    await prisma.$executeRawUnsafe(`UPDATE "ReachRecord" SET "occurredOn" = "occurredOn" + 45 WHERE id IN ('dr3', 'dr10', 'dr11', 'dr12', 'dr40')`);
    await prisma.$executeRawUnsafe(`UPDATE "ReachRecord" SET "districtCode" = '500103' WHERE id IN ('dr0', 'dr8', 'dr16')`);
    await prisma.$executeRawUnsafe(`UPDATE "ReachRecord" SET "occurredOn" = date '2025-01-05' WHERE id IN ('dr20', 'dr21')`);
    await expectDerivedConsistent();
    await expectDashboardsEqualRaw();
    await prisma.$executeRawUnsafe(`DELETE FROM "ReachRecord" WHERE id IN ('dr1', 'dr2', 'dr30', 'dr31', 'dr32', 'dr33')`);
    await prisma.$executeRawUnsafe(`DELETE FROM "ReachRecord" WHERE id LIKE 'dr5%'`);
    await prisma.$executeRawUnsafe(`DELETE FROM "Activity" WHERE id = 'da1'`);
    await prisma.$executeRawUnsafe(`UPDATE "Activity" SET participants = 40, "heldOn" = date '2024-11-30' WHERE id = 'da2'`);
    await expectDerivedConsistent();
    await expectDashboardsEqualRaw();
  });

  // A write that only adds (a reach record for a person already counted that year, an activity)
  // keeps the rollups without making a temporary table: one made in every transaction cost a
  // donation's settlement about 3 ms of catalog work (2026-12-05). Counted in the writer's own
  // transaction, where an ON COMMIT DROP table would still be.
  it("keep up with a write that only adds without making a temporary table", async () => {
    const o = orgs[0]!;
    const temps = await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(
        `INSERT INTO "ReachRecord" (id, "orgId", "occurredOn", "districtCode", source, "sourceId", "personHash", "headCount", groups, sex, "ageBand") VALUES ('dr900', '${o.id}', date '2024-06-03', '${o.districtCode}', 'ACTIVITY', 'x', md5('p0'), 1, '{DIBAO}', NULL, NULL)`,
      );
      await tx.$executeRawUnsafe(`INSERT INTO "Activity" (id, "orgId", title, kind, "heldOn", "districtCode", participants, volunteers, staff) VALUES ('da900', '${o.id}', '走访', 'VISIT', date '2024-06-03', '${o.districtCode}', 5, 1, 1)`);
      return tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = pg_my_temp_schema()`);
    });
    expect(temps[0]!.n).toBe(0);
    await expectDerivedConsistent();
    await expectDashboardsEqualRaw();
  });

  it("equal what a full rebuild gives", async () => {
    const snapshot = async () =>
      Promise.all([
        q(`SELECT year, "districtCode", "orgType"::text, metric, value::text FROM "StatYearly" WHERE value <> 0 ORDER BY 1, 2, 3, 4`),
        q(`SELECT month::text, "orgType"::text, metric, value::text FROM "StatMonthlyCity" WHERE value <> 0 ORDER BY 1, 2, 3`),
        q(`SELECT year, "districtCode", "orgType", "personHash", months FROM "StatPersonYearScope" ORDER BY 1, 2, 3, 4`),
        q(`SELECT year, "districtCode", "orgType", months, n::int FROM "StatPersonMaskCount" WHERE n <> 0 ORDER BY 1, 2, 3, 4`),
      ]);
    const before = await snapshot();
    const { rebuildRollups } = await import("~/modules/statistics/install.server");
    await rebuildRollups();
    expect(await snapshot()).toEqual(before);
    await expectDerivedConsistent();
    await expectDashboardsEqualRaw();
  });
});
