/**
 * Reconciliation (#14.6) against the WeChat Pay and Alipay fakes, through the official SDKs (the
 * trade bill downloaded with a signed request and its digest checked; Alipay's bill link asked for
 * with a signed call, its zip of GBK CSVs unpacked): a statement with one payment whose
 * notification was lost, one amount mismatch and one unknown refund → the payment recorded once
 * (donation PAID, ledger once, fee once), the other two listed; running again changes nothing; a
 * later real notification does not count the recovered payment twice; the staff page lists and
 * resolves issues; a failed fetch is a FAILED run naming no secret.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import { newMerchant, startFakeWechatPay, wechatTradeBill, type FakeWechatPay } from "../support/fake-wechatpay";
import { startFakeAlipay, type FakeAlipay } from "../support/fake-alipay";
import type { PrismaClient } from "~/generated/prisma/client";
import type { WechatPayProvider } from "~/modules/payments/wechatpay/wechatpay.server";
import type { AlipayProvider } from "~/modules/payments/alipay/alipay.server";

const ALIPAY_APP_ID = "2021004100000088";
const wx = newMerchant();
const aliApp = generateKeyPairSync("rsa", { modulusLength: 2048 });
let fakeWx: FakeWechatPay;
let fakeAli: FakeAlipay;
let app: TestApp;
let prisma: PrismaClient;
let org: { id: string };
let campaign: { id: string };
let wechatAccountId: string;
let alipayAccountId: string;
let staff: TestClient;
let owner: TestClient;

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const beijingNow = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
const yuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;

async function pendingDonation(provider: "WECHAT_PAY" | "ALIPAY", account: string, amountFen: bigint) {
  const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen });
  await prisma.donation.update({ where: { id: d.id }, data: { provider, providerSessionId: d.id, merchantAccountId: account } });
  return { id: d.id, amountFen };
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

async function providerOf<T>(account: string) {
  const { providerForAccount } = await import("~/modules/payments/merchant-accounts.server");
  return (await providerForAccount(account, { origin: app.baseUrl })).provider as T;
}

async function reconcile(accountKey: string, date = today()) {
  const { reconcileAccount, reconciliationAccounts } = await import("~/modules/reconciliation/reconcile.server");
  const account = (await reconciliationAccounts()).find((a) => a.accountKey === accountKey)!;
  expect(account).toBeDefined();
  return reconcileAccount(account, date);
}

/** Everything reconciliation could write. */
async function snapshot() {
  const [events, txs, entries, issues, paid, fees] = await Promise.all([
    prisma.paymentEvent.count(),
    prisma.ledgerTransaction.count(),
    prisma.ledgerEntry.count(),
    prisma.reconciliationIssue.count(),
    prisma.donation.count({ where: { status: "PAID" } }),
    prisma.ledgerTransaction.aggregate({ where: { kind: "FEE" }, _sum: { amountFen: true } }),
  ]);
  return { events, txs, entries, issues, paid, fees: fees._sum.amountFen ?? 0n };
}

async function ledgerChecksHold() {
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  const failed = (await runLedgerChecks(prisma)).filter((c) => !c.ok);
  expect(failed).toEqual([]);
}

beforeAll(async () => {
  fakeWx = await startFakeWechatPay({ ...wx, mode: "publicKey" });
  fakeAli = await startFakeAlipay({ appId: ALIPAY_APP_ID, appPublicKey: aliApp.publicKey });
  process.env.WECHATPAY_API_BASE = fakeWx.url;
  process.env.ALIPAY_GATEWAY = fakeAli.gateway;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const ownerUser = await createUser(prisma);
  const staffUser = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  org = await createOrganization(prisma, { createdById: ownerUser.id, isCharity: true, publicFundraising: true });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: ownerUser.id, goalFen: 100_000_000n });
  owner = new TestClient(app.baseUrl);
  await owner.signIn(ownerUser.email, ownerUser.password);
  staff = new TestClient(app.baseUrl);
  await staff.signIn(staffUser.email, staffUser.password);
  const savedWx = await owner.post(`/org/${org.id}/payments`, {
    intent: "save-wechat",
    label: "本会基本户",
    appId: wx.appId,
    mchId: wx.mchId,
    merchantSerialNo: wx.merchantSerialNo,
    merchantPrivateKey: wx.merchantPrivateKey,
    apiV3Key: wx.apiV3Key,
    verificationMode: "publicKey",
    publicKeyId: fakeWx.publicKeyId,
    publicKey: fakeWx.publicKeyPem,
    platformCertificate: "",
  });
  expect(savedWx.status, await savedWx.clone().text()).toBe(302);
  const savedAli = await owner.post(`/org/${org.id}/payments`, {
    intent: "save-alipay",
    appId: ALIPAY_APP_ID,
    privateKey: aliApp.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    alipayPublicKey: fakeAli.alipayPublicKeyBase64,
    sellerId: fakeAli.sellerId,
  });
  expect(savedAli.status, await savedAli.clone().text()).toBe(302);
  wechatAccountId = (await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: org.id, provider: "WECHAT_PAY" } })).id;
  alipayAccountId = (await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: org.id, provider: "ALIPAY" } })).id;
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fakeWx?.close();
  await fakeAli?.close();
  delete process.env.WECHATPAY_API_BASE;
  delete process.env.ALIPAY_GATEWAY;
});

