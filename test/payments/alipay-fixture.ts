/** Keys, the fake gateway and a provider pointed at it, for the Alipay tests. */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { createAlipayProvider, type AlipayCheckoutRequest, type AlipayConfig } from "~/modules/payments/alipay/alipay.server";
import { startFakeAlipay, type FakeAlipay } from "../support/fake-alipay";

export const APP_ID = "2021004100000001";

export type AlipayFixture = {
  fake: FakeAlipay;
  appPrivateKey: KeyObject;
  /** The app private key as the merchant stores it: PKCS#1 PEM. */
  privateKeyPem: string;
  config: AlipayConfig;
  provider: ReturnType<typeof createAlipayProvider>;
};

export async function startAlipayFixture(overrides: Partial<AlipayConfig> = {}): Promise<AlipayFixture> {
  const app = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const fake = await startFakeAlipay({ appId: APP_ID, appPublicKey: app.publicKey });
  const privateKeyPem = app.privateKey.export({ type: "pkcs1", format: "pem" }) as string;
  const config: AlipayConfig = {
    appId: APP_ID,
    privateKey: privateKeyPem,
    // As the Alipay console shows it: bare base64.
    alipayPublicKey: fake.alipayPublicKeyBase64,
    notifyUrl: "https://shanlian.example.cn/webhooks/alipay",
    gateway: fake.gateway,
    signType: "RSA2",
    timeoutMs: 3000,
    ...overrides,
  };
  return { fake, appPrivateKey: app.privateKey, privateKeyPem, config, provider: createAlipayProvider(config) };
}

let n = 0;
export function checkoutRequest(over: Partial<AlipayCheckoutRequest> = {}): AlipayCheckoutRequest {
  const donationId = `cmdonation${Date.now().toString(36)}${++n}`;
  return {
    donationId,
    amountFen: 8880n,
    currency: "CNY",
    description: "善联 · 给山区孩子的冬衣",
    payerEmail: "donor@example.cn",
    successUrl: `https://shanlian.example.cn/donate/thanks/tok${n}`,
    cancelUrl: "https://shanlian.example.cn/campaigns/c1?cancelled=1",
    metadata: { donationId, campaignId: "c1", orgId: "o1" },
    ...over,
  };
}

/** A checkout the donor opened and paid: returns its out_trade_no and the fake's trade. */
export async function paidCheckout(f: AlipayFixture, over: Partial<AlipayCheckoutRequest> = {}, at?: Date) {
  const req = checkoutRequest(over);
  const session = await f.provider.createCheckout(req);
  const opened = await f.fake.open(session.redirectUrl);
  if (opened.status !== 200) throw new Error(`fake refused the checkout: ${opened.body}`);
  const trade = f.fake.pay(session.sessionId, at);
  return { req, session, trade };
}

export const FORM = new Headers({ "content-type": "application/x-www-form-urlencoded; charset=utf-8" });
