/**
 * Alipay 周期扣款 behind the recurring port, through the real alipay-sdk against a local fake
 * gateway (test/support/fake-alipay-agreement.ts) that verifies our RSA2 signatures with the app's
 * public key and signs its answers and notifications with its own key: the agreement page, the
 * sign / unsign notifications, deductions paid at once, refused, waiting for their notification or
 * with an unknown outcome, cancelling (twice), forged / altered / replayed notifications, exact
 * yuan ↔ fen, no secret in any message, and the adapter built from stored merchant credentials.
 */
import { generateKeyPairSync } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "~/generated/prisma/client";
import { createAlipayRecurringProvider, nextExecuteDate, type AlipayRecurringConfig } from "~/modules/payments/alipay/recurring.server";
import { ProviderError, WebhookVerificationError } from "~/modules/payments/provider";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startFakeAlipayAgreement, type FakeAlipayAgreement } from "../support/fake-alipay-agreement";

const APP_ID = "2021004100000002";
const SCENE = "INDUSTRY|SOCIAL_WELFARE";
const app = generateKeyPairSync("rsa", { modulusLength: 2048 });
const privateKeyPem = app.privateKey.export({ type: "pkcs1", format: "pem" }) as string;
const privateKeyBase64 = (app.privateKey.export({ type: "pkcs8", format: "der" }) as Buffer).toString("base64");
const form = new Headers({ "content-type": "application/x-www-form-urlencoded; charset=utf-8" });
let fake: FakeAlipayAgreement;
let config: AlipayRecurringConfig;
let provider: ReturnType<typeof createAlipayRecurringProvider>;

let n = 0;
const giftId = () => `cmgift${Date.now().toString(36)}${++n}`.slice(0, 25);
const base = { description: "善联 · 月捐 山区儿童", dayOfMonth: 5, returnUrl: "https://shanlian.example.cn/me/monthly", cancelUrl: "https://shanlian.example.cn/x" };

beforeAll(async () => {
  fake = await startFakeAlipayAgreement({ appId: APP_ID, appPublicKey: app.publicKey });
  config = {
    appId: APP_ID,
    privateKey: privateKeyPem,
    alipayPublicKey: fake.alipayPublicKeyBase64,
    notifyUrl: "https://shanlian.example.cn/api/webhooks/alipay-recurring/acct1",
    gateway: fake.gateway,
    signType: "RSA2",
    signScene: SCENE,
    timeoutMs: 3000,
  };
  provider = createAlipayRecurringProvider(config);
});

afterAll(async () => {
  await fake?.close();
});

async function signedGift(amountFen = 3000n) {
  const id = giftId();
  const session = await provider.startAgreement({ ...base, giftId: id, amountFen, device: "mobile" });
  expect((await fake.open(session.redirectUrl)).status).toBe(200);
  const { agreement, notification } = fake.sign(session.sessionId);
  return { giftId: id, session, agreement, notification };
}

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

