/**
 * The Alipay adapter through the real alipay-sdk against a local fake gateway at the network edge:
 * the fake verifies our RSA2 request signatures with the app's public key and signs its answers
 * with its own "Alipay" key, which the SDK verifies. Checkout (page and wap), refunds and their
 * lookup, closing, trade query, error classification, and no secret in any message.
 */
import { generateKeyPairSync } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAlipayProvider } from "~/modules/payments/alipay/alipay.server";
import { ProviderError } from "~/modules/payments/provider";
import { checkoutRequest, paidCheckout, startAlipayFixture, type AlipayFixture } from "./alipay-fixture";

let f: AlipayFixture;

beforeAll(async () => {
  f = await startAlipayFixture();
});

afterEach(() => {
  Object.assign(f.fake, { failNext: null, serverError: null, delayMs: 0, forgeResponses: false });
});

afterAll(async () => {
  await f?.fake.close();
});

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

describe("checkout", () => {
  it("电脑网站支付: a signed GET URL for alipay.trade.page.pay that the gateway accepts", async () => {
    const req = checkoutRequest();
    const session = await f.provider.createCheckout({ ...req, channel: "page" });
    expect(session.sessionId).toBe(req.donationId!);
    expect(session.redirectUrl.startsWith(`${f.fake.gateway}?`)).toBe(true);
    const q = new URL(session.redirectUrl).searchParams;
    expect(q.get("method")).toBe("alipay.trade.page.pay");
    expect(q.get("app_id")).toBe(f.config.appId);
    expect(q.get("sign_type")).toBe("RSA2");
    expect(q.get("charset")).toBe("utf-8");
    expect(q.get("notify_url")).toBe(f.config.notifyUrl);
    expect(q.get("return_url")).toBe(req.successUrl);
    const biz = JSON.parse(q.get("biz_content")!);
    expect(biz).toMatchObject({ out_trade_no: req.donationId, product_code: "FAST_INSTANT_TRADE_PAY", total_amount: "88.80", subject: "善联 · 给山区孩子的冬衣", passback_params: `donationId%3D${req.donationId}` });
    expect(biz.time_expire).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // Nothing about the donor leaves for Alipay.
    expect(session.redirectUrl).not.toContain("donor");

    const opened = await f.fake.open(session.redirectUrl);
    expect(opened.status).toBe(200);
    expect(f.fake.requests.at(-1)).toMatchObject({ httpMethod: "GET", method: "alipay.trade.page.pay", verified: true });
    expect(f.fake.trades.get(req.donationId!)).toMatchObject({ status: "WAIT_BUYER_PAY", totalAmount: "88.80", productCode: "FAST_INSTANT_TRADE_PAY" });
  });

  it("手机网站支付: alipay.trade.wap.pay with QUICK_WAP_WAY and the quit URL", async () => {
    const req = checkoutRequest({ amountFen: 1n, description: "a/b=c&d" });
    const session = await f.provider.createCheckout({ ...req, channel: "wap" });
    const q = new URL(session.redirectUrl).searchParams;
    expect(q.get("method")).toBe("alipay.trade.wap.pay");
    const biz = JSON.parse(q.get("biz_content")!);
    expect(biz).toMatchObject({ product_code: "QUICK_WAP_WAY", total_amount: "0.01", quit_url: req.cancelUrl, subject: "a b c d" });
    expect((await f.fake.open(session.redirectUrl)).status).toBe(200);
    expect(f.fake.requests.at(-1)).toMatchObject({ method: "alipay.trade.wap.pay", verified: true });
  });

  it("is refused by the gateway when the URL is altered or signed with another app key", async () => {
    const req = checkoutRequest();
    const session = await f.provider.createCheckout(req);
    const tampered = session.redirectUrl.replace(encodeURIComponent('"total_amount":"88.80"'), encodeURIComponent('"total_amount":"0.01"'));
    expect(tampered).not.toBe(session.redirectUrl);
    expect((await f.fake.open(tampered)).status).toBe(400);
    expect(f.fake.requests.at(-1)!.verified).toBe(false);

    const stranger = createAlipayProvider({ ...f.config, privateKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string });
    const forged = await stranger.createCheckout(checkoutRequest());
    expect((await f.fake.open(forged.redirectUrl)).status).toBe(400);
    expect(f.fake.trades.has(req.donationId!)).toBe(false);
  });

  it("accepts the app key as PKCS#1 or PKCS#8, PEM or bare base64, and the Alipay key as PEM", async () => {
    const k = f.appPrivateKey;
    const forms = [
      k.export({ type: "pkcs8", format: "pem" }) as string,
      (k.export({ type: "pkcs8", format: "der" }) as Buffer).toString("base64"),
      (k.export({ type: "pkcs1", format: "der" }) as Buffer).toString("base64"),
    ];
    for (const privateKey of forms) {
      const p = createAlipayProvider({ ...f.config, privateKey, alipayPublicKey: f.fake.alipayPublicKeyPem });
      const s = await p.createCheckout(checkoutRequest());
      expect((await f.fake.open(s.redirectUrl)).status).toBe(200);
      expect(await p.queryTrade(s.sessionId)).toMatchObject({ kind: "ignored" });
    }
  });

  it("refuses what Alipay would refuse, before any call", async () => {
    for (const bad of [{ amountFen: 0n }, { amountFen: 10_000_000_001n }, { outTradeNo: "has-dash" }, { outTradeNo: "x".repeat(65) }, { currency: "USD" as "CNY" }]) {
      const e = await rejection(f.provider.createCheckout(checkoutRequest(bad)));
      expect(e.definite).toBe(true);
    }
  });
});

