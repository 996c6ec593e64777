/**
 * Order refunds, on the pattern of donations/refunds.server.ts:
 *
 * 1. The buyer asks (REQUESTED: full or partial, a reason, optionally units going back to stock), or
 *    a cancellation/late payment creates one already approved. A requested or pending refund
 *    reserves its amount in the producer's payable (no payout can take it).
 * 2. The producer's supporting organization (org:finance) approves — under the order and payable
 *    locks, never beyond what is left of the order nor what the payable holds — and the row becomes
 *    PENDING; or rejects it with a reason.
 * 3. The provider is asked, idempotently on the refund id. Confirmed: ORDER_REFUND is booked
 *    (payable → refunds), the order's refunded amount grows, returned units go back to stock, and a
 *    received order's sale is lowered. A definite refusal: FAILED (the money is free again). No
 *    answer: it stays PENDING until the provider's event or `npm run jobs:shop` settles it.
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { lockedPayable, postOrderRefund } from "~/modules/ledger/shop-postings.server";
import { providerFor } from "~/modules/payments/payments.server";
import { ProviderError, type RefundResult } from "~/modules/payments/provider";
import { formatFen } from "~/utils/format";
import { paginate } from "~/utils/pagination";
import { moveStock } from "./stock.server";
import { adjustSaleAfterRefund } from "./sale.server";
import { notifyBuyer, notifyProducerSide } from "./notify.server";
import { logger } from "~/utils/logger.server";

const REFUNDABLE = ["PAID", "SHIPPED", "RECEIVED"] as const;

export async function lockOrder(tx: Db, id: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ShopOrder" WHERE id = ${id} FOR UPDATE`;
  if (!locked.length) return null;
  return tx.shopOrder.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      number: true,
      status: true,
      totalFen: true,
      refundedFen: true,
      producerId: true,
      supportOrgId: true,
      buyerUserId: true,
      checkoutId: true,
      producer: { select: { districtCode: true } },
      checkout: { select: { provider: true, providerPaymentId: true } },
      lines: { select: { productId: true, quantity: true }, orderBy: { id: "asc" } },
    },
  });
}

/** What may still be asked back: the total less what was refunded and what is requested or pending. */
async function remainingFor(tx: Db, order: { id: string; totalFen: bigint; refundedFen: bigint }, exceptRefundId?: string) {
  const open = await tx.orderRefund.aggregate({ where: { orderId: order.id, status: { in: ["REQUESTED", "PENDING"] }, ...(exceptRefundId ? { id: { not: exceptRefundId } } : {}) }, _sum: { amountFen: true } });
  return order.totalFen - order.refundedFen - (open._sum.amountFen ?? 0n);
}

/** The buyer asks for money back (access to the order is checked by the caller). */
export async function requestOrderRefund(input: { orderId: string; amountFen: bigint; reason: string; restockQuantity: number; actorId: string | null }) {
  return inTransaction(prisma, async (tx) => {
    const o = await lockOrder(tx, input.orderId);
    if (!o) throw new AppError("errors.http.404", 404);
    if (!(REFUNDABLE as readonly string[]).includes(o.status)) throw new AppError("shop.refunds.errors.notRefundable", 409);
    if (await tx.orderRefund.count({ where: { orderId: o.id, status: "REQUESTED" } })) throw new AppError("shop.refunds.errors.alreadyRequested", 409);
    const remaining = await remainingFor(tx, o);
    if (input.amountFen > remaining) throw new AppError("shop.refunds.errors.tooLarge", 409, { remaining: formatFen(remaining) }, { amount: "shop.refunds.errors.tooLarge" });
    const units = o.lines.reduce((s, l) => s + l.quantity, 0);
    if (input.restockQuantity > units) throw new AppError("shop.refunds.errors.restockTooMany", 400, { max: units }, { restockQuantity: "shop.refunds.errors.restockTooMany" });
    const refund = await tx.orderRefund.create({ data: { orderId: o.id, amountFen: input.amountFen, reason: input.reason, restockQuantity: input.restockQuantity, requestedById: input.actorId, status: "REQUESTED" }, select: { id: true } });
    await recordAudit({ actorId: input.actorId, action: "shop.refund_requested", entityType: "ShopOrder", entityId: o.id, orgId: o.supportOrgId, reason: input.reason, after: { refundId: refund.id, amountFen: input.amountFen.toString() } }, tx);
    await notifyProducerSide(tx, o.producerId, "shop.refundRequested", { number: o.number, amount: formatFen(input.amountFen) }, `/org/${o.supportOrgId}/shop-refunds`);
    return refund;
  });
}

