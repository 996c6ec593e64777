/**
 * Webhook replay for shop checkouts, over real HTTP to the built app, as test/funding/reliability
 * does for donations: 60 checkouts of one to three producers each (one order per producer), five
 * distinct events per checkout delivered 1–3 times in random order by 8 concurrent senders, plus
 * refund events replayed: every order paid exactly once, one ORDER_PAYMENT each, stock sold once,
 * ledger balanced (runLedgerChecks empty), and none of it counted as money raised.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import type { PrismaClient } from "~/generated/prisma/client";
import { checkout, ledgerProblems, orderRefundEvent, shopCheckoutEvent, shopWorld, sign } from "./shop-helpers";

const SECRET = "whsec_test_shop_replay_secret";
let app: TestApp;
let prisma: PrismaClient;

function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => {
  await app?.close();
  delete process.env.STRIPE_WEBHOOK_SECRET;
});

async function deliver(payloads: string[], senders: number) {
  const statuses: number[] = [];
  const results: string[] = [];
  let next = 0;
  const sender = async () => {
    while (next < payloads.length) {
      const payload = payloads[next++]!;
      const res = await fetch(`${app.baseUrl}/api/webhooks/stripe`, { method: "POST", body: payload, headers: { "Content-Type": "application/json", "Stripe-Signature": sign(payload, SECRET) } });
      const body = (await res.json()) as { result?: string };
      statuses.push(res.status);
      results.push(body.result ?? "");
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  return { statuses, results };
}

describe("shop webhooks under duplicate, out-of-order, concurrent delivery", () => {
  it("pays every order exactly once and keeps the ledger balanced", async () => {
    const random = rng(20261202);
    const world = await shopWorld(prisma, { producers: 3, products: [{ stock: 500, priceFen: 6800n }, { stock: 500, priceFen: 3990n }, { stock: 500, priceFen: 12800n }, { stock: 500, priceFen: 990n }] });
    const checkouts = [];
    for (let i = 0; i < 60; i++) {
      const picked = world.products.filter(() => random() < 0.6);
      const lines = (picked.length ? picked : [world.products[i % 4]!]).map((p) => ({ productId: p.id, quantity: 1 + Math.floor(random() * 3) }));
      checkouts.push(await checkout(lines));
    }
    const rows = await prisma.shopCheckout.findMany({ select: { id: true, providerSessionId: true, amountFen: true } });
    expect(rows).toHaveLength(60);
    const events: string[] = [];
    for (const c of rows) {
      const base = { sessionId: c.providerSessionId!, checkoutId: c.id, amountFen: c.amountFen };
      const pi = `pi_shop_${c.id}`;
      events.push(shopCheckoutEvent({ ...base, paymentIntent: pi }));
      events.push(shopCheckoutEvent({ ...base, type: "checkout.session.async_payment_succeeded", paymentIntent: pi }));
      events.push(shopCheckoutEvent({ ...base, type: "checkout.session.expired", paymentIntent: null, paid: false }));
      events.push(shopCheckoutEvent({ ...base, type: "payment_intent.succeeded", paymentIntent: pi }));
      events.push(shopCheckoutEvent({ ...base, type: "charge.succeeded", paymentIntent: pi }));
    }
    const deliveries: string[] = [];
    for (const e of events) for (let k = 0, n = 1 + Math.floor(random() * 3); k < n; k++) deliveries.push(e);
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const { statuses } = await deliver(deliveries, 8);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await prisma.paymentEvent.count()).toBe(300);

    // An expiry may arrive first and cancel (releasing stock); the payment then re-reserves it: every checkout ends paid.
    const after = await prisma.shopCheckout.findMany({ select: { status: true, amountFen: true, orders: { select: { id: true, status: true, totalFen: true } } } });
    expect(after.every((c) => c.status === "PAID")).toBe(true);
    const orders = after.flatMap((c) => c.orders);
    expect(orders.every((o) => o.status === "PAID")).toBe(true);
    const payments = await prisma.ledgerTransaction.findMany({ where: { kind: "ORDER_PAYMENT" }, select: { orderId: true, amountFen: true } });
    expect(payments).toHaveLength(orders.length);
    expect(new Set(payments.map((p) => p.orderId)).size).toBe(orders.length);
    const expected = rows.reduce((s, c) => s + c.amountFen, 0n);
    expect(payments.reduce((s, p) => s + p.amountFen, 0n)).toBe(expected);
    // Each checkout's event row names its checkout.
    expect(await prisma.paymentEvent.count({ where: { checkoutId: null } })).toBe(120); // the two ignored types carry nothing to route
    // Stock: sold exactly what was ordered, once.
    const ordered = await prisma.shopOrderLine.aggregate({ _sum: { quantity: true } });
    const sold = await prisma.stockMovement.aggregate({ where: { kind: "SOLD" }, _sum: { quantity: true } });
    expect(sold._sum.quantity).toBe(ordered._sum.quantity);
    const { stockDrift } = await import("~/modules/shop/stock.server");
    expect(await stockDrift(prisma)).toEqual([]);
    // Never money raised.
    expect(await prisma.ledgerTransaction.count({ where: { kind: { in: ["DONATION", "OFFLINE_DONATION", "REFUND"] } } })).toBe(0);
    expect(await ledgerProblems(prisma)).toEqual([]);

    // Refunds: approve a few, then replay their provider events (duplicates, late) — booked once each.
    const { requestOrderRefund, decideOrderRefund } = await import("~/modules/shop/refunds.server");
    const someOrders = orders.slice(0, 8);
    const refundEvents: string[] = [];
    for (const o of someOrders) {
      const r = await requestOrderRefund({ orderId: o.id, amountFen: 100n, reason: "少发一件", restockQuantity: 0, actorId: null });
      await decideOrderRefund({ refundId: r.id, orgId: world.org.id, approve: true, actorId: world.finance.id });
      const row = await prisma.orderRefund.findUniqueOrThrow({ where: { id: r.id }, select: { status: true, providerRefundId: true, order: { select: { checkoutId: true } } } });
      expect(row.status).toBe("SUCCEEDED");
      const e = orderRefundEvent({ refundId: r.id, checkoutId: row.order.checkoutId, providerRefundId: row.providerRefundId!, amountFen: 100n, status: "succeeded" });
      refundEvents.push(e, e, orderRefundEvent({ refundId: r.id, checkoutId: row.order.checkoutId, providerRefundId: row.providerRefundId!, amountFen: 100n, status: "succeeded" }));
    }
    const replay = await deliver(refundEvents, 6);
    expect(replay.statuses.every((s) => s === 200)).toBe(true);
    expect(replay.results.filter((r) => r === "refund_completed")).toHaveLength(0);
    expect(replay.results.filter((r) => r === "refund_already")).toHaveLength(16);
    expect(replay.results.filter((r) => r === "duplicate")).toHaveLength(8);
    expect(await prisma.ledgerTransaction.count({ where: { kind: "ORDER_REFUND" } })).toBe(8);
    expect(await ledgerProblems(prisma)).toEqual([]);
  }, 600_000);
  it("a payment after its checkout expired does not deadlock with another payment creating the producer's account", async () => {
    // The first payment to a producer creates its payable account; an ordinary payment takes the
    // products' locks last, a payment after expiry first (to reserve them again). Here the other
    // payment is played by a transaction holding the new account, uncommitted, while the late
    // payment arrives; it then locks the product, as an ordinary payment's stock move does.
    const world = await shopWorld(prisma, { producers: 1, products: [{ stock: 50, priceFen: 2500n }] });
    const producerId = world.producers[0]!.id;
    const productId = world.products[0]!.id;
    await checkout([{ productId, quantity: 2 }]);
    const co = await prisma.shopCheckout.findFirstOrThrow({ where: { orders: { some: { producerId } } }, select: { id: true, providerSessionId: true, amountFen: true } });
    const base = { sessionId: co.providerSessionId!, checkoutId: co.id, amountFen: co.amountFen };
    const expired = await deliver([shopCheckoutEvent({ ...base, type: "checkout.session.expired", paymentIntent: null, paid: false })], 1);
    expect(expired.statuses).toEqual([200]);
    expect((await prisma.shopCheckout.findUniqueOrThrow({ where: { id: co.id }, select: { status: true } })).status).toBe("CANCELLED");

    const { ensureAccount } = await import("~/modules/ledger/accounts.server");
    const waiting = async () => (await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)[0]!.n;
    let late: Promise<{ statuses: number[]; results: string[] }> | undefined;
    await prisma.$transaction(
      async (tx) => {
        await ensureAccount(tx, { kind: "PRODUCER_PAYABLE", producerId });
        late = deliver([shopCheckoutEvent({ ...base, paymentIntent: `pi_shop_late_${co.id}` })], 1);
        // The late payment now waits for the account this transaction inserted.
        const until = Date.now() + 15_000;
        while ((await waiting()) === 0) {
          if (Date.now() > until) throw new Error("the late payment never waited for the new account");
          await new Promise((r) => setTimeout(r, 20));
        }
        await tx.$queryRaw`SELECT id FROM "Product" WHERE id = ${productId} FOR UPDATE`;
      },
      { timeout: 30_000 },
    );
    const { statuses } = await late!;
    expect(statuses).toEqual([200]);
    const until = Date.now() + 15_000;
    let status = "";
    while ((status = (await prisma.shopCheckout.findUniqueOrThrow({ where: { id: co.id }, select: { status: true } })).status) !== "PAID" && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(status).toBe("PAID");
    expect(await prisma.ledgerTransaction.count({ where: { kind: "ORDER_PAYMENT", producerId } })).toBe(1);
    expect(await ledgerProblems(prisma)).toEqual([]);
  }, 120_000);
});
