/**
 * Issue 18.1 demo data: the seed gives three Shandong supporting organizations, the 鲁渝 agreement,
 * pairings whose money and goods are ledger and goods records, and the sentence for the demo year
 * says so; the ledger invariants hold.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../support/db";
import type { SeedContext } from "../../prisma/seed";

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
});

it("seeds Shandong supporting organizations, an agreement and pairings, and the sentence states them", { timeout: 300_000 }, async () => {
  const ctx: SeedContext = { users: {}, orgs: {}, credentials: [], log: () => {} };
  await (await import("../../prisma/seed/01-accounts-orgs")).seed(prisma, ctx);
  await (await import("../../prisma/seed/05-reach")).seed(prisma, ctx);
  await (await import("../../prisma/seed/09-cross-region")).seed(prisma, ctx);

  const { isFromOtherProvince } = await import("~/modules/cross-region/provinces");
  const orgs = await prisma.organization.findMany({ select: { creditCode: true, status: true } });
  expect(orgs.filter((o) => isFromOtherProvince(o.creditCode) && o.status === "APPROVED")).toHaveLength(3);
  expect(await prisma.cooperationAgreement.count()).toBe(1);
  expect(Object.fromEntries((await prisma.supportPairing.groupBy({ by: ["status"], _count: true })).map((g) => [g.status, g._count]))).toEqual({ ACTIVE: 3, REQUESTED: 1 });

  const now = new Date();
  const year = now >= new Date(Date.UTC(now.getUTCFullYear(), 10, 21)) ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const { crossRegionSupport } = await import("~/modules/cross-region/stats.server");
  const { crossRegionClause } = await import("~/modules/cross-region/view");
  const { makeT } = await import("~/modules/i18n/i18n");
  const s = await crossRegionSupport({ from: `${year}-01-01`, to: `${year}-12-31` }, prisma);
  expect(s.byProvince).toEqual([{ code: "37", moneyFen: 115_000_000, goodsFen: 16_500_000, orgs: 3 }]);
  expect(crossRegionClause(s, "我市", makeT("zh-CN"))).toBe("山东省3家社会组织对口支援我市项目131余万元。");
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  expect((await runLedgerChecks(prisma)).filter((c) => !c.ok)).toEqual([]);
});
