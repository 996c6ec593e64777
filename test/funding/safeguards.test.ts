/**
 * Campaign safeguards (issue 15.4) against real PostgreSQL and the built app:
 * the cap of an emergency campaign (refusal, overflow fund with consent, concurrent donors at the
 * last yuan, a late payment above the cap still recorded), staff setting a cap, tranches that may
 * not exceed what was raised, and a disbursement paid straight to a hospital shown publicly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser, TEST_PASSWORD } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { checkoutEvent, createCampaign, createFund, createPendingDonation, ensureLedgerSql, postWebhook, signPayload } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

const SECRET = "whsec_test_safeguards_secret";
let app: TestApp;
let prisma: PrismaClient;
let owner: { id: string; email: string };
let staff: { id: string; email: string };
let orgId: string;
let startDonation: typeof import("~/modules/donations/donations.server").startDonation;

const donor = { id: "", displayName: "爱心人士", email: "donor@example.cn" };
const give = (target: { campaignId?: string; fundId?: string }, amountFen: bigint, redirectConsent = false) =>
  startDonation({ ...target, donor: null, data: { amountFen, provider: "STRIPE", email: donor.email, anonymous: false, donorName: undefined, message: undefined }, origin: app.baseUrl, redirectConsent });

/** A donation paid through the signed webhook, as the provider would confirm it. */
async function pay(campaignId: string, amountFen: bigint) {
  const d = await createPendingDonation(prisma, { campaignId, orgId, amountFen });
  const payload = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen });
  const res = await postWebhook(app.baseUrl, payload, signPayload(payload, SECRET));
  expect(res.status).toBe(200);
  return d.id;
}

async function signedIn(email: string) {
  const c = new TestClient(app.baseUrl);
  await c.signIn(email, TEST_PASSWORD);
  return c;
}

beforeAll(async () => {
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  ({ startDonation } = await import("~/modules/donations/donations.server"));
  await ensureLedgerSql(prisma);
  owner = await createUser(prisma);
  staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  orgId = (await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true })).id;
});

afterAll(async () => {
  await app?.close();
  delete process.env.STRIPE_WEBHOOK_SECRET;
});

