/**
 * Alipay's asynchronous notifications through parseWebhook: real RSA2 signatures made by the fake
 * "Alipay" key and verified by the SDK (checkNotifySignV2); forgeries, tampering, another app's
 * notification and sign-type downgrades refused with WebhookVerificationError.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlipayProvider } from "~/modules/payments/alipay/alipay.server";
import { WebhookVerificationError } from "~/modules/payments/provider";
import { APP_ID, checkoutRequest, FORM, paidCheckout, startAlipayFixture, type AlipayFixture } from "./alipay-fixture";

let f: AlipayFixture;

beforeAll(async () => {
  f = await startAlipayFixture();
});

afterAll(async () => {
  await f?.fake.close();
});

const field = (body: string, name: string) => new URLSearchParams(body).get(name)!;

describe("a signed notification", () => {
  it("of a payment is accepted and becomes payment_succeeded", async () => {
    const { req, trade } = await paidCheckout(f, {}, new Date("2024-05-01T00:00:07Z"));
    const body = f.fake.paymentNotification(trade.outTradeNo);
    // passback_params arrives URL-encoded, as sent: the case the SDK's raw verification exists for.
    expect(field(body, "passback_params")).toContain("%3D");
    const event = f.provider.parseWebhook(body, FORM);
    expect(event).toEqual({
      provider: "ALIPAY",
      eventId: field(body, "notify_id"),
      type: "trade_status_sync.TRADE_SUCCESS",
      kind: "payment_succeeded",
      occurredAt: new Date("2024-05-01T00:00:07Z"),
      sessionId: req.donationId,
      donationId: req.donationId,
      payable: { kind: "donation", id: req.donationId },
      paymentId: trade.tradeNo,
      amountFen: 8880n,
      currency: "CNY",
    });
    // gmt_payment was Beijing time.
    expect(field(body, "gmt_payment")).toBe("2024-05-01 08:00:07");
  });

  it("of a finished trade (after the refund period) is the same payment", async () => {
    const { trade } = await paidCheckout(f, { amountFen: 1n });
    const event = f.provider.parseWebhook(f.fake.paymentNotification(trade.outTradeNo, { trade_status: "TRADE_FINISHED" }), FORM);
    expect(event).toMatchObject({ kind: "payment_succeeded", paymentId: trade.tradeNo, amountFen: 1n });
  });

  it("without sign_type is verified as RSA2", async () => {
    const { trade } = await paidCheckout(f);
    const body = f.fake.notification({ trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, trade_status: "TRADE_SUCCESS", total_amount: "88.80", gmt_payment: trade.gmtPayment! }, { signType: null });
    expect(body).not.toContain("sign_type");
    expect(f.provider.parseWebhook(body, FORM).kind).toBe("payment_succeeded");
  });

  it("with empty fields verifies (they are not signed) and tolerates no content type", async () => {
    const { trade } = await paidCheckout(f);
    const body = f.fake.paymentNotification(trade.outTradeNo, { body: "", voucher_detail_list: "" });
    expect(body).toContain("voucher_detail_list=&");
    expect(f.provider.parseWebhook(body, new Headers()).kind).toBe("payment_succeeded");
  });

  it("of a closed unpaid trade becomes checkout_expired", async () => {
    const session = await f.provider.createCheckout(checkoutRequest());
    await f.fake.open(session.redirectUrl);
    expect(await f.provider.expireCheckout(session.sessionId)).toBe("expired");
    const event = f.provider.parseWebhook(f.fake.closedNotification(session.sessionId), FORM);
    expect(event).toMatchObject({ kind: "checkout_expired", sessionId: session.sessionId, type: "trade_status_sync.TRADE_CLOSED" });
  });

  it("of a refund becomes refund_succeeded with our refund id, also when it closes the trade", async () => {
    const { trade } = await paidCheckout(f);
    await f.provider.refund({ paymentId: trade.tradeNo, amountFen: 1000n, idempotencyKey: "refund-rf1", metadata: { refundId: "rf1" } });
    const partial = f.provider.parseWebhook(f.fake.refundNotification(trade.outTradeNo, "rf1"), FORM);
    expect(partial).toMatchObject({ kind: "refund_succeeded", refundId: "rf1", providerRefundId: "rf1", paymentId: trade.tradeNo, type: "trade_status_sync.refund" });
    // refund_fee is the trade's cumulative refunded total, not this refund's: no amount is claimed.
    expect(partial.amountFen).toBeUndefined();
    expect(partial.occurredAt.getTime()).toBe(new Date(`${trade.refunds.get("rf1")!.gmtRefund.replace(" ", "T")}+08:00`).getTime());

    await f.provider.refund({ paymentId: trade.tradeNo, amountFen: 7880n, idempotencyKey: "refund-rf2", metadata: { refundId: "rf2" } });
    const body = f.fake.refundNotification(trade.outTradeNo, "rf2");
    expect(field(body, "trade_status")).toBe("TRADE_CLOSED");
    expect(field(body, "refund_fee")).toBe("88.80");
    expect(f.provider.parseWebhook(body, FORM)).toMatchObject({ kind: "refund_succeeded", refundId: "rf2" });
  });

  it("of a trade waiting for payment is ignored", async () => {
    const event = f.provider.parseWebhook(f.fake.notification({ trade_no: "2024x", out_trade_no: "o1", trade_status: "WAIT_BUYER_PAY", total_amount: "1.00" }), FORM);
    expect(event.kind).toBe("ignored");
  });
});

describe("a notification is refused", () => {
  let good: string;
  beforeAll(async () => {
    const { trade } = await paidCheckout(f);
    good = f.fake.paymentNotification(trade.outTradeNo);
    expect(f.provider.parseWebhook(good, FORM).kind).toBe("payment_succeeded");
  });

  const refused = (body: string, headers: Headers = FORM) => expect(() => f.provider.parseWebhook(body, headers)).toThrow(WebhookVerificationError);

  it("with a wrong signature", () => {
    const q = new URLSearchParams(good);
    q.set("sign", Buffer.from("not a signature at all, just bytes of the right sort of length".repeat(4)).toString("base64"));
    refused(q.toString());
    q.set("sign", "%%%");
    refused(q.toString());
  });

  it("signed by another key", () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const fields = Object.fromEntries([...new URLSearchParams(good)].filter(([k]) => k !== "sign" && k !== "sign_type"));
    refused(f.fake.notification(fields, { signWith: other }));
    // …including our own app key: only Alipay's key counts.
    refused(f.fake.notification(fields, { signWith: f.appPrivateKey }));
  });

  it("with the amount changed after signing", () => {
    expect(good).toContain("total_amount=88.80");
    refused(good.replace("total_amount=88.80", "total_amount=0.01"));
  });

  it("with any field changed, added or removed after signing", () => {
    const q = new URLSearchParams(good);
    const changed = new URLSearchParams(q);
    changed.set("passback_params", encodeURIComponent("donationId=someoneelse"));
    refused(changed.toString());
    const added = new URLSearchParams(q);
    added.set("refund_fee", "88.80");
    refused(added.toString());
    const removed = new URLSearchParams(q);
    removed.delete("trade_status");
    refused(removed.toString());
  });

  it("for another app_id, even signed by Alipay", async () => {
    const fields = Object.fromEntries([...new URLSearchParams(good)].filter(([k]) => k !== "sign" && k !== "sign_type"));
    refused(f.fake.notification({ ...fields, app_id: "2021009999999999" }));
    expect(APP_ID).not.toBe("2021009999999999");
  });

  it("for another seller when the merchant's PID is configured", async () => {
    const strict = createAlipayProvider({ ...f.config, sellerId: "2088000000000009" });
    expect(() => strict.parseWebhook(good, FORM)).toThrow(WebhookVerificationError);
    expect(createAlipayProvider({ ...f.config, sellerId: f.fake.sellerId }).parseWebhook(good, FORM).kind).toBe("payment_succeeded");
  });

  it("with sign_type RSA (SHA-1), a missing sign, a repeated field or JSON", () => {
    const q = new URLSearchParams(good);
    q.set("sign_type", "RSA");
    refused(q.toString());
    const unsigned = new URLSearchParams(good);
    unsigned.delete("sign");
    refused(unsigned.toString());
    refused(`${good}&total_amount=88.80`);
    refused(good, new Headers({ "content-type": "application/json" }));
    refused("");
  });
});