describe("WeChat Pay trade bill", () => {
  let lost: { id: string; amountFen: bigint };
  let lostTx: string;
  let mismatch: { id: string; amountFen: bigint };

  it("records the payment whose notification was lost once, lists the mismatch and the unknown refund, posts fees", async () => {
    const wxp = await providerOf<WechatPayProvider>(wechatAccountId);
    // One paid and notified as usual (matched, its fee posted from the statement).
    const notified = await pendingDonation("WECHAT_PAY", wechatAccountId, 5_000n);
    await wxp.createCheckout({ ...checkoutRequest(notified), channel: "native" });
    fakeWx.pay(notified.id);
    const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: fakeWx.transaction(notified.id) });
    expect((await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`, { method: "POST", body: n.body, headers: n.headers })).status).toBe(200);
    // One paid whose notification never came.
    lost = await pendingDonation("WECHAT_PAY", wechatAccountId, 8_800n);
    await wxp.createCheckout({ ...checkoutRequest(lost), channel: "native" });
    lostTx = fakeWx.pay(lost.id).transaction_id!;
    // One the statement reports with another amount.
    mismatch = await pendingDonation("WECHAT_PAY", wechatAccountId, 6_600n);
    await wxp.createCheckout({ ...checkoutRequest(mismatch), channel: "native" });
    const mismatchTx = fakeWx.pay(mismatch.id).transaction_id!;
    const notifiedTx = fakeWx.orders.get(notified.id)!.transaction_id!;
    const t = beijingNow();
    fakeWx.bills.set(
      today(),
      wechatTradeBill(
        [
          { time: t, transactionId: notifiedTx, outTradeNo: notified.id, state: "SUCCESS", totalYuan: "50.00", feeYuan: "0.30" },
          { time: t, transactionId: lostTx, outTradeNo: lost.id, state: "SUCCESS", totalYuan: "88.00", feeYuan: "0.53" },
          { time: t, transactionId: mismatchTx, outTradeNo: mismatch.id, state: "SUCCESS", totalYuan: "99.00", feeYuan: "0.59" },
          { time: t, transactionId: "4200000000000000000000000001", outTradeNo: "someoneelse0001", state: "REFUND", totalYuan: "0.00", refundId: "50300000000000000000000000001", outRefundNo: "nosuchrefund01", refundYuan: "12.00", feeYuan: "-0.07" },
        ],
        wx,
      ),
    );

    const before = await snapshot();
    const run = await reconcile(wechatAccountId);
    expect(run).toMatchObject({ status: "DONE", lines: 4, matched: 2, recovered: 1, issues: 2, feeFen: 30n + 53n + 59n });
    // The request for the bill was signed with the merchant key and the download was checked against the digest.
    const billCalls = fakeWx.requests.filter((r) => r.path.startsWith("/v3/bill"));
    expect(billCalls.map((r) => [r.path, r.authorized])).toEqual([
      ["/v3/bill/tradebill", true],
      ["/v3/billdownload/file", true],
    ]);

    const recovered = await prisma.donation.findUniqueOrThrow({ where: { id: lost.id } });
    expect(recovered.status).toBe("PAID");
    expect(recovered.providerPaymentId).toBe(lostTx);
    expect(await prisma.ledgerTransaction.count({ where: { donationId: lost.id, kind: "DONATION" } })).toBe(1);
    expect(await prisma.paymentEvent.findUnique({ where: { provider_eventId: { provider: "WECHAT_PAY", eventId: `recon:${lostTx}` } } })).toMatchObject({ result: "recorded" });
    // Fees on both donations we hold as paid; none on the mismatch, which stays pending with nothing posted.
    const fees = await prisma.ledgerTransaction.findMany({ where: { kind: "FEE" }, select: { donationId: true, amountFen: true, provider: true } });
    expect(fees.sort((a, b) => Number(a.amountFen - b.amountFen))).toEqual([
      { donationId: notified.id, amountFen: 30n, provider: "WECHAT_PAY" },
      { donationId: lost.id, amountFen: 53n, provider: "WECHAT_PAY" },
    ]);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: mismatch.id } })).status).toBe("PENDING");
    expect(await prisma.ledgerTransaction.count({ where: { donationId: mismatch.id } })).toBe(0);

    const issues = await prisma.reconciliationIssue.findMany({ orderBy: { kind: "asc" }, select: { kind: true, providerRef: true, expectedFen: true, statementFen: true, donationId: true, accountKey: true } });
    expect(issues).toEqual([
      { kind: "AMOUNT_MISMATCH", providerRef: mismatchTx, expectedFen: 6_600n, statementFen: 9_900n, donationId: mismatch.id, accountKey: wechatAccountId },
      { kind: "UNKNOWN_REFUND", providerRef: "50300000000000000000000000001", expectedFen: null, statementFen: 1_200n, donationId: null, accountKey: wechatAccountId },
    ]);
    const after = await snapshot();
    expect(after.paid - before.paid).toBe(1);
    expect(after.fees - before.fees).toBe(83n);
    await ledgerChecksHold();
    // The campaign's totals show the fees.
    const { totalsFor } = await import("~/modules/ledger/balances.server");
    expect((await totalsFor({ campaignId: campaign.id })).feesFen).toBe(83n);
  });

  it("running the same day again changes nothing", async () => {
    const before = await snapshot();
    const runBefore = await prisma.reconciliationRun.findMany({ select: { id: true, recoveredCount: true, matchedCount: true, issueCount: true, feeFen: true } });
    const run = await reconcile(wechatAccountId);
    expect(run).toMatchObject({ status: "DONE", lines: 4, matched: 2, recovered: 1, issues: 2 });
    expect(await snapshot()).toEqual(before);
    expect(await prisma.reconciliationRun.findMany({ select: { id: true, recoveredCount: true, matchedCount: true, issueCount: true, feeFen: true } })).toEqual(runBefore);
  });

  it("a later real notification for the recovered payment does not count it twice", async () => {
    const before = await snapshot();
    const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: fakeWx.transaction(lost.id) });
    const res = await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wechatAccountId}`, { method: "POST", body: n.body, headers: n.headers });
    expect(res.status).toBe(200);
    const after = await snapshot();
    expect(after.events).toBe(before.events + 1);
    expect({ ...after, events: 0 }).toEqual({ ...before, events: 0 });
    expect(await prisma.ledgerTransaction.count({ where: { donationId: lost.id, kind: "DONATION" } })).toBe(1);
    await ledgerChecksHold();
  });

  it("a download whose digest does not match is a FAILED run that names no secret", async () => {
    fakeWx.billDigestWrong = true;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const before = await snapshot();
      const run = await reconcile(wechatAccountId);
      expect(run.status).toBe("FAILED");
      const row = await prisma.reconciliationRun.findFirstOrThrow({ where: { accountKey: wechatAccountId } });
      expect(row.status).toBe("FAILED");
      expect(row.error).toMatch(/digest/);
      for (const secret of [wx.apiV3Key, ...wx.merchantPrivateKey.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"))]) expect(row.error).not.toContain(secret);
      expect(await snapshot()).toEqual(before);
    } finally {
      fakeWx.billDigestWrong = false;
      warn.mockRestore();
    }
    expect((await reconcile(wechatAccountId)).status).toBe("DONE");
  });
});

