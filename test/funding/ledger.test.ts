/**
 * The ledger's own guarantees: balanced postings (in code and in the database), append-only
 * entries, idempotent offline donations with statistics columns, and the check command.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createFund, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";
import { AppError } from "~/utils/errors";

let app: TestApp;
let prisma: PrismaClient;
let org: { id: string; districtCode: string };
let campaign: { id: string };
let fund: { id: string };

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const owner = await createUser(prisma);
  org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, districtCode: "500103" });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, districtCode: "500114" });
  fund = await createFund(prisma, { orgId: org.id, createdById: owner.id });
});
afterAll(async () => app?.close());

describe("postings", () => {
  it("refuses an unbalanced group before writing anything", async () => {
    const { postTransaction } = await import("~/modules/ledger/post.server");
    const { ensureAccount } = await import("~/modules/ledger/accounts.server");
    const a = await ensureAccount(prisma, { kind: "OFFLINE_RECEIPTS" });
    const b = await ensureAccount(prisma, { kind: "CAMPAIGN", campaignId: campaign.id, orgId: org.id });
    const before = await prisma.ledgerEntry.count();
    const base = { kind: "OFFLINE_DONATION" as const, amountFen: 100n, occurredAt: new Date(), orgId: org.id, districtCode: "500114", campaignId: campaign.id };
    await expect(postTransaction(prisma, { ...base, idempotencyKey: "t1", entries: [{ accountId: a, amountFen: -100n }, { accountId: b, amountFen: 99n }] })).rejects.toBeInstanceOf(AppError);
    await expect(postTransaction(prisma, { ...base, idempotencyKey: "t2", entries: [{ accountId: b, amountFen: 100n }] })).rejects.toBeInstanceOf(AppError);
    expect(await prisma.ledgerEntry.count()).toBe(before);
  });

  it("is append-only and balanced in the database too", async () => {
    const { postOfflineDonation } = await import("~/modules/ledger/offline.server");
    const { transactionId } = await postOfflineDonation(prisma, { orgId: org.id, campaignId: campaign.id, amountFen: 500n, occurredAt: new Date(), source: "测试", externalRef: "APPEND-1" });
    const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { transactionId } });
    await expect(prisma.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "amountFen" = 1 WHERE id = ${entry.id}`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "LedgerEntry" WHERE id = ${entry.id}`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "LedgerTransaction" WHERE id = '${transactionId}'`)).rejects.toThrow(/append-only/);
    // The one change allowed (account deletion, issue 15.6): the donor name erased to 匿名, nothing else.
    await expect(prisma.$executeRawUnsafe(`UPDATE "LedgerTransaction" SET "donorName" = '张三' WHERE id = '${transactionId}'`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`UPDATE "LedgerTransaction" SET "donorName" = '匿名', "amountFen" = 1 WHERE id = '${transactionId}'`)).rejects.toThrow(/append-only/);
    expect(await prisma.$executeRawUnsafe(`UPDATE "LedgerTransaction" SET "donorName" = '匿名' WHERE id = '${transactionId}'`)).toBe(1);
    // A raw, unbalanced insert is refused at commit by the deferred trigger.
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`INSERT INTO "LedgerEntry" ("transactionId", "accountId", "amountFen", currency) VALUES ('${transactionId}', '${entry.accountId}', 7, 'CNY')`);
      }),
    ).rejects.toThrow(/unbalanced/);
    expect(await prisma.ledgerEntry.count({ where: { transactionId } })).toBe(2);
  });

  it("runs a posting inside the caller's transaction (rolled back with it)", async () => {
    const { postOfflineDonation } = await import("~/modules/ledger/offline.server");
    await expect(
      prisma.$transaction(async (tx) => {
        await postOfflineDonation(tx, { orgId: org.id, fundId: fund.id, amountFen: 900n, occurredAt: new Date(), source: "测试", externalRef: "ROLLBACK-1" });
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    expect(await prisma.ledgerTransaction.count({ where: { externalRef: "ROLLBACK-1" } })).toBe(0);
  });
});

describe("postOfflineDonation (for the statistics import)", () => {
  it("credits the campaign, fund or organization once per source reference, with statistics columns", async () => {
    const { postOfflineDonation } = await import("~/modules/ledger/offline.server");
    const { totalsFor } = await import("~/modules/ledger/balances.server");
    const input = { orgId: org.id, campaignId: campaign.id, amountFen: 340_650_00n, occurredAt: new Date("2020-12-31T04:00:00Z"), donorName: "市慈善总会", source: "腾讯公益", externalRef: "TX-2020-0001" };
    const first = await postOfflineDonation(prisma, input);
    const again = await postOfflineDonation(prisma, input);
    expect(first.created).toBe(true);
    expect(again).toEqual({ transactionId: first.transactionId, created: false });
    const tx = await prisma.ledgerTransaction.findUniqueOrThrow({ where: { id: first.transactionId } });
    expect(tx).toMatchObject({ kind: "OFFLINE_DONATION", orgId: org.id, districtCode: "500114", campaignId: campaign.id, fundId: null, amountFen: 340_650_00n, provider: "OFFLINE", source: "腾讯公益" });
    expect((await totalsFor({ campaignId: campaign.id }, prisma)).raisedFen).toBeGreaterThanOrEqual(340_650_00n);

    const toFund = await postOfflineDonation(prisma, { ...input, campaignId: null, fundId: fund.id, externalRef: "TX-2020-0002" });
    expect((await prisma.ledgerTransaction.findUniqueOrThrow({ where: { id: toFund.transactionId } })).districtCode).toBe("500103");
    const unearmarked = await postOfflineDonation(prisma, { ...input, campaignId: null, externalRef: "TX-2020-0003" });
    const entries = await prisma.ledgerEntry.findMany({ where: { transactionId: unearmarked.transactionId }, include: { account: true } });
    expect(entries.map((e) => e.account.kind).sort()).toEqual(["OFFLINE_RECEIPTS", "ORGANIZATION"]);

    await expect(postOfflineDonation(prisma, { ...input, amountFen: 0n, externalRef: "zero" })).rejects.toBeInstanceOf(AppError);
    const otherOwner = await createUser(prisma);
    const otherOrg = await createOrganization(prisma, { createdById: otherOwner.id });
    await expect(postOfflineDonation(prisma, { ...input, orgId: otherOrg.id, externalRef: "wrong-org" })).rejects.toBeInstanceOf(AppError);
  });
});

describe("ownerLedgerSummary's donors (the campaign and fund pages' donors)", () => {
  it("counts a signed-in donor once, an e-mail once whatever its case, a donation without either by itself, and each offline donation", async () => {
    const { ownerLedgerSummary } = await import("~/modules/ledger/balances.server");
    const donorCount = async (t: { campaignId?: string; fundId?: string }) => (await ownerLedgerSummary(t)).donors;
    const { postOfflineDonation } = await import("~/modules/ledger/offline.server");
    const owner = await createUser(prisma);
    const donor = await createUser(prisma);
    const c = await createCampaign(prisma, { orgId: org.id, createdById: owner.id });
    const f = await createFund(prisma, { orgId: org.id, createdById: owner.id });
    const donate = async (status: "PAID" | "PARTLY_REFUNDED" | "PENDING" | "REFUNDED", o: { email?: string | null; donorUserId?: string; fund?: boolean }) => {
      const d = await createPendingDonation(prisma, { ...(o.fund ? { fundId: f.id } : { campaignId: c.id }), orgId: org.id, amountFen: 1000n, email: o.email ?? undefined, donorUserId: o.donorUserId });
      await prisma.donation.update({ where: { id: d.id }, data: { status, ...(o.email === null ? { donorEmail: null } : {}) } });
    };
    expect(await donorCount({ campaignId: c.id })).toBe(0);
    await donate("PAID", { donorUserId: donor.id, email: "a1@example.cn" });
    await donate("PARTLY_REFUNDED", { donorUserId: donor.id, email: "a2@example.cn" }); // the same user
    await donate("PAID", { email: "Li.Ming@Example.cn" });
    await donate("PAID", { email: "li.ming@example.cn" }); // the same address
    await donate("PAID", { email: null });
    await donate("PAID", { email: null }); // no user, no address: each donation is a donor
    await donate("PENDING", { email: "pending@example.cn" });
    await donate("REFUNDED", { email: "refunded@example.cn" });
    await donate("PAID", { email: "fund@example.cn", fund: true });
    await postOfflineDonation(prisma, { orgId: org.id, campaignId: c.id, amountFen: 300n, occurredAt: new Date(), source: "测试", externalRef: "DONORS-1" });
    expect(await donorCount({ campaignId: c.id })).toBe(1 + 1 + 2 + 1);
    expect(await donorCount({ fundId: f.id })).toBe(1);
    // These donations were marked paid without the ledger's transactions: gone before ledger:check reads the database.
    await prisma.donation.deleteMany({ where: { OR: [{ campaignId: c.id }, { fundId: f.id }] } });
  });
});

describe("npm run ledger:check", () => {
  it("exits 0 when every invariant holds and 1 when one is broken", async () => {
    const run = () => spawnSync("npx", ["--no-install", "tsx", "scripts/ledger-check.ts"], { env: { ...process.env, DATABASE_URL: app.databaseUrl }, encoding: "utf8" });
    const ok = run();
    expect(ok.stdout).toContain("invariants hold");
    expect(ok.status).toBe(0);
    // Break one invariant behind the ledger's back: a donation claiming a refund with no REFUND entry.
    const owner = await prisma.orgMembership.findFirstOrThrow({ where: { orgId: org.id } });
    await prisma.donation.create({ data: { campaignId: campaign.id, orgId: org.id, amountFen: 1000n, refundedFen: 500n, donorName: "x", donorEmail: "x@example.cn", provider: "STRIPE", accessToken: `tok-${owner.id}`, status: "PENDING" } });
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("FAIL donation-refunded-amount-matches");
  }, 240_000);
});
