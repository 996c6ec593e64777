/**
 * Monthly giving through Alipay 周期扣款, wired end to end over HTTP through the built app, the
 * official SDK against the local fake at the network edge (test/support/fake-alipay-agreement.ts):
 * the host saves the sign scene in the merchant settings; a donor starts a gift → Alipay's agreement
 * page; the signed dut_user_sign notification → agreement recorded; the monthly job deducts (paid at
 * once) → one MONTHLY donation, unchanged by the trade notification delivered twice; a refused
 * deduction → retry 1 day later, PAST_DUE, donor and host told Alipay's reason; cancel ends the
 * agreement at the fake; a forged notification is refused and writes nothing.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, ensureLedgerSql } from "../support/factories/funding";
import { startFakeAlipayAgreement, type FakeAlipayAgreement } from "../support/fake-alipay-agreement";
import type { PrismaClient } from "~/generated/prisma/client";

const APP_URL = "https://shanlian.example.cn";
const APP_ID = "2021004100000078";
const SIGN_SCENE = "INDUSTRY|SOCIALWELFARE";
const appKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const DAY = 86_400_000;
/** A line of the app private key's body: never echoed back. */
const privateKeyLine = appKeys.privateKey.export({ type: "pkcs1", format: "pem" }).toString().split("\n")[3]!;
let fake: FakeAlipayAgreement;
let app: TestApp;
let prisma: PrismaClient;
let runMonthlyJob: (now?: Date) => Promise<Record<string, number>>;
let finance: { id: string };
let financeClient: TestClient;
let donor: TestClient;
let donorUser: { id: string };
let orgId: string;
let campaignId: string;
let accountId: string;
let giftId: string;
let agreementNo: string;

const todayYmd = (now = new Date()) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
const dueOn = (id: string, now = new Date()) => prisma.monthlyGift.update({ where: { id }, data: { nextChargeOn: new Date(`${todayYmd(now)}T00:00:00Z`) } });
const notifyPath = () => `/api/webhooks/alipay-recurring/${accountId}`;
const postForm = (body: string, path = notifyPath()) => fetch(`${app.baseUrl}${path}`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" } });

const alipayForm = (extra: Record<string, string>) => ({
  intent: "save-alipay",
  appId: APP_ID,
  privateKey: appKeys.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
  alipayPublicKey: fake.alipayPublicKeyBase64,
  ...extra,
});

async function snapshot() {
  const [events, ledger, donations, charges, gifts] = await Promise.all([prisma.paymentEvent.count(), prisma.ledgerEntry.count(), prisma.donation.count(), prisma.monthlyGiftCharge.count(), prisma.monthlyGift.findMany({ select: { providerAgreementId: true, status: true } })]);
  return { events, ledger, donations, charges, gifts };
}

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  fake = await startFakeAlipayAgreement({ appId: APP_ID, appPublicKey: appKeys.publicKey });
  process.env.ALIPAY_GATEWAY = fake.gateway;
  process.env.APP_URL = APP_URL;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  ({ runMonthlyJob } = (await import("~/modules/monthly/job.server")) as unknown as { runMonthlyJob: typeof runMonthlyJob });
  await ensureLedgerSql(prisma);
  const ownerUser = await createUser(prisma);
  const f = await createUser(prisma);
  finance = f;
  const org = await createOrganization(prisma, { createdById: ownerUser.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, members: [{ userId: f.id, role: "FINANCE" }] });
  orgId = org.id;
  campaignId = (await createCampaign(prisma, { orgId, createdById: ownerUser.id, deadlineInDays: 200 })).id;
  financeClient = new TestClient(app.baseUrl);
  await financeClient.signIn(f.email, f.password);
  const u = await createUser(prisma, { displayName: "支付宝月捐人" });
  donorUser = u;
  donor = new TestClient(app.baseUrl);
  await donor.signIn(u.email, u.password);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fake?.close();
  delete process.env.ALIPAY_GATEWAY;
  delete process.env.APP_URL;
});

describe("the host's Alipay account with 周期扣款", () => {
  it("refuses DEFAULT|DEFAULT or a malformed sign scene with 400, keeping it but never the private key", async () => {
    for (const signScene of ["DEFAULT|DEFAULT", "industry-x"]) {
      const res = await financeClient.post(`/org/${orgId}/payments`, alipayForm({ signScene }), { followRedirects: false });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("签约场景码");
      expect(html).toContain(signScene);
      expect(html).not.toContain(privateKeyLine);
    }
    expect(await prisma.merchantAccount.count()).toBe(0);
  });

  it("saves the sign scene in public and shows the callback URL to register", async () => {
    const res = await financeClient.post(`/org/${orgId}/payments`, alipayForm({ signScene: SIGN_SCENE }), { followRedirects: false });
    expect(res.status, await res.clone().text()).toBe(302);
    const account = await prisma.merchantAccount.findFirstOrThrow({ where: { orgId, provider: "ALIPAY" } });
    accountId = account.id;
    expect(account.publicConfig).toMatchObject({ signScene: SIGN_SCENE });
    const page = await (await financeClient.get(`/org/${orgId}/payments`)).text();
    expect(page).toContain(`${APP_URL}/api/webhooks/alipay-recurring/${accountId}`);
    expect(page).toContain(SIGN_SCENE);
  });
});

