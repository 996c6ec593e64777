/**
 * Issue 13 "must show": 100 buyers checking out at once, over real HTTP, a product with 10 in stock:
 * exactly 10 units reserved (then sold), the 90 others told clearly which product ran out, the stock
 * record and its counters agreeing; expired reservations return their stock (the job), and a payment
 * arriving after expiry is re-reserved or refunded automatically — never lost, never counted twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import type { PrismaClient } from "~/generated/prisma/client";
import { checkout, DELIVERY, ledgerProblems, pay, shopWorld } from "./shop-helpers";

let app: TestApp;
let prisma: PrismaClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => app?.close());

describe("100 buyers, 10 in stock", () => {
  it("reserves exactly 10, tells the 90 others clearly, sells what is paid and returns what expires", async () => {
    const { products } = await shopWorld(prisma, { products: [{ stock: 10, name: "石柱中华蜂土蜂蜜 500克" }] });
    const product = products[0]!;
    const buyers = Array.from({ length: 100 }, () => new TestClient(app.baseUrl));
    // Each buyer puts one jar in its own cart (a signed cookie), ten at a time.
    for (let i = 0; i < buyers.length; i += 10) {
      const adds = await Promise.all(buyers.slice(i, i + 10).map((b) => b.post("/shop/cart", { productId: product.id, quantity: "1" })));
      expect(adds.map((r) => r.status)).toEqual(Array(10).fill(302));
    }
    const answers = await Promise.all(buyers.map((b, i) => b.post("/shop/checkout", { ...DELIVERY, email: `buyer${i}@example.cn` })));
    const bodies = await Promise.all(answers.map((r) => r.text()));
    const ok = answers.filter((r) => r.status === 302);
    const refused = answers.map((r, i) => ({ status: r.status, body: bodies[i]! })).filter((r) => r.status !== 302);
    expect(ok).toHaveLength(10);
    for (const r of ok) expect(r.headers.get("Location")).toMatch(/^\/checkout\/test\/cs_test_local_/);
    expect(refused).toHaveLength(90);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body).toContain("石柱中华蜂土蜂蜜 500克");
      expect(r.body).toContain("库存不足");
    }
    const { stockDrift } = await import("~/modules/shop/stock.server");
    let p = await prisma.product.findUniqueOrThrow({ where: { id: product.id }, select: { stockOnHand: true, stockReserved: true } });
    expect(p).toEqual({ stockOnHand: 10, stockReserved: 10 });
    expect(await stockDrift(prisma)).toEqual([]);
    expect(await prisma.shopCheckout.count()).toBe(10);
    expect(await prisma.shopOrder.count()).toBe(10);
    // The refused buyers keep their cart.
    const again = await buyers[answers.indexOf(refused.length ? answers.find((r) => r.status === 409)! : answers[0]!)]!.get("/shop/cart");
    expect(await again.text()).toContain("石柱中华蜂土蜂蜜 500克");

    // Six pay through the test checkout page (the same signed webhook path as Stripe).
    const sessions = ok.map((r) => r.headers.get("Location")!);
    for (const [i, url] of sessions.slice(0, 6).entries()) {
      const paid = await buyers[answers.indexOf(ok[i]!)]!.post(url, { outcome: "paid" });
      expect(paid.status).toBe(302);
      expect(paid.headers.get("Location")).toMatch(/^\/shop\/orders\//);
    }
    // One cancels on the provider's page: its stock is released at once.
    const cancelled = await buyers[answers.indexOf(ok[6]!)]!.post(sessions[6]!, { outcome: "expired" });
    expect(cancelled.headers.get("Location")).toBe("/shop/cart?cancelled=1");
    p = await prisma.product.findUniqueOrThrow({ where: { id: product.id }, select: { stockOnHand: true, stockReserved: true } });
    expect(p).toEqual({ stockOnHand: 4, stockReserved: 3 });

    // The other three let their 15 minutes pass: the job cancels them and returns the stock.
    const { runShopJobs } = await import("~/modules/shop/jobs.server");
    const res = await runShopJobs(new Date(Date.now() + 16 * 60_000));
    expect(res.expired).toBe(3);
    p = await prisma.product.findUniqueOrThrow({ where: { id: product.id }, select: { stockOnHand: true, stockReserved: true } });
    expect(p).toEqual({ stockOnHand: 4, stockReserved: 0 });
    expect(await prisma.shopOrder.count({ where: { status: "PAID" } })).toBe(6);
    expect(await prisma.shopOrder.count({ where: { status: "CANCELLED" } })).toBe(4);
    const sold = await prisma.stockMovement.aggregate({ where: { productId: product.id, kind: "SOLD" }, _sum: { quantity: true } });
    expect(sold._sum.quantity).toBe(6);
    expect(await stockDrift(prisma)).toEqual([]);
    // The expired sessions can no longer be paid on the test page.
    expect((await buyers[answers.indexOf(ok[7]!)]!.post(sessions[7]!, { outcome: "paid" })).status).toBe(409);
    expect(await ledgerProblems(prisma)).toEqual([]);
  }, 600_000);

  it("records a payment that arrives after expiry: re-reserves when stock is there, else refunds it automatically", async () => {
    const { products } = await shopWorld(prisma, { products: [{ stock: 2 }] });
    const product = products[0]!;
    const first = await checkout([{ productId: product.id, quantity: 2 }]);
    const { expireCheckouts } = await import("~/modules/shop/jobs.server");
    expect(await expireCheckouts(new Date(Date.now() + 16 * 60_000))).toBeGreaterThanOrEqual(1);
    // Stock is free again; the late payment re-reserves and sells it.
    const session = (await prisma.shopCheckout.findUniqueOrThrow({ where: { id: first.checkoutId }, select: { providerSessionId: true, amountFen: true } }))!;
    const { applyProviderEvent } = await import("~/modules/donations/events.server");
    const late = (checkoutId: string, sessionId: string, amountFen: bigint) =>
      applyProviderEvent({ provider: "STRIPE", eventId: `evt_late_${checkoutId}`, type: "checkout.session.completed", kind: "payment_succeeded", occurredAt: new Date(), payable: { kind: "shop_checkout", id: checkoutId }, sessionId, paymentId: `pi_late_${checkoutId}`, amountFen, currency: "CNY" });
    expect(await late(first.checkoutId, session.providerSessionId!, session.amountFen)).toBe("recorded_after_expiry");
    expect((await prisma.shopOrder.findFirstOrThrow({ where: { checkoutId: first.checkoutId } })).status).toBe("PAID");
    expect(await prisma.product.findUniqueOrThrow({ where: { id: product.id }, select: { stockOnHand: true, stockReserved: true } })).toEqual({ stockOnHand: 0, stockReserved: 0 });

    // Restock 1, a second buyer reserves it and lets it expire, a third buys it: the late payment finds no stock.
    const { moveStock } = await import("~/modules/shop/stock.server");
    await moveStock(prisma, { productId: product.id, kind: "RECEIVED", quantity: 1 });
    const second = await checkout([{ productId: product.id, quantity: 1 }]);
    await expireCheckouts(new Date(Date.now() + 16 * 60_000));
    const third = await checkout([{ productId: product.id, quantity: 1 }]);
    await pay(prisma, third.checkoutId);
    const s2 = await prisma.shopCheckout.findUniqueOrThrow({ where: { id: second.checkoutId }, select: { providerSessionId: true, amountFen: true } });
    expect(await late(second.checkoutId, s2.providerSessionId!, s2.amountFen)).toBe("refunding_after_expiry");
    const order = await prisma.shopOrder.findFirstOrThrow({ where: { checkoutId: second.checkoutId }, select: { id: true, status: true, paidAt: true, refundedFen: true, totalFen: true } });
    // Recorded (paid, into the payable) and refunded in full through the provider (the test provider settles at once).
    expect(order.status).toBe("CANCELLED");
    expect(order.paidAt).not.toBeNull();
    expect(order.refundedFen).toBe(order.totalFen);
    expect(await prisma.ledgerTransaction.count({ where: { orderId: order.id, kind: "ORDER_PAYMENT" } })).toBe(1);
    expect(await prisma.ledgerTransaction.count({ where: { orderId: order.id, kind: "ORDER_REFUND" } })).toBe(1);
    // A replay of the same late event changes nothing.
    expect(await late(second.checkoutId, s2.providerSessionId!, s2.amountFen)).toBe("duplicate");
    const { stockDrift } = await import("~/modules/shop/stock.server");
    expect(await stockDrift(prisma)).toEqual([]);
    expect(await ledgerProblems(prisma)).toEqual([]);
  }, 300_000);
});
