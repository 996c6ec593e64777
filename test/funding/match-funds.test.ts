/**
 * Matching funds (配捐, issue 18.2, ADR 020) through the real settlement and refund paths:
 * the ledger (1:1 with caps, refund reversal, a pledge running out mid-donation, parallel
 * settlements), each 套捐 signal on a constructed case and an honest campaign with none, and the
 * staff decisions over HTTP with their access checks.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { startFakeStripe, type FakeStripe } from "../support/fake-stripe";
import { createUser, TEST_PASSWORD } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { addOrgMember } from "../support/factories/hours";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let fake: FakeStripe;
let prisma: PrismaClient;
let host: { id: string };
let hostOwner: { id: string };
let matcherOrg: { id: string };
let matcherFinance: { id: string; email: string };
let matcherMember: { id: string; email: string };
let staff: { id: string; email: string };
/** Bureau staff who is also a member of the matcher's organization: may never decide. */
let staffInMatcher: { id: string; email: string };

beforeAll(async () => {
  // The donate form opens a real (fake) Stripe checkout; payments are then settled through applyProviderEvent.
  fake = await startFakeStripe();
  process.env.STRIPE_SECRET_KEY = "sk_test_fake_matchfunds";
  process.env.STRIPE_API_BASE = fake.url;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  hostOwner = await createUser(prisma);
  host = await createOrganization(prisma, { createdById: hostOwner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
  const matcherOwner = await createUser(prisma);
  matcherOrg = await createOrganization(prisma, { createdById: matcherOwner.id, type: "FOUNDATION", isCharity: true, name: "重庆阳光配捐基金会" });
  matcherFinance = await addOrgMember(prisma, matcherOrg.id, "FINANCE");
  matcherMember = await addOrgMember(prisma, matcherOrg.id, "MEMBER");
  staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  staffInMatcher = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  await prisma.orgMembership.create({ data: { orgId: matcherOrg.id, userId: staffInMatcher.id, role: "MEMBER" } });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

type Terms = { ratioNum?: number; ratioDen?: number; perDonationCapFen?: bigint; perDonorDayCapFen?: bigint; totalCapFen: bigint; matcherEmailDomain?: string | null };

async function campaignWithPledge(terms: Terms, goalFen = 5_000_000n) {
  const campaign = await createCampaign(prisma, { orgId: host.id, createdById: hostOwner.id, goalFen });
  const { createPledge, decidePledge } = await import("~/modules/match-funds/pledges.server");
  const pledge = await createPledge(
    {
      campaignId: campaign.id,
      matcherKind: "FUND",
      matcherName: "阳光配捐基金",
      matcherEmailDomain: terms.matcherEmailDomain ?? null,
      ratioNum: terms.ratioNum ?? 1,
      ratioDen: terms.ratioDen ?? 1,
      perDonationCapFen: terms.perDonationCapFen ?? 10_000n,
      perDonorDayCapFen: terms.perDonorDayCapFen ?? 1_000_000n,
      totalCapFen: terms.totalCapFen,
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 86_400_000),
    },
    { id: matcherFinance.id, matcherOrgId: matcherOrg.id },
  );
  await decidePledge(pledge.id, staff.id, { decision: "APPROVE", reason: "配捐资金已到账", fundingRef: `BANK-${pledge.id}` });
  return { campaign, pledgeId: pledge.id };
}

type Gift = { amountFen: bigint; email?: string; donorUserId?: string; ipHash?: string; deviceHash?: string; payerRef?: string; paidAt?: Date };

/** A donation paid through the real webhook path (applyProviderEvent), as the provider would settle it. */
async function settle(campaignId: string, g: Gift) {
  const d = await createPendingDonation(prisma, { campaignId, orgId: host.id, amountFen: g.amountFen, email: g.email, donorUserId: g.donorUserId });
  if (g.ipHash || g.deviceHash) await prisma.donation.update({ where: { id: d.id }, data: { ipHash: g.ipHash ?? null, deviceHash: g.deviceHash ?? null } });
  const { applyProviderEvent } = await import("~/modules/donations/events.server");
  const result = await applyProviderEvent({
    provider: "STRIPE",
    eventId: `evt_${randomBytes(8).toString("hex")}`,
    type: "checkout.session.completed",
    kind: "payment_succeeded",
    occurredAt: g.paidAt ?? new Date(),
    donationId: d.id,
    sessionId: d.providerSessionId!,
    paymentId: `pi_${randomBytes(8).toString("hex")}`,
    amountFen: g.amountFen,
    currency: "CNY",
    payerRef: g.payerRef,
  });
  expect(result).toBe("recorded");
  return d.id;
}

/** A refund the provider confirmed, through the refund-event path. */
async function refund(donationId: string, amountFen: bigint) {
  const r = await prisma.refund.create({ data: { donationId, amountFen, reason: "捐款人申请退款", status: "PENDING" }, select: { id: true } });
  const { applyProviderEvent } = await import("~/modules/donations/events.server");
  expect(await applyProviderEvent({ provider: "STRIPE", eventId: `evt_${randomBytes(8).toString("hex")}`, type: "charge.refunded", kind: "refund_succeeded", occurredAt: new Date(), refundId: r.id, providerRefundId: `re_${r.id}`, amountFen })).toBe("refund_completed");
  return r.id;
}

async function giftOf(donationId: string) {
  return prisma.matchedGift.findFirst({ where: { donationId }, select: { id: true, status: true, amountFen: true, originalFen: true, flags: true } });
}

async function balances(campaignId: string, pledgeId: string) {
  const { accountBalance, ensureAccount } = await import("~/modules/ledger/accounts.server");
  const { totalsFor } = await import("~/modules/ledger/balances.server");
  const { pledgeLeft } = await import("~/modules/match-funds/settle.server");
  return {
    matched: await accountBalance(prisma, await ensureAccount(prisma, { kind: "MATCHED", campaignId, orgId: host.id })),
    pledge: await accountBalance(prisma, await ensureAccount(prisma, { kind: "MATCH_PLEDGE", pledgeId })),
    left: await pledgeLeft(prisma, pledgeId),
    totals: await totalsFor({ campaignId }, prisma),
  };
}

async function expectLedgerChecksHold() {
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  const failed = (await runLedgerChecks(prisma)).filter((c) => !c.ok);
  expect(failed).toEqual([]);
}

const kinds = (flags: unknown) => (flags as { kind: string }[]).map((f) => f.kind).sort();

describe("the ledger of a match", () => {
  it("matches 1:1 up to the per-donation and per-donor-day caps, apart from the goal", async () => {
    // Goal 500 yuan: the donations (396 yuan) stay below it; with the matches (230 yuan) they would not.
    const { campaign, pledgeId } = await campaignWithPledge({ perDonationCapFen: 10_000n, perDonorDayCapFen: 15_000n, totalCapFen: 100_000n }, 50_000n);
    const a = await settle(campaign.id, { amountFen: 8_000n });
    const b = await settle(campaign.id, { amountFen: 25_000n, email: "repeat-donor@qq.com" });
    const c = await settle(campaign.id, { amountFen: 6_600n, email: "repeat-donor@qq.com" });
    expect((await giftOf(a))).toMatchObject({ status: "PAID", amountFen: 8_000n });
    expect((await giftOf(b))).toMatchObject({ status: "PAID", amountFen: 10_000n }); // per-donation cap
    expect((await giftOf(c))).toMatchObject({ status: "PAID", amountFen: 5_000n }); // what is left of the donor's day

    const bal = await balances(campaign.id, pledgeId);
    expect(bal.matched).toBe(23_000n);
    expect(bal.pledge).toBe(77_000n);
    expect(bal.left).toBe(77_000n);
    // Matched money never counts: raised and the campaign account hold the donations only, and the goal is not reached.
    expect(bal.totals.raisedFen).toBe(39_600n);
    expect(bal.totals.balanceFen).toBe(39_600n);
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("APPROVED");

    const match = await prisma.ledgerTransaction.findFirstOrThrow({ where: { donationId: b, kind: "MATCH" }, include: { entries: { include: { account: true } } } });
    expect(match).toMatchObject({ amountFen: 10_000n, matchPledgeId: pledgeId, campaignId: campaign.id });
    expect(match.entries.map((e) => [e.account.kind, e.amountFen]).sort()).toEqual([["MATCHED", 10_000n], ["MATCH_PLEDGE", -10_000n]]);

    // The campaign page shows the matched total and what is left, without donors.
    const html = await (await fetch(`${app.baseUrl}/campaigns/${campaign.id}`)).text();
    expect(html).toContain('data-testid="matched-total"');
    expect(html).toMatch(/data-testid="matched-total">¥?\s*230(\.00)?/);
    expect(html).toContain("阳光配捐基金");
    expect(html).not.toContain("repeat-donor");
    await expectLedgerChecksHold();
  }, 120_000);

  it("reverses a refunded gift's match, part by part, linked to the original", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ ratioNum: 2, perDonationCapFen: 100_000n, totalCapFen: 100_000n });
    const d = await settle(campaign.id, { amountFen: 10_000n });
    expect(await giftOf(d)).toMatchObject({ status: "PAID", amountFen: 20_000n });

    const first = await refund(d, 4_000n);
    // 60 yuan left of the gift: 1:2 gives 120 yuan; 80 yuan go back to the pledge.
    expect(await giftOf(d)).toMatchObject({ status: "PAID", amountFen: 12_000n, originalFen: 20_000n });
    const match = await prisma.ledgerTransaction.findFirstOrThrow({ where: { donationId: d, kind: "MATCH" } });
    const reversal = await prisma.ledgerTransaction.findFirstOrThrow({ where: { donationId: d, kind: "MATCH_REVERSAL" } });
    expect(reversal).toMatchObject({ amountFen: 8_000n, reversesId: match.id, matchPledgeId: pledgeId });
    expect(reversal.idempotencyKey).toContain(first);
    expect((await balances(campaign.id, pledgeId)).pledge).toBe(88_000n);

    await refund(d, 6_000n);
    expect(await giftOf(d)).toMatchObject({ status: "REVERSED", amountFen: 0n });
    const bal = await balances(campaign.id, pledgeId);
    expect(bal.matched).toBe(0n);
    expect(bal.pledge).toBe(100_000n);
    expect(bal.totals.netRaisedFen).toBe(0n);
    expect(await prisma.ledgerTransaction.count({ where: { donationId: d, kind: "MATCH_REVERSAL", reversesId: match.id } })).toBe(2);
    await expectLedgerChecksHold();
  }, 120_000);

  it("matches what is left when the pledge runs out mid-donation, then nothing", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ perDonationCapFen: 10_000n, totalCapFen: 15_000n });
    const a = await settle(campaign.id, { amountFen: 10_000n + 1n });
    const b = await settle(campaign.id, { amountFen: 8_000n });
    const c = await settle(campaign.id, { amountFen: 3_000n });
    expect(await giftOf(a)).toMatchObject({ status: "PAID", amountFen: 10_000n });
    expect(await giftOf(b)).toMatchObject({ status: "PAID", amountFen: 5_000n }); // partial
    expect(await giftOf(c)).toBeNull();
    const bal = await balances(campaign.id, pledgeId);
    expect(bal.pledge).toBe(0n);
    expect(bal.matched).toBe(15_000n);
    // The donation itself is recorded in full whatever the match.
    expect(bal.totals.raisedFen).toBe(21_001n);
    await expectLedgerChecksHold();
  }, 120_000);

  it("never over-spends a pledge when donations settle at the same time", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ perDonationCapFen: 10_000n, totalCapFen: 10_000n });
    const ids = await Promise.all(Array.from({ length: 10 }, () => settle(campaign.id, { amountFen: 1_500n })));
    const gifts = await prisma.matchedGift.findMany({ where: { donationId: { in: ids } }, select: { amountFen: true, status: true } });
    const total = gifts.reduce((s, g) => s + g.amountFen, 0n);
    expect(total).toBe(10_000n);
    expect(gifts.every((g) => g.status === "PAID")).toBe(true);
    // Six full matches of 15 yuan and one partial of 10 yuan, in whatever order they committed.
    expect(gifts.map((g) => g.amountFen).sort()).toEqual([1_000n, 1_500n, 1_500n, 1_500n, 1_500n, 1_500n, 1_500n]);
    expect((await balances(campaign.id, pledgeId)).pledge).toBe(0n);
    await expectLedgerChecksHold();
  }, 180_000);
});

