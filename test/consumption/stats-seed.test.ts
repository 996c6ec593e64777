/**
 * Issue 13, part 8 (demo data): the consumption-aid seed gives a dozen producers in every review
 * state, certified products with their stock received, offline sales in all six channels, two events
 * and two pledges — and the dashboard shows it, with the sale linked to a purchase offer counted once,
 * the rollups equal to the raw computation, and the ledger and stock invariants holding.
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

it("seeds producers, products, sales in six channels, events and pledges, and the dashboard shows them", { timeout: 180_000 }, async () => {
  const ctx: SeedContext = { users: {}, orgs: {}, credentials: [], log: () => {} };
  await (await import("../../prisma/seed/01-accounts-orgs")).seed(prisma, ctx);
  await (await import("../../prisma/seed/03-needs")).seed(prisma, ctx);
  const started = Date.now();
  await (await import("../../prisma/seed/06-consumption")).seed(prisma, ctx);
  expect(Date.now() - started).toBeLessThan(60_000);

  const statuses = await prisma.producer.groupBy({ by: ["status"], _count: true });
  expect(Object.fromEntries(statuses.map((s) => [s.status, s._count]))).toEqual({ APPROVED: 9, RECOMMENDED: 1, SUBMITTED: 1, SUSPENDED: 1 });
  expect(new Set((await prisma.producer.findMany({ select: { districtCode: true } })).map((p) => p.districtCode)).size).toBeGreaterThanOrEqual(7);
  const { isCertified, priceAboveReference } = await import("~/modules/products/rules");
  const products = await prisma.product.findMany({ select: { status: true, priceFen: true, referencePriceFen: true, certNumber: true, certExpiresOn: true, certVerifiedAt: true, stockOnHand: true } });
  expect(products.length).toBeGreaterThanOrEqual(20);
  expect(products.filter((p) => p.status === "LISTED" && isCertified(p)).length).toBeGreaterThanOrEqual(15);
  expect(products.some((p) => p.referencePriceFen && priceAboveReference(p.priceFen, p.referencePriceFen))).toBe(true);
  const { stockDrift } = await import("~/modules/shop/stock.server");
  expect(await stockDrift(prisma)).toEqual([]);

  // Households: one named household is lifted by two producers.
  const shared = await prisma.producerHousehold.groupBy({ by: ["idNumberHash"], _count: true, having: { idNumberHash: { _count: { gt: 1 } } } });
  expect(shared).toHaveLength(1);

  // Sales: all six channels, a few hundred rows, the last eighteen months, the events and the pledges.
  const channels = await prisma.consumptionSale.groupBy({ by: ["channel"], _count: true });
  expect(channels.map((c) => c.channel).sort()).toEqual(["FAIR", "LABOUR", "MALL", "ONLINE", "PAIRED", "TOURISM"]);
  const count = await prisma.consumptionSale.count();
  expect(count).toBeGreaterThan(250);
  expect(count).toBeLessThan(600);
  expect(await prisma.consumptionSale.count({ where: { soldOn: { lt: new Date(Date.now() - 560 * 86_400_000) } } })).toBe(0);
  // soldOn is a Shanghai calendar day: after 16:00 UTC, "today" there is tomorrow in UTC.
  expect(await prisma.consumptionSale.count({ where: { soldOn: { gt: new Date(Date.now() + 8 * 3_600_000) } } })).toBe(0);
  expect(await prisma.salesEvent.count()).toBe(2);
  expect(await prisma.consumptionSale.count({ where: { eventId: { not: null } } })).toBeGreaterThan(0);
  const pledges = await prisma.purchasePledge.findMany({ select: { requiredShareBp: true, canteenBudgetFen: true, _count: { select: { sales: true } } } });
  expect(pledges).toHaveLength(2);
  expect(pledges.every((p) => p._count.sales > 0)).toBe(true);
  expect(pledges.filter((p) => p.requiredShareBp === 1000 && p.canteenBudgetFen)).toHaveLength(1);

  // The dashboard for this year shows it; the sale recorded against the purchase offer is not added again.
  const y = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const f = { from: `${y}-01-01`, to: `${y}-12-31` };
  const { dashboardFromRollup, dashboardFromRaw } = await import("~/modules/statistics/queries.server");
  const [rollup, raw] = await Promise.all([dashboardFromRollup(f), dashboardFromRaw(f)]);
  expect(raw.totals).toEqual(rollup.totals);
  const sum = await prisma.consumptionSale.aggregate({ _sum: { amountFen: true }, where: { needResponseId: null, soldOn: { gte: new Date(`${f.from}T00:00:00Z`), lte: new Date(`${f.to}T00:00:00Z`) } } });
  expect(rollup.totals.consumption_sales_fen).toBe(Number(sum._sum.amountFen));
  expect(rollup.totals.consumption_aid_fen).toBe(Number(sum._sum.amountFen) + (rollup.totals.consumption_offer_fen ?? 0));
  expect(await prisma.consumptionSale.count({ where: { needResponseId: { not: null } } })).toBe(1);
  const { buildView } = await import("~/modules/statistics/view");
  const { consumptionExtras } = await import("~/modules/statistics/consumption.server");
  const { makeT } = await import("~/modules/i18n/i18n");
  const extras = await consumptionExtras(f);
  expect(extras.topProducers.length).toBeGreaterThanOrEqual(5);
  expect(extras.households.named).toBe(14);
  const view = buildView(rollup, null, makeT("zh-CN"), "zh-CN", { consumption: extras });
  expect(view.sentence).toMatch(/全市社会组织直销农产品达[\d.]+万元。$/);
  expect(view.tables.find((x) => x.key === "consumptionByChannel")!.rows.filter((r) => r.values[0]! > 0).length).toBeGreaterThanOrEqual(5);

  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
});
