/**
 * Must show (1): a dataset built to the seeds' 2020 figures — 882 key poverty-relief projects,
 * 2,188 activities, about 300,000 participant person-times, 494 million yuan of money and goods,
 * 483,000 person-times reached — makes the generated sentence reproduce the bureau's wording.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { bulkActivities, bulkGoods, bulkReliefProjects, createCityOrgs } from "../support/factories/reach";

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  ({ prisma } = await import("~/utils/db.server"));
  const { ensureStatistics } = await import("~/modules/statistics/install.server");
  await ensureStatistics();
  const { orgs } = await createCityOrgs(prisma);
  await bulkReliefProjects(prisma, { count: 882, year: 2020 });
  await bulkActivities(prisma, { count: 2188, year: 2020, participants: 296_474, reach: 483_000 });
  // 款物: 300 million yuan of goods (valued in fen) + 194 million yuan of money through the ledger.
  await bulkGoods(prisma, { count: 600, year: 2020, totalFen: 300_000_000_00n });
  const { postOfflineDonation } = await import("~/modules/ledger/offline.server");
  for (let i = 0; i < 97; i++) {
    await postOfflineDonation(prisma, {
      orgId: orgs[i % orgs.length]!.id,
      amountFen: 2_000_000_00n,
      occurredAt: new Date(Date.UTC(2020, i % 12, 10, 2)),
      donorName: "爱心企业",
      source: "银行转账",
      externalRef: `2020-${i}`,
    });
  }
  // Outside the period: must not count.
  await bulkReliefProjects(prisma, { count: 5, year: 2021 });
  await bulkActivities(prisma, { count: 7, year: 2019, participants: 700, reach: 70 });
  await bulkGoods(prisma, { count: 3, year: 2021, totalFen: 1_000_000n, prefix: "g2021-" });
});

afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
});

describe("the 2020 summary sentence", () => {
  it("reproduces the bureau's sentence from recorded facts (rollups)", async () => {
    const { dashboardFromRollup, derived } = await import("~/modules/statistics/queries.server");
    const { summarySentence } = await import("~/modules/statistics/sentence");
    const { makeT } = await import("~/modules/i18n/i18n");
    const d = await dashboardFromRollup({ from: "2020-01-01", to: "2020-12-31" });
    const h = derived(d);
    expect(h).toMatchObject({ projects: 882, activities: 2188, participants: 296_474, reachPersonTimes: 483_000, moneyAndGoodsFen: 494_000_000_00 });
    expect(summarySentence(h, "全市", makeT("zh-CN"))).toBe(
      "全市社会组织开展重点扶贫项目882个，组织各类活动2188次，直接参与人员近30万人次，筹集扶贫款物达4.94亿元，惠及困难群众48.3万人次。",
    );
  });

  it("computes the same figures from the raw records", async () => {
    const { dashboardFromRaw, dashboardFromRollup } = await import("~/modules/statistics/queries.server");
    for (const filter of [
      { from: "2020-01-01", to: "2020-12-31" },
      { from: "2020-02-14", to: "2020-11-03" },
      { from: "2020-04-01", to: "2020-06-30", districtCode: "500114" },
      { from: "2019-12-01", to: "2021-01-31", orgType: "FOUNDATION" as const },
    ]) {
      const [a, b] = await Promise.all([dashboardFromRollup(filter), dashboardFromRaw(filter)]);
      expect(b.totals).toEqual(a.totals);
      expect(b.trend).toEqual(a.trend);
      expect(b.uniquePersons).toEqual(a.uniquePersons);
    }
  });

  it("writes the sentence for one district from its own records", async () => {
    const { dashboardFromRollup, derived } = await import("~/modules/statistics/queries.server");
    const { buildView } = await import("~/modules/statistics/view");
    const { makeT } = await import("~/modules/i18n/i18n");
    const d = await dashboardFromRollup({ from: "2020-01-01", to: "2020-12-31", districtCode: "500114" });
    const h = derived(d);
    expect(h.activities).toBeGreaterThan(0);
    expect(h.activities).toBeLessThan(2188);
    const view = buildView(d, null, makeT("zh-CN"), "zh-CN");
    expect(view.sentence.startsWith(`黔江区社会组织开展重点扶贫项目${h.projects}个，组织各类活动${h.activities}次`)).toBe(true);
  });
});