describe("signing", () => {
  it("a signed alipay.user.agreement.page.sign URL for 周期扣款 that the gateway accepts (QR code on a desktop, the app on a phone)", async () => {
    const id = giftId();
    const s = await provider.startAgreement({ ...base, giftId: id, amountFen: 3000n, device: "desktop" });
    expect(s.sessionId).toMatch(new RegExp(`^${id}R[0-9A-Z]+$`));
    expect(s.redirectUrl.startsWith(`${fake.gateway}?`)).toBe(true);
    const q = new URL(s.redirectUrl).searchParams;
    expect(Object.fromEntries(q)).toMatchObject({ method: "alipay.user.agreement.page.sign", app_id: APP_ID, sign_type: "RSA2", notify_url: config.notifyUrl, return_url: base.returnUrl });
    const biz = JSON.parse(q.get("biz_content")!);
    expect(biz).toEqual({
      personal_product_code: "CYCLE_PAY_AUTH_P",
      product_code: "CYCLE_PAY_AUTH",
      sign_scene: SCENE,
      external_agreement_no: s.sessionId,
      access_params: { channel: "QRCODE" },
      period_rule_params: { period_type: "MONTH", period: 1, execute_time: nextExecuteDate(5), single_amount: "30.00" },
    });
    expect((await fake.open(s.redirectUrl)).status).toBe(200);
    expect(fake.requests.at(-1)).toMatchObject({ method: "alipay.user.agreement.page.sign", verified: true });

    const phone = await provider.startAgreement({ ...base, giftId: id, amountFen: 3000n, device: "mobile" });
    expect(JSON.parse(new URL(phone.redirectUrl).searchParams.get("biz_content")!).access_params).toEqual({ channel: "ALIPAYAPP" });
  });

  it("the next execute date falls on the day in Beijing, never after the 28th", () => {
    // 2026-01-31 20:00 UTC is 2026-02-01 04:00 in Beijing.
    expect(nextExecuteDate(1, new Date("2026-01-31T20:00:00Z"))).toBe("2026-02-01");
    expect(nextExecuteDate(5, new Date("2026-12-10T00:00:00Z"))).toBe("2027-01-05");
    expect(nextExecuteDate(31, new Date("2026-03-01T00:00:00Z"))).toBe("2026-03-28");
  });

  it("the dut_user_sign notification → agreement_signed with the agreement number and our gift id; a replay is the same event", async () => {
    const { giftId: id, agreement, notification } = await signedGift();
    const e = provider.parseRecurringWebhook(notification, form);
    expect(e).toMatchObject({ provider: "ALIPAY", kind: "agreement_signed", agreementId: agreement.agreementNo, giftId: id });
    expect(provider.parseRecurringWebhook(notification, form).eventId).toBe(e.eventId);
  });

  it("the donor ending it in Alipay (dut_user_unsign) → agreement_terminated", async () => {
    const { giftId: id, agreement } = await signedGift();
    expect(provider.parseRecurringWebhook(fake.unsignByDonor(agreement.agreementNo), form)).toMatchObject({ kind: "agreement_terminated", agreementId: agreement.agreementNo, giftId: id });
  });
});

describe("notifications are verified", () => {
  it("refuses a wrong key, an altered body, another app, an RSA downgrade and a repeated field", async () => {
    const { agreement, notification } = await signedGift();
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const forged = fake.notification({ notify_type: "dut_user_sign", agreement_no: "FORGED", external_agreement_no: agreement.externalAgreementNo, status: "NORMAL" }, { signWith: other });
    expect(() => provider.parseRecurringWebhook(forged, form)).toThrow(WebhookVerificationError);
    const altered = notification.replace(agreement.agreementNo, `${agreement.agreementNo}9`);
    expect(altered).not.toBe(notification);
    expect(() => provider.parseRecurringWebhook(altered, form)).toThrow(WebhookVerificationError);
    expect(() => provider.parseRecurringWebhook(notification.replace("sign_type=RSA2", "sign_type=RSA"), form)).toThrow(WebhookVerificationError);
    expect(() => provider.parseRecurringWebhook(`${notification}&agreement_no=X`, form)).toThrow(WebhookVerificationError);
    const otherApp = createAlipayRecurringProvider({ ...config, appId: "2021004100009999" });
    expect(() => otherApp.parseRecurringWebhook(notification, form)).toThrow(WebhookVerificationError);
    expect(() => provider.parseRecurringWebhook(notification, new Headers({ "content-type": "application/json" }))).toThrow(WebhookVerificationError);
  });
});

