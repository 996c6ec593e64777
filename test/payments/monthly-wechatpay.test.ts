/**
 * Monthly giving through WeChat Pay 委托代扣 (API v2), wired end to end over HTTP through the built
 * app, the SDK against the local fake at the network edge (test/support/fake-wechatpay-papay.ts):
 * the host saves recurring fields in the merchant settings; a donor outside WeChat starts a gift →
 * our QR sign page; the signed contract notification → agreement recorded; the monthly job deducts
 * (always "pending") and the signed result notification — delivered twice — records one MONTHLY
 * donation; a failed deduction → retry 1 day later, PAST_DUE, donor and host told the reason; the
 * re-sign replaces the contract and ends the old one; cancel ends the contract at the fake; a forged
 * notification is refused and writes nothing.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, ensureLedgerSql } from "../support/factories/funding";
import { newMerchant } from "../support/fake-wechatpay";
import { startFakeWechatPapay, type FakePapay } from "../support/fake-wechatpay-papay";
import { decodeQrPng } from "../share/qr-read";
import type { PrismaClient } from "~/generated/prisma/client";

const APP_URL = "https://shanlian.example.cn";
const wx = newMerchant();
const apiV2Key = randomBytes(16).toString("hex");
const PLAN_ID = "12535";
const platformKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
const DAY = 86_400_000;
let fake: FakePapay;
let app: TestApp;
let prisma: PrismaClient;
let runMonthlyJob: (now?: Date) => Promise<Record<string, number>>;
let owner: TestClient;
let donor: TestClient;
let donorUser: { id: string };
let finance: { id: string };
let orgId: string;
let campaignId: string;
let accountId: string;
let giftId: string;
let contractId: string;

const todayYmd = (now = new Date()) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
const dueToday = (id: string) => prisma.monthlyGift.update({ where: { id }, data: { nextChargeOn: new Date(`${todayYmd()}T00:00:00Z`) } });
const notifyPath = () => `/api/webhooks/wechatpay-recurring/${accountId}`;
const postXml = (body: string, path = notifyPath()) => fetch(`${app.baseUrl}${path}`, { method: "POST", body, headers: { "Content-Type": "text/xml" } });

const wechatForm = (extra: Record<string, string>) => ({
  intent: "save-wechat",
  appId: wx.appId,
  mchId: wx.mchId,
  merchantSerialNo: wx.merchantSerialNo,
  merchantPrivateKey: wx.merchantPrivateKey,
  apiV3Key: wx.apiV3Key,
  verificationMode: "publicKey",
  publicKeyId: "PUB_KEY_ID_0114TESTMONTHLY",
  publicKey: platformKey,
  platformCertificate: "",
  ...extra,
});

async function snapshot() {
  const [events, ledger, donations, charges, gifts] = await Promise.all([prisma.paymentEvent.count(), prisma.ledgerEntry.count(), prisma.donation.count(), prisma.monthlyGiftCharge.count(), prisma.monthlyGift.findMany({ select: { providerAgreementId: true, status: true } })]);
  return { events, ledger, donations, charges, gifts };
}

/** The sign URL in the QR of our sign page, opened by the donor in WeChat. */
async function scanSignPage(path: string) {
  const page = await donor.get(path);
  expect(page.status).toBe(200);
  const html = await page.text();
  const b64 = /src="data:image\/png;base64,([^"]+)"/.exec(html.match(/<img[^>]*monthly-sign-qr[^>]*>/)![0])![1]!;
  const signUrl = decodeQrPng(Buffer.from(b64, "base64"))!;
  expect(signUrl.startsWith(fake.baseURL)).toBe(true);
  expect((await fake.open(signUrl)).status).toBe(200);
  return new URL(signUrl).searchParams.get("contract_code")!;
}

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  fake = await startFakeWechatPapay({ mchId: wx.mchId, appId: wx.appId, apiV2Key, planId: PLAN_ID });
  process.env.WECHATPAY_API_BASE = fake.baseURL;
  // The job runs without a request: notification URLs come from APP_URL.
  process.env.APP_URL = APP_URL;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  ({ runMonthlyJob } = (await import("~/modules/monthly/job.server")) as unknown as { runMonthlyJob: typeof runMonthlyJob });
  await ensureLedgerSql(prisma);
  const ownerUser = await createUser(prisma);
  finance = await createUser(prisma);
  const org = await createOrganization(prisma, { createdById: ownerUser.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, members: [{ userId: finance.id, role: "FINANCE" }] });
  orgId = org.id;
  campaignId = (await createCampaign(prisma, { orgId, createdById: ownerUser.id, deadlineInDays: 200 })).id;
  owner = new TestClient(app.baseUrl);
  await owner.signIn(ownerUser.email, ownerUser.password);
  const u = await createUser(prisma, { displayName: "微信月捐人" });
  donorUser = u;
  donor = new TestClient(app.baseUrl);
  await donor.signIn(u.email, u.password);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fake?.close();
  delete process.env.WECHATPAY_API_BASE;
  delete process.env.APP_URL;
});

