/**
 * Each organization's merchant account wired to real notification endpoints (#14.3), over HTTP
 * through the built app: the credentials are saved through the settings form, the checkout is made
 * with the account's adapter against the local fakes (the SDKs at the network edge), and the
 * provider's signed notification is posted to /api/webhooks/<provider>/<accountId>:
 * the donation is paid exactly once, a replay changes nothing, and a wrong signature, an altered
 * body, another account's URL or a payment of another account write nothing.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import { newMerchant, startFakeWechatPay, type FakeWechatPay } from "../support/fake-wechatpay";
import { startFakeAlipay, type FakeAlipay } from "../support/fake-alipay";
import type { PrismaClient } from "~/generated/prisma/client";
import type { ProviderName } from "~/modules/payments/provider";
import type { WechatPayProvider } from "~/modules/payments/wechatpay/wechatpay.server";
import type { AlipayProvider } from "~/modules/payments/alipay/alipay.server";

const ALIPAY_APP_ID = "2021004100000077";
const wx = newMerchant();
const aliApp = generateKeyPairSync("rsa", { modulusLength: 2048 });
let fakeWx: FakeWechatPay;
let fakeAli: FakeAlipay;
let app: TestApp;
let prisma: PrismaClient;
let owner: TestClient;
let finance: TestClient;
let org: { id: string };
let otherOrg: { id: string };
let campaign: { id: string };
let otherCampaign: { id: string };
let wechatAccountId: string;
let alipayAccountId: string;
let otherWechatAccountId: string;

const wechatForm = (m: ReturnType<typeof newMerchant>, verification: { publicKeyId: string; publicKey: string }) => ({
  intent: "save-wechat",
  label: "本会基本户",
  appId: m.appId,
  mchId: m.mchId,
  merchantSerialNo: m.merchantSerialNo,
  merchantPrivateKey: m.merchantPrivateKey,
  apiV3Key: m.apiV3Key,
  verificationMode: "publicKey",
  publicKeyId: verification.publicKeyId,
  publicKey: verification.publicKey,
  platformCertificate: "",
});

async function accountId(orgId: string, provider: ProviderName) {
  return (await prisma.merchantAccount.findFirstOrThrow({ where: { orgId, provider }, select: { id: true } })).id;
}

/** A pending donation checked out through the account, as the donate flow will create it. */
async function pendingDonation(provider: "WECHAT_PAY" | "ALIPAY", account: string, o: { orgId?: string; campaignId?: string; amountFen?: bigint } = {}) {
  const d = await createPendingDonation(prisma, { campaignId: o.campaignId ?? campaign.id, orgId: o.orgId ?? org.id, amountFen: o.amountFen ?? 8_800n });
  // The adapters use the donation id as out_trade_no and as the session id.
  await prisma.donation.update({ where: { id: d.id }, data: { provider, providerSessionId: d.id, merchantAccountId: account } });
  return { id: d.id, amountFen: d.amountFen };
}

const checkoutRequest = (d: { id: string; amountFen: bigint }) => ({
  donationId: d.id,
  amountFen: d.amountFen,
  currency: "CNY" as const,
  description: "善联 · 山区儿童冬衣",
  successUrl: `${app.baseUrl}/donate/thanks/x`,
  cancelUrl: `${app.baseUrl}/campaigns/${campaign.id}`,
  metadata: { donationId: d.id },
});

async function wechatProvider(account: string) {
  const { providerForAccount } = await import("~/modules/payments/merchant-accounts.server");
  const built = await providerForAccount(account, { origin: app.baseUrl });
  expect(built.account.provider).toBe("WECHAT_PAY");
  return built.provider as WechatPayProvider;
}

async function alipayProvider(account: string) {
  const { providerForAccount } = await import("~/modules/payments/merchant-accounts.server");
  const built = await providerForAccount(account, { origin: app.baseUrl });
  expect(built.account.provider).toBe("ALIPAY");
  return built.provider as AlipayProvider;
}

const post = (path: string, body: string, headers: Headers | Record<string, string>) => fetch(`${app.baseUrl}${path}`, { method: "POST", body, headers });

/** What a notification could have written: events, ledger rows, audit rows, donation states. */
async function snapshot() {
  const [events, ledger, audit, paid] = await Promise.all([prisma.paymentEvent.count(), prisma.ledgerEntry.count(), prisma.auditLog.count(), prisma.donation.count({ where: { status: "PAID" } })]);
  return { events, ledger, audit, paid };
}

