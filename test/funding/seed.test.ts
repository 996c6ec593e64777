/** The funding demo data goes through the ledger and leaves every invariant holding. */
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

it("seeds funds, campaigns, donations, a refund and disbursements, all balanced", async () => {
  const ctx: SeedContext = { users: {}, orgs: {}, credentials: [], log: () => {} };
  await (await import("../../prisma/seed/01-accounts-orgs")).seed(prisma, ctx);
  await (await import("../../prisma/seed/04-funding")).seed(prisma, ctx);
  expect(await prisma.fund.count()).toBe(4);
  expect(await prisma.campaign.count({ where: { status: { in: ["APPROVED", "FUNDED"] } } })).toBe(5);
  expect(await prisma.ledgerTransaction.count({ where: { kind: "REFUND" } })).toBe(1);
  expect(await prisma.ledgerTransaction.count({ where: { kind: "OFFLINE_DONATION" } })).toBe(6);
  expect(await prisma.disbursement.count()).toBe(6);
  expect(await prisma.donation.count({ where: { donorUser: { email: "donor@shanlian.demo" } } })).toBeGreaterThan(0);
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
});
