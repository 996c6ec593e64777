/**
 * The shop checkout offers the platform's own providers by device (#14.3, shop side), over HTTP
 * through the built app, with the platform's WeChat Pay and Alipay accounts (orgId null) saved
 * through saveMerchantAccount and pointed at the local fakes (the official SDKs at the network edge):
 * without accounts the test checkout stands in for WeChat Pay and records the payment once; desktop
 * → our QR page, the signed notification → checkout paid and orders created once, stock moved once;
 * phone → H5 redirect; Alipay wap redirect; a provider not offered → 400 with values kept; an order
 * refund through the WeChat Pay adapter, booked once on WeChat Pay's notification.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { ensureLedgerSql } from "../support/factories/funding";
import { newMerchant, startFakeWechatPay, type FakeWechatPay } from "../support/fake-wechatpay";
import { startFakeAlipay, type FakeAlipay } from "../support/fake-alipay";
import { DELIVERY, shopWorld } from "../consumption/shop-helpers";
import type { PrismaClient } from "~/generated/prisma/client";

const UA = {
  desktop: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  iphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
};

const ALIPAY_APP_ID = "2021004100000079";
const wx = newMerchant();
const aliApp = generateKeyPairSync("rsa", { modulusLength: 2048 });
let fakeWx: FakeWechatPay;
let fakeAli: FakeAlipay;
let app: TestApp;
let prisma: PrismaClient;
let world: Awaited<ReturnType<typeof shopWorld>>;
let productId: string;
let wechatAccountId: string;
let alipayAccountId: string;

/** A fresh buyer adds the product to the cart and checks out from this device. */
async function buy(provider: string | undefined, userAgent: string, quantity = 2, extra: Record<string, string> = {}) {
  const buyer = new TestClient(app.baseUrl);
  const added = await buyer.post("/shop/cart", { intent: "add", productId, quantity: String(quantity) });
  expect(added.status).toBeLessThan(400);
  const res = await buyer.post("/shop/checkout", { ...DELIVERY, email: "buyer@example.cn", ...(provider ? { provider } : {}), ...extra }, { headers: { "User-Agent": userAgent } });
  return { buyer, res };
}

async function lastCheckout() {
  return prisma.shopCheckout.findFirstOrThrow({
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, provider: true, merchantAccountId: true, providerSessionId: true, accessToken: true, amountFen: true, orders: { select: { id: true, status: true } } },
  });
}

const stock = async () => prisma.product.findUniqueOrThrow({ where: { id: productId }, select: { stockOnHand: true, stockReserved: true } });
const stockMoves = (orderId: string, kind: "SOLD" | "RESERVED") => prisma.stockMovement.count({ where: { orderId, kind } });
const orderLedger = (orderId: string) => prisma.ledgerTransaction.count({ where: { orderId } });

beforeAll(async () => {
  fakeWx = await startFakeWechatPay({ ...wx, mode: "publicKey" });
  fakeAli = await startFakeAlipay({ appId: ALIPAY_APP_ID, appPublicKey: aliApp.publicKey });
  process.env.WECHATPAY_API_BASE = fakeWx.url;
  process.env.ALIPAY_GATEWAY = fakeAli.gateway;
  delete process.env.STRIPE_SECRET_KEY;
  app = await startTestApp();
  // Refunds and the expiry job may run outside a request: the accounts' notify URLs come from APP_URL, as in production.
  process.env.APP_URL = app.baseUrl;
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  world = await shopWorld(prisma, { products: [{ stock: 50, priceFen: 3_000n }] });
  productId = world.products[0]!.id;
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fakeWx?.close();
  await fakeAli?.close();
  delete process.env.WECHATPAY_API_BASE;
  delete process.env.ALIPAY_GATEWAY;
  delete process.env.APP_URL;
});