beforeAll(async () => {
  fakeWx = await startFakeWechatPay({ ...wx, mode: "publicKey" });
  fakeAli = await startFakeAlipay({ appId: ALIPAY_APP_ID, appPublicKey: aliApp.publicKey });
  // The adapters built from stored credentials talk to the fakes (in the app and in this process).
  process.env.WECHATPAY_API_BASE = fakeWx.url;
  process.env.ALIPAY_GATEWAY = fakeAli.gateway;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const ownerUser = await createUser(prisma);
  const financeUser = await createUser(prisma);
  const otherOwnerUser = await createUser(prisma);
  org = await createOrganization(prisma, { createdById: ownerUser.id, isCharity: true, publicFundraising: true, members: [{ userId: financeUser.id, role: "FINANCE" }] });
  otherOrg = await createOrganization(prisma, { createdById: otherOwnerUser.id, isCharity: true, publicFundraising: true });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: ownerUser.id, goalFen: 100_000_000n });
  otherCampaign = await createCampaign(prisma, { orgId: otherOrg.id, createdById: otherOwnerUser.id, goalFen: 100_000_000n });
  owner = new TestClient(app.baseUrl);
  await owner.signIn(ownerUser.email, ownerUser.password);
  finance = new TestClient(app.baseUrl);
  await finance.signIn(financeUser.email, financeUser.password);
  const otherOwner = new TestClient(app.baseUrl);
  await otherOwner.signIn(otherOwnerUser.email, otherOwnerUser.password);

  // Saved through the settings pages, as the organizations' people do it.
  const savedWx = await owner.post(`/org/${org.id}/payments`, wechatForm(wx, { publicKeyId: fakeWx.publicKeyId, publicKey: fakeWx.publicKeyPem }));
  expect(savedWx.status, await savedWx.clone().text()).toBe(302);
  const savedAli = await finance.post(`/org/${org.id}/payments`, {
    intent: "save-alipay",
    appId: ALIPAY_APP_ID,
    privateKey: aliApp.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    alipayPublicKey: fakeAli.alipayPublicKeyBase64,
    sellerId: fakeAli.sellerId,
  });
  expect(savedAli.status, await savedAli.clone().text()).toBe(302);
  // Another organization's WeChat Pay merchant, with keys of its own.
  const other = newMerchant();
  const otherPlatform = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
  const savedOther = await otherOwner.post(`/org/${otherOrg.id}/payments`, wechatForm(other, { publicKeyId: `PUB_KEY_ID_0114${randomBytes(8).toString("hex").toUpperCase()}`, publicKey: otherPlatform }));
  expect(savedOther.status).toBe(302);

  wechatAccountId = await accountId(org.id, "WECHAT_PAY");
  alipayAccountId = await accountId(org.id, "ALIPAY");
  otherWechatAccountId = await accountId(otherOrg.id, "WECHAT_PAY");
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fakeWx?.close();
  await fakeAli?.close();
  delete process.env.WECHATPAY_API_BASE;
  delete process.env.ALIPAY_GATEWAY;
});