/** A disbursement through the domain function the disbursement form calls. */
async function disburse(campaignId: string, amountFen: bigint) {
  const { createDisbursement } = await import("~/modules/disbursements/disbursements.server");
  return createDisbursement({ orgId: host.id, campaignId, amountFen, date: new Date(), recipientMasked: "王某", purpose: "住院医疗费", actorId: hostOwner.id });
}

async function entriesOf(where: { disbursementId?: string; matchPledgeId?: string; kind: "DISBURSEMENT" | "MATCH_RETURN" }) {
  const txs = await prisma.ledgerTransaction.findMany({ where, include: { entries: { include: { account: true } } }, orderBy: { createdAt: "asc" } });
  return txs.map((t) => ({ amountFen: t.amountFen, key: t.idempotencyKey, entries: t.entries.map((e) => [e.account.kind, e.amountFen]).sort() }));
}

describe("a batch of settlements (the payment inbox's path)", () => {
  it("matches each donation of a pledged campaign as one by one, and none of a campaign without a pledge", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ totalCapFen: 1_000_000n });
    const plain = await createCampaign(prisma, { orgId: host.id, createdById: hostOwner.id, goalFen: 5_000_000n });
    const gifts = [
      { campaignId: campaign.id, amountFen: 2_000n },
      { campaignId: plain.id, amountFen: 3_000n },
      { campaignId: campaign.id, amountFen: 4_000n },
      { campaignId: plain.id, amountFen: 5_000n },
      { campaignId: campaign.id, amountFen: 6_000n, payerRef: "wechat:o-batch-payer" },
    ];
    const ds = [];
    for (const g of gifts) ds.push(await createPendingDonation(prisma, { campaignId: g.campaignId, orgId: host.id, amountFen: g.amountFen }));
    const { applyProviderEvents } = await import("~/modules/donations/events.server");
    const results = await applyProviderEvents(
      ds.map((d, i) => ({
        provider: "STRIPE",
        eventId: `evt_${randomBytes(8).toString("hex")}`,
        type: "checkout.session.completed",
        kind: "payment_succeeded",
        occurredAt: new Date(),
        donationId: d.id,
        sessionId: d.providerSessionId!,
        paymentId: `pi_${randomBytes(8).toString("hex")}`,
        amountFen: d.amountFen,
        currency: "CNY",
        payerRef: gifts[i]!.payerRef,
      })),
    );
    expect(results).toEqual(["recorded", "recorded", "recorded", "recorded", "recorded"]);
    expect(await Promise.all(ds.map(async (d) => (await giftOf(d.id))?.amountFen ?? null))).toEqual([2_000n, null, 4_000n, null, 6_000n]);
    expect((await balances(campaign.id, pledgeId)).matched).toBe(12_000n);
    // The payer's hash kept with the payment, as one by one.
    const payer = await prisma.donation.findUniqueOrThrow({ where: { id: ds[4]!.id }, select: { payerHash: true } });
    expect(payer.payerHash).toMatch(/^[0-9a-f]{64}$/);
    await expectLedgerChecksHold();
  });
});