/** The supporting organization decides (org:finance checked by the route; `orgId` is the organization acting). */
export async function decideOrderRefund(input: { refundId: string; orgId: string; approve: boolean; reason?: string; actorId: string }) {
  const decided = await inTransaction(prisma, async (tx) => {
    const found = await tx.orderRefund.findUnique({ where: { id: input.refundId }, select: { orderId: true } });
    if (!found) throw new AppError("errors.http.404", 404);
    const o = await lockOrder(tx, found.orderId);
    if (!o || o.supportOrgId !== input.orgId) throw new AppError("errors.http.404", 404);
    const refund = await tx.orderRefund.findUniqueOrThrow({ where: { id: input.refundId }, select: { id: true, status: true, amountFen: true, requestedById: true } });
    if (refund.status !== "REQUESTED") throw new AppError("shop.refunds.errors.decided", 409);
    if (refund.requestedById && refund.requestedById === input.actorId) throw new AppError("shop.refunds.errors.ownRequest", 403);
    if (!input.approve) {
      await tx.orderRefund.update({ where: { id: refund.id }, data: { status: "REJECTED", decidedById: input.actorId, decidedAt: new Date(), decisionReason: input.reason ?? null } });
      await recordAudit({ actorId: input.actorId, action: "shop.refund_rejected", entityType: "ShopOrder", entityId: o.id, orgId: o.supportOrgId, reason: input.reason ?? null, after: { refundId: refund.id } }, tx);
      await notifyBuyer(tx, o.buyerUserId, "shop.refundRejected", { number: o.number, reason: input.reason ?? "" }, o.id);
      return null;
    }
    if (!o.checkout.providerPaymentId) throw new AppError("shop.refunds.errors.notRefundable", 409);
    if (refund.amountFen > (await remainingFor(tx, o, refund.id))) throw new AppError("shop.refunds.errors.tooLarge", 409, { remaining: formatFen(await remainingFor(tx, o, refund.id)) });
    // Under the payable lock: its own reservation counts as available to itself, not to others.
    const { available } = await lockedPayable(tx, o.producerId, { exceptRefundId: refund.id });
    if (refund.amountFen > available) throw new AppError("shop.refunds.errors.exceedsPayable", 409, { balance: formatFen(available > 0n ? available : 0n) });
    await tx.orderRefund.update({ where: { id: refund.id }, data: { status: "PENDING", decidedById: input.actorId, decidedAt: new Date() } });
    await recordAudit({ actorId: input.actorId, action: "shop.refund_approved", entityType: "ShopOrder", entityId: o.id, orgId: o.supportOrgId, after: { refundId: refund.id, amountFen: refund.amountFen.toString() } }, tx);
    return refund.id;
  });
  if (!decided) return { status: "rejected" as const };
  return sendOrderRefund(decided, input.actorId);
}

/**
 * Cancels an order before shipping (buyer or producer side; access checked by the caller). A paid
 * order's stock goes back (RETURNED: it was SOLD at payment) and its whole remaining amount is refunded
 * through the provider. A pending order cancels its whole checkout (one payment covers all its orders).
 */
