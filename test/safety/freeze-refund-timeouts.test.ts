/**
 * #11.10 Refund timeouts, over real HTTP with the Stripe SDK against a local fake: a refund whose
 * provider call gets no answer (a timeout, a 5xx) stays PENDING with its money reserved — the
 * provider may well have made it — and is settled by the provider's event or by `jobs:refunds`
 * asking the provider; only a definite refusal (4xx) marks it FAILED and frees the money.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { startFakeStripe, type FakeStripe } from "../support/fake-stripe";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { checkoutEvent, createCampaign, createPendingDonation, ensureLedgerSql, postWebhook, refundEvent, signPayload } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

const SECRET = "whsec_test_refund_timeouts";
let app: TestApp;
let fake: FakeStripe;
let prisma: PrismaClient;
let owner: { id: string; email: string; password: string };
let orgId: string;
let host: TestClient;

const today = () => new Date().toISOString().slice(0, 10);

/** A campaign of its own holding one paid donation, so balances are easy to reason about. */
async function paidCampaignDonation(amountFen: bigint) {
  const c = await createCampaign(prisma, { orgId, createdById: owner.id });
  const d = await createPendingDonation(prisma, { campaignId: c.id, orgId, amountFen });
  const pi = `pi_test_timeout_${d.id}`;
  const event = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen, paymentIntent: pi });
  expect((await postWebhook(app.baseUrl, event, signPayload(event, SECRET))).body.result).toBe("recorded");
  const page = `/org/${orgId}/campaigns/${c.id}`;
  return {
    c,
    d,
    pi,
    refund: (amount: string) => host.post(page, { intent: "refund", donationId: d.id, amount, reason: "捐赠人申请退款" }),
    disburse: (amount: string) => host.post(`/org/${orgId}/disbursements`, { target: `campaign:${c.id}`, amount, date: today(), recipientMasked: "王某", purpose: "住院医疗费" }),
  };
}

async function withFake<T>(patch: Partial<Pick<FakeStripe, "refundDelayMs" | "refundServerError" | "failRefunds">>, fn: () => Promise<T>) {
  const saved = { refundDelayMs: fake.refundDelayMs, refundServerError: fake.refundServerError, failRefunds: fake.failRefunds };
  Object.assign(fake, patch);
  try {
    return await fn();
  } finally {
    Object.assign(fake, saved);
  }
}

beforeAll(async () => {
  fake = await startFakeStripe();
  process.env.STRIPE_SECRET_KEY = "sk_test_fake_timeouts";
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  process.env.STRIPE_API_BASE = fake.url;
  process.env.STRIPE_TIMEOUT_MS = "300";
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  owner = await createUser(prisma);
  orgId = (await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true })).id;
  host = new TestClient(app.baseUrl);
  await host.signIn(owner.email, owner.password);
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
  for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "STRIPE_TIMEOUT_MS"]) delete process.env[k];
});

describe("a refund whose provider call times out", () => {
  it("stays pending with its money reserved, and jobs:refunds settles it from the provider's record", async () => {
    const t = await paidCampaignDonation(10_000n);
    const res = await withFake({ refundDelayMs: 3_000 }, () => t.refund("100.00"));
    expect(res.status).toBe(302);
    const [refund] = await prisma.refund.findMany({ where: { donationId: t.d.id } });
    expect(refund!.status).toBe("PENDING");
    expect(refund!.providerRefundId).toBeNull();
    // The provider did make it (the answer was lost), exactly once despite the SDK's retries.
    const atProvider = [...fake.refunds.values()].filter((r) => (r.metadata as Record<string, string>).refundId === refund!.id);
    expect(atProvider).toHaveLength(1);
    // Reserved: neither spendable nor refundable again.
    expect((await t.disburse("0.01")).status).toBe(409);
    expect((await t.refund("0.01")).status).toBe(409);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: t.d.id } })).refundedFen).toBe(0n);

    const { retryUnsentRefunds } = await import("~/modules/donations/refunds.server");
    const outcome = await retryUnsentRefunds(0);
    expect(outcome.settled).toBe(1);
    const settled = await prisma.refund.findUniqueOrThrow({ where: { id: refund!.id } });
    expect(settled.status).toBe("SUCCEEDED");
    expect(settled.providerRefundId).toBe(atProvider[0]!.id);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: t.d.id } })).status).toBe("REFUNDED");
    expect(await prisma.ledgerTransaction.count({ where: { donationId: t.d.id, kind: "REFUND" } })).toBe(1);
    // Nothing was sent twice.
    expect([...fake.refunds.values()].filter((r) => (r.metadata as Record<string, string>).refundId === refund!.id)).toHaveLength(1);
  });

  it("is settled by the provider's refund event when it comes first", async () => {
    const t = await paidCampaignDonation(6_000n);
    expect((await withFake({ refundDelayMs: 3_000 }, () => t.refund("60.00"))).status).toBe(302);
    const refund = await prisma.refund.findFirstOrThrow({ where: { donationId: t.d.id } });
    expect(refund.status).toBe("PENDING");
    const providerRefund = [...fake.refunds.values()].find((r) => (r.metadata as Record<string, string>).refundId === refund.id)!;
    const event = refundEvent({ refundId: refund.id, donationId: t.d.id, providerRefundId: providerRefund.id as string, amountFen: 6_000n, status: "succeeded" });
    expect((await postWebhook(app.baseUrl, event, signPayload(event, SECRET))).body.result).toBe("refund_completed");
    expect((await prisma.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("SUCCEEDED");
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: t.d.id } })).status).toBe("REFUNDED");
  });

  it("stays pending on a provider server error (5xx), which is not a refusal", async () => {
    const t = await paidCampaignDonation(4_000n);
    expect((await withFake({ refundServerError: 500 }, () => t.refund("40.00"))).status).toBe(302);
    const refund = await prisma.refund.findFirstOrThrow({ where: { donationId: t.d.id } });
    expect(refund.status).toBe("PENDING");
    expect((await t.disburse("0.01")).status).toBe(409);
    // The job finds it at the provider (the refund was made before the error) and books it.
    const { retryUnsentRefunds } = await import("~/modules/donations/refunds.server");
    await retryUnsentRefunds(0);
    expect((await prisma.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("SUCCEEDED");
  });
});

describe("a refund the provider refuses", () => {
  it("is marked FAILED at once and its money is free again (a 4xx is definite)", async () => {
    const t = await paidCampaignDonation(2_000n);
    expect((await withFake({ failRefunds: true }, () => t.refund("20.00"))).status).toBe(502);
    expect((await prisma.refund.findFirstOrThrow({ where: { donationId: t.d.id } })).status).toBe("FAILED");
    expect((await t.disburse("20.00")).status).toBe(302);
  });
});

describe("ledger", () => {
  it("leaves every invariant holding", async () => {
    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
  });
});
