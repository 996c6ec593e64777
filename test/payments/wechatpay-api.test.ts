/**
 * WeChat Pay API v3 calls through the adapter and the real SDK against the local fake: every
 * request signed with the merchant key (the fake verifies it), every answer signed by the fake's
 * WeChat Pay key (the SDK verifies it). Native / H5 / JSAPI checkouts, refunds and refund
 * notifications, order query for a lost notification, order close, errors without secrets.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Formatter, Rsa } from "wechatpay-axios-plugin";
import { ProviderError, type LegacyCheckoutRequest } from "~/modules/payments/provider";
import { decodeAttach } from "~/modules/payments/wechatpay/translate.server";
import { createWechatPayProvider, type WechatPayConfig, type WechatPayProvider } from "~/modules/payments/wechatpay/wechatpay.server";
import { newMerchant, startFakeWechatPay, type FakeWechatPay } from "../support/fake-wechatpay";

const merchant = newMerchant();
let fake: FakeWechatPay;
let config: WechatPayConfig;
let provider: WechatPayProvider;
let n = 0;
/** Every error the adapter threw in this file, checked for secrets at the end. */
const thrown: unknown[] = [];

const nextId = (prefix = "cmdonation") => `${prefix}${String(++n).padStart(25 - prefix.length, "0")}`;

const checkoutRequest = (id: string, amountFen = 8880n): LegacyCheckoutRequest => ({
  donationId: id,
  amountFen,
  currency: "CNY",
  description: "为綦江区独居老人过冬捐赠棉被",
  payerEmail: null,
  successUrl: `https://shanlian.test/donate/thanks/tok-${id}`,
  cancelUrl: "https://shanlian.test/campaigns/c1?cancelled=1",
  metadata: { donationId: id, campaignId: "cmcampaign0000000000000001", orgId: "cmorg00000000000000000001" },
});

async function capture<T>(p: Promise<T>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    thrown.push(e);
    expect(e).toBeInstanceOf(ProviderError);
    return e as ProviderError;
  }
  throw new Error("expected the call to fail");
}

const lastRequest = (path: string | RegExp, method = "POST") => [...fake.requests].reverse().find((r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path)))!;

async function paidOrder(amountFen = 8880n) {
  const id = nextId();
  await provider.createCheckout(checkoutRequest(id, amountFen));
  const order = fake.pay(id);
  return { id, transactionId: order.transaction_id! };
}

beforeAll(async () => {
  fake = await startFakeWechatPay({ ...merchant });
  config = {
    ...merchant,
    verification: { mode: "publicKey", publicKeyId: fake.publicKeyId, publicKey: fake.publicKeyPem },
    notifyUrl: "https://shanlian.test/webhooks/wechat-pay",
    baseURL: fake.url,
    timeoutMs: 3000,
  };
  provider = createWechatPayProvider(config);
});

beforeEach(() => {
  fake.serverError = null;
  fake.refundStatus = "PROCESSING";
  fake.answerSigningKey = null;
});

afterAll(async () => {
  await fake?.close();
});