export async function cancelOrder(input: { orderId: string; reason: string; actorId: string | null; by: "buyer" | "producer" }) {
  const pre = await prisma.shopOrder.findUnique({ where: { id: input.orderId }, select: { status: true, checkoutId: true } });
  if (!pre) throw new AppError("errors.http.404", 404);
  if (pre.status === "PENDING") {
    if (input.by !== "buyer") throw new AppError("shop.orders.errors.notCancellable", 409);
    const { cancelCheckout } = await import("./checkout.server");
    const done = await cancelCheckout(pre.checkoutId, input.reason, input.actorId);
    if (!done) throw new AppError("shop.orders.errors.notCancellable", 409);
    return { refundId: null };
  }
  const refundId = await inTransaction(prisma, async (tx) => {
    const o = await lockOrder(tx, input.orderId);
    if (!o) throw new AppError("errors.http.404", 404);
    if (o.status !== "PAID") throw new AppError("shop.orders.errors.notCancellable", 409);
    // Requests not decided yet are superseded by the full refund.
    await tx.orderRefund.updateMany({ where: { orderId: o.id, status: "REQUESTED" }, data: { status: "REJECTED", decidedAt: new Date(), decisionReason: "order cancelled: refunded in full" } });
    const remaining = await remainingFor(tx, o);
    let refundId: string | null = null;
    if (remaining > 0n) {
      const { available } = await lockedPayable(tx, o.producerId);
      if (remaining > available) throw new AppError("shop.refunds.errors.exceedsPayable", 409, { balance: formatFen(available > 0n ? available : 0n) });
      refundId = (await tx.orderRefund.create({ data: { orderId: o.id, amountFen: remaining, reason: `cancelled: ${input.reason}`, status: "PENDING", requestedById: input.actorId, decidedById: input.actorId, decidedAt: new Date() }, select: { id: true } })).id;
    }
    const now = new Date();
    await tx.shopOrder.update({ where: { id: o.id }, data: { status: "CANCELLED", cancelledAt: now, cancelReason: input.reason } });
    for (const l of [...o.lines].sort((a, b) => (a.productId < b.productId ? -1 : 1))) await moveStock(tx, { productId: l.productId, kind: "RETURNED", quantity: l.quantity, orderId: o.id, note: "order cancelled", createdById: input.actorId });
    await recordAudit({ actorId: input.actorId, action: "shop.order_cancelled", entityType: "ShopOrder", entityId: o.id, orgId: o.supportOrgId, reason: input.reason, after: { by: input.by, refundId } }, tx);
    if (input.by === "producer") await notifyBuyer(tx, o.buyerUserId, "shop.orderCancelled", { number: o.number, reason: input.reason }, o.id);
    else await notifyProducerSide(tx, o.producerId, "shop.orderCancelled", { number: o.number, reason: input.reason }, `/producer/${o.producerId}/orders/${o.id}`);
    return refundId;
  });
  if (refundId) await sendOrderRefund(refundId, input.actorId).catch((e) => {
    // The cancellation stands; the refund stays pending for the job (or FAILED for staff to see).
    if (!(e instanceof AppError)) throw e;
  });
  return { refundId };
}

/** Step 3: the provider call for a PENDING order refund, and what its answer means for the row. */
export async function sendOrderRefund(refundId: string, actorId: string | null = null) {
  const r = await prisma.orderRefund.findUnique({ where: { id: refundId }, select: { id: true, status: true, amountFen: true, order: { select: { id: true, checkoutId: true, checkout: { select: { provider: true, merchantAccountId: true, providerPaymentId: true } } } } } });
  if (!r || r.status !== "PENDING" || !r.order.checkout.providerPaymentId) return { refundId, status: "no_change" as const };
  let result: RefundResult;
  try {
    result = await (await providerFor(r.order.checkout)).refund({
      paymentId: r.order.checkout.providerPaymentId,
      amountFen: r.amountFen,
      idempotencyKey: `order-refund-${r.id}`,
      metadata: { payableKind: "shop_checkout", checkoutId: r.order.checkoutId, orderId: r.order.id, refundId: r.id },
    });
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    if (e.definite) {
      await failOrderRefund(r.id, null);
      throw new AppError("funding.errors.refundProviderFailed", 502);
    }
    logger().warn(`order refund ${r.id}: outcome unknown, left pending (${e.message})`);
    return { refundId, status: "pending" as const };
  }
  if (result.status === "failed") {
    await failOrderRefund(r.id, result.refundId);
    throw new AppError("funding.errors.refundProviderFailed", 502);
  }
  if (result.status === "succeeded") await completeOrderRefund(r.id, result.refundId, actorId);
  else await prisma.orderRefund.updateMany({ where: { id: r.id, status: "PENDING", providerRefundId: null }, data: { providerRefundId: result.refundId } });
  return { refundId, status: result.status };
}