describe("the cap of an emergency campaign", () => {
  it("refuses a donation past the cap without an overflow fund, and the page shows it closed", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id, goalFen: 10_000n });
    await pay(c.id, 10_000n);
    await expect(give({ campaignId: c.id }, 5_000n)).rejects.toMatchObject({ messageKey: "safeguards.errors.capReached", status: 409 });
    // Through the form: 409 with the message, nothing written.
    const before = await prisma.donation.count({ where: { campaignId: c.id } });
    const res = await new TestClient(app.baseUrl).post(`/campaigns/${c.id}`, { intent: "donate", preset: "50", email: "guest@example.cn", provider: "STRIPE" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("已达到筹款上限");
    expect(await prisma.donation.count({ where: { campaignId: c.id } })).toBe(before);
    const page = await (await new TestClient(app.baseUrl).get(`/campaigns/${c.id}`)).text();
    expect(page).toContain('data-testid="cap-reached"');
    expect(page).not.toContain('data-testid="donate-submit"');
  });

  it("refuses a donation that would partly pass the cap, saying how much is left", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id, goalFen: 10_000n });
    await pay(c.id, 7_000n);
    await expect(give({ campaignId: c.id }, 5_000n)).rejects.toMatchObject({ messageKey: "safeguards.errors.capRemaining", details: { remaining: expect.stringContaining("30") } });
    const ok = await give({ campaignId: c.id }, 3_000n);
    expect(ok.donationId).toBeTruthy();
  });

  it("with the host's overflow fund: refused without consent, given to the fund with consent", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id, goalFen: 10_000n });
    const fund = await createFund(prisma, { orgId, createdById: owner.id, name: "社区阳光基金" });
    const otherOwner = await createUser(prisma);
    const otherOrg = await createOrganization(prisma, { createdById: otherOwner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
    const foreignFund = await createFund(prisma, { orgId: otherOrg.id, createdById: otherOwner.id });
    await pay(c.id, 10_000n);
    const host = await signedIn(owner.email);
    const form = (fields: Record<string, string>) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      return fd;
    };
    // Another organization's fund is refused; the host's own approved fund is taken and audited.
    expect((await host.post(`/org/${orgId}/campaigns/${c.id}`, form({ intent: "overflow", overflowFundId: foreignFund.id }))).status).toBe(400);
    expect((await host.post(`/org/${orgId}/campaigns/${c.id}`, form({ intent: "overflow", overflowFundId: fund.id }))).status).toBe(302);
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id: c.id }, select: { overflowFundId: true } })).overflowFundId).toBe(fund.id);
    expect(await prisma.auditLog.count({ where: { entityId: c.id, action: "campaign.overflowFundSet" } })).toBe(1);

    await expect(give({ campaignId: c.id }, 5_000n)).rejects.toMatchObject({ messageKey: "safeguards.errors.capReachedConsent" });
    const page = await (await new TestClient(app.baseUrl).get(`/campaigns/${c.id}`)).text();
    expect(page).toContain('name="redirectConsent"');
    expect(page).toContain("社区阳光基金");

    const res = await new TestClient(app.baseUrl).post(`/campaigns/${c.id}`, { intent: "donate", preset: "50", email: "guest2@example.cn", provider: "STRIPE", redirectConsent: "on" });
    expect(res.status).toBe(302);
    const d = await prisma.donation.findFirstOrThrow({ where: { donorEmail: "guest2@example.cn" }, select: { campaignId: true, fundId: true, amountFen: true, redirectedFromCampaignId: true, redirectConsentAt: true } });
    expect(d).toMatchObject({ campaignId: null, fundId: fund.id, amountFen: 5_000n, redirectedFromCampaignId: c.id });
    expect(d.redirectConsentAt).toBeInstanceOf(Date);
  });

  it("ten donors at once for the last 1,000 yuan: never more than the cap is reserved", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id, goalFen: 100_000n });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => give({ campaignId: c.id }, 20_000n)));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(5);
    for (const r of refused) expect(r.reason).toMatchObject({ status: 409 });
    const reserved = await prisma.donation.aggregate({ where: { campaignId: c.id, status: "PENDING" }, _sum: { amountFen: true } });
    expect(reserved._sum.amountFen).toBe(100_000n);
  });

  it("a payment arriving above the cap is still recorded (the money moved)", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id, goalFen: 10_000n });
    await pay(c.id, 10_000n);
    // A checkout opened before the cap filled (not through startDonation), paid late.
    const late = await pay(c.id, 2_000n);
    const d = await prisma.donation.findUniqueOrThrow({ where: { id: late }, select: { status: true } });
    expect(d.status).toBe("PAID");
    const ledger = await prisma.ledgerTransaction.aggregate({ where: { campaignId: c.id, kind: "DONATION" }, _sum: { amountFen: true } });
    expect(ledger._sum.amountFen).toBe(12_000n);
  });

  it("staff set and clear a cap on the staff page, audited; bad input gets 400", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id, goalFen: 1_000_000n, kind: "EDUCATION" });
    const s = await signedIn(staff.email);
    expect((await s.post(`/staff/campaigns/${c.id}`, { intent: "cap", capAmount: "abc", reason: "核实" })).status).toBe(400);
    expect((await s.post(`/staff/campaigns/${c.id}`, { intent: "cap", capAmount: "100", reason: "" })).status).toBe(400);
    expect((await s.post(`/staff/campaigns/${c.id}`, { intent: "cap", capAmount: "100", reason: "医疗费用核实后仅需100元" })).status).toBe(302);
    const row = await prisma.campaign.findUniqueOrThrow({ where: { id: c.id }, select: { capFen: true, capSetById: true } });
    expect(row).toEqual({ capFen: 10_000n, capSetById: staff.id });
    await expect(give({ campaignId: c.id }, 20_000n)).rejects.toMatchObject({ messageKey: "safeguards.errors.capRemaining" });
    expect(await prisma.auditLog.count({ where: { entityId: c.id, action: "campaign.capSet", actorId: staff.id } })).toBe(1);
    expect((await s.post(`/staff/campaigns/${c.id}`, { intent: "cap", clear: "on", reason: "恢复" })).status).toBe(302);
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id: c.id }, select: { capFen: true } })).capFen).toBeNull();
    // The host cannot reach the staff page.
    const host = await signedIn(owner.email);
    expect((await host.post(`/staff/campaigns/${c.id}`, { intent: "cap", capAmount: "1", reason: "x" })).status).toBe(403);
  });
});