describe("WeChat Pay notifications to /api/webhooks/wechatpay/<accountId>", () => {
  /** A donation checked out with the account's adapter and paid by the donor at the fake. */
  async function paidAtWechat(amountFen = 8_800n) {
    const d = await pendingDonation("WECHAT_PAY", wechatAccountId, { amountFen });
    const session = await (await wechatProvider(wechatAccountId)).createCheckout({ ...checkoutRequest(d), channel: "native" });
    expect(session.qrCodeUrl).toMatch(/^weixin:\/\//);
    // Our request reached the fake signed with the stored merchant key, with this account's notify URL.
    const order = fakeWx.orders.get(d.id)!;
    expect(order.notify_url).toBe(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`);
    expect(fakeWx.requests.at(-1)!.authorized).toBe(true);
    fakeWx.pay(d.id);
    return { d, resource: fakeWx.transaction(d.id) };
  }

  it("records a signed TRANSACTION.SUCCESS once; the replay is acknowledged and changes nothing", async () => {
    const { d, resource } = await paidAtWechat();
    const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource });
    const res = await post(`/api/webhooks/wechatpay/${wechatAccountId}`, n.body, n.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: "SUCCESS" });
    const paid = await prisma.donation.findUniqueOrThrow({ where: { id: d.id }, select: { status: true, providerPaymentId: true, paidAt: true } });
    expect(paid.status).toBe("PAID");
    expect(paid.providerPaymentId).toBe(resource.transaction_id);
    expect(await prisma.paymentEvent.count({ where: { provider: "WECHAT_PAY", donationId: d.id } })).toBe(1);
    const ledger = await prisma.ledgerTransaction.count({ where: { donationId: d.id } });
    expect(ledger).toBeGreaterThan(0);

    const before = await snapshot();
    const replay = await post(`/api/webhooks/wechatpay/${wechatAccountId}`, n.body, n.headers);
    expect(replay.status).toBe(200);
    expect(await snapshot()).toEqual(before);
    // A fresh notification for the same payment (WeChat Pay retries with a new id) is recorded as nothing new either.
    const again = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource });
    expect((await post(`/api/webhooks/wechatpay/${wechatAccountId}`, again.body, again.headers)).status).toBe(200);
    expect(await prisma.ledgerTransaction.count({ where: { donationId: d.id } })).toBe(ledger);
    expect(await prisma.donation.count({ where: { id: d.id, status: "PAID" } })).toBe(1);
  });

  it("refuses a wrong signature, an altered body, a wrong API v3 key and another account's URL with 400, writing nothing", async () => {
    const { d, resource } = await paidAtWechat();
    const impostor = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const cases = {
      "wrong signature": fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource, signingKey: impostor }),
      "altered body": fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource, tamper: (b) => b.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') }),
      "wrong API v3 key": fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource, apiV3Key: randomBytes(16).toString("hex") }),
      "stale timestamp": fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource, timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    };
    const before = await snapshot();
    for (const [what, n] of Object.entries(cases)) {
      const res = await post(`/api/webhooks/wechatpay/${wechatAccountId}`, n.body, n.headers);
      expect(res.status, what).toBe(400);
      expect(await res.json(), what).toEqual({ code: "FAIL", message: "invalid signature" });
    }
    // Genuine, but posted to another organization's endpoint: that account's keys do not verify it.
    const genuine = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource });
    expect((await post(`/api/webhooks/wechatpay/${otherWechatAccountId}`, genuine.body, genuine.headers)).status).toBe(400);
    expect(await snapshot()).toEqual(before);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PENDING");

    // Unknown account, or a WeChat Pay account under the Alipay path: 404; GET: 405.
    expect((await post(`/api/webhooks/wechatpay/nosuchaccount`, genuine.body, genuine.headers)).status).toBe(404);
    expect((await post(`/api/webhooks/alipay/${wechatAccountId}`, genuine.body, genuine.headers)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`)).status).toBe(405);
    expect(await snapshot()).toEqual(before);
    // The genuine one, at the right address, still counts.
    expect((await post(`/api/webhooks/wechatpay/${wechatAccountId}`, genuine.body, genuine.headers)).status).toBe(200);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PAID");
  });

  it("does not let one merchant's notification pay another account's donation", async () => {
    // A donation of the other organization, checked out through its own account; a notification
    // genuinely signed for this organization's merchant claims it (same out_trade_no).
    const foreign = await pendingDonation("WECHAT_PAY", otherWechatAccountId, { orgId: otherOrg.id, campaignId: otherCampaign.id });
    const resource = { ...fakeWx.transaction((await paidAtWechat()).d.id), out_trade_no: foreign.id, attach: "", transaction_id: `4200${Date.now()}` };
    const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource });
    // The refusal is logged (structured logger → SHANLIAN_LOG_FILE, set by the test setup).
    const logFile = process.env.SHANLIAN_LOG_FILE!;
    const logFrom = existsSync(logFile) ? statSync(logFile).size : 0;
    const before = await snapshot();
    const res = await post(`/api/webhooks/wechatpay/${wechatAccountId}`, n.body, n.headers);
    expect(res.status).toBe(200);
    expect(await snapshot()).toEqual(before);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("PENDING");
    expect(readFileSync(logFile).subarray(logFrom).toString("utf8")).toMatch(/another account; not applied/);
  });

  it("keeps recording notifications of a disabled account (payments already started)", async () => {
    const { d, resource } = await paidAtWechat();
    expect((await owner.post(`/org/${org.id}/payments`, { intent: "disable", accountId: wechatAccountId })).status).toBe(302);
    const { providersForOrg } = await import("~/modules/payments/merchant-accounts.server");
    expect((await providersForOrg(org.id)).find((p) => p.provider === "WECHAT_PAY")).toEqual({ provider: "WECHAT_PAY", merchantAccountId: null, testCheckout: true });
    const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource });
    expect((await post(`/api/webhooks/wechatpay/${wechatAccountId}`, n.body, n.headers)).status).toBe(200);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PAID");
    expect((await owner.post(`/org/${org.id}/payments`, { intent: "enable", accountId: wechatAccountId })).status).toBe(302);
    expect((await providersForOrg(org.id)).find((p) => p.provider === "WECHAT_PAY")).toEqual({ provider: "WECHAT_PAY", merchantAccountId: wechatAccountId, testCheckout: false });
  });
});

