/**
 * Monthly giving through Stripe subscriptions: the official SDK against the local fake, events over
 * the real Stripe webhook route. Sign → invoice.paid (delivered twice, and again under another event
 * id) → one donation recorded through the one-time path; a failed invoice → PAST_DUE, the donor and
 * the host told the provider's reason, Stripe's retry date kept; change amount, pause/resume, billing
 * portal and cancel reach Stripe; one-time donations keep working beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { startFakeStripe, type FakeStripe, type FakeStripeSubscriptions } from "../support/fake-stripe";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { checkoutEvent, createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import { currentPeriod, deliver, nextPeriod, periodStart, stripeEvent } from "./monthly-support";
import type { PrismaClient } from "~/generated/prisma/client";

const SECRET = "whsec_test_shanlian_monthly_secret";
let app: TestApp;
let fake: FakeStripe & FakeStripeSubscriptions;
let prisma: PrismaClient;
let campaign: { id: string; orgId: string };
let donor: TestClient;
let donorUser: { id: string; email: string };
let finance: { id: string; email: string; password: string };
let giftId: string;
let subscriptionId: string;

beforeAll(async () => {
  fake = await startFakeStripe();
  process.env.STRIPE_SECRET_KEY = "sk_test_fake_shanlian";
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  process.env.STRIPE_API_BASE = fake.url;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const owner = await createUser(prisma);
  finance = await createUser(prisma);
  const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, members: [{ userId: finance.id, role: "FINANCE" }] });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, deadlineInDays: 120 });
  const u = await createUser(prisma, { displayName: "李月捐" });
  donorUser = u;
  donor = new TestClient(app.baseUrl);
  await donor.signIn(u.email, u.password);
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
});

describe("the campaign page's monthly link", () => {
  it("shows only while a gift could start: open another month, not frozen, not on a disclosure hold", async () => {
    const owner = await createUser(prisma);
    const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
    const open = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, deadlineInDays: 120 });
    const closing = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, deadlineInDays: 10 });
    const visitor = new TestClient(app.baseUrl);
    const offered = async (id: string) => {
      const res = await visitor.get(`/campaigns/${id}`);
      expect(res.status).toBe(200);
      return (await res.text()).includes('data-testid="monthly-link"');
    };
    expect(await offered(open.id)).toBe(true);
    expect(await offered(closing.id)).toBe(false);
    await prisma.campaign.update({ where: { id: open.id }, data: { disclosureHoldAt: new Date() } });
    expect(await offered(open.id)).toBe(false);
    await prisma.campaign.update({ where: { id: open.id }, data: { disclosureHoldAt: null, status: "SUSPENDED" } });
    expect(await offered(open.id)).toBe(false);
    await prisma.campaign.update({ where: { id: open.id }, data: { status: "APPROVED" } });
    await prisma.organization.update({ where: { id: org.id }, data: { status: "SUSPENDED" } });
    expect(await offered(open.id)).toBe(false);
    await prisma.organization.update({ where: { id: org.id }, data: { status: "APPROVED" } });
    expect(await offered(open.id)).toBe(true);
  });
});

describe("starting a Stripe monthly gift", () => {
  it("asks guests to sign in, refuses a bad day or amount, and opens a subscription checkout in CNY", async () => {
    const guest = new TestClient(app.baseUrl);
    const asGuest = await guest.get(`/monthly/new?campaignId=${campaign.id}`, { followRedirects: false });
    expect(asGuest.status).toBe(302);
    expect(asGuest.headers.get("Location")).toMatch(/^\/auth\/login\?redirectTo=/);
    const page = await donor.get(`/monthly/new?campaignId=${campaign.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("确认月捐");
    const before = fake.requests.length;
    for (const bad of [{ amount: "0.5", dayOfMonth: "10" }, { amount: "50", dayOfMonth: "29" }, { amount: "50", dayOfMonth: "0" }]) {
      const res = await donor.post("/monthly/new", { campaignId: campaign.id, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await res.text()).toContain(bad.amount);
    }
    expect(fake.requests.length).toBe(before);

    const res = await donor.post("/monthly/new", { campaignId: campaign.id, amount: "50", dayOfMonth: "15", donorName: "李先生" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_fake_sub_/);
    const call = fake.requests.find((r) => r.path === "/v1/checkout/sessions" && (r.params as { mode?: string }).mode === "subscription")!;
    const p = call.params as Record<string, any>;
    expect(p.line_items["0"].price_data).toMatchObject({ currency: "cny", unit_amount: "5000", recurring: { interval: "month" } });
    const gift = await prisma.monthlyGift.findFirstOrThrow({ where: { donorUserId: donorUser.id } });
    giftId = gift.id;
    expect(gift).toMatchObject({ method: "STRIPE_SUBSCRIPTION", provider: "STRIPE", amountFen: 5000n, dayOfMonth: 15, donorName: "李先生", status: "ACTIVE", providerAgreementId: null });
    expect(p.metadata.giftId).toBe(gift.id);
    expect(p.subscription_data.metadata.giftId).toBe(gift.id);
    expect(gift.signingSessionId).toBe(res.headers.get("Location")!.split("/").at(-1));
    // Not yet signed: the donor's page says so.
    expect(await (await donor.get(`/me/monthly/${gift.id}`)).text()).toContain("待签约");
  });

  it("records the signature from checkout.session.completed in subscription mode", async () => {
    const gift = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } });
    const sub = fake.completeSubscription(gift.signingSessionId!);
    subscriptionId = sub.id;
    const session = fake.sessions.get(gift.signingSessionId!)!;
    const signed = await deliver(app.baseUrl, SECRET, stripeEvent("checkout.session.completed", session));
    expect(signed.body.result).toBe("signed");
    const after = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } });
    expect(after.providerAgreementId).toBe(sub.id);
    expect(after.signingSessionId).toBeNull();
    // No stray one-time donation was touched.
    expect(await prisma.donation.count()).toBe(0);
  });
});

describe("charges", () => {
  it("records invoice.paid once: a replay and the same invoice under another event id add nothing", async () => {
    const period = currentPeriod();
    const invoice = fake.invoice(subscriptionId, { periodStart: periodStart(period), paid: true });
    const event = stripeEvent("invoice.paid", invoice);
    const [a, b] = await Promise.all([deliver(app.baseUrl, SECRET, event), deliver(app.baseUrl, SECRET, event)]);
    expect([a.body.result, b.body.result].sort()).toEqual(["duplicate", "recorded"]);
    const again = await deliver(app.baseUrl, SECRET, stripeEvent("invoice.paid", invoice));
    expect(again.body.result).toBe("already_recorded");
    const donations = await prisma.donation.findMany({ where: { monthlyGiftId: giftId } });
    expect(donations).toHaveLength(1);
    const d = donations[0]!;
    expect(d).toMatchObject({ frequency: "MONTHLY", status: "PAID", amountFen: 5000n, provider: "STRIPE", providerPaymentId: invoice.id, campaignId: campaign.id, donorUserId: donorUser.id, donorName: "李先生" });
    expect(d.receiptCode).toMatch(/^SL-/);
    const charge = await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { giftId_period: { giftId, period } } });
    expect(charge).toMatchObject({ status: "PAID", donationId: d.id, providerChargeId: invoice.id });
    // The same ledger posting as a one-time donation.
    const txs = await prisma.ledgerTransaction.findMany({ where: { donationId: d.id } });
    expect(txs.map((t) => [t.kind, t.amountFen])).toEqual([["DONATION", 5000n]]);
    // The receipt link on the donor's page.
    const page = await (await donor.get(`/me/monthly/${giftId}`)).text();
    expect(page).toContain(`/me/donations/${d.id}/receipt`);
    expect((await donor.get(`/me/donations/${d.id}/receipt`)).status).toBe(200);
  });

  it("a failed invoice makes the gift PAST_DUE and tells the donor and the host why; the next paid invoice restores it", async () => {
    const period = nextPeriod(currentPeriod());
    const retryAt = new Date(Date.now() + 3 * 86_400_000);
    const invoice = fake.invoice(subscriptionId, { periodStart: periodStart(period), paid: false, reason: "Your card has insufficient funds.", nextAttempt: retryAt });
    const failed = await deliver(app.baseUrl, SECRET, stripeEvent("invoice.payment_failed", invoice));
    expect(failed.body.result).toBe("failure_recorded");
    const gift = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } });
    expect(gift).toMatchObject({ status: "PAST_DUE", failureCount: 1, lastFailureReason: "Your card has insufficient funds." });
    const charge = await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { giftId_period: { giftId, period } } });
    expect(charge.status).toBe("FAILED");
    expect(charge.nextAttemptAt?.getTime()).toBe(Math.floor(retryAt.getTime() / 1000) * 1000);
    const donorNote = await prisma.notification.findFirstOrThrow({ where: { userId: donorUser.id, kind: "monthly.chargeFailed" } });
    expect(donorNote.params).toMatchObject({ reason: "Your card has insufficient funds.", period });
    const hostNote = await prisma.notification.findFirstOrThrow({ where: { userId: finance.id, kind: "monthly.hostChargeFailed" } });
    expect(hostNote.params).toMatchObject({ reason: "Your card has insufficient funds." });
    expect(await prisma.messageOutbox.count({ where: { recipient: donorUser.id, template: "monthly.chargeFailed" } })).toBe(1);

    // The donor's page offers one step: Stripe's billing portal.
    const page = await (await donor.get(`/me/monthly/${giftId}`)).text();
    expect(page).toContain("Your card has insufficient funds.");
    const portal = await donor.post(`/me/monthly/${giftId}`, { intent: "updatePayment" });
    expect(portal.status).toBe(302);
    expect(portal.headers.get("Location")).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\/cus_fake_/);
    const portalCall = fake.requests.find((r) => r.path === "/v1/billing_portal/sessions")!;
    expect((portalCall.params as { return_url: string }).return_url).toBe(`${app.baseUrl}/me/monthly/${giftId}`);

    // The host sees the failure awaiting the donor, without the donor's account.
    const host = new TestClient(app.baseUrl);
    await host.signIn(finance.email, finance.password);
    const hostPage = await (await host.get(`/org/${campaign.orgId}/monthly`)).text();
    expect(hostPage).toContain("Your card has insufficient funds.");
    expect(hostPage).not.toContain(donorUser.email);

    // Stripe's retry succeeds: the same invoice paid.
    const paid = await deliver(app.baseUrl, SECRET, stripeEvent("invoice.paid", { ...invoice, amount_paid: invoice.amount_due, status: "paid" }));
    expect(paid.body.result).toBe("recorded");
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).status).toBe("ACTIVE");
    expect((await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { giftId_period: { giftId, period } } })).status).toBe("PAID");
    expect(await prisma.donation.count({ where: { monthlyGiftId: giftId, status: "PAID" } })).toBe(2);
  });

  it("a zero invoice (the free stretch before the billing anchor) records nothing", async () => {
    const invoice = fake.invoice(subscriptionId, { periodStart: periodStart(nextPeriod(currentPeriod(), 3)), paid: true });
    const res = await deliver(app.baseUrl, SECRET, stripeEvent("invoice.paid", { ...invoice, amount_paid: 0, amount_due: 0 }));
    expect(res.body.result).toBe("ignored");
    expect(await prisma.monthlyGiftCharge.count({ where: { giftId, providerChargeId: invoice.id } })).toBe(0);
  });

  it("a one-time donation still records beside subscriptions", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 8_800n });
    const res = await deliver(app.baseUrl, SECRET, checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: 8_800n }));
    expect(res.body.result).toBe("recorded");
  });
});

describe("the donor manages the gift at Stripe", () => {
  it("changes the amount on the subscription item, pauses and resumes collection", async () => {
    const bad = await donor.post(`/me/monthly/${giftId}`, { intent: "changeAmount", amount: "abc" });
    expect(bad.status).toBe(400);
    const changed = await donor.post(`/me/monthly/${giftId}`, { intent: "changeAmount", amount: "80" });
    expect(changed.status).toBe(302);
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).amountFen).toBe(8000n);
    const sub = fake.subscriptions.get(subscriptionId)!;
    expect(sub.items.data[0].price.unit_amount).toBe(8000);
    expect(sub.items.data[0].price.product).toMatch(/^prod_fake_/);

    const until = nextPeriod(currentPeriod(), 2);
    expect((await donor.post(`/me/monthly/${giftId}`, { intent: "pause", until: "1999-01" })).status).toBe(400);
    const paused = await donor.post(`/me/monthly/${giftId}`, { intent: "pause", until });
    expect(paused.status).toBe(302);
    expect(fake.subscriptions.get(subscriptionId)!.pause_collection).toEqual({ behavior: "void" });
    expect(await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).toMatchObject({ status: "PAUSED" });
    const resumed = await donor.post(`/me/monthly/${giftId}`, { intent: "resume" });
    expect(resumed.status).toBe(302);
    expect(fake.subscriptions.get(subscriptionId)!.pause_collection).toBeNull();
    const audit = await prisma.auditLog.findMany({ where: { entityId: giftId }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["monthly.started", "monthly.signed", "monthly.amountChanged", "monthly.paused", "monthly.resumed"]));
  });

  it("cancels the subscription at Stripe; Stripe's deletion event then changes nothing", async () => {
    const res = await donor.post(`/me/monthly/${giftId}`, { intent: "cancel", reason: "预算调整" });
    expect(res.status).toBe(302);
    expect(fake.subscriptions.get(subscriptionId)!.status).toBe("canceled");
    expect(await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).toMatchObject({ status: "CANCELLED", cancelReason: "预算调整" });
    const deleted = await deliver(app.baseUrl, SECRET, stripeEvent("customer.subscription.deleted", fake.subscriptions.get(subscriptionId)!));
    expect(deleted.body.result).toBe("no_change");
  });

  it("a subscription ended at Stripe cancels the gift and tells the donor", async () => {
    const gift = await prisma.monthlyGift.create({ data: { donorUserId: donorUser.id, orgId: campaign.orgId, campaignId: campaign.id, amountFen: 3000n, method: "STRIPE_SUBSCRIPTION", provider: "STRIPE", dayOfMonth: 3, nextChargeOn: new Date(), donorName: "李先生", providerAgreementId: "sub_elsewhere_1" } });
    const res = await deliver(app.baseUrl, SECRET, stripeEvent("customer.subscription.deleted", { id: "sub_elsewhere_1", object: "subscription", status: "canceled", metadata: {} }));
    expect(res.body.result).toBe("terminated");
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: gift.id } })).status).toBe("CANCELLED");
    expect(await prisma.notification.count({ where: { userId: donorUser.id, kind: "monthly.terminated" } })).toBe(1);
  });
});
