/** The shop's demo orders (prisma/seed/07) cover every state and leave ledger and stock consistent. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import type { PrismaClient } from "~/generated/prisma/client";
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

it("seeds orders in every state through the services, all balanced", async () => {
  const ctx: SeedContext = { users: {}, orgs: {}, credentials: [], log: () => {} };
  await (await import("../../prisma/seed/01-accounts-orgs")).seed(prisma, ctx);
  await (await import("../../prisma/seed/07-shop-orders")).seed(prisma, ctx);
  const statuses = new Set((await prisma.shopOrder.findMany({ select: { status: true } })).map((o) => o.status));
  expect([...statuses].sort()).toEqual(["CANCELLED", "COMPLETED", "PAID", "PENDING", "RECEIVED", "REFUNDED", "SHIPPED"]);
  expect(await prisma.orderRefund.count({ where: { status: "REQUESTED" } })).toBe(1);
  expect(await prisma.producerPayout.count()).toBe(1);
  expect(await prisma.consumptionSale.count({ where: { source: "SHOP" } })).toBeGreaterThanOrEqual(2);
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
});