describe("the host's merchant account with recurring deduction", () => {
  it("refuses a half-filled or malformed recurring part with 400, keeping the values but never the key", async () => {
    const before = await prisma.merchantAccount.count();
    const half = await owner.post(`/org/${orgId}/payments`, wechatForm({ apiV2Key, planId: "" }), { followRedirects: false });
    expect(half.status).toBe(400);
    const html = await half.text();
    expect(html).toContain("同时填写");
    expect(html).not.toContain(apiV2Key);
    expect(html).toContain(wx.mchId);
    const bad = await owner.post(`/org/${orgId}/payments`, wechatForm({ apiV2Key: "short", planId: "12a" }), { followRedirects: false });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("APIv2 密钥应为 32 位");
    expect(badHtml).toContain("12a");
    expect(await prisma.merchantAccount.count()).toBe(before);
  });

  it("saves the API v2 key encrypted and the template id in public; shows the hint and the callback URL to register", async () => {
    const saved = await owner.post(`/org/${orgId}/payments`, wechatForm({ apiV2Key, planId: PLAN_ID }), { followRedirects: false });
    expect(saved.status, await saved.clone().text()).toBe(302);
    const account = await prisma.merchantAccount.findFirstOrThrow({ where: { orgId, provider: "WECHAT_PAY" } });
    accountId = account.id;
    expect(account.publicConfig).toMatchObject({ planId: PLAN_ID, apiV2KeyHint: apiV2Key.slice(-4) });
    expect(JSON.stringify(account.publicConfig)).not.toContain(apiV2Key);
    expect(account.secretCiphertext.toString()).not.toContain(apiV2Key);
    const page = await (await owner.get(`/org/${orgId}/payments`)).text();
    expect(page).not.toContain(apiV2Key);
    expect(page).toContain(`${APP_URL}/api/webhooks/wechatpay-recurring/${accountId}`);
    expect(page).toContain(apiV2Key.slice(-4));
  });
});