type Outcome = "completed" | "already" | "failed" | "no_change" | "unknown_refund" | "needs_attention";

/** The provider confirmed: book ORDER_REFUND, raise the order's refunded amount, restock, lower the sale. Once. */
export async function completeOrderRefund(refundId: string, providerRefundId: string | null, actorId: string | null = null, db: Db = prisma): Promise<Outcome> {
  return inTransaction(db, async (tx) => {
    const found = await tx.orderRefund.findUnique({ where: { id: refundId }, select: { orderId: true } });
    if (!found) return "unknown_refund";
    const o = await lockOrder(tx, found.orderId);
    if (!o) return "unknown_refund";
    const refund = await tx.orderRefund.findUniqueOrThrow({ where: { id: refundId }, select: { status: true, amountFen: true, reason: true, restockQuantity: true } });
    if (refund.status === "SUCCEEDED") return "already";
    if (refund.status === "REQUESTED" || refund.status === "REJECTED") {
      await recordAudit({ actorId: null, action: "shop.refund_needs_attention", entityType: "OrderRefund", entityId: refundId, orgId: o.supportOrgId, reason: "provider refunded a refund that was not approved", after: { providerRefundId } }, tx);
      return "needs_attention";
    }
    const refundedFen = o.refundedFen + refund.amountFen;
    if (refundedFen > o.totalFen) {
      await recordAudit({ actorId: null, action: "shop.refund_needs_attention", entityType: "OrderRefund", entityId: refundId, orgId: o.supportOrgId, reason: "refunds exceed the order", after: { providerRefundId } }, tx);
      return "needs_attention";
    }
    try {
      await postOrderRefund(tx, { orderId: o.id, producerId: o.producerId, orgId: o.supportOrgId, districtCode: o.producer.districtCode, orderRefundId: refundId, amountFen: refund.amountFen, provider: o.checkout.provider, occurredAt: new Date(), createdById: actorId });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 409) throw e;
      await recordAudit({ actorId: null, action: "shop.refund_needs_attention", entityType: "OrderRefund", entityId: refundId, orgId: o.supportOrgId, reason: "provider refunded money the payable no longer holds", after: { providerRefundId } }, tx);
      return "needs_attention";
    }
    await tx.orderRefund.update({ where: { id: refundId }, data: { status: "SUCCEEDED", ...(providerRefundId ? { providerRefundId } : {}) } });
    const full = refundedFen === o.totalFen;
    await tx.shopOrder.update({ where: { id: o.id }, data: { refundedFen, ...(full && o.status !== "CANCELLED" ? { status: "REFUNDED" } : {}) } });
    // Returned goods go back to stock, line by line up to each line's quantity.
    let restock = refund.restockQuantity;
    for (const l of o.lines) {
      if (restock <= 0) break;
      const q = Math.min(restock, l.quantity);
      await moveStock(tx, { productId: l.productId, kind: "RETURNED", quantity: q, orderId: o.id, note: "refund: goods returned" });
      restock -= q;
    }
    await adjustSaleAfterRefund(tx, o.id);
    await recordAudit({ actorId, action: "shop.refunded", entityType: "ShopOrder", entityId: o.id, orgId: o.supportOrgId, reason: refund.reason, after: { refundId, amountFen: refund.amountFen.toString() } }, tx);
    await notifyBuyer(tx, o.buyerUserId, "shop.refunded", { number: o.number, amount: formatFen(refund.amountFen) }, o.id);
    return "completed";
  });
}

