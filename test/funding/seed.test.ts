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
  // Campaigns that raised on 腾讯公益 declare it, and their receipts carry the platform's source code.
  expect(await prisma.campaign.count({ where: { designatedPlatform: "tencent" } })).toBe(2);
  expect(await prisma.ledgerTransaction.count({ where: { kind: "OFFLINE_DONATION", source: "platform:tencent" } })).toBe(2);
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
});

it("seeds monthly gifts paid month by month through the reminder's checkout, one paused and one cancelled", async () => {
  const ctx: SeedContext = { users: {}, orgs: {}, credentials: [], log: () => {} };
  const users = await prisma.user.findMany({ select: { id: true, email: true, displayName: true } });
  const byEmail = (e: string) => users.find((u) => u.email === e);
  // The users 01 created in the first test, under the keys 08 looks for.
  for (const [key, email] of [["donorTang", "donor@shanlian.demo"], ["volunteerXu", "volunteer@shanlian.demo"], ["volunteerHe", "volunteer2@shanlian.demo"]] as const) {
    const u = byEmail(email);
    if (u) ctx.users[key] = u;
  }
  await (await import("../../prisma/seed/08-monthly")).seed(prisma, ctx);
  const gifts = await prisma.monthlyGift.findMany({ select: { status: true, method: true, _count: { select: { donations: { where: { status: "PAID", frequency: "MONTHLY" } } } } } });
  expect(gifts.map((g) => g.status).sort()).toEqual(["ACTIVE", "CANCELLED", "PAUSED"]);
  expect(gifts.every((g) => g.method === "REMINDER")).toBe(true);
  const tang = await prisma.monthlyGift.findFirstOrThrow({ where: { donorUser: { email: "donor@shanlian.demo" } }, select: { status: true, charges: { select: { status: true, donationId: true } } } });
  expect(tang.status).toBe("ACTIVE");
  expect(tang.charges.filter((c) => c.status === "PAID" && c.donationId)).toHaveLength(3);
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
});
