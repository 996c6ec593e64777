/**
 * WeChat Pay 委托代扣 (papay, API v2) behind the recurring port, through the SDK's v2 client against
 * a local fake at the network edge (test/support/fake-wechatpay-papay.ts) that checks our MD5 /
 * HMAC-SHA256 signatures with the merchant's API v2 key and signs its answers and notifications
 * with it: the sign page, the contract notifications, deductions that succeed, fail or wait for
 * their notification, cancelling (twice), forged / altered / replayed notifications, exact amounts,
 * no secret in any message, and the adapter built from stored merchant credentials.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "~/generated/prisma/client";
import { ProviderError, WebhookVerificationError } from "~/modules/payments/provider";
import { createWechatRecurringProvider, WECHAT_PAPAY_ACK, type WechatRecurringConfig } from "~/modules/payments/wechatpay/recurring.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { newMerchant } from "../support/fake-wechatpay";
import { startFakeWechatPapay, type FakePapay } from "../support/fake-wechatpay-papay";

const m = newMerchant();
const apiV2Key = randomBytes(16).toString("hex");
const PLAN_ID = "12535";
const wechatPayKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
let fake: FakePapay;
let config: WechatRecurringConfig;
let provider: ReturnType<typeof createWechatRecurringProvider>;
const noHeaders = new Headers({ "content-type": "text/xml" });

let n = 0;
const giftId = () => `cmgift${Date.now().toString(36)}${++n}`.slice(0, 25);

beforeAll(async () => {
  fake = await startFakeWechatPapay({ mchId: m.mchId, appId: m.appId, apiV2Key, planId: PLAN_ID });
  config = {
    appId: m.appId,
    mchId: m.mchId,
    merchantSerialNo: m.merchantSerialNo,
    merchantPrivateKey: m.merchantPrivateKey,
    apiV3Key: m.apiV3Key,
    apiV2Key,
    planId: PLAN_ID,
    verification: { mode: "publicKey", publicKeyId: "PUB_KEY_ID_0114TEST", publicKey: wechatPayKey },
    notifyUrl: "https://shanlian.example.cn/api/webhooks/wechatpay-recurring/acct1",
    baseURL: fake.baseURL,
    signPageUrl: (url, id) => `https://shanlian.example.cn/monthly/sign/${id}?u=${encodeURIComponent(url)}`,
    timeoutMs: 3000,
  };
  provider = createWechatRecurringProvider(config);
});

afterAll(async () => {
  await fake?.close();
});

/** A gift signed by the donor: the contract id WeChat Pay gave. */
async function signedGift() {
  const id = giftId();
  const session = await provider.startAgreement({ giftId: id, amountFen: 3000n, description: "善联 · 月捐 山区儿童", dayOfMonth: 5, returnUrl: "https://x/r", cancelUrl: "https://x/c", device: "wechat" });
  await fake.open(session.redirectUrl);
  const { contract, notification } = fake.sign(session.sessionId);
  return { giftId: id, session, contract, notification };
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
  it("builds a signed 公众号纯签约 URL that WeChat Pay accepts; outside WeChat it goes through our QR page", async () => {
    const id = giftId();
    const inWechat = await provider.startAgreement({ giftId: id, amountFen: 3000n, description: "善联 · 月捐 😀 山区儿童", dayOfMonth: 5, returnUrl: "https://x/r", cancelUrl: "https://x/c", device: "wechat" });
    expect(inWechat.showAsQrCode).toBe(false);
    expect(inWechat.redirectUrl).toBe(inWechat.signUrl);
    expect(inWechat.sessionId).toMatch(new RegExp(`^${id}R[0-9A-Z]+$`));
    expect(inWechat.sessionId.length).toBeLessThanOrEqual(32);
    const q = new URL(inWechat.signUrl).searchParams;
    expect(inWechat.signUrl.startsWith(`${fake.baseURL}papay/entrustweb?`)).toBe(true);
    expect(Object.fromEntries(q)).toMatchObject({ appid: m.appId, mch_id: m.mchId, plan_id: PLAN_ID, contract_code: inWechat.sessionId, notify_url: config.notifyUrl, version: "1.0", return_web: "1" });
    // No emoji: WeChat Pay refuses characters outside the BMP.
    expect(q.get("contract_display_account")).toBe("善联 · 月捐  山区儿童");
    expect(q.get("sign")).toMatch(/^[0-9A-F]{32}$/);
    expect(q.get("request_serial")).toMatch(/^[1-9]\d+$/);
    const opened = await fake.open(inWechat.signUrl);
    expect(opened.status).toBe(200);
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", path: "/papay/entrustweb", signed: true });

    const desktop = await provider.startAgreement({ giftId: id, amountFen: 3000n, description: "月捐", dayOfMonth: 5, returnUrl: "https://x/r", cancelUrl: "https://x/c", device: "desktop" });
    expect(desktop.showAsQrCode).toBe(true);
    expect(desktop.redirectUrl).toBe(`https://shanlian.example.cn/monthly/sign/${desktop.sessionId}?u=${encodeURIComponent(desktop.signUrl)}`);
  });

  it("a URL altered after signing is refused by WeChat Pay", async () => {
    const s = await provider.startAgreement({ giftId: giftId(), amountFen: 3000n, description: "月捐", dayOfMonth: 5, returnUrl: "https://x/r", cancelUrl: "https://x/c", device: "wechat" });
    const u = new URL(s.signUrl);
    u.searchParams.set("plan_id", "99999");
    expect((await fake.open(u.toString())).status).toBe(400);
    expect(fake.requests.at(-1)!.signed).toBe(false);
  });

  it("the signed contract notification → agreement_signed with the contract id and our gift id", async () => {
    const { giftId: id, contract, notification } = await signedGift();
    const event = provider.parseRecurringWebhook(notification, noHeaders);
    expect(event).toMatchObject({ provider: "WECHAT_PAY", kind: "agreement_signed", agreementId: contract.contract_id, giftId: id, type: "papay.contract.ADD" });
    expect(event.occurredAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    // A replay (WeChat Pay retries until acknowledged) is the same event.
    expect(provider.parseRecurringWebhook(notification, noHeaders).eventId).toBe(event.eventId);
    expect(WECHAT_PAPAY_ACK).toContain("<return_code>SUCCESS</return_code>");
  });

  it("the donor ending the contract in WeChat → agreement_terminated", async () => {
    const { giftId: id, contract } = await signedGift();
    const event = provider.parseRecurringWebhook(fake.terminateByDonor(contract.contract_id), noHeaders);
    expect(event).toMatchObject({ kind: "agreement_terminated", agreementId: contract.contract_id, giftId: id });
  });
});