describe("disbursing matched money", () => {
  it("draws the campaign's own money first, then its matched money, never above both", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ perDonationCapFen: 10_000n, perDonorDayCapFen: 15_000n, totalCapFen: 100_000n }, 50_000n);
    await settle(campaign.id, { amountFen: 8_000n });
    await settle(campaign.id, { amountFen: 25_000n, email: "disburse-donor@qq.com" });
    await settle(campaign.id, { amountFen: 6_600n, email: "disburse-donor@qq.com" });
    let bal = await balances(campaign.id, pledgeId);
    expect([bal.totals.balanceFen, bal.matched]).toEqual([39_600n, 23_000n]);

    const first = await disburse(campaign.id, 50_000n);
    expect(await entriesOf({ disbursementId: first.id, kind: "DISBURSEMENT" })).toEqual([
      { amountFen: 50_000n, key: `disbursement:${first.id}`, entries: [["CAMPAIGN", -39_600n], ["DISBURSED", 50_000n], ["MATCHED", -10_400n]] },
    ]);
    bal = await balances(campaign.id, pledgeId);
    expect([bal.totals.balanceFen, bal.matched]).toEqual([0n, 12_600n]);
    // Spending matched money changes nothing of what was raised.
    expect([bal.totals.raisedFen, bal.totals.netRaisedFen, bal.totals.disbursedFen]).toEqual([39_600n, 39_600n, 50_000n]);

    // 126 yuan are left in all: one fen more is refused and moves nothing.
    await expect(disburse(campaign.id, 12_601n)).rejects.toMatchObject({ status: 409, message: "funding.errors.insufficientBalance" });
    expect(await prisma.disbursement.count({ where: { campaignId: campaign.id } })).toBe(1);
    const second = await disburse(campaign.id, 12_600n);
    expect((await entriesOf({ disbursementId: second.id, kind: "DISBURSEMENT" }))[0].entries).toEqual([["DISBURSED", 12_600n], ["MATCHED", -12_600n]]);
    bal = await balances(campaign.id, pledgeId);
    expect([bal.totals.balanceFen, bal.matched]).toEqual([0n, 0n]);
    await expect(disburse(campaign.id, 1n)).rejects.toMatchObject({ status: 409 });
    await expectLedgerChecksHold();
  }, 120_000);

  it("keeps back the matched money a pending refund will take back from its match", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ perDonationCapFen: 10_000n, totalCapFen: 100_000n });
    const d = await settle(campaign.id, { amountFen: 10_000n });
    expect(await giftOf(d)).toMatchObject({ status: "PAID", amountFen: 10_000n });
    const r = await prisma.refund.create({ data: { donationId: d, amountFen: 4_000n, reason: "捐款人申请退款", status: "PENDING" }, select: { id: true } });
    // Own 100 − 40 pending; matched 100 − the 40 the match will shrink by: 120 yuan spendable.
    await expect(disburse(campaign.id, 12_001n)).rejects.toMatchObject({ status: 409 });
    await disburse(campaign.id, 12_000n);
    const { applyProviderEvent } = await import("~/modules/donations/events.server");
    expect(await applyProviderEvent({ provider: "STRIPE", eventId: `evt_${randomBytes(8).toString("hex")}`, type: "charge.refunded", kind: "refund_succeeded", occurredAt: new Date(), refundId: r.id, providerRefundId: `re_${r.id}`, amountFen: 4_000n })).toBe("refund_completed");
    expect(await giftOf(d)).toMatchObject({ status: "PAID", amountFen: 6_000n });
    const bal = await balances(campaign.id, pledgeId);
    expect([bal.totals.balanceFen, bal.matched, bal.pledge]).toEqual([0n, 0n, 94_000n]);
    await expectLedgerChecksHold();
  }, 120_000);
});

