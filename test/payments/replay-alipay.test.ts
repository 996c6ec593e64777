/**
 * The 1,000-event replay (test/funding/reliability.test.ts) for Alipay, over real HTTP to the built
 * app's /api/webhooks/alipay/<accountId>: 200 PENDING donations checked out through one
 * organization's Alipay account; five genuine asynchronous notifications per donation
 * (form-encoded, RSA2-signed with the fake's Alipay key) — TRADE_SUCCESS twice (Alipay's retry
 * carries a new notify_id), TRADE_FINISHED for the same trade, TRADE_CLOSED, and the payment with a
 * wrong amount — plus 100 forged ones (impostor signature, amount altered after signing, sign type
 * downgraded to RSA, another seller); every notification delivered 1–3 times in random order by 20
 * concurrent senders. Every payment recorded exactly once, the ledger balanced, `success` for every
 * genuine notification, 400 `fail` and nothing written for every forged one.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import { beijing, startFakeAlipay, type FakeAlipay } from "../support/fake-alipay";
import { deliverConcurrently, expectEachPaymentRecordedOnce, rng, shuffledDeliveries, type Delivery } from "./replay-support";
import { encodePassback } from "~/modules/payments/alipay/events.server";
import type { PrismaClient } from "~/generated/prisma/client";

const APP_ID = "2021004100000088";
const FORM = { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" };
const appKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const yuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;
let fake: FakeAlipay;
let app: TestApp;
let prisma: PrismaClient;
let orgId: string;
let ownerId: string;
let accountId: string;

beforeAll(async () => {
  fake = await startFakeAlipay({ appId: APP_ID, appPublicKey: appKeys.publicKey });
  process.env.ALIPAY_GATEWAY = fake.gateway;
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
    intent: "save-alipay",
    appId: APP_ID,
    privateKey: appKeys.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    alipayPublicKey: fake.alipayPublicKeyBase64,
    sellerId: fake.sellerId,
  });
  expect(saved.status, await saved.clone().text()).toBe(302);
  accountId = (await prisma.merchantAccount.findFirstOrThrow({ where: { orgId, provider: "ALIPAY" }, select: { id: true } })).id;
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fake?.close();
  delete process.env.ALIPAY_GATEWAY;
});

describe("Alipay notifications under duplicate, out-of-order, concurrent delivery", () => {
  it("records each of 200 donations exactly once from 1,000 notifications delivered 1–3 times by 20 senders; forged ones write nothing", async () => {
    const random = rng(20261203);
    const campaign = await createCampaign(prisma, { orgId, createdById: ownerId, goalFen: 10_000_000_000n });
    const donations = [];
    for (let i = 0; i < 200; i++) {
      const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId, amountFen: BigInt(100 + Math.floor(random() * 500_000)) });
      // As startDonation leaves it after the account's adapter made the order: out_trade_no = session id = donation id.
      await prisma.donation.update({ where: { id: d.id }, data: { provider: "ALIPAY", providerSessionId: d.id, merchantAccountId: accountId } });
      donations.push({ id: d.id, amountFen: d.amountFen, paymentId: `2026120222001${String(i).padStart(4, "0")}${randomBytes(6).toString("hex")}` });
    }
    const auditBefore = await prisma.auditLog.count();

    const impostor = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const notifications: Delivery[] = [];
    let seq = 0;
    const notifyId = () => `2026120200222${String(++seq).padStart(6, "0")}${randomBytes(6).toString("hex")}`;
    const genuine = (fields: Record<string, string>) => {
      const id = notifyId();
      notifications.push({ eventId: id, body: fake.notification({ ...fields, notify_id: id }), headers: FORM, refused: false });
    };
    donations.forEach((d, i) => {
      const created = new Date(Date.now() - 120_000);
      const trade = {
        gmt_create: beijing(created),
        trade_no: d.paymentId,
        out_trade_no: d.id,
        total_amount: yuan(d.amountFen),
        subject: "善联 · 山区儿童冬衣",
        seller_id: fake.sellerId,
        passback_params: encodePassback({ donationId: d.id }),
      };
      const paid = { ...trade, trade_status: "TRADE_SUCCESS", gmt_payment: beijing(new Date(created.getTime() + 30_000)), receipt_amount: trade.total_amount, buyer_id: "2088102177846880" };
      genuine(paid);
      genuine(paid); // Alipay's retry: a new notify_id, the same payment
      genuine({ ...paid, trade_status: "TRADE_FINISHED" }); // the refund period is over: the same trade again
      genuine({ ...trade, trade_status: "TRADE_CLOSED", gmt_close: beijing() });
      genuine({ ...paid, total_amount: yuan(d.amountFen + 1n) });
      if (i % 2 === 0) {
        const id = notifyId();
        const body = [
          () => fake.notification({ ...paid, notify_id: id }, { signWith: impostor }),
          () => fake.notification({ ...paid, notify_id: id }).replace(/total_amount=[^&]+/, "total_amount=0.01"),
          () => fake.notification({ ...paid, notify_id: id }, { signType: "RSA" }),
          () => fake.notification({ ...paid, notify_id: id, seller_id: "2088721000009999" }),
        ][(i / 2) % 4]!();
        notifications.push({ eventId: id, body, headers: FORM, refused: true });
      }
    });
    const accepted = notifications.filter((n) => !n.refused);
    const refused = notifications.filter((n) => n.refused);
    expect(accepted).toHaveLength(1000);
    expect(refused).toHaveLength(100);

    const deliveries = shuffledDeliveries(notifications, random);
    const started = Date.now();
    const answers = await deliverConcurrently(`${app.baseUrl}/api/webhooks/alipay/${accountId}`, deliveries);
    console.info(`[replay-alipay] ${deliveries.length} deliveries in ${Date.now() - started} ms`);

    expect(answers).toHaveLength(deliveries.length);
    const wrong = answers.filter((a) =>
      a.delivery.refused ? a.status !== 400 || a.body !== "fail" : a.status !== 200 || !a.contentType.startsWith("text/plain") || a.body !== "success",
    );
    expect(wrong.map((a) => `${a.delivery.eventId} ${a.status} ${a.body}`)).toEqual([]);

    const { events } = await expectEachPaymentRecordedOnce(prisma, { campaignId: campaign.id, provider: "ALIPAY", donations, accepted: accepted.map((n) => n.eventId), refused: refused.map((n) => n.eventId) });
    // What each genuine notification came to: one payment recorded per donation, the rest changed nothing.
    const results = events.reduce<Record<string, number>>((m, e) => ({ ...m, [e.result]: (m[e.result] ?? 0) + 1 }), {});
    expect(results.recorded).toBe(200);
    expect((results.already_recorded ?? 0) + (results.amount_mismatch ?? 0) + (results.no_change ?? 0) + (results.cancelled ?? 0)).toBe(800);
    // The payment events write no audit rows (nothing was held), and no refused one wrote anything.
    expect(await prisma.auditLog.count()).toBe(auditBefore);
  }, 600_000);
});
