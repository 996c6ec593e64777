/**
 * Provider events about a shop checkout, applied inside applyProviderEvent's transaction (which has
 * already claimed the event's unique PaymentEvent row, so a replay never gets here twice).
 *
 * Payment: lock the checkout row, check the session, the amount and currency and that the payment id
 * is not another payable's, then in the same transaction: checkout PAID, each order PAID, each line's
 * reserved stock SOLD, one ORDER_PAYMENT per order (provider clearing → producer payable).
 *
 * A payment arriving after the reservation expired (the expiry job or the buyer cancelled, stock was
 * RELEASED — possible when the provider could not close the session in time): the money is real, so
 * it is always recorded, never dropped and never counted twice:
 *  - if every line's stock is still available it is RESERVED again and the orders proceed as paid;
 *  - otherwise the orders stay CANCELLED but are marked paid (paidAt, ORDER_PAYMENT into the payable)
 *    and a full OrderRefund per order is created PENDING and sent to the provider right after commit
 *    (or by `npm run jobs:shop` if that call fails), which books ORDER_REFUND when confirmed.
 */
import type { Db } from "~/utils/db.server";
import type { ProviderEvent } from "~/modules/payments/provider";
import { ensureOrderPaymentAccounts, postOrderPayment } from "~/modules/ledger/shop-postings.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { cancelCheckoutInTx } from "./checkout.server";
import { moveStock } from "./stock.server";
import { notifyBuyer, notifyProducerSide } from "./notify.server";
import { completeOrderRefund, failOrderRefund, sendOrderRefund } from "./refunds.server";

export type ShopEventResult =
  | "recorded"
  | "recorded_after_expiry"
  | "refunding_after_expiry"
  | "already_recorded"
  | "unknown_checkout"
  | "amount_mismatch"
  | "session_mismatch"
  | "payment_reused"
  | "cancelled"
  | "no_change"
  | "refund_completed"
  | "refund_already"
  | "refund_failed"
  | "refund_unknown"
  | "refund_needs_attention";

export type AfterCommit = (() => Promise<unknown>)[];

const byProduct = <T extends { productId: string }>(a: T, b: T) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);

async function lockCheckout(tx: Db, id: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ShopCheckout" WHERE id = ${id} FOR UPDATE`;
  if (!locked.length) return null;
  return tx.shopCheckout.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      status: true,
      amountFen: true,
      currency: true,
      provider: true,
      providerSessionId: true,
      buyerUserId: true,
      orders: {
        select: { id: true, number: true, status: true, totalFen: true, producerId: true, supportOrgId: true, buyerUserId: true, producer: { select: { districtCode: true } }, lines: { select: { productId: true, quantity: true } } },
        orderBy: { number: "asc" },
      },
    },
  });
}

/** Finds the checkout an event is about when it carries no payable (by session id). */
export async function checkoutIdForSession(tx: Db, sessionId: string) {
  return (await tx.shopCheckout.findUnique({ where: { providerSessionId: sessionId }, select: { id: true } }))?.id ?? null;
}

