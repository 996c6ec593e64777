/**
 * Reconciliation with Stripe (balance transactions through the SDK against the fake), and a refund
 * that fails after it was booked: reversed in the ledger, the refund FAILED with its reason, a
 * REFUND_FAILED issue, the host told and shown it on /org/:orgId/payment-issues.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { startFakeStripe, type FakeStripe } from "../support/fake-stripe";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { checkoutEvent, createCampaign, createPendingDonation, ensureLedgerSql, postWebhook, refundEvent, signPayload } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

const SECRET = "whsec_test_shanlian_reconcile_secret";
let app: TestApp;
let fake: FakeStripe;
let prisma: PrismaClient;
let org: { id: string };
let campaign: { id: string; orgId: string };
let ownerId: string;
let financeClient: TestClient;
let otherClient: TestClient;

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function snapshot() {
  const [events, txs, issues, paid] = await Promise.all([prisma.paymentEvent.count(), prisma.ledgerTransaction.count(), prisma.reconciliationIssue.count(), prisma.donation.count({ where: { status: "PAID" } })]);
  return { events, txs, issues, paid };
}

async function ledgerChecksHold() {
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  expect((await runLedgerChecks(prisma)).filter((c) => !c.ok)).toEqual([]);
}

/** A charge's balance transaction as Stripe lists it (the charge carries the PaymentIntent's metadata). */
function chargeLine(pi: string, donationId: string, amount: number, fee: number) {
  const created = Math.floor(Date.now() / 1000);
  return { id: `txn_${pi}`, object: "balance_transaction", type: "charge", amount, fee, net: amount - fee, currency: "cny", created, source: { id: `ch_${pi}`, object: "charge", amount, currency: "cny", payment_intent: pi, metadata: { donationId } } };
}

async function paidByWebhook(amountFen: bigint) {
  const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen });
  const pi = `pi_test_${d.id}`;
  const payload = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen, paymentIntent: pi });
  expect((await postWebhook(app.baseUrl, payload, signPayload(payload, SECRET))).status).toBe(200);
  return { ...d, pi };
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
  const finance = await createUser(prisma);
  const other = await createUser(prisma);
  ownerId = owner.id;
  org = await createOrganization(prisma, { createdById: owner.id, isCharity: true, publicFundraising: true, members: [{ userId: finance.id, role: "FINANCE" }] });
  await createOrganization(prisma, { createdById: other.id, isCharity: true, publicFundraising: true });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, goalFen: 100_000_000n });
  financeClient = new TestClient(app.baseUrl);
  await financeClient.signIn(finance.email, finance.password);
  otherClient = new TestClient(app.baseUrl);
  await otherClient.signIn(other.email, other.password);
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
});

describe("Stripe balance transactions", () => {
  it("recovers the lost payment once, lists the mismatch and the unknown refund, posts fees; again changes nothing", async () => {
    const notified = await paidByWebhook(10_000n);
    const lost = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 7_700n });
    const mismatch = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 3_300n });
    fake.balanceTransactions.push(
      chargeLine(notified.pi, notified.id, 10_000, 340),
      chargeLine(`pi_lost_${lost.id}`, lost.id, 7_700, 262),
      chargeLine(`pi_mis_${mismatch.id}`, mismatch.id, 3_400, 116),
      { id: "txn_re_unknown", object: "balance_transaction", type: "refund", amount: -1_500, fee: 0, net: -1_500, currency: "cny", created: Math.floor(Date.now() / 1000), source: { id: "re_unknown_1", object: "refund", amount: 1_500, currency: "cny", payment_intent: "pi_elsewhere", metadata: {} } },
    );
    const { reconcileDay } = await import("~/modules/reconciliation/reconcile.server");
    const before = await snapshot();
    const [run] = await reconcileDay(today());
    expect(run).toMatchObject({ accountKey: "STRIPE", status: "DONE", lines: 4, matched: 2, recovered: 1, issues: 2, feeFen: 340n + 262n + 116n });
    const call = fake.requests.find((r) => r.path === "/v1/balance_transactions")!;
    expect(call.headers.authorization).toBe("Bearer sk_test_fake_shanlian");
    const paid = await prisma.donation.findUniqueOrThrow({ where: { id: lost.id } });
    expect(paid).toMatchObject({ status: "PAID", providerPaymentId: `pi_lost_${lost.id}` });
    expect(await prisma.ledgerTransaction.count({ where: { donationId: lost.id, kind: "DONATION" } })).toBe(1);
    expect((await prisma.ledgerTransaction.findMany({ where: { kind: "FEE" }, select: { amountFen: true } })).map((f) => f.amountFen).sort()).toEqual([262n, 340n]);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: mismatch.id } })).status).toBe("PENDING");
    expect((await prisma.reconciliationIssue.findMany({ select: { kind: true, providerRef: true } })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: "AMOUNT_MISMATCH", providerRef: `pi_mis_${mismatch.id}` },
      { kind: "UNKNOWN_REFUND", providerRef: "re_unknown_1" },
    ]);
    const after = await snapshot();
    expect(after.paid - before.paid).toBe(1);
    await ledgerChecksHold();

    await reconcileDay(today());
    expect(await snapshot()).toEqual(after);

    // The real event arrives late: already recorded.
    const late = checkoutEvent({ sessionId: lost.providerSessionId!, donationId: lost.id, amountFen: 7_700n, paymentIntent: `pi_lost_${lost.id}` });
    const res = await postWebhook(app.baseUrl, late, signPayload(late, SECRET));
    expect(res.status).toBe(200);
    expect(res.body.result).toBe("already_recorded");
    expect(await prisma.ledgerTransaction.count({ where: { donationId: lost.id, kind: "DONATION" } })).toBe(1);
    await ledgerChecksHold();
  });
});