describe("an Alipay monthly gift", () => {
  it("starts as ALIPAY_AGREEMENT and sends the donor to Alipay's agreement page", async () => {
    const res = await donor.post("/monthly/new", { campaignId, amount: "20", dayOfMonth: "8", donorName: "陈先生" }, { followRedirects: false });
    expect(res.status, await res.clone().text()).toBe(302);
    const gift = await prisma.monthlyGift.findFirstOrThrow({ where: { donorUserId: donorUser.id } });
    giftId = gift.id;
    expect(gift).toMatchObject({ method: "ALIPAY_AGREEMENT", provider: "ALIPAY", merchantAccountId: accountId, providerAgreementId: null });
    const location = res.headers.get("Location")!;
    expect(location.startsWith(fake.gateway)).toBe(true);
    expect((await fake.open(location)).status).toBe(200);
    const page = fake.signPages.get(gift.signingSessionId!)!;
    expect(page.biz).toMatchObject({ sign_scene: SIGN_SCENE, period_rule_params: { single_amount: "20.00" } });
    expect(page.params.notify_url).toBe(`${APP_URL}/api/webhooks/alipay-recurring/${accountId}`);
  });

  it("records the agreement from the signed dut_user_sign notification, once", async () => {
    const gift = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } });
    const { agreement, notification } = fake.sign(gift.signingSessionId!);
    agreementNo = agreement.agreementNo;
    const res = await postForm(notification);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("success");
    expect((await postForm(notification)).status).toBe(200);
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).providerAgreementId).toBe(agreementNo);
    expect(await prisma.auditLog.count({ where: { entityId: giftId, action: "monthly.signed" } })).toBe(1);
  });

  it("the job deducts and records one MONTHLY donation at once; the trade notification twice adds nothing", async () => {
    await dueOn(giftId);
    const report = await runMonthlyJob();
    expect(report.charged).toBe(1);
    const trade = [...fake.trades.values()].at(-1)!;
    expect(trade).toMatchObject({ agreementNo, totalAmount: "20.00", notifyUrl: `${APP_URL}/api/webhooks/alipay-recurring/${accountId}` });
    const xml = fake.settle(trade.outTradeNo, "TRADE_SUCCESS");
    const [a, b] = await Promise.all([postForm(xml), postForm(xml)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const donations = await prisma.donation.findMany({ where: { monthlyGiftId: giftId } });
    expect(donations).toHaveLength(1);
    expect(donations[0]).toMatchObject({ frequency: "MONTHLY", status: "PAID", amountFen: 2000n, provider: "ALIPAY", merchantAccountId: accountId });
    const txs = await prisma.ledgerTransaction.findMany({ where: { donationId: donations[0]!.id } });
    expect(txs.map((t) => [t.kind, t.amountFen])).toEqual([["DONATION", 2000n]]);
    // The job run again the same day charges nothing more.
    await runMonthlyJob();
    expect(await prisma.donation.count({ where: { monthlyGiftId: giftId } })).toBe(1);
  });

  it("a refused deduction: PAST_DUE, the donor and the host told Alipay's reason, retried 1 day later", async () => {
    const later = new Date(Date.now() + 32 * DAY);
    await dueOn(giftId, later);
    fake.nextPay = { code: "40004", sub_code: "ACQ.BALANCE_NOT_ENOUGH", sub_msg: "余额不足" };
    const report = await runMonthlyJob(later);
    expect(report.failed).toBe(1);
    const gift = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } });
    expect(gift.status).toBe("PAST_DUE");
    expect(gift.lastFailureReason).toContain("余额不足");
    const charge = await prisma.monthlyGiftCharge.findFirstOrThrow({ where: { giftId, status: "FAILED" } });
    expect(charge.nextAttemptAt!.getTime() - later.getTime()).toBe(DAY);
    expect((await prisma.notification.findFirstOrThrow({ where: { userId: donorUser.id, kind: "monthly.chargeFailed" } })).params).toMatchObject({ reason: expect.stringContaining("余额不足") });
    expect((await prisma.notification.findFirstOrThrow({ where: { userId: finance.id, kind: "monthly.hostChargeFailed" } })).params).toMatchObject({ reason: expect.stringContaining("余额不足") });
    // A day later the retry is paid and the gift is ACTIVE again.
    const retried = await runMonthlyJob(new Date(later.getTime() + DAY + 60_000));
    expect(retried).toMatchObject({ retried: 1, charged: 1 });
    expect(await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { id: charge.id } })).toMatchObject({ status: "PAID", attempts: 2 });
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).status).toBe("ACTIVE");
  });

  it("a forged notification is refused with 400 and writes nothing", async () => {
    const before = await snapshot();
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged = fake.notification({ notify_type: "dut_user_unsign", agreement_no: agreementNo, status: "UNSIGN", personal_product_code: "CYCLE_PAY_AUTH_P", external_agreement_no: `${giftId}RX` }, { signWith: other.privateKey });
    expect((await postForm(forged)).status).toBe(400);
    const genuine = fake.unsignByDonor(agreementNo);
    expect((await postForm(genuine.replace("UNSIGN", "NORMAL"))).status).toBe(400);
    expect(await snapshot()).toEqual(before);
    // Restore the agreement the genuine (undelivered) notification ended at the fake.
    fake.agreements.get([...fake.agreements.keys()].find((k) => fake.agreements.get(k)!.agreementNo === agreementNo)!)!.status = "NORMAL";
  });

  it("cancelling ends the agreement at Alipay", async () => {
    const res = await donor.post(`/me/monthly/${giftId}`, { intent: "cancel", reason: "" }, { followRedirects: false });
    expect(res.status).toBe(302);
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).status).toBe("CANCELLED");
    expect([...fake.agreements.values()].find((a) => a.agreementNo === agreementNo)?.status).toBe("UNSIGN");
    expect(fake.requests.some((r) => r.method === "alipay.user.agreement.unsign" && r.biz.agreement_no === agreementNo)).toBe(true);
  });
});
