/**
 * #11.3 Suspension freezes money, over real HTTP with the Stripe SDK against a local fake:
 * - a suspended campaign or fund, or one of a suspended organization, refuses donations with a
 *   clear message, and its open checkout sessions are expired at the provider;
 * - a payment arriving anyway is held (recorded, audited, not spendable) until staff release or
 *   refund it;
 * - the organization can neither disburse nor refund while suspended; staff can refund;
 * - a disbursement racing a suspension cannot get money out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { startFakeStripe, type FakeStripe } from "../support/fake-stripe";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { checkoutEvent, createCampaign, createFund, createPendingDonation, ensureLedgerSql, postWebhook, signPayload } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

const SECRET = "whsec_test_freeze_secret";
const SUSPENDED_MESSAGE = "该项目已被民政部门暂停，暂不接受捐款";
let app: TestApp;
let fake: FakeStripe;
let prisma: PrismaClient;
let owner: { id: string; email: string; password: string };
let orgId: string;
let host: TestClient;
let staff: TestClient;
let guest: TestClient;

const today = () => new Date().toISOString().slice(0, 10);
const donate = (path: string, email = "donor@example.cn") => guest.post(path, { intent: "donate", preset: "other", amount: "50.00", email });
const disburse = (target: string, amount: string) => host.post(`/org/${orgId}/disbursements`, { target, amount, date: today(), recipientMasked: "王某", purpose: "住院医疗费" });

/** A paid donation recorded through the signed webhook, as Stripe would deliver it. */
async function paidDonation(t: { campaignId?: string; fundId?: string }, amountFen: bigint) {
  const d = await createPendingDonation(prisma, { ...t, orgId, amountFen });
  const event = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen });
  const res = await postWebhook(app.baseUrl, event, signPayload(event, SECRET));
  return { ...d, result: res.body.result };
}

beforeAll(async () => {
  fake = await startFakeStripe();
  process.env.STRIPE_SECRET_KEY = "sk_test_fake_freeze";
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  process.env.STRIPE_API_BASE = fake.url;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  owner = await createUser(prisma);
  orgId = (await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true })).id;
  const staffUser = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  host = new TestClient(app.baseUrl);
  await host.signIn(owner.email, owner.password);
  staff = new TestClient(app.baseUrl);
  await staff.signIn(staffUser.email, staffUser.password);
  guest = new TestClient(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
});