describe("without the platform's accounts the test checkout stands in", () => {
  it("offers WeChat Pay first (simulated), and records a WeChat Pay payment once", async () => {
    const probe = new TestClient(app.baseUrl);
    await probe.post("/shop/cart", { intent: "add", productId, quantity: "1" });
    const html = await (await probe.get("/shop/checkout")).text();
    const order = ["WECHAT_PAY", "ALIPAY", "STRIPE"].map((p) => html.indexOf(`data-testid="shop-provider-${p}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain("（模拟）");

    const { buyer, res } = await buy("WECHAT_PAY", UA.iphone);
    expect(res.status, await res.clone().text()).toBe(302);
    const co = await lastCheckout();
    expect(co).toMatchObject({ provider: "WECHAT_PAY", merchantAccountId: null, status: "PENDING" });
    expect(res.headers.get("Location")).toBe(`/checkout/test/${co.providerSessionId}`);
    expect(await (await buyer.get(`/checkout/test/${co.providerSessionId}`)).text()).toContain("模拟微信支付");

    const paid = await buyer.post(`/checkout/test/${co.providerSessionId}`, { outcome: "paid" });
    expect(paid.status).toBe(302);
    expect(paid.headers.get("Location")).toBe(`/shop/orders/${co.accessToken}`);
    expect((await lastCheckout()).status).toBe("PAID");
    expect(await prisma.paymentEvent.findMany({ where: { checkoutId: co.id }, select: { provider: true, result: true } })).toEqual([{ provider: "WECHAT_PAY", result: "recorded" }]);
    const orderId = co.orders[0]!.id;
    const ledger = await orderLedger(orderId);
    expect(ledger).toBe(1);
    expect((await buyer.post(`/checkout/test/${co.providerSessionId}`, { outcome: "paid" })).status).toBe(409);
    expect(await orderLedger(orderId)).toBe(ledger);
    expect(await stockMoves(orderId, "SOLD")).toBe(1);
  });
});

describe("through the platform's own WeChat Pay and Alipay accounts", () => {
  beforeAll(async () => {
    const staff = await createUser(prisma);
    const { saveMerchantAccount } = await import("~/modules/payments/merchant-accounts.server");
    const { AlipayCredentialsSchema, WechatPayCredentialsSchema } = await import("~/modules/payments/merchant-schema.server");
    wechatAccountId = (
      await saveMerchantAccount({ orgId: null }, staff.id, {
        provider: "WECHAT_PAY",
        input: WechatPayCredentialsSchema.parse({
          appId: wx.appId,
          mchId: wx.mchId,
          merchantSerialNo: wx.merchantSerialNo,
          merchantPrivateKey: wx.merchantPrivateKey,
          apiV3Key: wx.apiV3Key,
          verificationMode: "publicKey",
          publicKeyId: fakeWx.publicKeyId,
          publicKey: fakeWx.publicKeyPem,
        }),
      }, prisma)
    ).id;
    alipayAccountId = (
      await saveMerchantAccount({ orgId: null }, staff.id, {
        provider: "ALIPAY",
        input: AlipayCredentialsSchema.parse({
          appId: ALIPAY_APP_ID,
          privateKey: aliApp.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
          alipayPublicKey: fakeAli.alipayPublicKeyBase64,
          sellerId: fakeAli.sellerId,
        }),
      }, prisma)
    ).id;
  });

  it("refuses a provider not offered with 400, keeping what was typed, writing nothing", async () => {
    const before = await prisma.shopCheckout.count();
    const { res } = await buy("OFFLINE", UA.desktop, 1, { recipientName: "韩梅梅" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请从本页列出的支付方式中选择一种");
    expect(html).toContain('value="韩梅梅"');
    expect(html).toContain('value="buyer@example.cn"');
    expect(await prisma.shopCheckout.count()).toBe(before);
  });

  it("desktop: the QR page; the signed notification pays the checkout and its orders once, stock moved once; then an order refund through WeChat Pay", async () => {
    const before = await stock();
    const { buyer, res } = await buy("WECHAT_PAY", UA.desktop, 2);
    expect(res.status, await res.clone().text()).toBe(302);
    const co = await lastCheckout();
    expect(co).toMatchObject({ provider: "WECHAT_PAY", merchantAccountId: wechatAccountId, providerSessionId: co.id, status: "PENDING", amountFen: 6_000n });
    // Our page, by the unguessable token — never the checkout's id.
    expect(res.headers.get("Location")).toBe(`/checkout/wechat/shop/${co.accessToken}`);
    expect(fakeWx.orders.get(co.id)).toMatchObject({ trade_type: "NATIVE", notify_url: `${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}` });
    expect(await stock()).toEqual({ stockOnHand: before.stockOnHand, stockReserved: before.stockReserved + 2 });

    const page = await buyer.get(`/checkout/wechat/shop/${co.accessToken}`, { followRedirects: false });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/src="data:image\/png;base64,[^"]+"/);
    expect(html).toContain("¥60.00");
    expect(html).toContain("返回购物车");
    expect((await buyer.get(`/checkout/wechat/shop/${co.id}`, { followRedirects: false })).status).toBe(404);
    // A donation's QR page does not answer a shop checkout's token.
    expect((await buyer.get(`/checkout/wechat/${co.accessToken}`, { followRedirects: false })).status).toBe(404);
    // The order page links back to the QR page while it is unpaid.
    expect(await (await buyer.get(`/shop/orders/${co.accessToken}`)).text()).toContain(`/checkout/wechat/shop/${co.accessToken}`);

    fakeWx.pay(co.id);
    const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: fakeWx.transaction(co.id) });
    const hook = () => fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`, { method: "POST", body: n.body, headers: n.headers });
    expect((await hook()).status).toBe(200);
    const paid = await lastCheckout();
    expect(paid.status).toBe("PAID");
    expect(paid.orders.map((o) => o.status)).toEqual(["PAID"]);
    const orderId = paid.orders[0]!.id;
    expect(await orderLedger(orderId)).toBe(1);
    expect(await stockMoves(orderId, "SOLD")).toBe(1);
    const afterPaid = await stock();
    expect(afterPaid).toEqual({ stockOnHand: before.stockOnHand - 2, stockReserved: before.stockReserved });
    // The replay changes nothing.
    expect((await hook()).status).toBe(200);
    expect(await orderLedger(orderId)).toBe(1);
    expect(await stockMoves(orderId, "SOLD")).toBe(1);
    expect(await stock()).toEqual(afterPaid);
    expect(await prisma.paymentEvent.count({ where: { checkoutId: co.id } })).toBe(1);
    expect(await prisma.shopOrder.count({ where: { checkoutId: co.id } })).toBe(1);

    // Paid: the QR page sends the buyer on to the order page.
    const again = await buyer.get(`/checkout/wechat/shop/${co.accessToken}`, { followRedirects: false });
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(`/shop/orders/${co.accessToken}`);

    // The buyer cancels before shipping: a full refund asked of WeChat Pay (PROCESSING), booked on
    // its REFUND.SUCCESS notification, once.
    const cancel = await buyer.post(`/shop/orders/${co.accessToken}`, { intent: "cancel", orderId, reason: "拍错了" });
    expect(cancel.status, await cancel.clone().text()).toBe(302);
    const refund = await prisma.orderRefund.findFirstOrThrow({ where: { orderId }, select: { id: true, status: true } });
    expect(refund.status).toBe("PENDING");
    expect(fakeWx.refunds.get(refund.id)).toMatchObject({ status: "PROCESSING" });
    fakeWx.settleRefund(refund.id, "SUCCESS");
    const rn = fakeWx.notification({ type: "REFUND.SUCCESS", resource: fakeWx.refundResource(refund.id) });
    const refundHook = () => fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`, { method: "POST", body: rn.body, headers: rn.headers });
    expect((await refundHook()).status).toBe(200);
    expect((await refundHook()).status).toBe(200);
    expect(await prisma.orderRefund.findUniqueOrThrow({ where: { id: refund.id }, select: { status: true } })).toEqual({ status: "SUCCEEDED" });
    expect(await prisma.shopOrder.findUniqueOrThrow({ where: { id: orderId }, select: { refundedFen: true } })).toEqual({ refundedFen: 6_000n });
    expect(await orderLedger(orderId)).toBe(2);
  });

  it("a phone browser is redirected to WeChat Pay's H5 page, coming back to the order page", async () => {
    const { res } = await buy("WECHAT_PAY", UA.iphone, 1);
    expect(res.status).toBe(302);
    const co = await lastCheckout();
    const location = new URL(res.headers.get("Location")!);
    expect(location.origin).toBe("https://wx.tenpay.com");
    expect(location.searchParams.get("redirect_url")).toBe(`${app.baseUrl}/shop/orders/${co.accessToken}`);
    expect(fakeWx.orders.get(co.id)!.trade_type).toBe("MWEB");
  });

  it("Alipay: a phone goes to 手机网站支付 (wap), a desktop to 电脑网站支付 (page)", async () => {
    const phone = await buy("ALIPAY", UA.iphone, 1);
    expect(phone.res.status).toBe(302);
    const co = await lastCheckout();
    expect(co).toMatchObject({ provider: "ALIPAY", merchantAccountId: alipayAccountId, providerSessionId: co.id });
    const u = new URL(phone.res.headers.get("Location")!);
    expect(`${u.origin}${u.pathname}`).toBe(fakeAli.gateway);
    expect(u.searchParams.get("method")).toBe("alipay.trade.wap.pay");
    expect(u.searchParams.get("notify_url")).toBe(`${app.baseUrl}/api/webhooks/alipay/${alipayAccountId}`);
    expect(u.searchParams.get("return_url")).toBe(`${app.baseUrl}/shop/orders/${co.accessToken}`);
    const desk = await buy("ALIPAY", UA.desktop, 1);
    expect(new URL(desk.res.headers.get("Location")!).searchParams.get("method")).toBe("alipay.trade.page.pay");
  });

  it("an unpaid checkout past its reservation is closed at WeChat Pay by the expiry job, stock released", async () => {
    const { res } = await buy("WECHAT_PAY", UA.desktop, 1);
    expect(res.status).toBe(302);
    const co = await lastCheckout();
    await prisma.shopCheckout.update({ where: { id: co.id }, data: { reservedUntil: new Date(Date.now() - 1000) } });
    const { expireCheckouts } = await import("~/modules/shop/jobs.server");
    await expireCheckouts();
    expect((await lastCheckout()).status).toBe("CANCELLED");
    expect(fakeWx.requests.some((r) => r.method === "POST" && r.path.endsWith(`/out-trade-no/${co.id}/close`))).toBe(true);
  });
});
