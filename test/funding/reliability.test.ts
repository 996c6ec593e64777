/**
 * Reliability of the money path over real HTTP to the built app:
 * - 1,000 payment events for 200 donations, each delivered 1–3 times in random order by 20
 *   concurrent senders: every donation recorded exactly once, ledger balanced, totals equal to the
 *   sum of distinct payments;
 * - concurrent disbursements that together exceed the balance: exactly those that fit succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { checkoutEvent, createCampaign, createPendingDonation, ensureLedgerSql, signPayload } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

const SECRET = "whsec_test_reliability_secret";
let app: TestApp;
let prisma: PrismaClient;
let owner: { id: string; email: string; password: string };
let orgId: string;

// Deterministic pseudo-random order (mulberry32), so a failure can be replayed.
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  owner = await createUser(prisma);
  orgId = (await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true })).id;
});

afterAll(async () => {
  await app?.close();
  delete process.env.STRIPE_WEBHOOK_SECRET;
});

describe("webhook under duplicate, out-of-order, concurrent delivery", () => {
  it("records each of 200 donations exactly once from 1,000 events delivered 1–3 times by 20 senders", async () => {
    const random = rng(20201231);
    const campaign = await createCampaign(prisma, { orgId, createdById: owner.id, goalFen: 10_000_000_000n });
    const donations = await Promise.all(
      Array.from({ length: 200 }, () => BigInt(100 + Math.floor(random() * 500_000))).map((amountFen) => createPendingDonation(prisma, { campaignId: campaign.id, orgId, amountFen })),
    );
    // Five distinct events per donation: two "paid" events for the same payment, a late expiry,
    // and two event types we do not act on.
    const events: string[] = [];
    for (const d of donations) {
      const base = { sessionId: d.providerSessionId!, donationId: d.id, amountFen: d.amountFen };
      const pi = `pi_rel_${d.id}`;
      events.push(checkoutEvent({ ...base, paymentIntent: pi }));
      events.push(checkoutEvent({ ...base, type: "checkout.session.async_payment_succeeded", paymentIntent: pi }));
      events.push(checkoutEvent({ ...base, type: "checkout.session.expired", paymentIntent: null, paid: false }));
      events.push(checkoutEvent({ ...base, type: "payment_intent.succeeded", paymentIntent: pi }));
      events.push(checkoutEvent({ ...base, type: "charge.succeeded", paymentIntent: pi }));
    }
    expect(events).toHaveLength(1000);
    const deliveries: string[] = [];
    for (const e of events) {
      const times = 1 + Math.floor(random() * 3);
      for (let k = 0; k < times; k++) deliveries.push(e);
    }
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }

    const statuses: number[] = [];
    let next = 0;
    const sender = async () => {
      while (next < deliveries.length) {
        const payload = deliveries[next++]!;
        const res = await fetch(`${app.baseUrl}/api/webhooks/stripe`, { method: "POST", body: payload, headers: { "Content-Type": "application/json", "Stripe-Signature": signPayload(payload, SECRET) } });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
    };
    await Promise.all(Array.from({ length: 20 }, sender));

    expect(statuses).toHaveLength(deliveries.length);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await prisma.paymentEvent.count()).toBe(1000);
    const rows = await prisma.donation.findMany({ where: { campaignId: campaign.id }, select: { id: true, status: true, amountFen: true, receiptCode: true } });
    expect(rows.filter((r) => r.status === "PAID")).toHaveLength(200);
    expect(new Set(rows.map((r) => r.receiptCode)).size).toBe(200);
    const txs = await prisma.ledgerTransaction.findMany({ where: { campaignId: campaign.id, kind: "DONATION" }, select: { donationId: true, amountFen: true } });
    expect(txs).toHaveLength(200);
    expect(new Set(txs.map((t) => t.donationId)).size).toBe(200);
    const expected = donations.reduce((s, d) => s + d.amountFen, 0n);
    expect(txs.reduce((s, t) => s + t.amountFen, 0n)).toBe(expected);
    const { totalsFor } = await import("~/modules/ledger/balances.server");
    const totals = await totalsFor({ campaignId: campaign.id }, prisma);
    expect(totals.raisedFen).toBe(expected);
    expect(totals.balanceFen).toBe(expected);
    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
  }, 600_000);
});

describe("concurrent disbursements", () => {
  it("lets exactly the disbursements that fit succeed", async () => {
    const campaign = await createCampaign(prisma, { orgId, createdById: owner.id });
    const { postOfflineDonation } = await import("~/modules/ledger/offline.server");
    // 10,000 yuan available.
    await postOfflineDonation(prisma, { orgId, campaignId: campaign.id, amountFen: 1_000_000n, occurredAt: new Date(), source: "银行转账", externalRef: "BANK-0001" });
    const host = new TestClient(app.baseUrl);
    await host.signIn(owner.email, owner.password);
    // Eight requests of 3,000 yuan at once: three fit (9,000), five must be refused.
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        host.post(`/org/${orgId}/disbursements`, { target: `campaign:${campaign.id}`, amount: "3000", date: new Date().toISOString().slice(0, 10), recipientMasked: "王某", purpose: `住院医疗费第${i + 1}笔` }),
      ),
    );
    const codes = responses.map((r) => r.status).sort();
    expect(codes.filter((c) => c === 302)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(5);
    const { totalsFor } = await import("~/modules/ledger/balances.server");
    const totals = await totalsFor({ campaignId: campaign.id }, prisma);
    expect(totals.disbursedFen).toBe(900_000n);
    expect(totals.balanceFen).toBe(100_000n);
    expect(await prisma.disbursement.count({ where: { campaignId: campaign.id } })).toBe(3);
    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
  });
});
