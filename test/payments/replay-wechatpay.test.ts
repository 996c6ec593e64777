/**
 * The 1,000-event replay (test/funding/reliability.test.ts) for WeChat Pay, over real HTTP to the
 * built app's /api/webhooks/wechatpay/<accountId>: 200 PENDING donations checked out through one
 * organization's WeChat Pay merchant account; five genuine notifications per donation (signed with
 * the WeChat Pay public key's private half by the fake, resource AES-256-GCM under the API v3 key)
 * — two TRANSACTION.SUCCESS for the same payment (WeChat Pay's retry carries a new id), the
 * transaction reported closed or failed, an event type we do not act on, and the payment with a
 * wrong amount — plus 100 forged ones (impostor signature, wrong API v3 key, altered body, stale
 * timestamp); every notification delivered 1–3 times in random order by 20 concurrent senders.
 * Every payment recorded exactly once, the ledger balanced, WeChat Pay's acknowledgement for every
 * genuine notification, 400 and nothing written for every forged one.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import { newMerchant, startFakeWechatPay, type FakeWechatPay } from "../support/fake-wechatpay";
import { deliverConcurrently, expectEachPaymentRecordedOnce, rng, shuffledDeliveries, type Delivery } from "./replay-support";
import { encodeAttach } from "~/modules/payments/wechatpay/translate.server";
import type { PrismaClient } from "~/generated/prisma/client";

const wx = newMerchant();
let fake: FakeWechatPay;
let app: TestApp;
let prisma: PrismaClient;
let orgId: string;
let ownerId: string;
let accountId: string;

beforeAll(async () => {
  fake = await startFakeWechatPay({ ...wx, mode: "publicKey" });
  process.env.WECHATPAY_API_BASE = fake.url;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const owner = await createUser(prisma);
  ownerId = owner.id;
  orgId = (await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true })).id;
  // The merchant account is saved through the settings form, as the organization's people do it.
  const client = new TestClient(app.baseUrl);
  await client.signIn(owner.email, owner.password);
  const saved = await client.post(`/org/${orgId}/payments`, {
    intent: "save-wechat",
    label: "本会基本户",
    appId: wx.appId,
    mchId: wx.mchId,
    merchantSerialNo: wx.merchantSerialNo,
    merchantPrivateKey: wx.merchantPrivateKey,
    apiV3Key: wx.apiV3Key,
    verificationMode: "publicKey",
    publicKeyId: fake.publicKeyId,
    publicKey: fake.publicKeyPem,
    platformCertificate: "",
  });
  expect(saved.status, await saved.clone().text()).toBe(302);
  accountId = (await prisma.merchantAccount.findFirstOrThrow({ where: { orgId, provider: "WECHAT_PAY" }, select: { id: true } })).id;
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fake?.close();
  delete process.env.WECHATPAY_API_BASE;
});

describe("WeChat Pay notifications under duplicate, out-of-order, concurrent delivery", () => {
  it("records each of 200 donations exactly once from 1,000 notifications delivered 1–3 times by 20 senders; forged ones write nothing", async () => {
    const random = rng(20261202);
    const campaign = await createCampaign(prisma, { orgId, createdById: ownerId, goalFen: 10_000_000_000n });
    const donations = [];
    for (let i = 0; i < 200; i++) {
      const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId, amountFen: BigInt(100 + Math.floor(random() * 500_000)) });
      // As startDonation leaves it after the account's adapter made the order: out_trade_no = session id = donation id.
      await prisma.donation.update({ where: { id: d.id }, data: { provider: "WECHAT_PAY", providerSessionId: d.id, merchantAccountId: accountId } });
      donations.push({ id: d.id, amountFen: d.amountFen, paymentId: `4200002${String(i).padStart(4, "0")}${randomBytes(8).toString("hex")}` });
    }
    const auditBefore = await prisma.auditLog.count();

    const impostor = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const headersOf = (h: Headers) => Object.fromEntries(h.entries());
    const notifications: Delivery[] = [];
    const genuine = (type: string, resource: Record<string, unknown>) => {
      const id = randomUUID();
      const n = fake.notification({ type, resource, id });
      notifications.push({ eventId: id, body: n.body, headers: headersOf(n.headers), refused: false });
    };
    donations.forEach((d, i) => {
      const successTime = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, "+00:00");
      const paid = {
        appid: wx.appId,
        mchid: wx.mchId,
        out_trade_no: d.id,
        transaction_id: d.paymentId,
        trade_type: "NATIVE",
        trade_state: "SUCCESS",
        trade_state_desc: "支付成功",
        bank_type: "OTHERS",
        attach: encodeAttach({ donationId: d.id, payableKind: "donation", payableId: d.id }),
        success_time: successTime,
        payer: { openid: `oUpF8uMuAJO_M2pxb1Q9zNjWeS6o${i}` },
        amount: { total: Number(d.amountFen), payer_total: Number(d.amountFen), currency: "CNY", payer_currency: "CNY" },
      };
      const { transaction_id: _t, success_time: _s, bank_type: _b, payer: _p, ...open } = paid;
      genuine("TRANSACTION.SUCCESS", paid);
      genuine("TRANSACTION.SUCCESS", paid); // WeChat Pay's retry: a new notification id, the same payment
      genuine("TRANSACTION.SUCCESS", i % 2 ? { ...open, trade_state: "CLOSED", trade_state_desc: "订单已关闭" } : { ...open, trade_state: "PAYERROR", trade_state_desc: "支付失败" });
      genuine("TRANSACTION.CLOSED", { ...open, trade_state: "CLOSED" }); // a type we do not act on
      genuine("TRANSACTION.SUCCESS", { ...paid, amount: { ...paid.amount, total: paid.amount.total + 1, payer_total: paid.amount.total + 1 } });
      if (i % 2 === 0) {
        const id = randomUUID();
        const forged = [
          () => fake.notification({ type: "TRANSACTION.SUCCESS", resource: paid, id, signingKey: impostor }),
          () => fake.notification({ type: "TRANSACTION.SUCCESS", resource: paid, id, apiV3Key: randomBytes(16).toString("hex") }),
          () => fake.notification({ type: "TRANSACTION.SUCCESS", resource: paid, id, tamper: (b) => b.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') }),
          () => fake.notification({ type: "TRANSACTION.SUCCESS", resource: paid, id, timestamp: Math.floor(Date.now() / 1000) - 3600 }),
        ][(i / 2) % 4]!();
        notifications.push({ eventId: id, body: forged.body, headers: headersOf(forged.headers), refused: true });
      }
    });
    const accepted = notifications.filter((n) => !n.refused);
    const refused = notifications.filter((n) => n.refused);
    expect(accepted).toHaveLength(1000);
    expect(refused).toHaveLength(100);

    const deliveries = shuffledDeliveries(notifications, random);
    const started = Date.now();
    const answers = await deliverConcurrently(`${app.baseUrl}/api/webhooks/wechatpay/${accountId}`, deliveries);
    console.info(`[replay-wechatpay] ${deliveries.length} deliveries in ${Date.now() - started} ms`);

    expect(answers).toHaveLength(deliveries.length);
    const wrong = answers.filter((a) =>
      a.delivery.refused
        ? a.status !== 400 || a.body !== JSON.stringify({ code: "FAIL", message: "invalid signature" })
        : (a.status !== 200 && a.status !== 204) || !a.contentType.startsWith("application/json") || JSON.parse(a.body).code !== "SUCCESS",
    );
    expect(wrong.map((a) => `${a.delivery.eventId} ${a.status} ${a.body}`)).toEqual([]);

    const { events } = await expectEachPaymentRecordedOnce(prisma, { campaignId: campaign.id, provider: "WECHAT_PAY", donations, accepted: accepted.map((n) => n.eventId), refused: refused.map((n) => n.eventId) });
    // What each genuine notification came to: one payment recorded per donation, the rest changed nothing.
    const results = events.reduce<Record<string, number>>((m, e) => ({ ...m, [e.result]: (m[e.result] ?? 0) + 1 }), {});
    expect(results.recorded).toBe(200);
    expect(results.ignored).toBe(200);
    expect((results.already_recorded ?? 0) + (results.amount_mismatch ?? 0) + (results.no_change ?? 0) + (results.cancelled ?? 0) + (results.failed ?? 0)).toBe(600);
    // The payment events write no audit rows (nothing was held), and no refused one wrote anything.
    expect(await prisma.auditLog.count()).toBe(auditBefore);
  }, 600_000);
});