describe("notifications are verified", () => {
  it("refuses a wrong key, an altered body, a missing sign, another merchant and another plan", async () => {
    const { contract, notification } = await signedGift();
    const otherKey = randomBytes(16).toString("hex");
    const forged = fake.notification({ return_code: "SUCCESS", result_code: "SUCCESS", mch_id: m.mchId, contract_code: contract.contract_code, plan_id: PLAN_ID, change_type: "ADD", contract_id: "FORGED", operate_time: "2026-01-01 10:00:00" }, { key: otherKey });
    expect(() => provider.parseRecurringWebhook(forged, noHeaders)).toThrow(WebhookVerificationError);
    const altered = notification.replace(contract.contract_id, `${contract.contract_id}9`);
    expect(altered).not.toBe(notification);
    expect(() => provider.parseRecurringWebhook(altered, noHeaders)).toThrow(WebhookVerificationError);
    expect(() => provider.parseRecurringWebhook(notification.replace(/<sign>.*<\/sign>/, ""), noHeaders)).toThrow(WebhookVerificationError);
    expect(() => provider.parseRecurringWebhook("not xml at all <", noHeaders)).toThrow(WebhookVerificationError);
    const otherMerchant = fake.notification({ return_code: "SUCCESS", result_code: "SUCCESS", mch_id: "1900000999", contract_code: contract.contract_code, plan_id: PLAN_ID, change_type: "ADD", contract_id: contract.contract_id });
    expect(() => provider.parseRecurringWebhook(otherMerchant, noHeaders)).toThrow(WebhookVerificationError);
    const otherPlan = fake.notification({ return_code: "SUCCESS", result_code: "SUCCESS", mch_id: m.mchId, contract_code: contract.contract_code, plan_id: "1", change_type: "ADD", contract_id: contract.contract_id });
    expect(() => provider.parseRecurringWebhook(otherPlan, noHeaders)).toThrow(WebhookVerificationError);
  });

  it("an altered deduction amount is refused; a replayed deduction notification is the same event", async () => {
    const { giftId: id, contract } = await signedGift();
    await provider.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-03", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${id}0326`.slice(0, 32) });
    const xml = fake.settle(`mg${id}0326`.slice(0, 32), "SUCCESS");
    expect(() => provider.parseRecurringWebhook(xml.replace("<total_fee>3000</total_fee>", "<total_fee>1</total_fee>"), noHeaders)).toThrow(WebhookVerificationError);
    const a = provider.parseRecurringWebhook(xml, noHeaders);
    const b = provider.parseRecurringWebhook(xml, noHeaders);
    expect(b.eventId).toBe(a.eventId);
  });
});