/** The provider refused: a PENDING row becomes FAILED and its money is free again. */
export async function failOrderRefund(refundId: string, providerRefundId: string | null, db: Db = prisma): Promise<Outcome> {
  return inTransaction(db, async (tx) => {
    const refund = await tx.orderRefund.findUnique({ where: { id: refundId }, select: { status: true, order: { select: { supportOrgId: true } } } });
    if (!refund) return "unknown_refund";
    if (refund.status === "FAILED") return "no_change";
    if (refund.status === "SUCCEEDED") {
      await recordAudit({ actorId: null, action: "shop.refund_needs_attention", entityType: "OrderRefund", entityId: refundId, orgId: refund.order.supportOrgId, reason: "provider reports a booked refund as failed", after: { providerRefundId } }, tx);
      return "needs_attention";
    }
    if (refund.status !== "PENDING") return "no_change";
    await tx.orderRefund.updateMany({ where: { id: refundId, status: "PENDING" }, data: { status: "FAILED", ...(providerRefundId ? { providerRefundId } : {}) } });
    return "failed";
  });
}

/**
 * Order refunds still PENDING after a while (a timeout, a crash between the steps, a late payment's
 * automatic refund whose call failed): ask the provider, settle, or send again with the same key.
 */
export async function retryPendingOrderRefunds(olderThanMs = 5 * 60_000) {
  const stale = await prisma.orderRefund.findMany({
    where: { status: "PENDING", OR: [{ decidedAt: { lt: new Date(Date.now() - olderThanMs) } }, { decidedAt: null, createdAt: { lt: new Date(Date.now() - olderThanMs) } }] },
    select: { id: true, providerRefundId: true, order: { select: { checkout: { select: { provider: true, merchantAccountId: true, providerPaymentId: true } } } } },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  const outcome = { sent: 0, settled: 0, failed: 0, unknown: 0 };
  for (const r of stale) {
    const { providerPaymentId } = r.order.checkout;
    if (!providerPaymentId) continue;
    let found: RefundResult | null;
    try {
      found = await (await providerFor(r.order.checkout)).findRefund({ providerRefundId: r.providerRefundId, paymentId: providerPaymentId, refundId: r.id });
    } catch (e) {
      if (!(e instanceof ProviderError) && !(e instanceof AppError)) throw e;
      outcome.unknown++;
      continue;
    }
    if (found) {
      if (found.status === "succeeded" && (await completeOrderRefund(r.id, found.refundId)) === "completed") outcome.settled++;
      else if (found.status === "failed" && (await failOrderRefund(r.id, found.refundId)) === "failed") outcome.failed++;
      continue;
    }
    if (r.providerRefundId) {
      outcome.unknown++;
      continue;
    }
    try {
      const res = await sendOrderRefund(r.id);
      if (res.status === "succeeded" || res.status === "pending") outcome.sent++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      outcome.failed++;
    }
  }
  return outcome;
}

export const ORG_REFUND_STATUSES = ["REQUESTED", "PENDING", "SUCCEEDED", "REJECTED", "FAILED"] as const;
export type OrgRefundStatus = (typeof ORG_REFUND_STATUSES)[number];

/** Refund requests on orders of the producers an organization supports (its finance decides them). */
export async function orgRefunds(orgId: string, status: OrgRefundStatus, page = 1) {
  const where = { status, order: { supportOrgId: orgId } };
  const [{ rows, pagination }, counts] = await Promise.all([
    paginate(
      page,
      30,
      () => prisma.orderRefund.count({ where }),
      (w) =>
        prisma.orderRefund.findMany({
          where,
          select: { id: true, amountFen: true, reason: true, status: true, restockQuantity: true, decisionReason: true, createdAt: true, order: { select: { id: true, number: true, totalFen: true, refundedFen: true, status: true, producer: { select: { id: true, name: true } } } } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          ...w,
        }),
    ),
    prisma.orderRefund.groupBy({ by: ["status"], where: { order: { supportOrgId: orgId } }, _count: { _all: true } }),
  ]);
  return {
    refunds: rows.map((r) => ({ ...r, amountFen: r.amountFen.toString(), createdAt: r.createdAt.toISOString(), order: { ...r.order, totalFen: r.order.totalFen.toString(), refundedFen: r.order.refundedFen.toString() } })),
    pagination,
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Partial<Record<string, number>>,
  };
}