describe("tranches and institution payees", () => {
  const multipart = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    return fd;
  };

  it("refuses tranches above what was raised; pays a tranche straight to a hospital, shown on the public accounts", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id, goalFen: 10_000_000n });
    await pay(c.id, 50_000n);
    const host = await signedIn(owner.email);
    const url = `/org/${orgId}/campaigns/${c.id}`;
    expect((await host.post(url, multipart({ intent: "tranche", seq: "1", amount: "300", payeeKind: "HOSPITAL", payeeName: "重庆医科大学附属儿童医院", purpose: "首期住院费" }))).status).toBe(302);
    // 300 + 300 > 500 raised.
    const over = await host.post(url, multipart({ intent: "tranche", seq: "2", amount: "300", payeeKind: "BENEFICIARY", purpose: "康复费用" }));
    expect(over.status).toBe(409);
    // An institution must be named; bad input is a 400, not a 500.
    expect((await host.post(url, multipart({ intent: "tranche", seq: "2", amount: "100", payeeKind: "SCHOOL", purpose: "学费" }))).status).toBe(400);
    expect((await host.post(url, multipart({ intent: "tranche", seq: "x", amount: "-1", payeeKind: "BOGUS", purpose: "" }))).status).toBe(400);
    expect(await prisma.disbursementTranche.count({ where: { campaignId: c.id } })).toBe(1);
    const tranche = await prisma.disbursementTranche.findFirstOrThrow({ where: { campaignId: c.id }, select: { id: true } });

    // Paying the tranche with the wrong amount is refused; with its amount it takes the tranche's payee.
    const disburse = (amount: string) => host.post(`/org/${orgId}/disbursements`, multipart({ target: `campaign:${c.id}`, amount, date: new Date().toISOString().slice(0, 10), recipientMasked: "王某", purpose: "首期住院费", trancheId: tranche.id }));
    expect((await disburse("200")).status).toBe(400);
    expect((await disburse("300")).status).toBe(302);
    const paid = await prisma.disbursementTranche.findUniqueOrThrow({ where: { id: tranche.id }, select: { disbursement: { select: { payeeKind: true, payeeName: true, amountFen: true } } } });
    expect(paid.disbursement).toEqual({ payeeKind: "HOSPITAL", payeeName: "重庆医科大学附属儿童医院", amountFen: 30_000n });
    // A paid tranche cannot be paid twice.
    expect((await disburse("300")).status).toBe(409);
    // Never more than what was raised: 300 of 500 spent, 300 more is refused.
    expect((await host.post(`/org/${orgId}/disbursements`, multipart({ target: `campaign:${c.id}`, amount: "300", date: new Date().toISOString().slice(0, 10), recipientMasked: "王某", purpose: "康复" }))).status).toBe(409);

    const accounts = await (await new TestClient(app.baseUrl).get(`/campaigns/${c.id}/accounts`)).text();
    expect(accounts).toContain("直接支付给 重庆医科大学附属儿童医院");
  });
});