describe("deductions", () => {
  it("accepted → pending; the result notification → charge_succeeded with gift, period and exact amount", async () => {
    const { giftId: id, contract } = await signedGift();
    const key = `mg${n}x202604`;
    const result = await provider.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-04", amountFen: 123_456_789n, description: "善联 · 月捐", idempotencyKey: key });
    expect(result).toEqual({ status: "pending", providerChargeId: key });
    const req = fake.requests.at(-1)!;
    expect(req).toMatchObject({ method: "POST", path: "/pay/pappayapply", signed: true });
    expect(req.fields).toMatchObject({ trade_type: "PAP", contract_id: contract.contract_id, total_fee: "123456789", fee_type: "CNY", out_trade_no: key, notify_url: config.notifyUrl, attach: `giftId=${id}&period=2026-04` });
    expect(req.fields.sign).toMatch(/^[0-9A-F]{32}$/);

    const event = provider.parseRecurringWebhook(fake.settle(key, "SUCCESS"), noHeaders);
    expect(event).toMatchObject({ kind: "charge_succeeded", giftId: id, period: "2026-04", agreementId: contract.contract_id, amountFen: 123_456_789n });
    expect(event.providerChargeId).toBe(fake.deductions.get(key)!.transaction_id);
    // Asking again with the same out_trade_no never deducts twice: WeChat Pay says it is paid.
    expect(await provider.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-04", amountFen: 123_456_789n, description: "善联 · 月捐", idempotencyKey: key })).toEqual({ status: "pending", providerChargeId: key });
    expect(fake.deductions.size).toBeGreaterThan(0);
  });

  it("one fen is one fen", async () => {
    const { giftId: id, contract } = await signedGift();
    await provider.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-05", amountFen: 1n, description: "月捐", idempotencyKey: `mg${n}one1` });
    expect(fake.requests.at(-1)!.fields.total_fee).toBe("1");
    expect(provider.parseRecurringWebhook(fake.settle(`mg${n}one1`, "SUCCESS"), noHeaders).amountFen).toBe(1n);
  });

  it("a deduction that fails later → charge_failed with WeChat Pay's reason", async () => {
    const { giftId: id, contract } = await signedGift();
    const key = `mg${n}fail05`;
    expect((await provider.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-05", amountFen: 3000n, description: "月捐", idempotencyKey: key })).status).toBe("pending");
    const event = provider.parseRecurringWebhook(fake.settle(key, "PAY_FAIL", { err_code: "NOTENOUGH", err_code_des: "用户余额不足" }), noHeaders);
    expect(event).toMatchObject({ kind: "charge_failed", giftId: id, period: "2026-05", failureReason: "NOTENOUGH: 用户余额不足" });
  });

  it("a deduction refused at once → failed with the reason; a system error → unknown outcome (thrown)", async () => {
    const { giftId: id, contract } = await signedGift();
    fake.failNext = { err_code: "RULELIMIT", err_code_des: "超过扣款次数限制" };
    expect(await provider.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-06", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}rl06` })).toEqual({ status: "failed", providerChargeId: `mg${n}rl06`, failureReason: "RULELIMIT: 超过扣款次数限制" });
    fake.failNext = { err_code: "SYSTEMERROR", err_code_des: "系统超时" };
    const e = await rejection(provider.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-06", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}se06` }));
    expect(e.definite).toBe(false);
    // After the donor ended the contract: refused with WeChat Pay's reason.
    fake.terminateByDonor(contract.contract_id);
    const after = await provider.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-07", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}ct07` });
    expect(after).toMatchObject({ status: "failed", failureReason: expect.stringContaining("CONTRACT_NOT_EXIST") });
  });

  it("refuses a malformed out_trade_no or period before calling WeChat Pay", async () => {
    const before = fake.requests.length;
    await rejection(provider.charge({ giftId: "cmgiftabcdef", agreementId: "1", period: "2026-04", amountFen: 1n, description: "x", idempotencyKey: "bad key!" }));
    await rejection(provider.charge({ giftId: "cmgiftabcdef", agreementId: "1", period: "2026-4", amountFen: 1n, description: "x", idempotencyKey: "goodkey1" }));
    await rejection(provider.charge({ giftId: "cmgiftabcdef", agreementId: "1", period: "2026-04", amountFen: 0n, description: "x", idempotencyKey: "goodkey2" }));
    expect(fake.requests.length).toBe(before);
  });
});

describe("cancelling and re-signing", () => {
  it("terminates the contract; cancelling again (or an unknown contract) is not an error", async () => {
    const { contract } = await signedGift();
    await provider.cancel(contract.contract_id);
    expect(fake.contracts.get(contract.contract_code)!.state).toBe("terminated");
    const req = fake.requests.find((r) => r.path === "/papay/deletecontract")!;
    expect(req.signed).toBe(true);
    expect(req.fields.nonce_str).toBeUndefined();
    await provider.cancel(contract.contract_id);
    await provider.cancel("20249999999999");
  });

  it("the payment-method page signs a new contract for the same gift", async () => {
    const { giftId: id, contract } = await signedGift();
    const url = await provider.paymentMethodUpdateUrl(contract.contract_id, "https://x/back");
    const inner = new URL(new URL(url).searchParams.get("u")!);
    const code = inner.searchParams.get("contract_code")!;
    expect(code.startsWith(`${id}R`)).toBe(true);
    expect((await fake.open(inner.toString())).status).toBe(200);
    const { contract: next, notification } = fake.sign(code);
    expect(provider.parseRecurringWebhook(notification, noHeaders)).toMatchObject({ kind: "agreement_signed", giftId: id, agreementId: next.contract_id });
  });
});

describe("secrets", () => {
  it("no key in any message: construction, refusals, WeChat Pay echoing a key", async () => {
    const secrets = [apiV2Key, m.apiV3Key, ...m.merchantPrivateKey.split("\n").filter((l) => l.length > 40)];
    const messages: string[] = [];
    const grab = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        messages.push(String((e as Error).message), String((e as Error).stack));
      }
    };
    grab(() => createWechatRecurringProvider({ ...config, apiV2Key: "short" }));
    grab(() => createWechatRecurringProvider({ ...config, merchantPrivateKey: `${m.merchantPrivateKey}broken` }));
    grab(() => createWechatRecurringProvider({ ...config, planId: "plan" }));
    const { giftId: id, contract } = await signedGift();
    fake.failNext = { err_code: "PARAM_ERROR", err_code_des: `bad key ${apiV2Key}` };
    const echoed = await provider.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-08", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}echo08` });
    messages.push(echoed.failureReason!);
    // Our requests signed with a wrong v2 key: refused by WeChat Pay, definite.
    const wrong = createWechatRecurringProvider({ ...config, apiV2Key: randomBytes(16).toString("hex") });
    const e = await rejection(wrong.charge({ giftId: id, agreementId: contract.contract_id, period: "2026-08", amountFen: 3000n, description: "月捐", idempotencyKey: `mg${n}wk08` }));
    expect(e.definite).toBe(true);
    messages.push(e.message, String(e.stack));
    expect(messages.length).toBeGreaterThan(6);
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
    process.env.WECHATPAY_API_BASE = fake.url;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function storeAccount(extra: { planId?: string; apiV2Key?: string }) {
    const { encryptMerchantSecret, merchantKeyring, secretContext } = await import("~/modules/payments/merchant-secrets.server");
    const { ciphertext, keyVersion } = encryptMerchantSecret(JSON.stringify({ merchantPrivateKey: m.merchantPrivateKey, apiV3Key: m.apiV3Key, ...(extra.apiV2Key ? { apiV2Key: extra.apiV2Key } : {}) }), merchantKeyring(), secretContext("WECHAT_PAY", null));
    await prisma.merchantAccount.deleteMany({});
    return prisma.merchantAccount.create({
      data: {
        provider: "WECHAT_PAY",
        publicConfig: { appId: m.appId, mchId: m.mchId, merchantSerialNo: m.merchantSerialNo, verification: { mode: "publicKey", publicKeyId: "PUB_KEY_ID_0114TEST", publicKey: wechatPayKey }, ...(extra.planId ? { planId: extra.planId } : {}) },
        secretCiphertext: ciphertext,
        secretHint: m.apiV3Key.slice(-4),
        keyVersion,
        createdById: "staff",
      },
    });
  }

  it("with the v2 key and plan id: a working adapter notifying /api/webhooks/wechatpay-recurring/<accountId>", async () => {
    const { recurringProviderForAccount } = await import("~/modules/payments/merchant-recurring.server");
    const row = await storeAccount({ planId: PLAN_ID, apiV2Key });
    const built = await recurringProviderForAccount(row.id, { origin: "https://shanlian.example.cn" }, prisma);
    expect(built.account).toMatchObject({ id: row.id, provider: "WECHAT_PAY" });
    const s = await built.provider.startAgreement({ giftId: giftId(), amountFen: 3000n, description: "月捐", dayOfMonth: 1, returnUrl: "https://x/r", cancelUrl: "https://x/c", device: "wechat" });
    const notifyUrl = new URL(s.redirectUrl).searchParams.get("notify_url")!;
    expect(notifyUrl.endsWith(`/api/webhooks/wechatpay-recurring/${row.id}`)).toBe(true);
    expect((await fake.open(s.redirectUrl)).status).toBe(200);
  });

  it("without the v2 key or the plan id: merchants.errors.unusable (503), naming no secret", async () => {
    const { recurringProviderForAccount } = await import("~/modules/payments/merchant-recurring.server");
    for (const extra of [{ planId: PLAN_ID }, { apiV2Key }]) {
      const row = await storeAccount(extra);
      const e = await recurringProviderForAccount(row.id, { origin: "https://x" }, prisma).then(
        () => null,
        (err: unknown) => err as { message: string; status?: number },
      );
      expect(e?.message).toBe("merchants.errors.unusable");
      expect(JSON.stringify(e)).not.toContain(m.apiV3Key);
    }
  });
});