describe("Alipay bill (zip of GBK CSVs)", () => {
  async function paidAtAlipay(amountFen: bigint) {
    const d = await pendingDonation("ALIPAY", alipayAccountId, amountFen);
    const session = await (await providerOf<AlipayProvider>(alipayAccountId)).createCheckout({ ...checkoutRequest(d), channel: "page" });
    expect((await fakeAli.open(session.redirectUrl)).status).toBe(200);
    const trade = fakeAli.pay(d.id);
    return { d, trade };
  }

  it("records the lost payment once, lists the mismatch and the unknown refund; again changes nothing; the late notification is not counted twice", async () => {
    const lost = await paidAtAlipay(12_300n);
    const mismatch = await paidAtAlipay(4_500n);
    const t = beijingNow();
    fakeAli.bills.set(today(), [
      { tradeNo: lost.trade.tradeNo, outTradeNo: lost.d.id, type: "交易", amountYuan: yuan(12_300n), feeYuan: "-0.74", time: t },
      { tradeNo: mismatch.trade.tradeNo, outTradeNo: mismatch.d.id, type: "交易", amountYuan: "45.50", feeYuan: "-0.27", time: t },
      { tradeNo: "2026120122001400000000000999", outTradeNo: "elsewhere01", type: "退款", amountYuan: "20.00", receivedYuan: "-20.00", requestNo: "unknownrequest01", feeYuan: "0.12", time: t },
    ]);
    const before = await snapshot();
    const run = await reconcile(alipayAccountId);
    expect(run).toMatchObject({ status: "DONE", lines: 3, matched: 1, recovered: 1, issues: 2, feeFen: 74n + 27n });
    expect(fakeAli.requests.filter((r) => r.method === "alipay.data.dataservice.bill.downloadurl.query").every((r) => r.verified)).toBe(true);
    const paid = await prisma.donation.findUniqueOrThrow({ where: { id: lost.d.id } });
    expect(paid.status).toBe("PAID");
    expect(paid.providerPaymentId).toBe(lost.trade.tradeNo);
    expect(await prisma.ledgerTransaction.count({ where: { donationId: lost.d.id, kind: "DONATION" } })).toBe(1);
    expect(await prisma.ledgerTransaction.findMany({ where: { donationId: lost.d.id, kind: "FEE" }, select: { amountFen: true, provider: true } })).toEqual([{ amountFen: 74n, provider: "ALIPAY" }]);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: mismatch.d.id } })).status).toBe("PENDING");
    const issues = await prisma.reconciliationIssue.findMany({ where: { accountKey: alipayAccountId }, orderBy: { kind: "asc" }, select: { kind: true, providerRef: true, expectedFen: true, statementFen: true } });
    expect(issues).toEqual([
      { kind: "AMOUNT_MISMATCH", providerRef: mismatch.trade.tradeNo, expectedFen: 4_500n, statementFen: 4_550n },
      { kind: "UNKNOWN_REFUND", providerRef: "unknownrequest01", expectedFen: null, statementFen: 2_000n },
    ]);
    const after = await snapshot();
    expect(after.paid - before.paid).toBe(1);
    await ledgerChecksHold();

    // Again: nothing changes.
    expect(await reconcile(alipayAccountId)).toMatchObject({ status: "DONE", lines: 3, matched: 1, recovered: 1, issues: 2 });
    expect(await snapshot()).toEqual(after);

    // The real notification arrives late: acknowledged, recorded nowhere twice.
    const res = await fetch(`${app.baseUrl}/api/webhooks/alipay/${alipayAccountId}`, { method: "POST", body: fakeAli.paymentNotification(lost.d.id), headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("success");
    expect(await prisma.ledgerTransaction.count({ where: { donationId: lost.d.id, kind: "DONATION" } })).toBe(1);
    expect((await snapshot()).txs).toBe(after.txs);
    await ledgerChecksHold();
  });

  it("a day without a bill is an empty, finished run", async () => {
    expect(await reconcile(alipayAccountId, "2026-01-01")).toMatchObject({ status: "DONE", lines: 0, issues: 0 });
  });
});

