/**
 * The donate page shows the right checkout for the device (#14.3, donor side), over HTTP through
 * the built app, with the organization's WeChat Pay and Alipay accounts saved through the settings
 * form and pointed at the local fakes (the official SDKs at the network edge):
 * desktop → our WeChat Pay QR page; the signed notification → PAID once; a late notification →
 * the page asks WeChat Pay and records it once; phone → H5 redirect; Alipay page / wap redirects;
 * a provider not offered → 400 with what was typed kept; without accounts the test checkout stands
 * in for WeChat Pay, records the payment as WeChat Pay's once, and refunds it.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, ensureLedgerSql } from "../support/factories/funding";
import { newMerchant, startFakeWechatPay, type FakeWechatPay } from "../support/fake-wechatpay";
import { startFakeAlipay, type FakeAlipay } from "../support/fake-alipay";
import type { PrismaClient } from "~/generated/prisma/client";

const UA = {
  desktop: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  iphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  wechat: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN",
};

const ALIPAY_APP_ID = "2021004100000078";
const wx = newMerchant();
const aliApp = generateKeyPairSync("rsa", { modulusLength: 2048 });
let fakeWx: FakeWechatPay;
let fakeAli: FakeAlipay;
let app: TestApp;
let prisma: PrismaClient;
let owner: TestClient;
let donor: TestClient;
let plainHost: TestClient;
let org: { id: string };
let plainOrg: { id: string };
let campaign: { id: string };
let plainCampaign: { id: string };
let wechatAccountId: string;
let alipayAccountId: string;

function donate(campaignId: string, provider: string | undefined, userAgent: string, extra: Record<string, string> = {}) {
  return donor.post(`/campaigns/${campaignId}`, { intent: "donate", preset: "50", email: "donor@example.cn", donorName: "李雷", ...(provider ? { provider } : {}), ...extra }, { headers: { "User-Agent": userAgent } });
}

async function lastDonation(campaignId: string) {
  return prisma.donation.findFirstOrThrow({
    where: { campaignId },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, provider: true, merchantAccountId: true, providerSessionId: true, accessToken: true, amountFen: true },
  });
}

const ledgerOf = (donationId: string) => prisma.ledgerTransaction.count({ where: { donationId } });

beforeAll(async () => {
  fakeWx = await startFakeWechatPay({ ...wx, mode: "publicKey" });
  fakeAli = await startFakeAlipay({ appId: ALIPAY_APP_ID, appPublicKey: aliApp.publicKey });
  process.env.WECHATPAY_API_BASE = fakeWx.url;
  process.env.ALIPAY_GATEWAY = fakeAli.gateway;
  delete process.env.STRIPE_SECRET_KEY;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const ownerUser = await createUser(prisma);
  const plainOwner = await createUser(prisma);
  org = await createOrganization(prisma, { createdById: ownerUser.id, isCharity: true, publicFundraising: true });
  plainOrg = await createOrganization(prisma, { createdById: plainOwner.id, isCharity: true, publicFundraising: true });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: ownerUser.id, goalFen: 100_000_000n });
  plainCampaign = await createCampaign(prisma, { orgId: plainOrg.id, createdById: plainOwner.id, goalFen: 100_000_000n });
  owner = new TestClient(app.baseUrl);
  await owner.signIn(ownerUser.email, ownerUser.password);
  donor = new TestClient(app.baseUrl);
  plainHost = new TestClient(app.baseUrl);
  await plainHost.signIn(plainOwner.email, plainOwner.password);

  const savedWx = await owner.post(`/org/${org.id}/payments`, {
    intent: "save-wechat",
    appId: wx.appId,
    mchId: wx.mchId,
    merchantSerialNo: wx.merchantSerialNo,
    merchantPrivateKey: wx.merchantPrivateKey,
    apiV3Key: wx.apiV3Key,
    verificationMode: "publicKey",
    publicKeyId: fakeWx.publicKeyId,
    publicKey: fakeWx.publicKeyPem,
    platformCertificate: "",
  });
  expect(savedWx.status, await savedWx.clone().text()).toBe(302);
  const savedAli = await owner.post(`/org/${org.id}/payments`, {
    intent: "save-alipay",
    appId: ALIPAY_APP_ID,
    privateKey: aliApp.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    alipayPublicKey: fakeAli.alipayPublicKeyBase64,
    sellerId: fakeAli.sellerId,
  });
  expect(savedAli.status, await savedAli.clone().text()).toBe(302);
  wechatAccountId = (await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: org.id, provider: "WECHAT_PAY" }, select: { id: true } })).id;
  alipayAccountId = (await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: org.id, provider: "ALIPAY" }, select: { id: true } })).id;
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fakeWx?.close();
  await fakeAli?.close();
  delete process.env.WECHATPAY_API_BASE;
  delete process.env.ALIPAY_GATEWAY;
});

describe("the donate form", () => {
  it("offers the host's providers, WeChat Pay first and chosen", async () => {
    const html = await (await donor.get(`/campaigns/${campaign.id}`)).text();
    const order = ["WECHAT_PAY", "ALIPAY", "STRIPE"].map((p) => html.indexOf(`data-testid="donate-provider-${p}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toMatch(/value="WECHAT_PAY"[^>]*checked|checked[^>]*value="WECHAT_PAY"/);
  });

  it("refuses a provider that is not offered with 400, keeping what was typed", async () => {
    const before = await prisma.donation.count();
    const res = await donate(campaign.id, "OFFLINE", UA.desktop, { preset: "other", amount: "66.60", donorName: "韩梅梅" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请从本页列出的支付方式中选择一种");
    expect(html).toContain('value="66.60"');
    expect(html).toContain('value="韩梅梅"');
    expect(await prisma.donation.count()).toBe(before);
  });
});

describe("WeChat Pay through the organization's account", () => {
  it("desktop: the QR page shows the code; the signed notification records the payment once", async () => {
    const res = await donate(campaign.id, "WECHAT_PAY", UA.desktop);
    expect(res.status).toBe(302);
    const d = await lastDonation(campaign.id);
    expect(d).toMatchObject({ provider: "WECHAT_PAY", merchantAccountId: wechatAccountId, providerSessionId: d.id, status: "PENDING" });
    // Our page, by the unguessable token — never the donation's id.
    expect(res.headers.get("Location")).toBe(`/checkout/wechat/${d.accessToken}`);
    expect(fakeWx.orders.get(d.id)).toMatchObject({ trade_type: "NATIVE", notify_url: `${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}` });

    const page = await donor.get(`/checkout/wechat/${d.accessToken}`, { followRedirects: false });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/data-testid="wechat-qr"[^>]*src="data:image\/png;base64,|src="data:image\/png;base64,[^"]+"[^>]*data-testid="wechat-qr"/);
    expect(html).toContain("¥50.00");
    expect(html).toContain("扫一扫");
    // The same order each time: WeChat Pay answered the repeated request with the same code.
    expect([...fakeWx.orders.keys()].filter((k) => k === d.id)).toHaveLength(1);
    expect((await donor.get(`/checkout/wechat/${d.id}`, { followRedirects: false })).status).toBe(404);

    fakeWx.pay(d.id);
    const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: fakeWx.transaction(d.id) });
    const hook = await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`, { method: "POST", body: n.body, headers: n.headers });
    expect(hook.status).toBe(200);
    expect((await lastDonation(campaign.id)).status).toBe("PAID");
    const ledger = await ledgerOf(d.id);
    expect(ledger).toBeGreaterThan(0);
    // The replay changes nothing.
    expect((await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`, { method: "POST", body: n.body, headers: n.headers })).status).toBe(200);
    expect(await ledgerOf(d.id)).toBe(ledger);
    expect(await prisma.paymentEvent.count({ where: { donationId: d.id } })).toBe(1);

    // The host refunds part of it: the request goes to the account's adapter (WeChat Pay), which
    // answers PROCESSING; WeChat Pay's REFUND.SUCCESS notification then books it.
    const refund = await owner.post(`/org/${org.id}/campaigns/${campaign.id}`, { intent: "refund", donationId: d.id, amount: "10", reason: "捐赠人申请" });
    expect(refund.status, await refund.clone().text()).toBe(302);
    const row = await prisma.refund.findFirstOrThrow({ where: { donationId: d.id }, select: { id: true, status: true } });
    expect(row.status).toBe("PENDING");
    expect(fakeWx.refunds.get(row.id)).toMatchObject({ status: "PROCESSING" });
    fakeWx.settleRefund(row.id, "SUCCESS");
    const rn = fakeWx.notification({ type: "REFUND.SUCCESS", resource: fakeWx.refundResource(row.id) });
    expect((await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`, { method: "POST", body: rn.body, headers: rn.headers })).status).toBe(200);
    expect(await prisma.donation.findUniqueOrThrow({ where: { id: d.id }, select: { status: true, refundedFen: true } })).toEqual({ status: "PARTLY_REFUNDED", refundedFen: 1_000n });

    // Paid: the page sends the donor on to the thanks page.
    const again = await donor.get(`/checkout/wechat/${d.accessToken}`, { followRedirects: false });
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(`/donate/thanks/${d.accessToken}`);
  });

  it("a late notification: the page asks WeChat Pay (at most every ~10 s) and records the payment once", async () => {
    expect((await donate(campaign.id, "WECHAT_PAY", UA.desktop)).status).toBe(302);
    const d = await lastDonation(campaign.id);
    fakeWx.pay(d.id);
    // The page (its poll runs the same loader): pending → 200 with the code, paid → on to the thanks page.
    const poll = () => donor.get(`/checkout/wechat/${d.accessToken}`, { followRedirects: false }).then((r) => ({ state: r.status === 302 && r.headers.get("Location") === `/donate/thanks/${d.accessToken}` ? "paid" : r.status === 200 ? "pending" : `HTTP ${r.status}` }));
    const queries = () => fakeWx.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/out-trade-no/${d.id}`)).length;
    // Just started: not asked yet (the notification usually comes within seconds).
    expect((await poll()).state).toBe("pending");
    expect(queries()).toBe(0);
    // Ten seconds on, two pages polling at once: one query, one payment.
    await prisma.donation.update({ where: { id: d.id }, data: { updatedAt: new Date(Date.now() - 11_000) } });
    const states = await Promise.all([poll(), poll(), poll()]);
    expect(queries()).toBe(1);
    expect((await poll()).state).toBe("paid");
    expect(states.some((s) => s.state === "paid")).toBe(true);
    const ledger = await ledgerOf(d.id);
    expect(ledger).toBeGreaterThan(0);
    // The notification arrives after all: acknowledged, nothing recorded twice.
    const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: fakeWx.transaction(d.id) });
    expect((await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`, { method: "POST", body: n.body, headers: n.headers })).status).toBe(200);
    expect(await ledgerOf(d.id)).toBe(ledger);
    expect((await lastDonation(campaign.id)).status).toBe("PAID");
  });

  it("a phone browser is redirected to WeChat Pay's H5 page, coming back to the thanks page", async () => {
    const res = await donate(campaign.id, "WECHAT_PAY", UA.iphone);
    expect(res.status).toBe(302);
    const d = await lastDonation(campaign.id);
    const location = new URL(res.headers.get("Location")!);
    expect(location.origin).toBe("https://wx.tenpay.com");
    expect(location.searchParams.get("redirect_url")).toBe(`${app.baseUrl}/donate/thanks/${d.accessToken}`);
    const order = fakeWx.orders.get(d.id)!;
    expect(order.trade_type).toBe("MWEB");
    expect((order.scene_info as { payer_client_ip?: string }).payer_client_ip).toBeTruthy();
  });

  it("inside WeChat (no openid to be had) the QR page is shown, to be long-pressed", async () => {
    const res = await donate(campaign.id, "WECHAT_PAY", UA.wechat);
    const d = await lastDonation(campaign.id);
    expect(res.headers.get("Location")).toBe(`/checkout/wechat/${d.accessToken}`);
    expect(fakeWx.orders.get(d.id)!.trade_type).toBe("NATIVE");
    const html = await (await donor.request(`/checkout/wechat/${d.accessToken}`, { method: "GET", headers: { "User-Agent": UA.wechat } })).text();
    expect(html).toContain("长按下方二维码");
  });
});

describe("Alipay through the organization's account", () => {
  it("desktop → 电脑网站支付, phone → 手机网站支付, by redirect to the gateway", async () => {
    const desk = await donate(campaign.id, "ALIPAY", UA.desktop);
    expect(desk.status).toBe(302);
    const d1 = await lastDonation(campaign.id);
    expect(d1).toMatchObject({ provider: "ALIPAY", merchantAccountId: alipayAccountId, providerSessionId: d1.id });
    const u1 = new URL(desk.headers.get("Location")!);
    expect(`${u1.origin}${u1.pathname}`).toBe(fakeAli.gateway);
    expect(u1.searchParams.get("method")).toBe("alipay.trade.page.pay");
    expect(u1.searchParams.get("notify_url")).toBe(`${app.baseUrl}/api/webhooks/alipay/${alipayAccountId}`);

    const phone = await donate(campaign.id, "ALIPAY", UA.iphone);
    const u2 = new URL(phone.headers.get("Location")!);
    expect(u2.searchParams.get("method")).toBe("alipay.trade.wap.pay");
    expect(u2.searchParams.get("return_url")).toBe(`${app.baseUrl}/donate/thanks/${(await lastDonation(campaign.id)).accessToken}`);
  });
});

describe("without merchant accounts the test checkout stands in", () => {
  it("for WeChat Pay: says so, records the payment as WeChat Pay's exactly once, and refunds it", async () => {
    const res = await donate(plainCampaign.id, "WECHAT_PAY", UA.iphone);
    expect(res.status).toBe(302);
    const d = await lastDonation(plainCampaign.id);
    expect(d).toMatchObject({ provider: "WECHAT_PAY", merchantAccountId: null });
    expect(res.headers.get("Location")).toBe(`/checkout/test/${d.providerSessionId}`);
    const page = await (await donor.get(`/checkout/test/${d.providerSessionId}`)).text();
    expect(page).toContain("模拟微信支付");

    const paid = await donor.post(`/checkout/test/${d.providerSessionId}`, { outcome: "paid" });
    expect(paid.status).toBe(302);
    expect(paid.headers.get("Location")).toBe(`/donate/thanks/${d.accessToken}`);
    expect((await lastDonation(plainCampaign.id)).status).toBe("PAID");
    expect(await prisma.paymentEvent.findMany({ where: { donationId: d.id }, select: { provider: true, result: true } })).toEqual([{ provider: "WECHAT_PAY", result: "recorded" }]);
    const ledger = await ledgerOf(d.id);
    expect(ledger).toBeGreaterThan(0);
    // A second completion is refused; nothing more is recorded.
    expect((await donor.post(`/checkout/test/${d.providerSessionId}`, { outcome: "paid" })).status).toBe(409);
    expect(await ledgerOf(d.id)).toBe(ledger);

    // The host refunds it: the test checkout that stood in serves the refund.
    const refund = await plainHost.post(`/org/${plainOrg.id}/campaigns/${plainCampaign.id}`, { intent: "refund", donationId: d.id, amount: "20", reason: "捐错了" });
    expect(refund.status, await refund.clone().text()).toBe(302);
    expect(await prisma.donation.findUniqueOrThrow({ where: { id: d.id }, select: { status: true, refundedFen: true } })).toEqual({ status: "PARTLY_REFUNDED", refundedFen: 2_000n });
  });
});