describe("closing a pledge after its window", () => {
  it("returns the unmatched remainder to the matcher once no flagged match waits, and later reversals too", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ perDonationCapFen: 10_000n, totalCapFen: 100_000n });
    const matched = await settle(campaign.id, { amountFen: 8_000n });
    const flagged = await settle(campaign.id, { amountFen: 5_000n, donorUserId: matcherFinance.id, email: matcherFinance.email });
    expect(await giftOf(flagged)).toMatchObject({ status: "FLAGGED", amountFen: 5_000n });
    const { closePledge, closeEndedPledges, CLOSE_GRACE_MS } = await import("~/modules/match-funds/close.server");

    // Still open (and within the grace after its end): nothing happens.
    expect(await closePledge(pledgeId, new Date())).toBeNull();
    await prisma.matchPledge.update({ where: { id: pledgeId }, data: { endsAt: new Date(Date.now() - CLOSE_GRACE_MS - 60_000) } });
    // A flagged match still reserves pledge money: the pledge waits for staff.
    expect(await closePledge(pledgeId, new Date(Date.now() - CLOSE_GRACE_MS))).toBe("waiting");
    expect((await prisma.matchPledge.findUniqueOrThrow({ where: { id: pledgeId } })).status).toBe("ACTIVE");
    const { decideFlaggedMatch } = await import("~/modules/match-funds/review.server");
    await decideFlaggedMatch((await giftOf(flagged))!.id, staff.id, { decision: "REFUSE", reason: "配捐方财务人员本人捐款" });

    // The daily job closes it: 1000 − 80 yuan matched go back in one MATCH_RETURN.
    const { JOB_DEFINITIONS } = await import("~/modules/jobs/queues.server");
    const job = JOB_DEFINITIONS.find((j) => j.name === "campaign-deadlines")!;
    const out = await job.run({ queue: "campaign-deadlines" }, {});
    expect(out.pledgesClosed).toBeGreaterThanOrEqual(1);
    expect((await prisma.matchPledge.findUniqueOrThrow({ where: { id: pledgeId } })).status).toBe("CLOSED");
    expect(await entriesOf({ matchPledgeId: pledgeId, kind: "MATCH_RETURN" })).toEqual([
      { amountFen: 92_000n, key: `match-return:${pledgeId}`, entries: [["MATCH_PLEDGE", -92_000n], ["MATCH_RETURNED", 92_000n]] },
    ]);
    let bal = await balances(campaign.id, pledgeId);
    expect([bal.pledge, bal.matched]).toEqual([0n, 8_000n]);
    expect(await prisma.auditLog.count({ where: { action: "matchPledge.closed", entityId: pledgeId } })).toBe(1);
    // Running again closes nothing twice.
    expect(await closePledge(pledgeId, new Date())).toBeNull();
    await closeEndedPledges();
    expect(await prisma.ledgerTransaction.count({ where: { matchPledgeId: pledgeId, kind: "MATCH_RETURN" } })).toBe(1);

    // A match reversed after the close goes straight on to the matcher: a closed pledge holds nothing.
    const refundId = await refund(matched, 8_000n);
    expect(await giftOf(matched)).toMatchObject({ status: "REVERSED", amountFen: 0n });
    expect((await entriesOf({ matchPledgeId: pledgeId, kind: "MATCH_RETURN" })).map((t) => [t.key, t.amountFen])).toEqual([
      [`match-return:${pledgeId}`, 92_000n],
      [`match-return:${(await giftOf(matched))!.id}:${refundId}`, 8_000n],
    ]);
    bal = await balances(campaign.id, pledgeId);
    expect([bal.pledge, bal.matched]).toEqual([0n, 0n]);
    await expectLedgerChecksHold();
  }, 180_000);
});

