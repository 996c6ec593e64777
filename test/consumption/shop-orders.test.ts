/**
 * The order state machine through the services and pages: paid → shipped → received (buyer, or
 * automatically after 10 days) → completed, anonymised 180 days later; the consumption sale written
 * at receipt and lowered by refunds; refund requests approved and rejected by the supporting
 * organization's finance, booked in the ledger; cancellation refunds in full; payouts never above
 * the payable balance.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import type { PrismaClient } from "~/generated/prisma/client";
import { createUser, TEST_PASSWORD } from "../support/factories/accounts";
import { checkout, ledgerProblems, pay, shopWorld } from "./shop-helpers";

let app: TestApp;
let prisma: PrismaClient;
const DAY = 86_400_000;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => app?.close());

const payable = async (producerId: string) => (await import("~/modules/ledger/shop-postings.server")).payableBalance(prisma, producerId);

describe("order states", () => {
  it("ships, is received (by the buyer, or automatically after 10 days), completes, and is anonymised after 180 days", async () => {
    const w = await shopWorld(prisma, { producers: 2, products: [{ stock: 20, priceFen: 6800n }, { stock: 20, priceFen: 4500n }] });
    const buyer = await createUser(prisma);
    const c = await checkout([{ productId: w.products[0]!.id, quantity: 2 }, { productId: w.products[1]!.id, quantity: 1 }], { ...buyer, displayName: "买家" }, { buyerKind: "ENTERPRISE" });
    expect(c.orders).toHaveLength(2);
    expect(c.orders[0]!.number).toMatch(/^SL\d{8}-[A-Z2-9]{6}$/);
    await pay(prisma, c.checkoutId);
    const [a, b] = await prisma.shopOrder.findMany({ where: { checkoutId: c.checkoutId }, orderBy: { totalFen: "desc" }, select: { id: true, producerId: true, status: true, totalFen: true } });
    expect([a!.status, b!.status]).toEqual(["PAID", "PAID"]);
    expect((await payable(a!.producerId)).balance).toBe(13_600n);

    // The producer side ships through its page (org member with org:shop).
    const member = new TestClient(app.baseUrl);
    await member.signIn(w.member.email, TEST_PASSWORD);
    const bad = await member.post(`/producer/${a!.producerId}/orders/${a!.id}`, { intent: "ship", carrier: "顺丰速运", trackingNumber: "SF 1234" });
    expect(bad.status).toBe(400);
    const ship = await member.post(`/producer/${a!.producerId}/orders/${a!.id}`, { intent: "ship", carrier: "顺丰速运", trackingNumber: "SF1234567890" });
    expect(ship.status).toBe(302);
    const { shipOrder, confirmReceipt } = await import("~/modules/shop/orders.server");
    await shipOrder({ producerId: b!.producerId, orderId: b!.id, carrier: "中国邮政", trackingNumber: "YZ998877", actorId: w.owner.id });
    // Shipping twice is refused.
    await expect(shipOrder({ producerId: b!.producerId, orderId: b!.id, carrier: "中国邮政", trackingNumber: "YZ998877", actorId: w.owner.id })).rejects.toMatchObject({ status: 409 });

    // The buyer confirms one on "my orders"; the other is received automatically 10 days after shipping.
    const me = new TestClient(app.baseUrl);
    await me.signIn(buyer.email, TEST_PASSWORD);
    expect((await me.post(`/me/orders/${a!.id}`, { intent: "receive", orderId: a!.id })).status).toBe(302);
    await expect(confirmReceipt(a!.id, buyer.id)).rejects.toMatchObject({ status: 409 });
    const saleA = await prisma.consumptionSale.findUniqueOrThrow({ where: { orderId: a!.id } });
    expect(saleA).toMatchObject({ source: "SHOP", channel: "ONLINE", amountFen: 13_600n, buyerKind: "ENTERPRISE", orgId: w.org.id, producerId: a!.producerId, districtCode: "500240", category: "DRIED_SPECIALTY" });
    const { runShopJobs } = await import("~/modules/shop/jobs.server");
    // At +9 days: nothing is received automatically yet; the one received today completes (7 days after receipt).
    const day9 = new Date(Date.now() + 9 * DAY);
    const r9 = await runShopJobs(day9);
    expect([r9.received, r9.completed]).toEqual([0, 1]);
    // At +11 days: the shipped one is received automatically.
    const day11 = new Date(Date.now() + 11 * DAY);
    const r11 = await runShopJobs(day11);
    expect([r11.received, r11.completed]).toEqual([1, 0]);
    const autoB = await prisma.shopOrder.findUniqueOrThrow({ where: { id: b!.id }, select: { status: true, autoReceived: true } });
    expect(autoB).toEqual({ status: "RECEIVED", autoReceived: true });
    expect(await prisma.consumptionSale.count({ where: { orderId: b!.id } })).toBe(1);
    expect((await runShopJobs(new Date(day11.getTime() + 8 * DAY))).completed).toBe(1);
    // Anonymised 180 days after completion, not before.
    expect((await runShopJobs(new Date(day9.getTime() + 179 * DAY))).anonymised).toBe(0);
    expect((await runShopJobs(new Date(day9.getTime() + 181 * DAY))).anonymised).toBe(1);
    const anon = await prisma.shopOrder.findUniqueOrThrow({ where: { id: a!.id }, select: { status: true, recipientName: true, recipientPhone: true, address: true, anonymisedAt: true } });
    expect(anon.status).toBe("COMPLETED");
    expect(anon.anonymisedAt).not.toBeNull();
    expect(JSON.stringify(anon)).not.toMatch(/刘德芳|13912345678|民权路/);
    expect(await ledgerProblems(prisma)).toEqual([]);
  }, 300_000);

  it("refund requests: rejected with a reason, approved and booked, after receipt lowering the sale; never beyond the order", async () => {
    const w = await shopWorld(prisma, { products: [{ stock: 10, priceFen: 5000n }] });
    const c = await checkout([{ productId: w.products[0]!.id, quantity: 3 }]);
    await pay(prisma, c.checkoutId);
    const orderId = c.orders[0]!.id;
    const producerId = w.producers[0]!.id;
    const { requestOrderRefund, decideOrderRefund } = await import("~/modules/shop/refunds.server");
    const { shipOrder, confirmReceipt } = await import("~/modules/shop/orders.server");
    await shipOrder({ producerId, orderId, carrier: "顺丰速运", trackingNumber: "SF0001", actorId: w.owner.id });
    await confirmReceipt(orderId, null);
    expect((await prisma.consumptionSale.findUniqueOrThrow({ where: { orderId } })).amountFen).toBe(15_000n);

    // Guest page by token: ask for more than the order → 409; then a real request.
    const token = c.accessToken;
    const guest = new TestClient(app.baseUrl);
    expect((await guest.post(`/shop/orders/${token}`, { intent: "refund", orderId, amount: "200", reason: "太多" })).status).toBe(409);
    expect((await guest.post(`/shop/orders/${token}`, { intent: "refund", orderId, amount: "50", reason: "一瓶破损", restockQuantity: "0" })).status).toBe(302);
    // A second request while one waits is refused.
    await expect(requestOrderRefund({ orderId, amountFen: 100n, reason: "再退", restockQuantity: 0, actorId: null })).rejects.toMatchObject({ status: 409 });

    // The org's finance rejects it (with a reason), through the org page.
    const fin = new TestClient(app.baseUrl);
    await fin.signIn(w.finance.email, TEST_PASSWORD);
    const requested = await prisma.orderRefund.findFirstOrThrow({ where: { orderId, status: "REQUESTED" } });
    expect((await fin.post(`/org/${w.org.id}/shop-refunds`, { intent: "reject", refundId: requested.id, reason: "" })).status).toBe(400);
    expect((await fin.post(`/org/${w.org.id}/shop-refunds`, { intent: "reject", refundId: requested.id, reason: "照片显示完好" })).status).toBe(302);
    expect((await prisma.orderRefund.findUniqueOrThrow({ where: { id: requested.id } })).status).toBe("REJECTED");
    // Deciding twice is refused.
    await expect(decideOrderRefund({ refundId: requested.id, orgId: w.org.id, approve: true, actorId: w.finance.id })).rejects.toMatchObject({ status: 409 });

    // A new request, approved: refunded through the provider, booked as ORDER_REFUND, sale lowered, one unit back in stock.
    const r2 = await requestOrderRefund({ orderId, amountFen: 5_000n, reason: "一瓶破损", restockQuantity: 1, actorId: null });
    expect((await fin.post(`/org/${w.org.id}/shop-refunds`, { intent: "approve", refundId: r2.id })).status).toBe(302);
    expect((await prisma.orderRefund.findUniqueOrThrow({ where: { id: r2.id } })).status).toBe("SUCCEEDED");
    const o = await prisma.shopOrder.findUniqueOrThrow({ where: { id: orderId }, select: { refundedFen: true, status: true } });
    expect(o).toEqual({ refundedFen: 5_000n, status: "RECEIVED" });
    expect((await prisma.consumptionSale.findUniqueOrThrow({ where: { orderId } })).amountFen).toBe(10_000n);
    expect((await payable(producerId)).balance).toBe(10_000n);
    const tx = await prisma.ledgerTransaction.findFirstOrThrow({ where: { orderRefundId: r2.id }, select: { kind: true, amountFen: true, producerId: true, orgId: true } });
    expect(tx).toEqual({ kind: "ORDER_REFUND", amountFen: 5_000n, producerId, orgId: w.org.id });
    expect((await prisma.product.findUniqueOrThrow({ where: { id: w.products[0]!.id } })).stockOnHand).toBe(8);

    // The rest, refunded: the sale disappears and the order is REFUNDED.
    const r3 = await requestOrderRefund({ orderId, amountFen: 10_000n, reason: "全部退货", restockQuantity: 2, actorId: null });
    await decideOrderRefund({ refundId: r3.id, orgId: w.org.id, approve: true, actorId: w.finance.id });
    expect((await prisma.shopOrder.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("REFUNDED");
    expect(await prisma.consumptionSale.count({ where: { orderId } })).toBe(0);
    await expect(requestOrderRefund({ orderId, amountFen: 1n, reason: "再退", restockQuantity: 0, actorId: null })).rejects.toMatchObject({ status: 409 });
    expect((await payable(producerId)).balance).toBe(0n);
    expect(await ledgerProblems(prisma)).toEqual([]);
  }, 300_000);

  it("cancels a paid order before shipping with a full refund, and refuses payouts above the payable balance", async () => {
    const w = await shopWorld(prisma, { products: [{ stock: 10, priceFen: 10_000n }] });
    const producerId = w.producers[0]!.id;
    const c1 = await checkout([{ productId: w.products[0]!.id, quantity: 2 }]);
    const c2 = await checkout([{ productId: w.products[0]!.id, quantity: 3 }]);
    await pay(prisma, c1.checkoutId);
    await pay(prisma, c2.checkoutId);
    expect((await payable(producerId)).balance).toBe(50_000n);
    // The buyer cancels the first before shipping: refunded in full, stock back.
    const guest = new TestClient(app.baseUrl);
    expect((await guest.post(`/shop/orders/${c1.accessToken}`, { intent: "cancel", orderId: c1.orders[0]!.id, reason: "拍错了" })).status).toBe(302);
    const cancelled = await prisma.shopOrder.findUniqueOrThrow({ where: { id: c1.orders[0]!.id }, select: { status: true, refundedFen: true } });
    expect(cancelled).toEqual({ status: "CANCELLED", refundedFen: 20_000n });
    expect((await prisma.product.findUniqueOrThrow({ where: { id: w.products[0]!.id } })).stockOnHand).toBe(7);
    expect((await payable(producerId)).balance).toBe(30_000n);

    // Payouts: the finance member records one that fits; one above the balance is refused with 409; owner too.
    const fin = new TestClient(app.baseUrl);
    await fin.signIn(w.finance.email, TEST_PASSWORD);
    const today = new Date().toISOString().slice(0, 10);
    const over = await fin.post(`/producer/${producerId}/payouts`, { amount: "300.01", paidOn: today, reference: "BANK-1" });
    expect(over.status).toBe(409);
    expect(await over.text()).toContain("超过可结算余额");
    expect((await fin.post(`/producer/${producerId}/payouts`, { amount: "200", paidOn: today, reference: "BANK-2" })).status).toBe(302);
    // A member without finance cannot record one.
    const member = new TestClient(app.baseUrl);
    await member.signIn(w.member.email, TEST_PASSWORD);
    expect((await member.post(`/producer/${producerId}/payouts`, { amount: "1", paidOn: today })).status).toBe(403);
    // Concurrent payouts of 60 yuan against the 100 left: exactly one fits.
    const { recordPayout } = await import("~/modules/shop/payouts.server");
    const results = await Promise.allSettled([1, 2, 3].map(() => recordPayout({ producerId, amountFen: 6_000n, paidOn: new Date(), actorId: w.finance.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await payable(producerId)).balance).toBe(4_000n);
    const tx = await prisma.ledgerTransaction.findMany({ where: { producerId, kind: "PRODUCER_PAYOUT" } });
    expect(tx).toHaveLength(2);
    // A refund the payable can no longer cover is refused at approval.
    const { requestOrderRefund, decideOrderRefund } = await import("~/modules/shop/refunds.server");
    const r = await requestOrderRefund({ orderId: c2.orders[0]!.id, amountFen: 5_000n, reason: "质量问题", restockQuantity: 0, actorId: null });
    await expect(decideOrderRefund({ refundId: r.id, orgId: w.org.id, approve: true, actorId: w.finance.id })).rejects.toMatchObject({ status: 409, messageKey: "shop.refunds.errors.exceedsPayable" });
    expect(await ledgerProblems(prisma)).toEqual([]);
  }, 300_000);
});