describe("a refund that fails after it was booked", () => {
  it("is reversed in the ledger, marked FAILED with its reason, listed, and shown to the host", async () => {
    const d = await paidByWebhook(20_000n);
    const { refundDonation } = await import("~/modules/donations/refunds.server");
    const { totalsFor } = await import("~/modules/ledger/balances.server");
    const before = await totalsFor({ campaignId: campaign.id });
    const refund = await refundDonation({ donationId: d.id, amountFen: 5_000n, reason: "捐赠人申请部分退款", actorId: ownerId, orgId: org.id });
    expect(refund.status).toBe("succeeded");
    const booked = await prisma.ledgerTransaction.findUniqueOrThrow({ where: { refundId: refund.refundId } });
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PARTLY_REFUNDED");
    expect((await totalsFor({ campaignId: campaign.id })).refundedFen - before.refundedFen).toBe(5_000n);
    const { campaignNetRaised } = await import("~/modules/ledger/balances.server");
    expect((await campaignNetRaised([campaign.id])).get(campaign.id)).toBe(before.netRaisedFen - 5_000n);

    // Stripe later says the refund failed (charge.refund.updated → failed).
    const failed = refundEvent({ type: "charge.refund.updated", refundId: refund.refundId, donationId: d.id, providerRefundId: refund.providerRefundId!, amountFen: 5_000n, status: "failed" });
    const res = await postWebhook(app.baseUrl, failed, signPayload(failed, SECRET));
    expect(res.status).toBe(200);

    const reversal = await prisma.ledgerTransaction.findMany({ where: { reversesId: booked.id } });
    expect(reversal).toHaveLength(1);
    expect(reversal[0]).toMatchObject({ kind: "DONATION", amountFen: 5_000n, donationId: null, campaignId: campaign.id, source: "refund_failed" });
    const r = await prisma.refund.findUniqueOrThrow({ where: { id: refund.refundId } });
    expect(r.status).toBe("FAILED");
    expect(r.failedAt).not.toBeNull();
    expect(r.failureReason).toContain("charge.refund.updated");
    const donation = await prisma.donation.findUniqueOrThrow({ where: { id: d.id } });
    expect(donation).toMatchObject({ status: "PAID", refundedFen: 0n });
    const after = await totalsFor({ campaignId: campaign.id });
    expect(after.refundedFen).toBe(before.refundedFen);
    expect(after.balanceFen).toBe(before.balanceFen);
    // Public cards read net raised alone (one aggregate): the same figure, the reversal included.
    expect((await campaignNetRaised([campaign.id])).get(campaign.id)).toBe(after.netRaisedFen);
    expect(after.netRaisedFen).toBe(before.netRaisedFen);
    // The campaign page's accounts read the totals in one statement with raised-by-source and the
    // donors: the same totals, the reversal included.
    const { ownerLedgerSummary } = await import("~/modules/ledger/balances.server");
    expect((await ownerLedgerSummary({ campaignId: campaign.id })).totals).toEqual(after);
    const issue = await prisma.reconciliationIssue.findFirstOrThrow({ where: { kind: "REFUND_FAILED" } });
    expect(issue).toMatchObject({ accountKey: "STRIPE", orgId: org.id, donationId: d.id, refundId: refund.refundId, expectedFen: 5_000n, providerRef: refund.providerRefundId });
    const finance = await prisma.orgMembership.findFirstOrThrow({ where: { orgId: org.id, role: "FINANCE" } });
    expect(await prisma.notification.count({ where: { userId: finance.userId, kind: "reconcile.refundFailed", link: `/org/${org.id}/payment-issues` } })).toBe(1);
    await ledgerChecksHold();

    // The same event again changes nothing.
    const txs = await prisma.ledgerTransaction.count();
    const again = refundEvent({ type: "refund.updated", refundId: refund.refundId, donationId: d.id, providerRefundId: refund.providerRefundId!, amountFen: 5_000n, status: "failed" });
    expect((await postWebhook(app.baseUrl, again, signPayload(again, SECRET))).status).toBe(200);
    expect(await prisma.ledgerTransaction.count()).toBe(txs);
    expect(await prisma.reconciliationIssue.count({ where: { kind: "REFUND_FAILED" } })).toBe(1);

    // The host sees it; another organization's people do not.
    const page = await financeClient.get(`/org/${org.id}/payment-issues`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("退款入账后失败");
    expect(html).toContain("¥50.00");
    expect((await otherClient.get(`/org/${org.id}/payment-issues`, { followRedirects: false })).status).toBe(403);

    // The money is refundable again.
    const retry = await refundDonation({ donationId: d.id, amountFen: 5_000n, reason: "重新退款", actorId: ownerId, orgId: org.id });
    expect(retry.status).toBe("succeeded");
    await ledgerChecksHold();
  });
});
