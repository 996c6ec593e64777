/**
 * The owner tallies (ADR 027): what the campaign page, the listing's cards, the cap and the goal
 * check read instead of summing every donation — kept by triggers in the same transaction as the
 * write. Checked against the raw tables (the ledger checks `owner-tallies-match-ledger`,
 * `owner-balances-match-entries`, `owner-donors-match-donations`) after payments through the
 * settlement code, refunds, a refund reversed after booking, offline donations, a donor's data
 * erased, 40 settlements of one campaign at once, and the migration's first fill of existing books.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import type { ProviderEvent } from "~/modules/payments/provider";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createFund, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
});

let tag = 0;
const paidEvent = (d: { id: string; amountFen: bigint; providerSessionId: string | null }): ProviderEvent =>
  ({
    provider: "STRIPE",
    eventId: `evt_tally_${++tag}`,
    type: "checkout.session.completed",
    kind: "payment_succeeded",
    donationId: d.id,
    sessionId: d.providerSessionId!,
    paymentId: `pi_tally_${tag}`,
    amountFen: d.amountFen,
    currency: "CNY",
    occurredAt: new Date(),
  }) as ProviderEvent;

async function failedChecks() {
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  return (await runLedgerChecks(prisma)).filter((r) => !r.ok);
}

/** The page's figures computed the old way, from every row: groups, balance and donors. */
async function rawSummary(campaignId: string) {
  const groups = await prisma.$queryRawUnsafe<{ kind: string; reversal: boolean; source: string | null; fen: string; n: number }[]>(
    `SELECT kind::text AS kind, ("reversesId" IS NOT NULL) AS reversal, source, SUM("amountFen")::text AS fen, count(*)::int AS n FROM "LedgerTransaction" WHERE "campaignId" = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    campaignId,
  );
  const [{ balance }] = await prisma.$queryRawUnsafe<{ balance: string }[]>(
    `SELECT COALESCE(SUM(e."amountFen"), 0)::text AS balance FROM "LedgerAccount" a JOIN "LedgerEntry" e ON e."accountId" = a.id WHERE a.key = $1`,
    `CAMPAIGN:${campaignId}`,
  );
  const [{ donors }] = await prisma.$queryRawUnsafe<{ donors: number }[]>(
    `SELECT count(DISTINCT coalesce('u:' || "donorUserId", 'e:' || lower("donorEmail"::text), 'd:' || id))::int AS donors FROM "Donation" WHERE "campaignId" = $1 AND status IN ('PAID', 'PARTLY_REFUNDED')`,
    campaignId,
  );
  return { groups, balance, donors };
}

async function keptSummary(campaignId: string) {
  const { ownerLedgerSummary } = await import("~/modules/ledger/balances.server");
  const s = await ownerLedgerSummary({ campaignId });
  const groups = s.groups
    .map((g) => ({ kind: g.kind, reversal: g.reversal, source: g.source, fen: g.fen.toString(), n: g.n }))
    .sort((a, b) => `${a.kind}${a.reversal}${a.source}`.localeCompare(`${b.kind}${b.reversal}${b.source}`));
  const offline = s.groups.filter((g) => g.kind === "OFFLINE_DONATION").reduce((n, g) => n + g.n, 0);
  return { groups, balance: s.totals.balanceFen.toString(), donors: s.donors - offline, totals: s.totals };
}

async function host(districtCode = "500114") {
  const owner = await createUser(prisma);
  const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, districtCode });
  return { owner, org };
}

describe("owner tallies", () => {
  it("follow payments, refunds, a reversed refund, offline donations and an erased donor, and equal the raw sums", async () => {
    const { applyProviderEvent } = await import("~/modules/donations/events.server");
    const { completeRefund, failRefund } = await import("~/modules/donations/refunds.server");
    const { postOfflineDonation } = await import("~/modules/ledger/offline.server");
    const { campaignNetRaised, campaignTotals } = await import("~/modules/ledger/balances.server");
    const { owner, org } = await host();
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, goalFen: 1_000_000n });
    const signedIn = await createUser(prisma);
    const give = async (amountFen: bigint, o: { email?: string; donorUserId?: string } = {}) => {
      const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen, ...o });
      expect(await applyProviderEvent(paidEvent(d))).toBe("recorded");
      return d;
    };
    // Six donations by four donors: one e-mail in two spellings, one signed-in user twice.
    const a = await give(5_000n, { email: "Wang.Li@example.cn" });
    await give(3_000n, { email: "wang.li@EXAMPLE.cn" });
    await give(2_000n, { donorUserId: signedIn.id });
    await give(1_000n, { donorUserId: signedIn.id });
    const lone = await give(700n);
    await give(900n);
    expect((await keptSummary(campaign.id)).donors).toBe(4);

    // The lone donor refunded in full no longer counts; a partial refund leaves the donor counted.
    const refund = async (donationId: string, amountFen: bigint) => {
      const r = await prisma.refund.create({ data: { donationId, amountFen, reason: "测试退款", requestedById: owner.id, status: "PENDING" }, select: { id: true } });
      expect(await completeRefund(r.id, `re_${r.id}`)).toBe("completed");
      return r.id;
    };
    await refund(lone.id, 700n);
    const partial = await refund(a.id, 1_000n);
    expect((await keptSummary(campaign.id)).donors).toBe(3);
    // A refund that failed after it was booked: a DONATION reversing it (kind reversal = true).
    expect(await failRefund(partial, null, prisma, "bank account closed")).toBe("failed");
    await postOfflineDonation(prisma, { orgId: org.id, campaignId: campaign.id, amountFen: 20_000n, occurredAt: new Date(), source: "腾讯公益", externalRef: "TALLY-OFF-1" });
    await postOfflineDonation(prisma, { orgId: org.id, campaignId: campaign.id, amountFen: 8_000n, occurredAt: new Date(), source: "银行转账", externalRef: "TALLY-OFF-2" });

    // The signed-in donor's data erased (account deletion sets donorUserId to null and the e-mail
    // goes with it): their two donations now count as two anonymous donors.
    await prisma.donation.updateMany({ where: { donorUserId: signedIn.id }, data: { donorUserId: null, donorEmail: null } });
    const raw = await rawSummary(campaign.id);
    const kept = await keptSummary(campaign.id);
    expect(raw.donors).toBe(4);
    expect({ groups: kept.groups, balance: kept.balance, donors: kept.donors }).toEqual(raw);
    expect(kept.groups.some((g) => g.kind === "DONATION" && g.reversal)).toBe(true);
    // raised 12,600 + 28,000 offline; refunded 700 + 1,000 − 1,000 (reversed).
    expect(kept.totals.raisedFen).toBe(40_600n);
    expect(kept.totals.refundedFen).toBe(700n);
    expect((await campaignNetRaised([campaign.id])).get(campaign.id)).toBe(39_900n);
    expect((await campaignTotals([campaign.id])).get(campaign.id)).toEqual(kept.totals);
    expect(await failedChecks()).toEqual([]);
  });

  it("keep a fund's figures too, and a campaign with no donations reads zero", async () => {
    const { applyProviderEvent } = await import("~/modules/donations/events.server");
    const { fundTotals, ownerLedgerSummary } = await import("~/modules/ledger/balances.server");
    const { owner, org } = await host("500103");
    const fund = await createFund(prisma, { orgId: org.id, createdById: owner.id });
    const empty = await createCampaign(prisma, { orgId: org.id, createdById: owner.id });
    for (const amountFen of [1_200n, 3_400n]) {
      const d = await createPendingDonation(prisma, { fundId: fund.id, orgId: org.id, amountFen, email: "same@example.cn" });
      expect(await applyProviderEvent(paidEvent(d))).toBe("recorded");
    }
    const f = (await fundTotals([fund.id])).get(fund.id)!;
    expect([f.raisedFen, f.balanceFen]).toEqual([4_600n, 4_600n]);
    expect((await ownerLedgerSummary({ fundId: fund.id })).donors).toBe(1);
    const none = await ownerLedgerSummary({ campaignId: empty.id });
    expect([none.totals.raisedFen, none.totals.balanceFen, none.donors, none.groups.length]).toEqual([0n, 0n, 0, 0]);
    expect(await failedChecks()).toEqual([]);
  });

  it("stay exact under 40 settlements of one campaign at once, and the goal is still reached once", async () => {
    const { applyProviderEvent } = await import("~/modules/donations/events.server");
    const { owner, org } = await host("500105");
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, goalFen: 30_000n, districtCode: "500105" });
    const ds = [];
    // 40 donations of ¥10 by 20 donors (each gives twice): ¥400, the goal ¥300 crossed on the way.
    for (let i = 0; i < 40; i++) ds.push(await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 1_000n, email: `rush${i % 20}@example.cn` }));
    const results = await Promise.all(ds.map((d) => applyProviderEvent(paidEvent(d))));
    expect(new Set(results)).toEqual(new Set(["recorded"]));
    const kept = await keptSummary(campaign.id);
    expect(kept.totals.raisedFen).toBe(40_000n);
    expect(kept.donors).toBe(20);
    expect({ groups: kept.groups, balance: kept.balance, donors: kept.donors }).toEqual(await rawSummary(campaign.id));
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } })).status).toBe("FUNDED");
    expect(await failedChecks()).toEqual([]);
  });

  it("are filled from existing books by the migration's first fill, and rebuilt by ledger:check --rebuild-tallies", async () => {
    const { rebuildOwnerTallies, TALLY_FILL_SQL } = await import("~/modules/ledger/tallies.server");
    const emptied = async () => {
      await prisma.$executeRawUnsafe(`TRUNCATE "LedgerOwnerTally", "LedgerAccountBalance", "OwnerDonor", "OwnerDonorCount"`);
      expect((await failedChecks()).map((c) => c.name).sort()).toEqual(["owner-balances-match-entries", "owner-donors-match-donations", "owner-tallies-match-ledger"]);
    };
    // The migration's own statements (it filled the tables of a database that had books already).
    const migrations = path.resolve(import.meta.dirname, "../../prisma/migrations");
    const dir = readdirSync(migrations).find((n) => n.endsWith("_ledger_owner_tallies"))!;
    const sql = readFileSync(path.join(migrations, dir, "migration.sql"), "utf8");
    const fill = sql.slice(sql.indexOf("-- First fill from what is there.")).split(/;\s*\n/).map((s) => s.replace(/^--[^\n]*\n/gm, "").trim()).filter(Boolean);
    expect(fill.map((s) => s.replace(/\s+/g, " "))).toEqual(TALLY_FILL_SQL.map((s) => s.replace(/\s+/g, " ")));
    await emptied();
    for (const statement of fill) await prisma.$executeRawUnsafe(statement);
    expect(await failedChecks()).toEqual([]);
    // A tally set apart by hand (the triggers bypassed) is found by the checks and rebuilt.
    await prisma.$executeRawUnsafe(`UPDATE "LedgerOwnerTally" SET fen = fen + 1 WHERE ctid = (SELECT ctid FROM "LedgerOwnerTally" LIMIT 1)`);
    expect((await failedChecks()).map((c) => c.name)).toEqual(["owner-tallies-match-ledger"]);
    await rebuildOwnerTallies(prisma);
    expect(await failedChecks()).toEqual([]);
    await emptied();
    await rebuildOwnerTallies(prisma);
    expect(await failedChecks()).toEqual([]);
  });
});