describe("deductions", () => {
  it("paid at once → succeeded; yuan ↔ fen exact; the notification → charge_succeeded with gift, period and amount", async () => {
    const { giftId: id, agreement } = await signedGift(123_456_789n);
    const key = `mg${n}x202604`;
    const r = await provider.charge({ giftId: id, agreementId: agreement.agreementNo, period: "2026-04", amountFen: 123_456_789n, description: "善联 · 月捐", idempotencyKey: key });
    expect(r.status).toBe("succeeded");
    expect(r.providerChargeId).toBe(fake.trades.get(key)!.tradeNo);
    const req = fake.requests.at(-1)!;
    expect(req).toMatchObject({ method: "alipay.trade.pay", verified: true });
    expect(req.params.notify_url).toBe(config.notifyUrl);
    expect(req.biz).toMatchObject({ out_trade_no: key, total_amount: "1234567.89", product_code: "CYCLE_PAY_AUTH", agreement_params: { agreement_no: agreement.agreementNo }, body: `giftId=${id}&period=2026-04` });
    const e = provider.parseRecurringWebhook(fake.settle(key, "TRADE_SUCCESS"), form);
    expect(e).toMatchObject({ kind: "charge_succeeded", giftId: id, period: "2026-04", amountFen: 123_456_789n, providerChargeId: r.providerChargeId });

    const small = await signedGift(1n);
    await provider.charge({ giftId: small.giftId, agreementId: small.agreement.agreementNo, period: "2026-04", amountFen: 1n, description: "月捐", idempotencyKey: `mg${n}one` });
    expect(fake.requests.at(-1)!.biz.total_amount).toBe("0.01");
    expect(provider.parseRecurringWebhook(fake.settle(`mg${n}one`, "TRADE_SUCCESS"), form).amountFen).toBe(1n);
  });

  it("refused → failed with Alipay's reason; an unknown outcome (20000) is thrown, not a failure", async () => {
    const { giftId: id, agreement } = await signedGift();
    fake.nextPay = { code: "40004", sub_code: "ACQ.BUYER_BALANCE_NOT_ENOUGH", sub_msg: "买家余额不足" };
    expect(await provider.charge({ giftId: id, agreementId: agreement.agreementNo, period: "2026-05", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}bal05` })).toMatchObject({
      status: "failed",
      failureReason: "ACQ.BUYER_BALANCE_NOT_ENOUGH: 买家余额不足",
    });
    fake.nextPay = { code: "20000", sub_code: "isp.unknow-error", sub_msg: "系统繁忙" };
    const e = await rejection(provider.charge({ giftId: id, agreementId: agreement.agreementNo, period: "2026-05", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}unk05` }));
    expect(e.definite).toBe(false);
    // More than the agreement allows: refused.
    expect(await provider.charge({ giftId: id, agreementId: agreement.agreementNo, period: "2026-05", amountFen: 3001n, description: "月捐", idempotencyKey: `mg${n}big05` })).toMatchObject({ status: "failed", failureReason: expect.stringContaining("CYCLE_PAY_SINGLE_FEE_EXCEED") });
  });

  it("in progress (10003) → pending; the notification settles it either way", async () => {
    const { giftId: id, agreement } = await signedGift();
    fake.nextPay = { code: "10003" };
    const r = await provider.charge({ giftId: id, agreementId: agreement.agreementNo, period: "2026-06", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}w06` });
    expect(r.status).toBe("pending");
    expect(provider.parseRecurringWebhook(fake.settle(`mg${n}w06`, "TRADE_SUCCESS"), form)).toMatchObject({ kind: "charge_succeeded", period: "2026-06", giftId: id });
    fake.nextPay = { code: "10003" };
    await provider.charge({ giftId: id, agreementId: agreement.agreementNo, period: "2026-07", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}w07` });
    expect(provider.parseRecurringWebhook(fake.settle(`mg${n}w07`, "TRADE_CLOSED"), form)).toMatchObject({ kind: "charge_failed", period: "2026-07", failureReason: expect.stringContaining("TRADE_CLOSED") });
  });
});