describe("checkout by scene", () => {
  it("native (desktop): a signed order in fen, our page as redirect and the code_url to show as a QR code", async () => {
    const id = nextId();
    const session = await provider.createCheckout({ ...checkoutRequest(id, 8880n), channel: "native" });
    expect(session).toMatchObject({ sessionId: id, scene: "native", redirectUrl: `/checkout/wechat/${id}` });
    expect(session.qrCodeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    const call = lastRequest("/v3/pay/transactions/native");
    expect(call.authorized).toBe(true);
    expect(call.headers.authorization).toMatch(new RegExp(`^WECHATPAY2-SHA256-RSA2048 mchid="${merchant.mchId}",serial_no="${merchant.merchantSerialNo}",`));
    expect(call.json).toMatchObject({
      appid: merchant.appId,
      mchid: merchant.mchId,
      out_trade_no: id,
      description: "为綦江区独居老人过冬捐赠棉被",
      notify_url: config.notifyUrl,
      amount: { total: 8880, currency: "CNY" },
    });
    // The payable (kind + id) comes first in attach; metadata fills what is left of WeChat's 128 characters.
    expect(decodeAttach(call.json!.attach)).toMatchObject({ donationId: id, payableKind: "donation", payableId: id });
    expect(fake.orders.get(id)?.trade_state).toBe("NOTPAY");
  });

  it("defaults to native, and a repeated identical order gets the same answer", async () => {
    const id = nextId();
    const first = await provider.createCheckout(checkoutRequest(id));
    const again = await provider.createCheckout(checkoutRequest(id));
    expect(again.qrCodeUrl).toBe(first.qrCodeUrl);
    expect(first.scene).toBe("native");
  });

  it("h5 (mobile browser): needs the payer's IP, then redirects to WeChat Pay's page with our return address", async () => {
    const id = nextId();
    const missing = await capture(provider.createCheckout({ ...checkoutRequest(id), channel: "h5" }));
    expect(missing.definite).toBe(true);
    expect(fake.requests.some((r) => r.json?.out_trade_no === id)).toBe(false);

    const session = await provider.createCheckout({ ...checkoutRequest(id), channel: "h5", payerClientIp: "203.0.113.7" });
    expect(session.scene).toBe("h5");
    expect(session.h5Url).toMatch(/^https:\/\/wx\.tenpay\.com\/cgi-bin\/mmpayweb-bin\/checkmweb\?prepay_id=/);
    expect(session.redirectUrl).toBe(`${session.h5Url}&redirect_url=${encodeURIComponent(`https://shanlian.test/donate/thanks/tok-${id}`)}`);
    expect(lastRequest("/v3/pay/transactions/h5").json).toMatchObject({ out_trade_no: id, scene_info: { payer_client_ip: "203.0.113.7", h5_info: { type: "Wap" } } });
  });

  it("jsapi (inside WeChat): needs the openid, returns the prepay id and WeixinJSBridge parameters signed with the merchant key", async () => {
    const id = nextId();
    const missing = await capture(provider.createCheckout({ ...checkoutRequest(id), channel: "jsapi" }));
    expect(missing.definite).toBe(true);

    const openid = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    const session = await provider.createCheckout({ ...checkoutRequest(id), channel: "jsapi", openid });
    expect(lastRequest("/v3/pay/transactions/jsapi").json).toMatchObject({ out_trade_no: id, payer: { openid } });
    expect(session.prepayId).toBe(fake.orders.get(id)!.answer.prepay_id);
    expect(session.redirectUrl).toBe(`/checkout/wechat/${id}?scene=jsapi`);
    const p = session.jsapiParams!;
    expect(p).toMatchObject({ appId: merchant.appId, package: `prepay_id=${session.prepayId}`, signType: "RSA" });
    expect(p.timeStamp).toMatch(/^\d{10}$/);
    expect(p.nonceStr).toMatch(/^[0-9A-Za-z]{32}$/);
    const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    expect(Rsa.verify(message, p.paySign, merchant.merchantPublicKey)).toBe(true);
    expect(Rsa.verify(Formatter.joinedByLineFeed(p.appId, p.timeStamp, p.nonceStr, "prepay_id=other"), p.paySign, merchant.merchantPublicKey)).toBe(false);
    // A reloaded page gets fresh parameters for the same prepay id.
    const again = provider.jsapiParams(session.prepayId!);
    expect(Rsa.verify(Formatter.joinedByLineFeed(again.appId, again.timeStamp, again.nonceStr, again.package), again.paySign, merchant.merchantPublicKey)).toBe(true);
  });

  it("refuses what WeChat Pay would: a bad out_trade_no, a non-positive amount, a changed order under the same number", async () => {
    expect((await capture(provider.createCheckout(checkoutRequest("bad id!")))).definite).toBe(true);
    expect((await capture(provider.createCheckout(checkoutRequest(nextId(), 0n)))).definite).toBe(true);
    const id = nextId();
    await provider.createCheckout(checkoutRequest(id, 100n));
    const changed = await capture(provider.createCheckout(checkoutRequest(id, 200n)));
    expect(changed.definite).toBe(true);
    expect(changed.message).toMatch(/HTTP 400 INVALID_REQUEST/);
  });

  it("keeps the payable's ids when the metadata would overflow attach's 128 characters", async () => {
    const id = nextId();
    await provider.createCheckout({ ...checkoutRequest(id), metadata: { donationId: id, note: "x".repeat(150), payableKind: "shop_order", payableId: "cmorder000000000000000001" } });
    const call = lastRequest("/v3/pay/transactions/native");
    expect(call.json!.attach.length).toBeLessThanOrEqual(128);
    expect(decodeAttach(call.json!.attach)).toEqual({ donationId: id, payableKind: "shop_order", payableId: "cmorder000000000000000001" });
  });
});

describe("answers are verified by the SDK", () => {
  it("an answer signed by another key is not trusted, and the outcome is left unknown", async () => {
    fake.answerSigningKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const err = await capture(provider.createCheckout(checkoutRequest(nextId())));
    expect(err.definite).toBe(false);
    expect(err.message).toMatch(/signature could not be verified \(EV3_RES_HEADER_SIGNATURE_DIGEST\)/);
  });

  it("a request signed with another merchant key is refused by WeChat Pay (401, definite)", async () => {
    const other = createWechatPayProvider({ ...config, merchantPrivateKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString() });
    const err = await capture(other.createCheckout(checkoutRequest(nextId())));
    expect(err.definite).toBe(true);
    expect(err.message).toMatch(/HTTP 401 SIGN_ERROR/);
    expect(fake.requests.at(-1)!.authorized).toBe(false);
  });
});

describe("refunds", () => {
  it("refunds with out_refund_no = our refund id, the order's total fetched from WeChat Pay, and settles by query and by notification", async () => {
    const { id, transactionId } = await paidOrder(8880n);
    const refundId = nextId("cmrefund");
    const result = await provider.refund({ paymentId: transactionId, amountFen: 3000n, idempotencyKey: `refund-${refundId}`, metadata: { donationId: id, refundId } });
    expect(result.status).toBe("pending");
    expect(result.refundId).toBe(fake.refunds.get(refundId)!.refund_id);
    expect(lastRequest(`/v3/pay/transactions/id/${transactionId}`, "GET").query.get("mchid")).toBe(merchant.mchId);
    const call = lastRequest("/v3/refund/domestic/refunds");
    expect(call.authorized).toBe(true);
    expect(call.json).toMatchObject({ transaction_id: transactionId, out_refund_no: refundId, notify_url: config.notifyUrl, amount: { refund: 3000, total: 8880, currency: "CNY" } });

    // The same refund again (a retry after a timeout) is the same refund at WeChat Pay.
    const again = await provider.refund({ paymentId: transactionId, amountFen: 3000n, idempotencyKey: `refund-${refundId}`, metadata: { donationId: id, refundId }, totalFen: 8880n });
    expect(again.refundId).toBe(result.refundId);
    expect(fake.refunds.size).toBeGreaterThanOrEqual(1);

    expect(await provider.findRefund({ paymentId: transactionId, refundId })).toEqual({ refundId: result.refundId, status: "pending" });
    fake.settleRefund(refundId, "SUCCESS");
    expect(await provider.findRefund({ paymentId: transactionId, refundId, providerRefundId: result.refundId })).toEqual({ refundId: result.refundId, status: "succeeded" });

    const { body, headers } = fake.notification({ type: "REFUND.SUCCESS", resource: fake.refundResource(refundId), id: "EV-refund-1" });
    expect(provider.parseWebhook(body, headers)).toMatchObject({
      provider: "WECHAT_PAY",
      eventId: "EV-refund-1",
      type: "REFUND.SUCCESS",
      kind: "refund_succeeded",
      refundId,
      providerRefundId: result.refundId,
      paymentId: transactionId,
      sessionId: id,
      amountFen: 3000n,
      currency: "CNY",
    });
  });

  it("uses the total the caller knows without asking, and an abnormal or closed refund notification is refund_failed", async () => {
    const { transactionId } = await paidOrder(500n);
    const before = fake.requests.length;
    const refundId = nextId("cmrefund");
    await provider.refund({ paymentId: transactionId, amountFen: 500n, idempotencyKey: `refund-${refundId}`, metadata: { refundId }, totalFen: 500n });
    expect(fake.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v3/refund/domestic/refunds"]);
    for (const status of ["ABNORMAL", "CLOSED"] as const) {
      fake.settleRefund(refundId, status);
      const { body, headers } = fake.notification({ type: `REFUND.${status}`, resource: fake.refundResource(refundId) });
      expect(provider.parseWebhook(body, headers)).toMatchObject({ kind: "refund_failed", refundId, amountFen: 500n });
      expect((await provider.findRefund({ paymentId: transactionId, refundId }))?.status).toBe("failed");
    }
  });

  it("a refund WeChat Pay settles at once is succeeded", async () => {
    fake.refundStatus = "SUCCESS";
    const { transactionId } = await paidOrder(700n);
    const refundId = nextId("cmrefund");
    expect((await provider.refund({ paymentId: transactionId, amountFen: 700n, idempotencyKey: `refund-${refundId}`, metadata: { refundId } })).status).toBe("succeeded");
  });

  it("more than remains refundable is a definite refusal; a 5xx leaves the outcome unknown though the refund was made", async () => {
    const { transactionId } = await paidOrder(1000n);
    const tooMuch = await capture(provider.refund({ paymentId: transactionId, amountFen: 1001n, idempotencyKey: "refund-x", metadata: { refundId: nextId("cmrefund") }, totalFen: 1000n }));
    expect(tooMuch.definite).toBe(true);
    expect(tooMuch.message).toMatch(/HTTP 400 INVALID_REQUEST/);

    fake.serverError = 500;
    const refundId = nextId("cmrefund");
    const unknown = await capture(provider.refund({ paymentId: transactionId, amountFen: 400n, idempotencyKey: `refund-${refundId}`, metadata: { refundId }, totalFen: 1000n }));
    expect(unknown.definite).toBe(false);
    fake.serverError = null;
    expect(await provider.findRefund({ paymentId: transactionId, refundId })).toMatchObject({ status: "pending" });
  });

  it("a refund WeChat Pay does not know is null", async () => {
    expect(await provider.findRefund({ paymentId: "4200000000000000000000000001", refundId: "cmrefundnevermade00000001" })).toBeNull();
  });
});

describe("order query for a lost notification", () => {
  it("a paid order whose notification never came is found paid, with a stable event id", async () => {
    const { id, transactionId } = await paidOrder(6600n);
    const event = await provider.queryOrder(id);
    expect(event).toMatchObject({ provider: "WECHAT_PAY", kind: "payment_succeeded", sessionId: id, donationId: id, paymentId: transactionId, amountFen: 6600n, currency: "CNY", type: "QUERY.SUCCESS" });
    expect((await provider.queryOrder(id))!.eventId).toBe(event!.eventId);
    expect(lastRequest(`/v3/pay/transactions/out-trade-no/${id}`, "GET").query.get("mchid")).toBe(merchant.mchId);
  });

  it("an unpaid order is ignored and an unknown one is null", async () => {
    const id = nextId();
    await provider.createCheckout(checkoutRequest(id));
    expect((await provider.queryOrder(id))?.kind).toBe("ignored");
    expect(await provider.queryOrder("cmnosuchorder000000000001")).toBeNull();
  });

  it("a 5xx is an error of unknown outcome, not a missing order", async () => {
    fake.serverError = 503;
    expect((await capture(provider.queryOrder(nextId()))).definite).toBe(false);
  });
});

describe("closing an order (suspension)", () => {
  it("closes an unpaid order, which then cannot be paid", async () => {
    const id = nextId();
    await provider.createCheckout(checkoutRequest(id));
    expect(await provider.expireCheckout(id)).toBe("expired");
    expect(lastRequest(`/v3/pay/transactions/out-trade-no/${id}/close`).json).toEqual({ mchid: merchant.mchId });
    expect(fake.orders.get(id)!.trade_state).toBe("CLOSED");
    expect((await provider.queryOrder(id))?.kind).toBe("checkout_expired");
    expect(await provider.expireCheckout(id)).toBe("not_open");
  });

  it("a paid or unknown order is not open", async () => {
    const { id } = await paidOrder();
    expect(await provider.expireCheckout(id)).toBe("not_open");
    expect(fake.orders.get(id)!.trade_state).toBe("SUCCESS");
    expect(await provider.expireCheckout("cmnosuchorder000000000002")).toBe("not_open");
  });
});

describe("errors", () => {
  it("a network failure is an error of unknown outcome", async () => {
    const down = createWechatPayProvider({ ...config, baseURL: "http://127.0.0.1:9/", timeoutMs: 1000 });
    const err = await capture(down.createCheckout(checkoutRequest(nextId())));
    expect(err.definite).toBe(false);
    expect(err.message).toMatch(/^WeChat Pay checkout failed: /);
  });

  it("bad credentials are refused at construction without echoing them", () => {
    for (const bad of [{ apiV3Key: "short-key" }, { merchantPrivateKey: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----" }, { verification: { mode: "publicKey" as const, publicKeyId: "PUB_KEY_ID_1", publicKey: "not a key" } }]) {
      try {
        createWechatPayProvider({ ...config, ...bad });
        throw new Error("expected a refusal");
      } catch (e) {
        expect(e).toBeInstanceOf(ProviderError);
        thrown.push(e);
        expect((e as Error).message).not.toContain("short-key");
        expect((e as Error).message).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7");
      }
    }
  });

  it("no error thrown in this file carries the API v3 key or the merchant private key", () => {
    expect(thrown.length).toBeGreaterThanOrEqual(12);
    const keyLines = merchant.merchantPrivateKey.split("\n").filter((l) => l && !l.startsWith("-----"));
    for (const e of thrown) {
      const text = `${(e as Error).message}\n${(e as Error).stack ?? ""}\n${JSON.stringify(e)}`;
      expect(text).not.toContain(merchant.apiV3Key);
      for (const line of keyLines) expect(text).not.toContain(line);
    }
  });
});
