/**
 * Access to orders and delivery details, over HTTP: one organization cannot see or touch another's
 * producers' orders or addresses (403/404); staff read them masked; the organization's finance reads
 * them masked too (only the shop members handling orders see them); a buyer sees only their own
 * orders; a guest's order page opens only with its token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import type { PrismaClient } from "~/generated/prisma/client";
import { createUser, TEST_PASSWORD } from "../support/factories/accounts";
import { checkout, pay, shopWorld } from "./shop-helpers";

let app: TestApp;
let prisma: PrismaClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => app?.close());

const client = async (email?: string) => {
  const c = new TestClient(app.baseUrl);
  if (email) await c.signIn(email, TEST_PASSWORD);
  return c;
};

describe("who sees orders and addresses", () => {
  it("keeps each organization, buyer and guest to their own", async () => {
    const A = await shopWorld(prisma);
    const B = await shopWorld(prisma);
    const staffUser = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
    const buyer1 = await createUser(prisma);
    const buyer2 = await createUser(prisma);
    const c1 = await checkout([{ productId: A.products[0]!.id, quantity: 1 }], { ...buyer1, displayName: "买家一" });
    const c2 = await checkout([{ productId: B.products[0]!.id, quantity: 1 }], { ...buyer2, displayName: "买家二" });
    const guest = await checkout([{ productId: A.products[0]!.id, quantity: 1 }]);
    for (const c of [c1, c2, guest]) await pay(prisma, c.checkoutId);
    const pA = A.producers[0]!.id;
    const pB = B.producers[0]!.id;
    const o1 = c1.orders[0]!.id;
    const o2 = c2.orders[0]!.id;
    const PHONE = "13912345678";

    // The producer side handling the order sees the delivery details in full.
    const aMember = await client(A.member.email);
    const page = await aMember.get(`/producer/${pA}/orders/${o1}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(PHONE);
    expect(html).toContain("民权路 88 号");
    // …but not another producer's order, even through its own producer's URL.
    expect((await aMember.get(`/producer/${pA}/orders/${o2}`)).status).toBe(404);
    expect((await aMember.get(`/producer/${pB}/orders`)).status).toBe(403);
    expect((await aMember.get(`/producer/${pB}/orders/${o2}`)).status).toBe(403);
    expect((await aMember.post(`/producer/${pB}/orders/${o2}`, { intent: "ship", carrier: "顺丰速运", trackingNumber: "SF1" })).status).toBe(403);
    expect((await aMember.post(`/producer/${pA}/orders/${o2}`, { intent: "ship", carrier: "顺丰速运", trackingNumber: "SF1" })).status).toBe(404);
    expect((await prisma.shopOrder.findUniqueOrThrow({ where: { id: o2 } })).status).toBe("PAID");

    // Another organization's owner and finance: refused; its refunds page lists none of A's.
    const bOwner = await client(B.owner.email);
    expect((await bOwner.get(`/producer/${pA}/orders/${o1}`)).status).toBe(403);
    expect((await bOwner.get(`/producer/${pA}/payouts`)).status).toBe(403);
    const { requestOrderRefund } = await import("~/modules/shop/refunds.server");
    const refund = await requestOrderRefund({ orderId: o1, amountFen: 100n, reason: "破损", restockQuantity: 0, actorId: buyer1.id });
    const bFinance = await client(B.finance.email);
    const bRefunds = await (await bFinance.get(`/org/${B.org.id}/shop-refunds`)).text();
    expect(bRefunds).not.toContain(c1.orders[0]!.number);
    expect((await bFinance.post(`/org/${B.org.id}/shop-refunds`, { intent: "approve", refundId: refund.id })).status).toBe(404);
    expect((await bFinance.post(`/org/${A.org.id}/shop-refunds`, { intent: "approve", refundId: refund.id })).status).toBe(403);
    expect((await prisma.orderRefund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("REQUESTED");

    // Staff read masked; A's finance reads masked (it does not handle orders).
    for (const who of [staffUser.email, A.finance.email]) {
      const c = await client(who);
      const r = await c.get(`/producer/${pA}/orders/${o1}`);
      expect(r.status).toBe(200);
      const text = await r.text();
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain("民权路 88 号");
      expect(text).toContain("139****5678");
    }
    // Staff cannot act on the producer's orders.
    const staff = await client(staffUser.email);
    expect((await staff.post(`/producer/${pA}/orders/${o1}`, { intent: "ship", carrier: "顺丰速运", trackingNumber: "SF1" })).status).toBe(403);

    // Buyers: their own orders only.
    const b1 = await client(buyer1.email);
    const b2 = await client(buyer2.email);
    expect((await b1.get(`/me/orders/${o1}`)).status).toBe(200);
    expect((await b2.get(`/me/orders/${o1}`)).status).toBe(404);
    expect((await b2.post(`/me/orders/${o1}`, { intent: "cancel", orderId: o1, reason: "试试" })).status).toBe(404);
    const list2 = await (await b2.get("/me/orders")).text();
    expect(list2).toContain(c2.orders[0]!.number);
    expect(list2).not.toContain(c1.orders[0]!.number);
    // Posting another order's id on one's own order page does not reach it.
    expect((await b2.post(`/me/orders/${o2}`, { intent: "cancel", orderId: o1, reason: "试试" })).status).toBe(404);
    expect((await prisma.shopOrder.findUniqueOrThrow({ where: { id: o1 } })).status).toBe("PAID");

    // Guests: only with the token, and only that checkout's orders.
    const anon = await client();
    const gPage = await anon.get(`/shop/orders/${guest.accessToken}`);
    expect(gPage.status).toBe(200);
    expect(await gPage.text()).toContain(PHONE);
    expect((await anon.get(`/shop/orders/${"x".repeat(32)}`)).status).toBe(404);
    expect((await anon.get(`/shop/orders/short`)).status).toBe(404);
    expect((await anon.post(`/shop/orders/${guest.accessToken}`, { intent: "cancel", orderId: o1, reason: "试试" })).status).toBe(404);
    expect((await anon.get(`/me/orders/${o1}`, { followRedirects: false })).status).toBe(302);
    expect((await anon.get(`/producer/${pA}/orders/${o1}`, { followRedirects: false })).status).toBe(302);
  }, 300_000);
});