export async function applyShopEvent(tx: Db, event: ProviderEvent, checkoutId: string, after: AfterCommit): Promise<{ result: ShopEventResult; checkoutId?: string }> {
  if (event.kind === "refund_succeeded" || event.kind === "refund_failed") return applyOrderRefundEvent(tx, event);
  const co = await lockCheckout(tx, checkoutId);
  if (!co || co.provider !== event.provider) return { result: "unknown_checkout" };
  if (event.sessionId && co.providerSessionId && event.sessionId !== co.providerSessionId) return { result: "session_mismatch", checkoutId };

  if (event.kind === "payment_failed" || event.kind === "checkout_expired") {
    // Late or out of order: once paid (or already cancelled) nothing changes.
    if (co.status !== "PENDING") return { result: "no_change", checkoutId };
    await cancelCheckoutInTx(tx, checkoutId, event.kind === "payment_failed" ? "payment failed" : "checkout expired");
    return { result: "cancelled", checkoutId };
  }
  if (event.kind !== "payment_succeeded") return { result: "no_change", checkoutId };

  if (co.status === "PAID") return { result: "already_recorded", checkoutId };
  if (event.amountFen === undefined || event.amountFen !== co.amountFen || (event.currency ?? "").toUpperCase() !== co.currency) return { result: "amount_mismatch", checkoutId };
  if (!event.paymentId) return { result: "amount_mismatch", checkoutId };
  const [reusedShop, reusedDonation] = await Promise.all([
    tx.shopCheckout.findUnique({ where: { providerPaymentId: event.paymentId }, select: { id: true } }),
    tx.donation.findUnique({ where: { providerPaymentId: event.paymentId }, select: { id: true } }),
  ]);
  if ((reusedShop && reusedShop.id !== checkoutId) || reusedDonation) return { result: "payment_reused", checkoutId };

  // The ledger accounts first, before the products are locked (ensureOrderPaymentAccounts says why).
  const accounts = await ensureOrderPaymentAccounts(tx, co.provider, co.orders.map((o) => o.producerId));
  const paidAt = event.occurredAt;
  let stockBack = true;
  if (co.status === "CANCELLED") stockBack = await reReserve(tx, co.orders);

  await tx.shopCheckout.update({
    where: { id: checkoutId },
    data: { status: "PAID", paidAt, providerPaymentId: event.paymentId, providerSessionId: co.providerSessionId ?? event.sessionId ?? null, cancelledAt: null },
  });
  // Orders in producer order (accounts are created and locked in one order) and stock moves in
  // product order across all orders, so two payments sharing producers or products never deadlock.
  const orders = [...co.orders].sort((a, b) => (a.producerId < b.producerId ? -1 : a.producerId > b.producerId ? 1 : 0));
  for (const o of orders) {
    await postOrderPayment(tx, { orderId: o.id, producerId: o.producerId, orgId: o.supportOrgId, districtCode: o.producer.districtCode, amountFen: o.totalFen, provider: co.provider, occurredAt: paidAt }, accounts);
    if (stockBack) {
      await tx.shopOrder.update({ where: { id: o.id }, data: { status: "PAID", paidAt, cancelledAt: null, cancelReason: null } });
    } else {
      // Paid for goods no longer there: recorded, then refunded in full automatically.
      await tx.shopOrder.update({ where: { id: o.id }, data: { paidAt, cancelReason: "paid after the reservation expired; out of stock, refunded automatically" } });
      const refund = await tx.orderRefund.create({
        data: { orderId: o.id, amountFen: o.totalFen, reason: "paid after the reservation expired; out of stock", status: "PENDING", decidedAt: new Date() },
        select: { id: true },
      });
      after.push(() => sendOrderRefund(refund.id));
    }
  }
  if (stockBack) {
    for (const o of orders) {
      await notifyBuyer(tx, o.buyerUserId, "shop.orderPaid", { number: o.number }, o.id);
      await notifyProducerSide(tx, o.producerId, "shop.orderToShip", { number: o.number }, `/producer/${o.producerId}/orders/${o.id}`);
    }
    // Last, so the hot product rows stay locked for as short a time as possible.
    const moves = orders.flatMap((o) => o.lines.map((l) => ({ ...l, orderId: o.id }))).sort(byProduct);
    for (const m of moves) await moveStock(tx, { productId: m.productId, kind: "SOLD", quantity: m.quantity, orderId: m.orderId, note: "paid" });
  }
  if (co.status === "CANCELLED") {
    await recordAudit({ actorId: null, action: stockBack ? "shop.paid_after_expiry" : "shop.refund_after_expiry", entityType: "ShopCheckout", entityId: checkoutId, reason: "payment arrived after the reservation expired", after: { eventId: event.eventId, amountFen: co.amountFen.toString() } }, tx);
    return { result: stockBack ? "recorded_after_expiry" : "refunding_after_expiry", checkoutId };
  }
  return { result: "recorded", checkoutId };
}

/** Reserves again the stock of a cancelled checkout's orders, all or nothing (rows locked in product order first). */
async function reReserve(tx: Db, orders: { id: string; lines: { productId: string; quantity: number }[] }[]) {
  const moves = orders.flatMap((o) => o.lines.map((l) => ({ ...l, orderId: o.id }))).sort(byProduct);
  const need = new Map<string, number>();
  for (const m of moves) need.set(m.productId, (need.get(m.productId) ?? 0) + m.quantity);
  const ids = [...need.keys()];
  const rows = await tx.$queryRaw<{ id: string; available: number }[]>`SELECT id, ("stockOnHand" - "stockReserved")::int AS available FROM "Product" WHERE id = ANY(${ids}) ORDER BY id FOR UPDATE`;
  const available = new Map(rows.map((r) => [r.id, Number(r.available)]));
  for (const [id, q] of need) if ((available.get(id) ?? 0) < q) return false;
  for (const m of moves) await moveStock(tx, { productId: m.productId, kind: "RESERVED", quantity: m.quantity, orderId: m.orderId, note: "payment after expiry" });
  return true;
}

/** A provider's word on an order refund we asked for. */
async function applyOrderRefundEvent(tx: Db, event: ProviderEvent): Promise<{ result: ShopEventResult; checkoutId?: string }> {
  const where = event.refundId ? { id: event.refundId } : event.providerRefundId ? { providerRefundId: event.providerRefundId } : null;
  const refund = where && (await tx.orderRefund.findUnique({ where, select: { id: true, amountFen: true, order: { select: { checkoutId: true, checkout: { select: { provider: true } } } } } }));
  if (!refund || refund.order.checkout.provider !== event.provider) return { result: "refund_unknown" };
  const checkoutId = refund.order.checkoutId;
  if (event.amountFen !== undefined && event.amountFen !== refund.amountFen) return { result: "amount_mismatch", checkoutId };
  const outcome = event.kind === "refund_succeeded" ? await completeOrderRefund(refund.id, event.providerRefundId ?? null, null, tx) : await failOrderRefund(refund.id, event.providerRefundId ?? null, tx);
  const result: ShopEventResult =
    outcome === "completed" ? "refund_completed"
    : outcome === "already" ? "refund_already"
    : outcome === "failed" ? "refund_failed"
    : outcome === "needs_attention" ? "refund_needs_attention"
    : outcome === "no_change" ? "no_change"
    : "refund_unknown";
  return { result, checkoutId };
}
