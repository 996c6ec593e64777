/**
 * Stripe through the payment-provider port: real SDK calls against a local fake at the network
 * edge (STRIPE_API_BASE), and the webhook over real HTTP — signature failures refused with 400 and
 * nothing written; amount/currency checked; replays and out-of-order events change nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { startFakeStripe, type FakeStripe } from "../support/fake-stripe";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { checkoutEvent, createCampaign, createPendingDonation, ensureLedgerSql, postWebhook, refundEvent, signPayload } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

const SECRET = "whsec_test_shanlian_funding_secret";
let app: TestApp;
let fake: FakeStripe;
let prisma: PrismaClient;
let campaign: { id: string; orgId: string };
let host: TestClient;

async function counts() {
  const [events, txs, paid] = await Promise.all([prisma.paymentEvent.count(), prisma.ledgerTransaction.count(), prisma.donation.count({ where: { status: { not: "PENDING" } } })]);
  return { events, txs, paid };
}

beforeAll(async () => {
  fake = await startFakeStripe();
  process.env.STRIPE_SECRET_KEY = "sk_test_fake_shanlian";
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  process.env.STRIPE_API_BASE = fake.url;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const owner = await createUser(prisma);
  const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id });
  host = new TestClient(app.baseUrl);
  await host.signIn(owner.email, owner.password);
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
});

describe("checkout session creation", () => {
  it("creates a CNY session in fen with the donation in metadata, and keeps the donation pending", async () => {
    const guest = new TestClient(app.baseUrl);
    const res = await guest.post(`/campaigns/${campaign.id}`, { intent: "donate", preset: "other", amount: "88.80", email: "guest@example.cn", donorName: "张先生", message: "早日康复" });
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(location).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_fake_/);
    const call = fake.requests.find((r) => r.path === "/v1/checkout/sessions" && r.method === "POST")!;
    expect(call).toBeDefined();
    const p = call.params as Record<string, any>;
    expect(p.mode).toBe("payment");
    expect(p.currency).toBe("cny");
    expect(p.line_items["0"].price_data.currency).toBe("cny");
    expect(p.line_items["0"].price_data.unit_amount).toBe("8880");
    expect(p.line_items["0"].quantity).toBe("1");
    expect(p.customer_email).toBe("guest@example.cn");
    const donation = await prisma.donation.findFirstOrThrow({ where: { donorEmail: "guest@example.cn" } });
    expect(donation.status).toBe("PENDING");
    expect(donation.amountFen).toBe(8880n);
    expect(p.metadata).toMatchObject({ donationId: donation.id, campaignId: campaign.id, orgId: campaign.orgId });
    expect(p.client_reference_id).toBe(donation.id);
    expect(p.payment_intent_data.metadata.donationId).toBe(donation.id);
    expect(p.success_url).toBe(`${app.baseUrl}/donate/thanks/${donation.accessToken}`);
    expect(p.cancel_url).toBe(`${app.baseUrl}/campaigns/${campaign.id}?cancelled=1`);
    expect(call.headers["idempotency-key"]).toBe(`checkout-${donation.id}`);
    expect(donation.providerSessionId).toBe(location.split("/").at(-1));
    // Nothing in the ledger until the signed event arrives.
    expect(await prisma.ledgerTransaction.count({ where: { donationId: donation.id } })).toBe(0);
  });

  it("refuses amounts under 1 yuan, non-integer fen and garbage without calling Stripe", async () => {
    const guest = new TestClient(app.baseUrl);
    const before = fake.requests.length;
    const donations = await prisma.donation.count();
    for (const amount of ["0.99", "1.001", "abc", "-5", ""]) {
      const res = await guest.post(`/campaigns/${campaign.id}`, { intent: "donate", preset: "other", amount, email: "g2@example.cn" });
      expect(res.status, amount).toBe(400);
    }
    const noEmail = await guest.post(`/campaigns/${campaign.id}`, { intent: "donate", preset: "50" });
    expect(noEmail.status).toBe(400);
    expect(fake.requests.length).toBe(before);
    expect(await prisma.donation.count()).toBe(donations);
  });
});

describe("webhook signature", () => {
  it("refuses a wrong secret, a stale timestamp, an altered body and a missing header with 400, writing nothing", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 10_000n });
    const payload = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 10_000n });
    const before = await counts();
    const wrongSecret = await postWebhook(app.baseUrl, payload, signPayload(payload, "whsec_not_the_right_one"));
    const stale = await postWebhook(app.baseUrl, payload, signPayload(payload, SECRET, Math.floor(Date.now() / 1000) - 3600));
    const altered = await postWebhook(app.baseUrl, payload.replace('"amount_total":10000', '"amount_total":1000000'), signPayload(payload, SECRET));
    const missing = await postWebhook(app.baseUrl, payload, null);
    expect([wrongSecret.status, stale.status, altered.status, missing.status]).toEqual([400, 400, 400, 400]);
    expect(await counts()).toEqual(before);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PENDING");
    // The same payload correctly signed is accepted.
    const ok = await postWebhook(app.baseUrl, payload, signPayload(payload, SECRET));
    expect(ok).toEqual({ status: 200, body: { received: true, result: "recorded" } });
  });
});

describe("webhook events", () => {
  it("records a payment once: replays, a second success event and a late expiry change nothing", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 25_000n });
    const pi = "pi_test_once_1";
    const completed = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 25_000n, paymentIntent: pi });
    const first = await postWebhook(app.baseUrl, completed, signPayload(completed, SECRET));
    expect(first.body.result).toBe("recorded");
    const replay = await postWebhook(app.baseUrl, completed, signPayload(completed, SECRET));
    expect(replay).toEqual({ status: 200, body: { received: true, result: "duplicate" } });
    const async = checkoutEvent({ type: "checkout.session.async_payment_succeeded", sessionId: d.providerSessionId!, donationId: d.id, amountFen: 25_000n, paymentIntent: pi });
    expect((await postWebhook(app.baseUrl, async, signPayload(async, SECRET))).body.result).toBe("already_recorded");
    const expired = checkoutEvent({ type: "checkout.session.expired", sessionId: d.providerSessionId!, donationId: d.id, amountFen: 25_000n, paymentIntent: null, paid: false });
    expect((await postWebhook(app.baseUrl, expired, signPayload(expired, SECRET))).body.result).toBe("no_change");
    const row = await prisma.donation.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.status).toBe("PAID");
    expect(row.providerPaymentId).toBe(pi);
    expect(row.receiptCode).toMatch(/^SL-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const txs = await prisma.ledgerTransaction.findMany({ where: { donationId: d.id }, include: { entries: true } });
    expect(txs).toHaveLength(1);
    expect(txs[0]!.kind).toBe("DONATION");
    expect(txs[0]!.amountFen).toBe(25_000n);
    expect(txs[0]!.campaignId).toBe(campaign.id);
    expect(txs[0]!.entries.reduce((s, e) => s + e.amountFen, 0n)).toBe(0n);
  });

  it("checks amount and currency against the pending donation before writing", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 5_000n });
    const wrongAmount = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 500n });
    const wrongCurrency = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 5_000n, currency: "usd" });
    const wrongSession = checkoutEvent({ sessionId: "cs_test_someone_else", donationId: d.id, amountFen: 5_000n });
    expect((await postWebhook(app.baseUrl, wrongAmount, signPayload(wrongAmount, SECRET))).body.result).toBe("amount_mismatch");
    expect((await postWebhook(app.baseUrl, wrongCurrency, signPayload(wrongCurrency, SECRET))).body.result).toBe("amount_mismatch");
    expect((await postWebhook(app.baseUrl, wrongSession, signPayload(wrongSession, SECRET))).body.result).toBe("session_mismatch");
    const row = await prisma.donation.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.status).toBe("PENDING");
    expect(row.receiptCode).toBeNull();
    expect(await prisma.ledgerTransaction.count({ where: { donationId: d.id } })).toBe(0);
  });

  it("answers 200 to unknown event types and to events about unknown donations", async () => {
    const unknown = JSON.stringify({ id: "evt_test_unknown_type", object: "event", type: "customer.created", created: Math.floor(Date.now() / 1000), data: { object: { id: "cus_1", object: "customer" } } });
    expect(await postWebhook(app.baseUrl, unknown, signPayload(unknown, SECRET))).toEqual({ status: 200, body: { received: true, result: "ignored" } });
    const orphan = checkoutEvent({ sessionId: "cs_test_nobody", donationId: "does-not-exist", amountFen: 100n });
    expect((await postWebhook(app.baseUrl, orphan, signPayload(orphan, SECRET))).body.result).toBe("unknown_donation");
  });

  it("marks an expired checkout cancelled, and a late real payment still gets recorded", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 3_000n });
    const expired = checkoutEvent({ type: "checkout.session.expired", sessionId: d.providerSessionId!, donationId: d.id, amountFen: 3_000n, paymentIntent: null, paid: false });
    expect((await postWebhook(app.baseUrl, expired, signPayload(expired, SECRET))).body.result).toBe("cancelled");
    const completed = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 3_000n });
    expect((await postWebhook(app.baseUrl, completed, signPayload(completed, SECRET))).body.result).toBe("recorded");
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PAID");
  });
});

describe("refunds through the provider port", () => {
  it("refunds partly then fully as reversing entries, and refuses a refund above what remains", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 20_000n });
    const pi = "pi_test_refund_me";
    const completed = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 20_000n, paymentIntent: pi });
    expect((await postWebhook(app.baseUrl, completed, signPayload(completed, SECRET))).body.result).toBe("recorded");
    const page = `/org/${campaign.orgId}/campaigns/${campaign.id}`;

    const partial = await host.post(page, { intent: "refund", donationId: d.id, amount: "50.00", reason: "捐赠人申请部分退款" });
    expect(partial.status).toBe(302);
    const call = fake.requests.filter((r) => r.path === "/v1/refunds").at(-1)!;
    expect(call.params).toMatchObject({ payment_intent: pi, amount: "5000" });
    expect(call.headers["idempotency-key"]).toMatch(/^refund-/);
    let row = await prisma.donation.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.status).toBe("PARTLY_REFUNDED");
    expect(row.refundedFen).toBe(5_000n);

    const refundCalls = fake.requests.filter((r) => r.path === "/v1/refunds").length;
    const tooMuch = await host.post(page, { intent: "refund", donationId: d.id, amount: "150.01", reason: "超额" });
    expect(tooMuch.status).toBe(409);
    expect(fake.requests.filter((r) => r.path === "/v1/refunds").length).toBe(refundCalls);

    const rest = await host.post(page, { intent: "refund", donationId: d.id, amount: "150.00", reason: "全额退款" });
    expect(rest.status).toBe(302);
    row = await prisma.donation.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.status).toBe("REFUNDED");
    const original = await prisma.ledgerTransaction.findFirstOrThrow({ where: { donationId: d.id, kind: "DONATION" } });
    const reversals = await prisma.ledgerTransaction.findMany({ where: { reversesId: original.id }, orderBy: { createdAt: "asc" } });
    expect(reversals.map((r) => [r.kind, r.amountFen])).toEqual([
      ["REFUND", 5_000n],
      ["REFUND", 15_000n],
    ]);
    const refunds = await prisma.refund.findMany({ where: { donationId: d.id } });
    expect(refunds.every((r) => r.status === "SUCCEEDED" && r.providerRefundId?.startsWith("re_fake_"))).toBe(true);
    const again = await host.post(page, { intent: "refund", donationId: d.id, amount: "1.00", reason: "再退" });
    expect(again.status).toBe(409);
  });

  it("keeps a refused refund on record as failed, books nothing and frees the money", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 1_000n });
    const completed = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 1_000n });
    await postWebhook(app.baseUrl, completed, signPayload(completed, SECRET));
    fake.failRefunds = true;
    try {
      const res = await host.post(`/org/${campaign.orgId}/campaigns/${campaign.id}`, { intent: "refund", donationId: d.id, amount: "10.00", reason: "测试" });
      expect(res.status).toBe(502);
    } finally {
      fake.failRefunds = false;
    }
    expect((await prisma.refund.findMany({ where: { donationId: d.id }, select: { status: true } })).map((r) => r.status)).toEqual(["FAILED"]);
    expect(await prisma.ledgerTransaction.count({ where: { donationId: d.id, kind: "REFUND" } })).toBe(0);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PAID");
    // Not reserved any more: the whole amount can be refunded again.
    expect((await host.post(`/org/${campaign.orgId}/campaigns/${campaign.id}`, { intent: "refund", donationId: d.id, amount: "10.00", reason: "再试一次" })).status).toBe(302);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("REFUNDED");
  });

  it("holds a pending refund's money until Stripe settles it by webhook", async () => {
    const ownerId = (await prisma.orgMembership.findFirstOrThrow({ where: { orgId: campaign.orgId, role: "OWNER" } })).userId;
    const own = await createCampaign(prisma, { orgId: campaign.orgId, createdById: ownerId });
    const d = await createPendingDonation(prisma, { campaignId: own.id, orgId: campaign.orgId, amountFen: 10_000n });
    const paid = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 10_000n });
    expect((await postWebhook(app.baseUrl, paid, signPayload(paid, SECRET))).body.result).toBe("recorded");
    const page = `/org/${campaign.orgId}/campaigns/${own.id}`;
    const disburse = (amount: string) => host.post(`/org/${campaign.orgId}/disbursements`, { target: `campaign:${own.id}`, amount, date: new Date().toISOString().slice(0, 10), recipientMasked: "王某", purpose: "住院医疗费" });

    fake.refundStatus = "pending";
    try {
      expect((await host.post(page, { intent: "refund", donationId: d.id, amount: "60.00", reason: "部分退款" })).status).toBe(302);
      expect((await host.post(page, { intent: "refund", donationId: d.id, amount: "30.00", reason: "再退一部分" })).status).toBe(302);
    } finally {
      fake.refundStatus = "succeeded";
    }
    const [sixty, thirty] = await prisma.refund.findMany({ where: { donationId: d.id }, orderBy: { createdAt: "asc" } });
    expect([sixty!.status, thirty!.status]).toEqual(["PENDING", "PENDING"]);
    expect(sixty!.providerRefundId).toMatch(/^re_fake_/);
    expect(await prisma.ledgerTransaction.count({ where: { donationId: d.id, kind: "REFUND" } })).toBe(0);
    expect(await (await host.get(page)).text()).toContain("退款处理中");
    // Reserved: 90 of 100 yuan can be neither refunded again nor disbursed.
    expect((await host.post(page, { intent: "refund", donationId: d.id, amount: "10.01", reason: "超额" })).status).toBe(409);
    expect((await disburse("10.01")).status).toBe(409);
    // The disbursement form offers what is available: 10 yuan, not the 100 still in the account.
    expect(await (await host.get(`/org/${campaign.orgId}/disbursements`)).text()).toContain(`${own.title}（可用余额 ¥10.00）`);

    // Stripe fails the 30 yuan refund: the row says so and the money is free again.
    const failed = refundEvent({ refundId: thirty!.id, donationId: d.id, providerRefundId: thirty!.providerRefundId!, amountFen: 3_000n, status: "failed", type: "refund.failed" });
    expect((await postWebhook(app.baseUrl, failed, signPayload(failed, SECRET))).body.result).toBe("refund_failed");
    // Stripe settles the 60 yuan refund: booked once, however often it is told.
    const settled = refundEvent({ refundId: sixty!.id, donationId: d.id, providerRefundId: sixty!.providerRefundId!, amountFen: 6_000n, status: "succeeded" });
    expect((await postWebhook(app.baseUrl, settled, signPayload(settled, SECRET))).body.result).toBe("refund_completed");
    expect((await postWebhook(app.baseUrl, settled, signPayload(settled, SECRET))).body.result).toBe("duplicate");
    const again = refundEvent({ refundId: sixty!.id, donationId: d.id, providerRefundId: sixty!.providerRefundId!, amountFen: 6_000n, status: "succeeded", type: "charge.refund.updated" });
    expect((await postWebhook(app.baseUrl, again, signPayload(again, SECRET))).body.result).toBe("refund_already");

    expect((await prisma.refund.findMany({ where: { donationId: d.id }, orderBy: { createdAt: "asc" }, select: { status: true } })).map((r) => r.status)).toEqual(["SUCCEEDED", "FAILED"]);
    const row = await prisma.donation.findUniqueOrThrow({ where: { id: d.id } });
    expect([row.status, row.refundedFen]).toEqual(["PARTLY_REFUNDED", 6_000n]);
    expect((await prisma.ledgerTransaction.findMany({ where: { donationId: d.id, kind: "REFUND" }, select: { amountFen: true } })).map((t) => t.amountFen)).toEqual([6_000n]);
    // What is left (40 yuan) can be spent, and not a fen more.
    expect((await disburse("40.01")).status).toBe(409);
    expect((await disburse("40.00")).status).toBe(302);
  });

  it("asks Stripe again, with the same idempotency key, for a refund reserved before a crash", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 2_000n });
    const paid = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 2_000n });
    await postWebhook(app.baseUrl, paid, signPayload(paid, SECRET));
    // Step 1 committed, then the process stopped before calling Stripe.
    const stranded = await prisma.refund.create({ data: { donationId: d.id, amountFen: 500n, reason: "重启前的退款", status: "PENDING", createdAt: new Date(Date.now() - 10 * 60_000) } });
    const { retryUnsentRefunds } = await import("~/modules/donations/refunds.server");
    expect(await retryUnsentRefunds()).toEqual({ sent: 1, failed: 0, settled: 0, unknown: 0 });
    const call = fake.requests.filter((r) => r.path === "/v1/refunds").at(-1)!;
    expect(call.headers["idempotency-key"]).toBe(`refund-${stranded.id}`);
    expect((await prisma.refund.findUniqueOrThrow({ where: { id: stranded.id } })).status).toBe("SUCCEEDED");
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).refundedFen).toBe(500n);
    expect(await retryUnsentRefunds()).toEqual({ sent: 0, failed: 0, settled: 0, unknown: 0 });
  });

  it("leaves every ledger invariant holding", async () => {
    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    const failed = (await runLedgerChecks(prisma)).filter((r) => !r.ok);
    expect(failed).toEqual([]);
  });
});