describe("a WeChat Pay monthly gift", () => {
  it("starts as WECHAT_CONTRACT and sends a desktop donor to the QR sign page (the donor's only)", async () => {
    const res = await donor.post("/monthly/new", { campaignId, amount: "30", dayOfMonth: "5", donorName: "王女士" }, { followRedirects: false });
    expect(res.status, await res.clone().text()).toBe(302);
    const gift = await prisma.monthlyGift.findFirstOrThrow({ where: { donorUserId: donorUser.id } });
    giftId = gift.id;
    expect(gift).toMatchObject({ method: "WECHAT_CONTRACT", provider: "WECHAT_PAY", merchantAccountId: accountId, providerAgreementId: null });
    expect(res.headers.get("Location")).toBe(`/monthly/${giftId}/sign`);
    // Someone else, and a guest, see nothing.
    const stranger = await createUser(prisma);
    const other = new TestClient(app.baseUrl);
    await other.signIn(stranger.email, stranger.password);
    expect((await other.get(`/monthly/${giftId}/sign`)).status).toBe(404);
    expect((await new TestClient(app.baseUrl).get(`/monthly/${giftId}/sign`, { followRedirects: false })).status).toBe(302);
    // What the page polls (single fetch): not signed yet.
    const poll = await donor.get(`/monthly/${giftId}/sign.data?poll=1`);
    expect(poll.status).toBe(200);
    const polled = await poll.text();
    expect(polled).toContain(`"poll","signed","doneUrl","/me/monthly/${giftId}"`);
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).providerAgreementId).toBeNull();
  });

  it("records the contract from the signed notification; the sign page then moves on", async () => {
    const code = await scanSignPage(`/monthly/${giftId}/sign`);
    const { contract, notification } = fake.sign(code);
    contractId = contract.contract_id;
    const res = await postXml(notification);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("SUCCESS");
    const gift = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } });
    expect(gift.providerAgreementId).toBe(contractId);
    expect(gift.signingSessionId).toBeNull();
    // Delivered again: nothing changes.
    expect((await postXml(notification)).status).toBe(200);
    const page = await donor.get(`/monthly/${giftId}/sign`, { followRedirects: false });
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`/me/monthly/${giftId}`);
  });

  it("the job deducts (pending), the result notification delivered twice records one MONTHLY donation", async () => {
    await dueToday(giftId);
    const report = await runMonthlyJob();
    expect(report.charged).toBe(0);
    const charge = await prisma.monthlyGiftCharge.findFirstOrThrow({ where: { giftId } });
    expect(charge).toMatchObject({ status: "PENDING", attempts: 1, amountFen: 3000n });
    const deduction = [...fake.deductions.values()].at(-1)!;
    expect(deduction).toMatchObject({ contract_id: contractId, total_fee: "3000", notify_url: `${APP_URL}/api/webhooks/wechatpay-recurring/${accountId}` });
    expect(deduction.out_trade_no.length).toBeLessThanOrEqual(32);
    const xml = fake.settle(deduction.out_trade_no, "SUCCESS");
    const [a, b] = await Promise.all([postXml(xml), postXml(xml)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await postXml(xml).then((r) => r.status)).toBe(200);
    const donations = await prisma.donation.findMany({ where: { monthlyGiftId: giftId } });
    expect(donations).toHaveLength(1);
    expect(donations[0]).toMatchObject({ frequency: "MONTHLY", status: "PAID", amountFen: 3000n, provider: "WECHAT_PAY", merchantAccountId: accountId, campaignId });
    const txs = await prisma.ledgerTransaction.findMany({ where: { donationId: donations[0]!.id } });
    expect(txs.map((t) => [t.kind, t.amountFen])).toEqual([["DONATION", 3000n]]);
    expect((await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { id: charge.id } })).status).toBe("PAID");
  });

  it("a failed deduction: PAST_DUE, the donor and the host told WeChat's reason, retried a day later", async () => {
    await dueToday(giftId);
    // The job's clock is in the next month so the charge is a new period.
    await prisma.monthlyGift.update({ where: { id: giftId }, data: { nextChargeOn: new Date(`${todayYmd(new Date(Date.now() + 32 * DAY))}T00:00:00Z`) } });
    const later = new Date(Date.now() + 32 * DAY);
    await runMonthlyJob(later);
    const deduction = [...fake.deductions.values()].at(-1)!;
    const xml = fake.settle(deduction.out_trade_no, "PAY_FAIL", { err_code: "NOTENOUGH", err_code_des: "余额不足" });
    expect((await postXml(xml)).status).toBe(200);
    expect((await postXml(xml)).status).toBe(200);
    const gift = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } });
    expect(gift).toMatchObject({ status: "PAST_DUE", failureCount: 1 });
    expect(gift.lastFailureReason).toContain("余额不足");
    const charge = await prisma.monthlyGiftCharge.findFirstOrThrow({ where: { giftId, status: "FAILED" } });
    expect(charge.attempts).toBe(1);
    const retryIn = charge.nextAttemptAt!.getTime() - Date.now();
    expect(retryIn).toBeGreaterThan(0.5 * DAY);
    expect(retryIn).toBeLessThan(1.5 * DAY);
    expect((await prisma.notification.findFirstOrThrow({ where: { userId: donorUser.id, kind: "monthly.chargeFailed" } })).params).toMatchObject({ reason: expect.stringContaining("余额不足") });
    expect((await prisma.notification.findFirstOrThrow({ where: { userId: finance.id, kind: "monthly.hostChargeFailed" } })).params).toMatchObject({ reason: expect.stringContaining("余额不足") });
    expect(await prisma.notification.count({ where: { userId: donorUser.id, kind: "monthly.chargeFailed" } })).toBe(1);

    // The retry: a new out_trade_no, paid; the gift is ACTIVE again.
    const report = await runMonthlyJob(new Date(Date.now() + 1.2 * DAY));
    expect(report.retried).toBe(1);
    const retry = [...fake.deductions.values()].at(-1)!;
    expect(retry.out_trade_no).not.toBe(deduction.out_trade_no);
    expect((await postXml(fake.settle(retry.out_trade_no, "SUCCESS"))).status).toBe(200);
    expect(await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { id: charge.id } })).toMatchObject({ status: "PAID", attempts: 2 });
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).status).toBe("ACTIVE");
    expect(await prisma.donation.count({ where: { monthlyGiftId: giftId, status: "PAID" } })).toBe(2);
  });

  it("a forged or altered notification is refused with 400 and writes nothing", async () => {
    const before = await snapshot();
    const forged = fake.notification({ return_code: "SUCCESS", result_code: "SUCCESS", mch_id: wx.mchId, appid: wx.appId, out_trade_no: "x".repeat(20), transaction_id: "4200000000000", total_fee: "3000", attach: "" }, { key: randomBytes(16).toString("hex") });
    expect((await postXml(forged)).status).toBe(400);
    const signed = fake.contractNotification(fake.contracts.get([...fake.contracts.keys()][0]!)!, "DELETE");
    expect((await postXml(signed.replace(wx.mchId, "1900000000"))).status).toBe(400);
    expect((await postXml("not xml")).status).toBe(400);
    expect((await postXml(signed, "/api/webhooks/wechatpay-recurring/nosuchaccount")).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("signing again replaces the contract and ends the old one at WeChat Pay", async () => {
    const res = await donor.post(`/me/monthly/${giftId}`, { intent: "updatePayment" }, { followRedirects: false });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/monthly/${giftId}/sign`);
    const code = await scanSignPage(`/monthly/${giftId}/sign`);
    const { contract, notification } = fake.sign(code);
    expect((await postXml(notification)).status).toBe(200);
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).providerAgreementId).toBe(contract.contract_id);
    await expect.poll(() => [...fake.contracts.values()].find((c) => c.contract_id === contractId)?.state).toBe("terminated");
    contractId = contract.contract_id;
  });

  it("cancelling ends the contract at WeChat Pay", async () => {
    const res = await donor.post(`/me/monthly/${giftId}`, { intent: "cancel", reason: "" }, { followRedirects: false });
    expect(res.status).toBe(302);
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).status).toBe("CANCELLED");
    expect([...fake.contracts.values()].find((c) => c.contract_id === contractId)?.state).toBe("terminated");
    expect(fake.requests.some((r) => r.path.endsWith("papay/deletecontract") && r.fields.contract_id === contractId)).toBe(true);
  });
});