describe("suspending a campaign", () => {
  it("expires its open checkout at the provider and refuses new donations with a clear message", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id });
    const started = await donate(`/campaigns/${c.id}`, "open-checkout@example.cn");
    expect(started.status).toBe(302);
    const open = await prisma.donation.findFirstOrThrow({ where: { campaignId: c.id } });
    expect(open.status).toBe("PENDING");

    const suspended = await staff.post(`/staff/campaigns/${c.id}`, { decision: "SUSPEND", reason: "群众举报受助人信息不实，暂停核查" });
    expect(suspended.status).toBe(302);
    expect(fake.requests.some((r) => r.method === "POST" && r.path === `/v1/checkout/sessions/${open.providerSessionId}/expire`)).toBe(true);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("CANCELLED");

    const sessionsBefore = fake.requests.filter((r) => r.path === "/v1/checkout/sessions").length;
    const refused = await donate(`/campaigns/${c.id}`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(SUSPENDED_MESSAGE);
    expect(fake.requests.filter((r) => r.path === "/v1/checkout/sessions").length).toBe(sessionsBefore);
  });

  it("holds a late payment: recorded and audited, not spendable, shown to staff, then refunded or released by staff only", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id });
    const before = await paidDonation({ campaignId: c.id }, 10_000n);
    expect(before.result).toBe("recorded");
    // Two donors are on the payment page when the campaign is suspended; the provider cannot
    // expire their sessions (they are paying), so the payments arrive afterwards.
    const late1 = await createPendingDonation(prisma, { campaignId: c.id, orgId, amountFen: 5_000n, donorName: "迟到的捐赠人甲" });
    const late2 = await createPendingDonation(prisma, { campaignId: c.id, orgId, amountFen: 3_000n, donorName: "迟到的捐赠人乙" });
    expect((await staff.post(`/staff/campaigns/${c.id}`, { decision: "SUSPEND", reason: "项目资料存疑，暂停核查" })).status).toBe(302);

    for (const d of [late1, late2]) {
      const event = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: d.amountFen });
      expect((await postWebhook(app.baseUrl, event, signPayload(event, SECRET))).body.result).toBe("held");
    }
    const held = await prisma.donation.findUniqueOrThrow({ where: { id: late1.id } });
    expect(held.status).toBe("PAID");
    expect(held.heldAt).not.toBeNull();
    // Not lost: on the books, once.
    expect(await prisma.ledgerTransaction.count({ where: { donationId: late1.id, kind: "DONATION" } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { action: "donation.held", entityId: late1.id } })).toBe(1);
    const staffPage = await (await staff.get(`/staff/campaigns/${c.id}`)).text();
    expect(staffPage).toContain("暂扣的捐款");
    expect(staffPage).toContain("迟到的捐赠人甲");

    // The organization cannot move money while suspended, with a clear message.
    const hostRefund = await host.post(`/org/${orgId}/campaigns/${c.id}`, { intent: "refund", donationId: before.id, amount: "10.00", reason: "捐赠人申请退款" });
    expect(hostRefund.status).toBe(409);
    expect(await hostRefund.text()).toContain("暂停期间的退款由民政部门工作人员办理");
    const hostDisbursement = await disburse(`campaign:${c.id}`, "10.00");
    expect(hostDisbursement.status).toBe(409);
    expect(await hostDisbursement.text()).toContain("暂停期间不能登记拨付");
    expect(await prisma.disbursement.count({ where: { campaignId: c.id } })).toBe(0);
    expect(await prisma.refund.count({ where: { donationId: before.id } })).toBe(0);

    // Staff return one held payment to its donor (audited as a staff refund on a frozen campaign).
    const refunded = await staff.post(`/staff/campaigns/${c.id}`, { intent: "refund", donationId: late2.id, amount: "30.00", reason: "暂停期间到账，退回捐赠人" });
    expect(refunded.status).toBe(302);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: late2.id } })).status).toBe("REFUNDED");
    const requested = await prisma.auditLog.findFirstOrThrow({ where: { action: "donation.refund_requested", entityId: late2.id } });
    expect(requested.after).toMatchObject({ byStaff: true, frozen: true, held: true });

    // Reinstated: the held 50 yuan is still not the organization's to spend.
    expect((await staff.post(`/staff/campaigns/${c.id}`, { decision: "REINSTATE" })).status).toBe(302);
    expect((await disburse(`campaign:${c.id}`, "100.01")).status).toBe(409);
    expect((await host.post(`/org/${orgId}/campaigns/${c.id}`, { intent: "refund", donationId: late1.id, amount: "1.00", reason: "试图退款" })).status).toBe(409);

    // Staff release it: it counts normally.
    const noReason = await staff.post(`/staff/campaigns/${c.id}`, { intent: "release", donationId: late1.id, reason: "" });
    expect(noReason.status).toBe(400);
    expect((await staff.post(`/staff/campaigns/${c.id}`, { intent: "release", donationId: late1.id, reason: "核实无误，放行" })).status).toBe(302);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: late1.id } })).heldAt).toBeNull();
    expect(await prisma.auditLog.count({ where: { action: "donation.released", entityId: late1.id, reason: "核实无误，放行" } })).toBe(1);
    expect((await disburse(`campaign:${c.id}`, "150.01")).status).toBe(409);
    expect((await disburse(`campaign:${c.id}`, "150.00")).status).toBe(302);
  });

  it("lets no disbursement pass a suspension that commits while it waits", async () => {
    const c = await createCampaign(prisma, { orgId, createdById: owner.id });
    await paidDonation({ campaignId: c.id }, 10_000n);
    let pending: Promise<Response> | undefined;
    // A suspension in progress: the campaign row locked as the staff action locks it.
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${c.id} FOR UPDATE`;
      pending = disburse(`campaign:${c.id}`, "100.00");
      await new Promise((r) => setTimeout(r, 500));
      await tx.campaign.update({ where: { id: c.id }, data: { status: "SUSPENDED" } });
    });
    const res = await pending!;
    expect(res.status).toBe(409);
    expect(await prisma.disbursement.count({ where: { campaignId: c.id } })).toBe(0);
  });
});

describe("suspending a fund", () => {
  it("is staff-only with a reason, expires open checkouts, refuses donations and host money moves, and staff reinstate it", async () => {
    const f = await createFund(prisma, { orgId, createdById: owner.id });
    const paid = await paidDonation({ fundId: f.id }, 20_000n);
    expect(paid.result).toBe("recorded");
    expect((await donate(`/funds/${f.id}`, "fund-open@example.cn")).status).toBe(302);
    const open = await prisma.donation.findFirstOrThrow({ where: { fundId: f.id, status: "PENDING" } });
    const page = `/staff/funds/${f.id}/suspension`;

    expect((await host.post(page, { decision: "SUSPEND", reason: "自行暂停" })).status).toBe(403);
    expect((await staff.post(page, { decision: "SUSPEND", reason: "" })).status).toBe(400);
    expect((await prisma.fund.findUniqueOrThrow({ where: { id: f.id } })).status).toBe("ACTIVE");

    expect((await staff.post(page, { decision: "SUSPEND", reason: "基金使用情况被投诉，暂停核查" })).status).toBe(302);
    expect((await prisma.fund.findUniqueOrThrow({ where: { id: f.id } })).status).toBe("SUSPENDED");
    expect(await prisma.auditLog.count({ where: { action: "fund.suspend", entityId: f.id, reason: "基金使用情况被投诉，暂停核查" } })).toBe(1);
    expect(fake.requests.some((r) => r.method === "POST" && r.path === `/v1/checkout/sessions/${open.providerSessionId}/expire`)).toBe(true);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("CANCELLED");

    const refused = await donate(`/funds/${f.id}`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(SUSPENDED_MESSAGE);
    expect((await disburse(`fund:${f.id}`, "10.00")).status).toBe(409);
    expect((await host.post(`/org/${orgId}/funds/${f.id}`, { intent: "refund", donationId: paid.id, amount: "10.00", reason: "退款" })).status).toBe(409);
    // The organization's own status switch cannot lift a suspension.
    expect((await host.post(`/org/${orgId}/funds/${f.id}`, { intent: "status", status: "ACTIVE" })).status).toBe(409);
    expect((await prisma.fund.findUniqueOrThrow({ where: { id: f.id } })).status).toBe("SUSPENDED");
    // A late payment is held; staff may refund from the suspended fund.
    const late = await paidDonation({ fundId: f.id }, 4_000n);
    expect(late.result).toBe("held");
    expect(await (await staff.get(page)).text()).toContain("暂扣的捐款");
    expect((await staff.post(page, { intent: "refund", donationId: paid.id, amount: "20.00", reason: "捐赠人申请退款" })).status).toBe(302);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: paid.id } })).refundedFen).toBe(2_000n);

    expect((await staff.post(page, { decision: "REINSTATE", reason: "核查完毕" })).status).toBe(302);
    expect((await prisma.fund.findUniqueOrThrow({ where: { id: f.id } })).status).toBe("ACTIVE");
    expect((await donate(`/funds/${f.id}`)).status).toBe(302);
    // 220 yuan in the account, of which the held 40 is not spendable until released.
    expect((await disburse(`fund:${f.id}`, "180.01")).status).toBe(409);
    expect((await disburse(`fund:${f.id}`, "180.00")).status).toBe(302);
  });
});

describe("suspending an organization", () => {
  it("freezes its campaigns: open checkouts expired, donations refused", async () => {
    const otherOwner = await createUser(prisma);
    const other = await createOrganization(prisma, { createdById: otherOwner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
    const c = await createCampaign(prisma, { orgId: other.id, createdById: otherOwner.id });
    expect((await donate(`/campaigns/${c.id}`, "org-open@example.cn")).status).toBe(302);
    const open = await prisma.donation.findFirstOrThrow({ where: { campaignId: c.id } });
    expect((await staff.post(`/staff/reviews/${other.id}`, { decision: "SUSPEND", reason: "年检不合格" })).status).toBe(302);
    expect(fake.requests.some((r) => r.method === "POST" && r.path === `/v1/checkout/sessions/${open.providerSessionId}/expire`)).toBe(true);
    const refused = await donate(`/campaigns/${c.id}`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(SUSPENDED_MESSAGE);
  });
});

describe("ledger", () => {
  it("leaves every invariant holding", async () => {
    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
  });
});
