/**
 * WeChat Pay notifications through the adapter: a checkout made with the real SDK against the
 * local fake, then notifications built as WeChat Pay posts them (signed, resource encrypted) and
 * handed to parseWebhook. Anything not signed by WeChat Pay's key for this merchant, altered,
 * outside the replay window or not decryptable with the API v3 key is refused.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebhookVerificationError } from "~/modules/payments/provider";
import { createWechatPayProvider, type WechatPayConfig, type WechatPayProvider } from "~/modules/payments/wechatpay/wechatpay.server";
import { newMerchant, startFakeWechatPay, type FakeWechatPay } from "../support/fake-wechatpay";

const merchant = newMerchant();
let fake: FakeWechatPay;
let provider: WechatPayProvider;
let config: WechatPayConfig;
let n = 0;

const checkoutRequest = (id: string, amountFen = 8880n) => ({
  donationId: id,
  amountFen,
  currency: "CNY" as const,
  description: "重庆山火救援物资",
  successUrl: "https://shanlian.test/donate/thanks/tok",
  cancelUrl: "https://shanlian.test/campaigns/c1",
  metadata: { donationId: id, campaignId: "cmcampaign0000000000000001", orgId: "cmorg00000000000000000001" },
});

/** An order paid by the donor at the fake, and its TRANSACTION.SUCCESS resource. */
async function paidOrder(amountFen = 8880n) {
  const id = `cmdonation${String(++n).padStart(15, "0")}`;
  await provider.createCheckout(checkoutRequest(id, amountFen));
  fake.pay(id);
  return { id, resource: fake.transaction(id) };
}

function expectRefused(fn: () => unknown, message?: RegExp) {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(WebhookVerificationError);
  if (message) expect((thrown as Error).message).toMatch(message);
}

beforeAll(async () => {
  fake = await startFakeWechatPay({ ...merchant, mode: "publicKey" });
  config = {
    ...merchant,
    verification: { mode: "publicKey", publicKeyId: fake.publicKeyId, publicKey: fake.publicKeyPem },
    notifyUrl: "https://shanlian.test/webhooks/wechat-pay",
    baseURL: fake.url,
  };
  provider = createWechatPayProvider(config);
});

afterAll(async () => {
  await fake?.close();
});

describe("a signed payment notification", () => {
  it("is accepted and maps to payment_succeeded with the amount in fen, the transaction and our ids", async () => {
    const { id, resource } = await paidOrder(8880n);
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource, id: "EV-2018022511223320873" });
    expect(headers.get("Wechatpay-Serial")).toMatch(/^PUB_KEY_ID_/);
    const event = provider.parseWebhook(body, headers);
    expect(event).toMatchObject({
      provider: "WECHAT_PAY",
      eventId: "EV-2018022511223320873",
      type: "TRANSACTION.SUCCESS",
      kind: "payment_succeeded",
      donationId: id,
      sessionId: id,
      paymentId: resource.transaction_id,
      amountFen: 8880n,
      currency: "CNY",
    });
    expect(event.occurredAt.toISOString()).toBe(new Date(resource.success_time as string).toISOString());
  });

  it("is accepted inside the 5-minute window (WeChat Pay retries late)", async () => {
    const { resource } = await paidOrder();
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource, timestamp: Math.floor(Date.now() / 1000) - 240 });
    expect(provider.parseWebhook(body, headers).kind).toBe("payment_succeeded");
  });

  it("takes the donation from attach when out_trade_no is something else", async () => {
    const { resource } = await paidOrder();
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource: { ...resource, attach: "donationId=cmotherdonation00000000001&campaignId=c1" } });
    expect(provider.parseWebhook(body, headers).donationId).toBe("cmotherdonation00000000001");
  });
});