describe("refunds", () => {
  it("round trip: refunded at once, repeated without refunding twice, found by our refund id", async () => {
    const { trade } = await paidCheckout(f);
    const first = await f.provider.refund({ paymentId: trade.tradeNo, amountFen: 3000n, idempotencyKey: "refund-rfA", metadata: { donationId: "d", refundId: "rfA" } });
    expect(first).toEqual({ refundId: "rfA", status: "succeeded" });
    const call = f.fake.requests.at(-1)!;
    expect(call).toMatchObject({ httpMethod: "POST", method: "alipay.trade.refund", verified: true });
    expect(call.biz).toEqual({ trade_no: trade.tradeNo, refund_amount: "30.00", out_request_no: "rfA" });

    // The same request again (a retry after a lost answer): fund_change N, confirmed by the lookup.
    expect(await f.provider.refund({ paymentId: trade.tradeNo, amountFen: 3000n, idempotencyKey: "refund-rfA", metadata: { refundId: "rfA" } })).toEqual({ refundId: "rfA", status: "succeeded" });
    expect(f.fake.requests.at(-1)!.method).toBe("alipay.trade.fastpay.refund.query");
    expect([...trade.refunds.keys()]).toEqual(["rfA"]);

    expect(await f.provider.findRefund({ providerRefundId: "rfA", paymentId: trade.tradeNo, refundId: "rfA" })).toEqual({ refundId: "rfA", status: "succeeded" });
    expect(await f.provider.findRefund({ providerRefundId: null, paymentId: trade.tradeNo, refundId: "rfA" })).toEqual({ refundId: "rfA", status: "succeeded" });
    expect(await f.provider.findRefund({ paymentId: trade.tradeNo, refundId: "never-sent" })).toBeNull();
    expect(await f.provider.findRefund({ paymentId: "2099010122001000000000", refundId: "rfA" })).toBeNull();

    // More than is left: a definite refusal, nothing moved.
    const e = await rejection(f.provider.refund({ paymentId: trade.tradeNo, amountFen: 6000n, idempotencyKey: "refund-rfB", metadata: { refundId: "rfB" } }));
    expect(e.definite).toBe(true);
    expect(e.message).toContain("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
    expect(trade.refunds.has("rfB")).toBe(false);
    expect(await f.provider.refund({ paymentId: trade.tradeNo, amountFen: 5880n, idempotencyKey: "refund-rfC", metadata: { refundId: "rfC" } })).toEqual({ refundId: "rfC", status: "succeeded" });
    expect(trade.status).toBe("TRADE_CLOSED");
  });

  it("a timeout leaves the outcome unknown; the lookup then finds the refund made", async () => {
    const { trade } = await paidCheckout(f);
    const slow = createAlipayProvider({ ...f.config, timeoutMs: 300 });
    f.fake.delayMs = 2500;
    const e = await rejection(slow.refund({ paymentId: trade.tradeNo, amountFen: 100n, idempotencyKey: "refund-rfT", metadata: { refundId: "rfT" } }));
    expect(e.definite).toBe(false);
    expect(e.message).toMatch(/outcome unknown/);
    f.fake.delayMs = 0;
    expect(await slow.findRefund({ paymentId: trade.tradeNo, refundId: "rfT" })).toEqual({ refundId: "rfT", status: "succeeded" });
  });

  it.each([
    [{ code: "40004", msg: "Business Failed", sub_code: "ACQ.SELLER_BALANCE_NOT_ENOUGH", sub_msg: "卖家余额不足" }, true],
    [{ code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_STATUS_ERROR", sub_msg: "交易状态不合法" }, true],
    [{ code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-parameter", sub_msg: "参数无效" }, true],
    [{ code: "40004", msg: "Business Failed", sub_code: "ACQ.SYSTEM_ERROR", sub_msg: "系统错误" }, false],
    [{ code: "20000", msg: "Service Currently Unavailable", sub_code: "isp.unknow-error", sub_msg: "系统繁忙" }, false],
  ])("Alipay's answer %j is a ProviderError with definite=%s", async (answer, definite) => {
    const { trade } = await paidCheckout(f);
    f.fake.failNext = answer;
    const e = await rejection(f.provider.refund({ paymentId: trade.tradeNo, amountFen: 100n, idempotencyKey: "refund-x", metadata: { refundId: `rf${Date.now()}` } }));
    expect(e.definite).toBe(definite);
    expect(e.message).toContain(answer.sub_code);
  });

  it("a 5xx, an unreachable gateway or an answer not signed by Alipay leaves the outcome unknown", async () => {
    const { trade } = await paidCheckout(f);
    const refund = (p = f.provider) => p.refund({ paymentId: trade.tradeNo, amountFen: 100n, idempotencyKey: "refund-rfU", metadata: { refundId: "rfU" } });
    f.fake.serverError = 502;
    const e502 = await rejection(refund());
    expect(e502.definite).toBe(false);
    expect(e502.message).toContain("HTTP 502");
    f.fake.serverError = null;

    f.fake.forgeResponses = true;
    const forged = await rejection(refund());
    expect(forged.definite).toBe(false);
    expect(forged.message).toMatch(/signature did not verify/);
    // The SDK's own message quotes the whole answer; ours does not.
    expect(forged.message).not.toContain("fund_change");
    f.fake.forgeResponses = false;

    const down = createAlipayProvider({ ...f.config, gateway: "http://127.0.0.1:9/gateway.do" });
    const unreachable = await rejection(refund(down));
    expect(unreachable.definite).toBe(false);
  });
});

describe("closing and querying trades", () => {
  it("closes an opened unpaid checkout; a closed, paid or never-opened one is not open", async () => {
    const opened = await f.provider.createCheckout(checkoutRequest());
    await f.fake.open(opened.redirectUrl);
    expect(await f.provider.expireCheckout(opened.sessionId)).toBe("expired");
    expect(f.fake.requests.at(-1)).toMatchObject({ method: "alipay.trade.close", verified: true, biz: { out_trade_no: opened.sessionId } });
    expect(f.fake.trades.get(opened.sessionId)!.status).toBe("TRADE_CLOSED");
    expect((await f.fake.open(opened.redirectUrl)).status).toBe(400);
    expect(await f.provider.expireCheckout(opened.sessionId)).toBe("not_open");

    const { session } = await paidCheckout(f);
    expect(await f.provider.expireCheckout(session.sessionId)).toBe("not_open");
    expect(f.fake.trades.get(session.sessionId)!.status).toBe("TRADE_SUCCESS");

    const neverOpened = await f.provider.createCheckout(checkoutRequest());
    expect(await f.provider.expireCheckout(neverOpened.sessionId)).toBe("not_open");

    f.fake.serverError = 503;
    expect((await rejection(f.provider.expireCheckout(opened.sessionId))).definite).toBe(false);
  });

  it("finds a payment whose notification never came", async () => {
    const { req, trade } = await paidCheckout(f, { amountFen: 123456n }, new Date("2024-06-01T02:03:04Z"));
    const event = await f.provider.queryTrade(req.donationId!);
    expect(f.fake.requests.at(-1)).toMatchObject({ method: "alipay.trade.query", verified: true });
    expect(event).toEqual({
      provider: "ALIPAY",
      eventId: `trade.query:${trade.tradeNo}:TRADE_SUCCESS`,
      type: "alipay.trade.query.TRADE_SUCCESS",
      kind: "payment_succeeded",
      sessionId: req.donationId,
      paymentId: trade.tradeNo,
      amountFen: 123456n,
      currency: "CNY",
      occurredAt: new Date("2024-06-01T02:03:04Z"),
    });
    // Asking again is the same event (recorded once).
    expect((await f.provider.queryTrade(req.donationId!))!.eventId).toBe(event!.eventId);
  });

  it("reports a waiting trade as ignored, a closed one as expired, an unknown one as null", async () => {
    const s = await f.provider.createCheckout(checkoutRequest());
    expect(await f.provider.queryTrade(s.sessionId)).toBeNull();
    await f.fake.open(s.redirectUrl);
    expect(await f.provider.queryTrade(s.sessionId)).toMatchObject({ kind: "ignored", sessionId: s.sessionId });
    await f.provider.expireCheckout(s.sessionId);
    expect(await f.provider.queryTrade(s.sessionId)).toMatchObject({ kind: "checkout_expired", sessionId: s.sessionId });
  });
});

describe("secrets", () => {
  it("never appear in errors, whatever fails, nor in the provider object", async () => {
    const pem = f.privateKeyPem;
    const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    const pkcs8Body = (f.appPrivateKey.export({ type: "pkcs8", format: "der" }) as Buffer).toString("base64");
    const chunks = [body, pkcs8Body].flatMap((b) => Array.from({ length: Math.floor(b.length / 40) }, (_, i) => b.slice(i * 40, i * 40 + 40)));
    const errors: unknown[] = [];
    const catching = async (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));

    const { trade } = await paidCheckout(f);
    const refund = (p = f.provider) => p.refund({ paymentId: trade.tradeNo, amountFen: 100n, idempotencyKey: "refund-s", metadata: { refundId: "rfS" } });
    f.fake.failNext = { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: `验签出错 ${pem}` };
    await catching(refund());
    f.fake.serverError = 500;
    await catching(refund());
    f.fake.serverError = null;
    f.fake.forgeResponses = true;
    await catching(refund());
    await catching(f.provider.findRefund({ paymentId: trade.tradeNo, refundId: "rfS" }));
    f.fake.forgeResponses = false;
    await catching(refund(createAlipayProvider({ ...f.config, gateway: "http://127.0.0.1:9/gateway.do" })));
    // urllib's timers are coarse (up to a second late): the answer comes well after.
    f.fake.delayMs = 2500;
    await catching(refund(createAlipayProvider({ ...f.config, timeoutMs: 100 })));
    f.fake.delayMs = 0;
    for (const privateKey of [pem.slice(0, 200), body.slice(0, 600), pem.replace("RSA PRIVATE KEY", "PUBLIC KEY"), ""]) {
      try {
        createAlipayProvider({ ...f.config, privateKey });
      } catch (e) {
        errors.push(e);
      }
    }
    expect(errors).toHaveLength(10);
    for (const e of errors) {
      expect(e).toBeInstanceOf(ProviderError);
      const text = [String(e), (e as Error).stack, JSON.stringify(e), inspect(e, { depth: 5 })].join("\n");
      expect(text).not.toContain("PRIVATE KEY");
      for (const c of chunks) expect(text).not.toContain(c);
    }
    const shown = inspect(f.provider, { depth: 10, showHidden: true }) + JSON.stringify(f.provider);
    for (const c of chunks) expect(shown).not.toContain(c);
  });
});