describe("the pledge row lock", () => {
  it("serialises matches of one pledge made in parallel transactions", async () => {
    // Donations paid first, matched afterwards all at once: nothing but the pledge lock orders them.
    const campaign = await createCampaign(prisma, { orgId: host.id, createdById: hostOwner.id });
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(await settle(campaign.id, { amountFen: 1_700n + BigInt(i) }));
    const { createPledge, decidePledge } = await import("~/modules/match-funds/pledges.server");
    const pledge = await createPledge(
      { campaignId: campaign.id, matcherKind: "COMPANY", matcherName: "重庆某科技有限公司", matcherEmailDomain: null, ratioNum: 1, ratioDen: 1, perDonationCapFen: 10_000n, perDonorDayCapFen: 10_000n, totalCapFen: 5_000n, startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 86_400_000) },
      { id: staffInMatcher.id, matcherOrgId: null },
    );
    await decidePledge(pledge.id, staff.id, { decision: "APPROVE", reason: "企业配捐资金已到账", fundingRef: "BANK-LOCK-1" });
    const { matchSettledDonation } = await import("~/modules/match-funds/settle.server");
    const outcomes = await Promise.allSettled(ids.map((donationId) => prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_sleep(0.05)`;
      return matchSettledDonation(tx, { donationId });
    }, { timeout: 60_000, maxWait: 60_000 })));
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    const gifts = await prisma.matchedGift.findMany({ where: { pledgeId: pledge.id }, select: { amountFen: true } });
    expect(gifts.reduce((s, g) => s + g.amountFen, 0n)).toBe(5_000n);
    expect((await balances(campaign.id, pledge.id)).pledge).toBe(0n);
    await expectLedgerChecksHold();
  }, 180_000);
});

describe("套捐 signals", () => {
  it("keeps only keyed hashes of the donor's address and browser from the donate form", async () => {
    const { campaign } = await campaignWithPledge({ totalCapFen: 100_000n });
    const guest = new TestClient(app.baseUrl);
    const res = await guest.post(`/campaigns/${campaign.id}`, { intent: "donate", preset: "other", amount: "50.00", email: "hash-check@qq.com" }, { headers: { "User-Agent": "Mozilla/5.0 (iPhone) MicroMessenger/8.0" } });
    expect(res.status).toBe(302);
    const d = await prisma.donation.findFirstOrThrow({ where: { campaignId: campaign.id, donorEmail: "hash-check@qq.com" }, select: { ipHash: true, deviceHash: true } });
    expect(d.deviceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(d.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(d)).not.toContain("MicroMessenger");
  }, 60_000);

  it("flags a gift from the pledge's own maker, and from a member of the matcher", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ totalCapFen: 100_000n });
    const own = await settle(campaign.id, { amountFen: 5_000n, donorUserId: matcherFinance.id, email: matcherFinance.email });
    const member = await settle(campaign.id, { amountFen: 4_000n, donorUserId: matcherMember.id, email: matcherMember.email });
    expect(await giftOf(own)).toMatchObject({ status: "FLAGGED", amountFen: 5_000n });
    expect(kinds((await giftOf(own))!.flags)).toEqual(["SAME_USER"]);
    expect(kinds((await giftOf(member))!.flags)).toEqual(["MATCHER_MEMBER"]);
    // Held, not paid: reserved in the pledge, not in the ledger.
    const bal = await balances(campaign.id, pledgeId);
    expect(bal.matched).toBe(0n);
    expect(bal.pledge).toBe(100_000n);
    expect(bal.left).toBe(91_000n);
    await expectLedgerChecksHold();
  }, 120_000);

  it("flags a donor at the matcher's own e-mail domain, never at a public one", async () => {
    const { campaign } = await campaignWithPledge({ totalCapFen: 100_000n, matcherEmailDomain: "sunshine-corp.com.cn" });
    const linked = await settle(campaign.id, { amountFen: 5_100n, email: "zhang@sunshine-corp.com.cn" });
    const webmail = await settle(campaign.id, { amountFen: 5_200n, email: "zhang@163.com" });
    expect(kinds((await giftOf(linked))!.flags)).toEqual(["EMAIL_DOMAIN"]);
    expect(await giftOf(webmail)).toMatchObject({ status: "PAID" });
  }, 120_000);

  it("flags a guest paying with a payment account the matcher's people used", async () => {
    const other = await createCampaign(prisma, { orgId: host.id, createdById: hostOwner.id });
    await settle(other.id, { amountFen: 1_234n, donorUserId: matcherMember.id, email: matcherMember.email, payerRef: "wechat:o-matcher-member-1" });
    const { campaign } = await campaignWithPledge({ totalCapFen: 100_000n });
    const guest = await settle(campaign.id, { amountFen: 4_321n, email: "guest-payer@qq.com", payerRef: "wechat:o-matcher-member-1" });
    const stranger = await settle(campaign.id, { amountFen: 4_322n, email: "stranger@qq.com", payerRef: "wechat:o-stranger-9" });
    expect(kinds((await giftOf(guest))!.flags)).toEqual(["PAYMENT_ACCOUNT"]);
    expect(await giftOf(stranger)).toMatchObject({ status: "PAID" });
    // Only the keyed hash is kept.
    const row = await prisma.donation.findUniqueOrThrow({ where: { id: guest }, select: { payerHash: true } });
    expect(row.payerHash).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  it("flags a burst of equal round amounts", async () => {
    const { campaign } = await campaignWithPledge({ totalCapFen: 100_000n });
    const t0 = Date.now();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await settle(campaign.id, { amountFen: 20_000n, paidAt: new Date(t0 + i * 60_000) }));
    expect((await giftOf(ids[0]!))!.status).toBe("PAID");
    expect((await giftOf(ids[1]!))!.status).toBe("PAID");
    const third = (await giftOf(ids[2]!))!;
    expect(third.status).toBe("FLAGGED");
    expect(kinds(third.flags)).toEqual(["ROUND_BURST"]);
  }, 120_000);

  it("flags many gifts near the cap from one device or address", async () => {
    const { campaign } = await campaignWithPledge({ perDonationCapFen: 10_000n, perDonorDayCapFen: 10_000n, totalCapFen: 100_000n });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await settle(campaign.id, { amountFen: 9_950n + BigInt(i), email: `sock${i}@qq.com`, deviceHash: "device-A", ipHash: `ip-${i}` }));
    const address = [];
    for (let i = 0; i < 3; i++) address.push(await settle(campaign.id, { amountFen: 9_800n + BigInt(i), email: `puppet${i}@qq.com`, deviceHash: `device-${i}`, ipHash: "ip-shared" }));
    expect((await giftOf(ids[1]!))!.status).toBe("PAID");
    expect(kinds((await giftOf(ids[2]!))!.flags)).toEqual(["DEVICE_NEAR_CAP"]);
    expect(kinds((await giftOf(address[2]!))!.flags)).toEqual(["DEVICE_NEAR_CAP"]);
  }, 120_000);

  it("leaves an honest campaign alone", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ perDonationCapFen: 50_000n, perDonorDayCapFen: 50_000n, totalCapFen: 1_000_000n });
    const donor = await createUser(prisma, { email: "honest-donor@qq.com" });
    const gifts: Gift[] = [
      { amountFen: 8_888n, email: "li@qq.com", ipHash: "ip-1", deviceHash: "dev-1", payerRef: "wechat:o-1" },
      { amountFen: 20_000n, email: "wang@163.com", ipHash: "ip-2", deviceHash: "dev-2", payerRef: "wechat:o-2" },
      { amountFen: 3_500n, email: donor.email, donorUserId: donor.id, ipHash: "ip-3", deviceHash: "dev-3" },
      { amountFen: 50_000n, email: "chen@company-a.cn", ipHash: "ip-4", deviceHash: "dev-4", payerRef: "wechat:o-4" },
      { amountFen: 1_250n, email: "zhao@gmail.com", ipHash: "ip-5", deviceHash: "dev-5" },
      { amountFen: 20_000n, email: "sun@126.com", ipHash: "ip-6", deviceHash: "dev-6", payerRef: "wechat:o-6" },
      // A family sharing one home address, small gifts far from the cap.
      { amountFen: 2_000n, email: "zhou1@qq.com", ipHash: "ip-home", deviceHash: "dev-7" },
      { amountFen: 3_000n, email: "zhou2@qq.com", ipHash: "ip-home", deviceHash: "dev-8" },
      { amountFen: 5_000n, email: "zhou3@qq.com", ipHash: "ip-home", deviceHash: "dev-9" },
    ];
    const ids = [];
    for (const g of gifts) ids.push(await settle(campaign.id, g));
    const rows = await prisma.matchedGift.findMany({ where: { donationId: { in: ids } }, select: { status: true, flags: true } });
    expect(rows).toHaveLength(gifts.length);
    expect(rows.filter((r) => r.status !== "PAID")).toEqual([]);
    expect(rows.every((r) => kinds(r.flags).length === 0)).toBe(true);
    expect((await balances(campaign.id, pledgeId)).matched).toBe(gifts.reduce((s, g) => s + g.amountFen, 0n));
    await expectLedgerChecksHold();
  }, 180_000);
});

describe("staff decisions over HTTP", () => {
  it("lets uninvolved staff release or refuse a flagged match with a reason; nobody else", async () => {
    const { campaign, pledgeId } = await campaignWithPledge({ totalCapFen: 100_000n });
    const a = await settle(campaign.id, { amountFen: 5_000n, donorUserId: matcherMember.id, email: matcherMember.email });
    const b = await settle(campaign.id, { amountFen: 7_000n, donorUserId: matcherMember.id, email: matcherMember.email });
    const giftA = (await giftOf(a))!;
    const giftB = (await giftOf(b))!;

    const visitor = new TestClient(app.baseUrl);
    expect((await visitor.get("/staff/match-funds", { followRedirects: false })).status).toBe(302);
    const member = new TestClient(app.baseUrl);
    await member.signIn(matcherMember.email, TEST_PASSWORD);
    expect((await member.get("/staff/match-funds")).status).toBe(403);
    expect((await member.post("/staff/match-funds", { intent: "gift", giftId: giftA.id, decision: "RELEASE", reason: "我自己的捐款" })).status).toBe(403);

    const involved = new TestClient(app.baseUrl);
    await involved.signIn(staffInMatcher.email, TEST_PASSWORD);
    expect((await involved.post("/staff/match-funds", { intent: "gift", giftId: giftA.id, decision: "RELEASE", reason: "同事的捐款" })).status).toBe(403);

    const reviewer = new TestClient(app.baseUrl);
    await reviewer.signIn(staff.email, TEST_PASSWORD);
    const page = await reviewer.get("/staff/match-funds");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-flag="MATCHER_MEMBER"');
    expect(html).toContain("捐款人是配捐机构的成员");
    // No reason: 400, the form keeps what was typed.
    const bad = await reviewer.post("/staff/match-funds", { intent: "gift", giftId: giftA.id, decision: "RELEASE", reason: "" });
    expect(bad.status).toBe(400);
    expect(await prisma.matchedGift.findUniqueOrThrow({ where: { id: giftA.id }, select: { status: true } })).toMatchObject({ status: "FLAGGED" });

    expect((await reviewer.post("/staff/match-funds", { intent: "gift", giftId: giftA.id, decision: "RELEASE", reason: "核实为员工个人真实捐款，放行" })).status).toBe(302);
    expect((await reviewer.post("/staff/match-funds", { intent: "gift", giftId: giftB.id, decision: "REFUSE", reason: "机构成员捐款，不予配捐" })).status).toBe(302);
    // Twice: refused (409), nothing moves again.
    expect((await reviewer.post("/staff/match-funds", { intent: "gift", giftId: giftA.id, decision: "RELEASE", reason: "再次放行" })).status).toBe(409);

    expect(await giftOf(a)).toMatchObject({ status: "PAID", amountFen: 5_000n });
    expect(await giftOf(b)).toMatchObject({ status: "REFUSED" });
    const bal = await balances(campaign.id, pledgeId);
    expect(bal.matched).toBe(5_000n);
    expect(bal.left).toBe(95_000n); // the refused match's reservation is free again
    const audits = await prisma.auditLog.findMany({ where: { entityType: "MatchedGift", entityId: { in: [giftA.id, giftB.id] } }, select: { action: true, reason: true, actorId: true } });
    expect(audits).toEqual(expect.arrayContaining([
      { action: "matchedGift.released", reason: "核实为员工个人真实捐款，放行", actorId: staff.id },
      { action: "matchedGift.refused", reason: "机构成员捐款，不予配捐", actorId: staff.id },
    ]));
    await expectLedgerChecksHold();
  }, 180_000);

  it("takes a pledge from the matcher's finance, and its approval from uninvolved staff only", async () => {
    const campaign = await createCampaign(prisma, { orgId: host.id, createdById: hostOwner.id });
    const finance = new TestClient(app.baseUrl);
    await finance.signIn(matcherFinance.email, TEST_PASSWORD);
    const form = { campaign: `${app.baseUrl}/campaigns/${campaign.id}`, matcherKind: "FUND", matcherName: "阳光配捐基金", donated: "1", matched: "1", perDonation: "100", perDonorDay: "200", total: "5000", startsAt: "2026-01-01T00:00", endsAt: "2099-01-01T00:00" };
    const invalid = await finance.post(`/org/${matcherOrg.id}/match-pledges`, { ...form, matched: "0" });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain("阳光配捐基金"); // what was typed comes back
    expect((await finance.post(`/org/${matcherOrg.id}/match-pledges`, form)).status).toBe(302);
    const pledge = await prisma.matchPledge.findFirstOrThrow({ where: { campaignId: campaign.id }, select: { id: true, status: true, totalCapFen: true, ratioNum: true, ratioDen: true } });
    expect(pledge).toMatchObject({ status: "PENDING", totalCapFen: 500_000n, ratioNum: 1, ratioDen: 1 });

    // The host cannot match its own campaign.
    const hostClient = new TestClient(app.baseUrl);
    await hostClient.signIn((await prisma.user.findUniqueOrThrow({ where: { id: hostOwner.id } })).email, TEST_PASSWORD);
    expect((await hostClient.post(`/org/${host.id}/match-pledges`, form)).status).toBe(409);
    // A member without org:finance may not pledge.
    const member = new TestClient(app.baseUrl);
    await member.signIn(matcherMember.email, TEST_PASSWORD);
    expect((await member.post(`/org/${matcherOrg.id}/match-pledges`, form)).status).toBe(403);

    const involved = new TestClient(app.baseUrl);
    await involved.signIn(staffInMatcher.email, TEST_PASSWORD);
    expect((await involved.post("/staff/match-funds", { intent: "pledge", pledgeId: pledge.id, decision: "APPROVE", reason: "同意", fundingRef: "BANK-1" })).status).toBe(403);
    const reviewer = new TestClient(app.baseUrl);
    await reviewer.signIn(staff.email, TEST_PASSWORD);
    expect((await reviewer.post("/staff/match-funds", { intent: "pledge", pledgeId: pledge.id, decision: "APPROVE", reason: "同意" })).status).toBe(400);
    expect((await reviewer.post("/staff/match-funds", { intent: "pledge", pledgeId: pledge.id, decision: "APPROVE", reason: "资金已到账，同意配捐", fundingRef: "BANK-2026-0001" })).status).toBe(302);
    expect((await prisma.matchPledge.findUniqueOrThrow({ where: { id: pledge.id } })).status).toBe("ACTIVE");
    const funding = await prisma.ledgerTransaction.findFirstOrThrow({ where: { matchPledgeId: pledge.id, kind: "MATCH_FUNDING" } });
    expect(funding).toMatchObject({ amountFen: 500_000n, externalRef: "BANK-2026-0001", createdById: staff.id });
    // The matcher's page shows it with what is left.
    const mine = await finance.get(`/org/${matcherOrg.id}/match-pledges`);
    expect(mine.status).toBe(200);
    expect(await mine.text()).toContain(campaign.title);
    await expectLedgerChecksHold();
  }, 180_000);
});