describe("Alipay notifications to /api/webhooks/alipay/<accountId>", () => {
  const FORM = { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" };

  async function paidAtAlipay() {
    const d = await pendingDonation("ALIPAY", alipayAccountId);
    const session = await (await alipayProvider(alipayAccountId)).createCheckout({ ...checkoutRequest(d), channel: "wap" });
    const opened = await fakeAli.open(session.redirectUrl);
    expect(opened.status, opened.body).toBe(200);
    const trade = fakeAli.trades.get(d.id)!;
    expect(trade.notifyUrl).toBe(`${app.baseUrl}/api/webhooks/alipay/${alipayAccountId}`);
    expect(fakeAli.requests.at(-1)!.verified).toBe(true);
    fakeAli.pay(d.id);
    return d;
  }

  it("records a signed TRADE_SUCCESS once, answering `success`; the replay changes nothing", async () => {
    const d = await paidAtAlipay();
    const body = fakeAli.paymentNotification(d.id);
    const res = await post(`/api/webhooks/alipay/${alipayAccountId}`, body, FORM);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("success");
    const paid = await prisma.donation.findUniqueOrThrow({ where: { id: d.id }, select: { status: true, providerPaymentId: true } });
    expect(paid).toEqual({ status: "PAID", providerPaymentId: fakeAli.trades.get(d.id)!.tradeNo });
    expect(await prisma.paymentEvent.count({ where: { provider: "ALIPAY", donationId: d.id } })).toBe(1);

    const before = await snapshot();
    const replay = await post(`/api/webhooks/alipay/${alipayAccountId}`, body, FORM);
    expect(await replay.text()).toBe("success");
    // Alipay's own retry carries a new notify_id: still one payment.
    expect(await (await post(`/api/webhooks/alipay/${alipayAccountId}`, fakeAli.paymentNotification(d.id), FORM)).text()).toBe("success");
    const after = await snapshot();
    expect({ ...after, events: before.events }).toEqual(before);
    expect(await prisma.donation.count({ where: { id: d.id, status: "PAID" } })).toBe(1);
  });

  it("refuses a wrong signature or an altered body with 400 `fail`, writing nothing", async () => {
    const d = await paidAtAlipay();
    const trade = fakeAli.trades.get(d.id)!;
    const impostor = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const fields = { trade_no: trade.tradeNo, out_trade_no: d.id, trade_status: "TRADE_SUCCESS", total_amount: trade.totalAmount, seller_id: fakeAli.sellerId, gmt_payment: trade.gmtPayment ?? "" };
    const cases = {
      "wrong signature": fakeAli.notification(fields, { signWith: impostor }),
      "altered amount": fakeAli.paymentNotification(d.id).replace(/total_amount=[^&]+/, "total_amount=0.01"),
      "downgraded sign type": fakeAli.notification(fields, { signType: "RSA" }),
    };
    const before = await snapshot();
    for (const [what, body] of Object.entries(cases)) {
      const res = await post(`/api/webhooks/alipay/${alipayAccountId}`, body, FORM);
      expect(res.status, what).toBe(400);
      expect(await res.text(), what).toBe("fail");
    }
    expect((await post(`/api/webhooks/alipay/nosuchaccount`, fakeAli.paymentNotification(d.id), FORM)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PENDING");
  });
});

describe("the HTTP server's fast path for merchant notifications", () => {
  it("the build exports the routes' own handler, so production serves these POSTs ahead of Remix (the tests above go through it)", async () => {
    const { BUILD_PATH } = await import("../../scripts/lib/http-server");
    const build = (await import(/* @vite-ignore */ BUILD_PATH)) as { entry: { module: Record<string, unknown> } };
    expect(typeof build.entry.module.merchantWebhook).toBe("function");
    expect(typeof build.entry.module.providerWebhook).toBe("function");
    // A GET still reaches the Remix route (405), as before.
    const res = await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`);
    expect(res.status).toBe(405);
  });
});