describe("refused notifications", () => {
  it("a signature that is not base64 of anything, or of another message", async () => {
    const { resource } = await paidOrder();
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource });
    headers.set("Wechatpay-Signature", "bm90IGEgc2lnbmF0dXJl");
    expectRefused(() => provider.parseWebhook(body, headers), /signature/i);
    const other = fake.notification({ type: "TRANSACTION.SUCCESS", resource });
    headers.set("Wechatpay-Signature", other.headers.get("Wechatpay-Signature")!);
    expectRefused(() => provider.parseWebhook(body, headers), /signature/i);
  });

  it("signed by another key under WeChat Pay's serial", async () => {
    const { resource } = await paidOrder();
    const impostor = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource, signingKey: impostor });
    expectRefused(() => provider.parseWebhook(body, headers), /signature/i);
  });

  it("signed under a serial we do not know", async () => {
    const { resource } = await paidOrder();
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource, serial: "PUB_KEY_ID_0114000000000000000000000000000000" });
    expectRefused(() => provider.parseWebhook(body, headers), /Wechatpay-Serial/);
  });

  it("a body altered after signing", async () => {
    const { resource } = await paidOrder(100n);
    // The envelope's clear fields (a new id slips past the replay guard)…
    const renamed = fake.notification({ type: "TRANSACTION.SUCCESS", resource, id: "EV-original", tamper: (b) => b.replace("EV-original", "EV-replayed") });
    expectRefused(() => provider.parseWebhook(renamed.body, renamed.headers), /signature/i);
    // …or the encrypted resource swapped for one with a bigger amount.
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource });
    const bigger = fake.notification({ type: "TRANSACTION.SUCCESS", resource: { ...resource, amount: { total: 1_000_000, currency: "CNY" } } });
    const swapped = JSON.stringify({ ...JSON.parse(body), resource: JSON.parse(bigger.body).resource });
    expectRefused(() => provider.parseWebhook(swapped, headers), /signature/i);
    expect(provider.parseWebhook(body, headers).amountFen).toBe(100n);
  });

  it("a replay signed more than 5 minutes ago, and a timestamp from the future", async () => {
    const { resource } = await paidOrder();
    const now = Math.floor(Date.now() / 1000);
    const stale = fake.notification({ type: "TRANSACTION.SUCCESS", resource, timestamp: now - 301 });
    expectRefused(() => provider.parseWebhook(stale.body, stale.headers), /replay window/);
    const future = fake.notification({ type: "TRANSACTION.SUCCESS", resource, timestamp: now + 600 });
    expectRefused(() => provider.parseWebhook(future.body, future.headers), /replay window/);
  });

  it("missing or malformed Wechatpay-* headers", async () => {
    const { resource } = await paidOrder();
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource });
    for (const name of ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"]) {
      const h = new Headers(headers);
      h.delete(name);
      expectRefused(() => provider.parseWebhook(body, h), /missing/);
    }
    const h = new Headers(headers);
    h.set("Wechatpay-Timestamp", "yesterday");
    expectRefused(() => provider.parseWebhook(body, h), /malformed/);
  });

  it("a resource encrypted with another API v3 key (signature valid)", async () => {
    const { resource } = await paidOrder();
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource, apiV3Key: "0123456789abcdef0123456789abcdef" });
    expectRefused(() => provider.parseWebhook(body, headers), /decrypted/);
  });

  it("an adapter holding the wrong API v3 key refuses a genuine notification", async () => {
    const { resource } = await paidOrder();
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource });
    const wrong = createWechatPayProvider({ ...config, apiV3Key: "fedcba9876543210fedcba9876543210" });
    expectRefused(() => wrong.parseWebhook(body, headers), /decrypted/);
    expect(provider.parseWebhook(body, headers).kind).toBe("payment_succeeded");
  });

  it("a payment of another merchant", async () => {
    const { resource } = await paidOrder();
    const { body, headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource: { ...resource, mchid: "1900000001" } });
    expectRefused(() => provider.parseWebhook(body, headers), /another merchant/);
  });

  it("a body that is not a notification", () => {
    const { headers } = fake.notification({ type: "TRANSACTION.SUCCESS", resource: {} });
    expectRefused(() => provider.parseWebhook("not json", headers));
  });
});

describe("other notifications", () => {
  it("event types we do not act on are verified, then ignored", () => {
    const { body, headers } = fake.notification({ type: "PAYSCORE.USER_OPEN_SERVICE", resource: { mchid: merchant.mchId, openid: "o1" }, id: "EV-other-1" });
    expect(provider.parseWebhook(body, headers)).toMatchObject({ kind: "ignored", eventId: "EV-other-1", type: "PAYSCORE.USER_OPEN_SERVICE", provider: "WECHAT_PAY" });
  });
});

describe("platform certificate mode (merchants registered before the public key)", () => {
  let certFake: FakeWechatPay;
  beforeAll(async () => {
    certFake = await startFakeWechatPay({ ...merchant, mode: "platformCertificate" });
  });
  afterAll(async () => {
    await certFake?.close();
  });

  it("verifies with the certificate whose serial the notification names, read from the certificate itself", async () => {
    const certProvider = createWechatPayProvider({ ...config, baseURL: certFake.url, verification: { mode: "platformCertificate", certificates: [{ pem: certFake.platformCertificatePem }] } });
    const id = "cmcertmodedonation0000001";
    const session = await certProvider.createCheckout(checkoutRequest(id, 5000n));
    expect(session.qrCodeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    certFake.pay(id);
    const { body, headers } = certFake.notification({ type: "TRANSACTION.SUCCESS", resource: certFake.transaction(id) });
    expect(headers.get("Wechatpay-Serial")).toBe(certFake.serial);
    expect(certProvider.parseWebhook(body, headers)).toMatchObject({ kind: "payment_succeeded", amountFen: 5000n, sessionId: id });

    // The public-key adapter does not know the certificate's serial; the certificate adapter does not know the public key.
    expectRefused(() => provider.parseWebhook(body, headers), /Wechatpay-Serial/);
    const viaKey = fake.notification({ type: "TRANSACTION.SUCCESS", resource: certFake.transaction(id) });
    expectRefused(() => certProvider.parseWebhook(viaKey.body, viaKey.headers), /Wechatpay-Serial/);
  });
});