describe("cancelling and re-signing", () => {
  it("unsigns; cancelling again or an unknown agreement is not an error; a later deduction is refused", async () => {
    const { giftId: id, agreement } = await signedGift();
    await provider.cancel(agreement.agreementNo);
    expect(fake.agreements.get(agreement.agreementNo)!.status).toBe("UNSIGN");
    expect(fake.requests.at(-1)).toMatchObject({ method: "alipay.user.agreement.unsign", verified: true, biz: { agreement_no: agreement.agreementNo } });
    await provider.cancel(agreement.agreementNo);
    await provider.cancel("20269999999999");
    expect(await provider.charge({ giftId: id, agreementId: agreement.agreementNo, period: "2026-08", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}c08` })).toMatchObject({ status: "failed", failureReason: expect.stringContaining("AGREEMENT_NOT_EXIST") });
  });

  it("the payment-method page signs a new agreement for the same gift and amount", async () => {
    const { giftId: id, agreement } = await signedGift(4500n);
    const url = await provider.paymentMethodUpdateUrl(agreement.agreementNo, "https://x/back");
    const biz = JSON.parse(new URL(url).searchParams.get("biz_content")!);
    expect(biz.external_agreement_no.startsWith(`${id}R`)).toBe(true);
    expect(biz.period_rule_params.single_amount).toBe("45.00");
    expect((await fake.open(url)).status).toBe(200);
    const next = fake.sign(biz.external_agreement_no);
    expect(provider.parseRecurringWebhook(next.notification, form)).toMatchObject({ kind: "agreement_signed", giftId: id, agreementId: next.agreement.agreementNo });
  });
});

describe("secrets", () => {
  it("no key in any message", async () => {
    const secrets = [privateKeyBase64, ...privateKeyPem.split("\n").filter((l) => l.length > 40)];
    const messages: string[] = [];
    for (const bad of [{ privateKey: `${privateKeyPem}x` }, { privateKey: "MIIE" + privateKeyBase64.slice(10, 200) }, { signScene: "DEFAULT|DEFAULT" }]) {
      try {
        createAlipayRecurringProvider({ ...config, ...bad });
      } catch (e) {
        messages.push((e as Error).message, String((e as Error).stack));
      }
    }
    const { giftId: id, agreement } = await signedGift();
    fake.nextPay = { code: "40004", sub_code: "ACQ.SYSTEM_ERROR_X", sub_msg: `echo ${privateKeyBase64}` };
    const r = await provider.charge({ giftId: id, agreementId: agreement.agreementNo, period: "2026-09", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}s09` });
    messages.push(r.failureReason ?? "");
    // Signed with another app key: the gateway refuses, definite, naming no key.
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const e = await rejection(createAlipayRecurringProvider({ ...config, privateKey: other }).charge({ giftId: id, agreementId: agreement.agreementNo, period: "2026-09", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}o09` }));
    expect(e.definite).toBe(true);
    messages.push(e.message, String(e.stack));
    expect(messages.length).toBeGreaterThanOrEqual(7);
    for (const msg of messages) for (const s of secrets) expect(msg).not.toContain(s);
  });
});

describe("built from stored merchant credentials", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    // The module-level configuration (getEnv) reads these once.
    process.env.DATABASE_URL ??= db.url;
    process.env.ALIPAY_GATEWAY = fake.gateway;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function storeAccount(signScene?: string) {
    const { encryptMerchantSecret, merchantKeyring, secretContext } = await import("~/modules/payments/merchant-secrets.server");
    const { ciphertext, keyVersion } = encryptMerchantSecret(JSON.stringify({ privateKey: privateKeyPem }), merchantKeyring(), secretContext("ALIPAY", null));
    await prisma.merchantAccount.deleteMany({});
    return prisma.merchantAccount.create({
      data: { provider: "ALIPAY", publicConfig: { appId: APP_ID, alipayPublicKey: fake.alipayPublicKeyBase64, ...(signScene ? { signScene } : {}) }, secretCiphertext: ciphertext, secretHint: "abcd", keyVersion, createdById: "staff" },
    });
  }

  it("with the sign scene: a working adapter notifying /api/webhooks/alipay-recurring/<accountId>", async () => {
    const { recurringProviderForAccount } = await import("~/modules/payments/merchant-recurring.server");
    const row = await storeAccount(SCENE);
    const built = await recurringProviderForAccount(row.id, { origin: "https://shanlian.example.cn" }, prisma);
    expect(built.account).toMatchObject({ id: row.id, provider: "ALIPAY" });
    const s = await built.provider.startAgreement({ ...base, giftId: giftId(), amountFen: 3000n, device: "mobile" });
    expect(new URL(s.redirectUrl).searchParams.get("notify_url")!.endsWith(`/api/webhooks/alipay-recurring/${row.id}`)).toBe(true);
    expect((await fake.open(s.redirectUrl)).status).toBe(200);
  });

  it("without the sign scene: merchants.errors.unusable (503)", async () => {
    const { recurringProviderForAccount } = await import("~/modules/payments/merchant-recurring.server");
    const row = await storeAccount();
    const e = await recurringProviderForAccount(row.id, { origin: "https://x" }, prisma).then(
      () => null,
      (err: unknown) => err as { message: string; status: number },
    );
    expect(e).toMatchObject({ message: "merchants.errors.unusable", status: 503 });
  });
});