describe("/staff/reconciliation", () => {
  it("is for bureau staff only", async () => {
    expect((await owner.get("/staff/reconciliation")).status).toBe(403);
    expect((await owner.get("/staff/reconciliation/export")).status).toBe(403);
    const visitor = new TestClient(app.baseUrl);
    const res = await visitor.get("/staff/reconciliation", { followRedirects: false });
    expect([302, 401]).toContain(res.status);
  });

  it("shows the runs and the unresolved issues with their amounts; resolving needs a note and records the resolver", async () => {
    const page = await staff.get("/staff/reconciliation");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="recon-runs"');
    expect(html).toContain("金额不符");
    expect(html).toContain("查不到的退款");
    expect(html).toContain("¥99.00");
    for (const secret of [wx.apiV3Key]) expect(html).not.toContain(secret);
    const issue = await prisma.reconciliationIssue.findFirstOrThrow({ where: { kind: "UNKNOWN_REFUND", accountKey: wechatAccountId } });

    const empty = await staff.post("/staff/reconciliation", { intent: "resolve", issueId: issue.id, note: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain(issue.id);
    const ok = await staff.post("/staff/reconciliation", { intent: "resolve", issueId: issue.id, note: "他行商户的退款，已与微信支付核实" });
    expect(ok.status).toBe(302);
    const resolved = await prisma.reconciliationIssue.findUniqueOrThrow({ where: { id: issue.id } });
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.resolution).toBe("他行商户的退款，已与微信支付核实");
    const staffUser = await prisma.user.findFirstOrThrow({ where: { globalRole: "BUREAU_STAFF" } });
    expect(resolved.resolvedById).toBe(staffUser.id);
    expect(await prisma.auditLog.count({ where: { action: "reconciliation.issue_resolved", entityId: issue.id, actorId: staffUser.id } })).toBe(1);
    // Twice: refused.
    expect((await staff.post("/staff/reconciliation", { intent: "resolve", issueId: issue.id, note: "再来一次" })).status).toBe(409);
    const resolvedTab = await (await staff.get("/staff/reconciliation?status=resolved")).text();
    expect(resolvedTab).toContain("他行商户的退款");
  });

  it("exports the issues to Excel", async () => {
    const res = await staff.get("/staff/reconciliation/export?status=unresolved");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes[0]).toBe(0x50); // a zip (xlsx)
  });
});
