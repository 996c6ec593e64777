/**
 * Shop orders: PENDING → PAID (payment event) → SHIPPED (producer side, carrier + tracking number)
 * → RECEIVED (the buyer confirms, or automatically 10 days after shipping) → COMPLETED (7 days after
 * receipt, by `npm run jobs:shop`: the after-sales week in which the buyer may still ask for a
 * refund). CANCELLED before shipping; REFUNDED when the whole amount went back.
 *
 * Delivery details (recipient, phone, address) are seen only by the buyer and the producer side
 * handling the order (its account, or its supporting organization's shop members); staff reading
 * the producer pages see them masked; they are anonymised 180 days after the order ended.
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { maskName, maskPhone } from "~/modules/accounts/mask";
import type { ShopOrderStatus } from "~/generated/prisma/enums";
import { lockOrder } from "./refunds.server";
import { writeSaleForOrder } from "./sale.server";
import { notifyBuyer, notifyProducerSide } from "./notify.server";
import { shopWechatPagePath } from "./checkout.server";

export const AUTO_RECEIVE_DAYS = 10;
export const COMPLETE_AFTER_RECEIPT_DAYS = 7;
export const ANONYMISE_AFTER_DAYS = 180;
export const ORDER_STATUSES: ShopOrderStatus[] = ["PENDING", "PAID", "SHIPPED", "RECEIVED", "COMPLETED", "CANCELLED", "REFUNDED"];
export const ANONYMISED = "（已匿名）";

const orderSelect = {
  id: true,
  number: true,
  status: true,
  totalFen: true,
  refundedFen: true,
  buyerKind: true,
  recipientName: true,
  recipientPhone: true,
  address: true,
  carrier: true,
  trackingNumber: true,
  createdAt: true,
  paidAt: true,
  shippedAt: true,
  receivedAt: true,
  autoReceived: true,
  completedAt: true,
  cancelledAt: true,
  cancelReason: true,
  anonymisedAt: true,
  producerId: true,
  supportOrgId: true,
  buyerUserId: true,
  checkoutId: true,
  producer: { select: { id: true, name: true } },
  checkout: { select: { accessToken: true, status: true, reservedUntil: true, providerSessionId: true, provider: true, merchantAccountId: true } },
  lines: { select: { id: true, productId: true, productName: true, unit: true, certified: true, quantity: true, unitPriceFen: true, totalFen: true }, orderBy: { id: "asc" as const } },
  refunds: { select: { id: true, amountFen: true, reason: true, status: true, restockQuantity: true, decisionReason: true, createdAt: true }, orderBy: { createdAt: "asc" as const } },
} as const;

type OrderRow = Awaited<ReturnType<typeof findOrder>>;

function findOrder(where: { id: string }) {
  return prisma.shopOrder.findUnique({ where, select: orderSelect });
}

/** An order for a page; `masked` hides the delivery details (staff reading, not handling). */
export function orderJson(o: NonNullable<OrderRow>, opts: { masked: boolean }) {
  const open = o.refunds.some((r) => r.status === "REQUESTED");
  const openFen = o.refunds.filter((r) => r.status === "REQUESTED" || r.status === "PENDING").reduce((s, r) => s + r.amountFen, 0n);
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    totalFen: o.totalFen.toString(),
    refundedFen: o.refundedFen.toString(),
    refundableFen: (o.totalFen - o.refundedFen - openFen).toString(),
    buyerKind: o.buyerKind,
    recipientName: opts.masked && !o.anonymisedAt ? maskName(o.recipientName) : o.recipientName,
    recipientPhone: opts.masked && !o.anonymisedAt ? maskPhone(o.recipientPhone) : o.recipientPhone,
    address: opts.masked && !o.anonymisedAt ? `${[...o.address].slice(0, 6).join("")}****` : o.address,
    carrier: o.carrier,
    trackingNumber: o.trackingNumber,
    createdAt: o.createdAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    shippedAt: o.shippedAt?.toISOString() ?? null,
    receivedAt: o.receivedAt?.toISOString() ?? null,
    autoReceived: o.autoReceived,
    completedAt: o.completedAt?.toISOString() ?? null,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    cancelReason: o.cancelReason,
    anonymised: Boolean(o.anonymisedAt),
    producer: o.producer,
    supportOrgId: o.supportOrgId,
    checkoutPending: o.checkout.status === "PENDING",
    payUrl:
      o.checkout.status !== "PENDING" ? null
      : o.checkout.providerSessionId?.startsWith("cs_test_local_") ? `/checkout/test/${o.checkout.providerSessionId}`
      : o.checkout.provider === "WECHAT_PAY" && o.checkout.merchantAccountId ? shopWechatPagePath(o.checkout.accessToken)
      : null,
    lines: o.lines.map((l) => ({ ...l, unitPriceFen: l.unitPriceFen.toString(), totalFen: l.totalFen.toString() })),
    refunds: o.refunds.map((r) => ({ ...r, amountFen: r.amountFen.toString(), createdAt: r.createdAt.toISOString() })),
    hasOpenRefund: open,
  };
}
export type OrderJson = ReturnType<typeof orderJson>;

/** The guest's orders by the checkout's unguessable token (404 otherwise). */
export async function ordersByToken(token: string) {
  if (!token || token.length < 20 || token.length > 64) throw new AppError("errors.http.404", 404);
  const checkout = await prisma.shopCheckout.findUnique({ where: { accessToken: token }, select: { id: true, status: true, amountFen: true, reservedUntil: true, createdAt: true } });
  if (!checkout) throw new AppError("errors.http.404", 404);
  const orders = await prisma.shopOrder.findMany({ where: { checkoutId: checkout.id }, select: orderSelect, orderBy: { number: "asc" } });
  return { checkout: { ...checkout, amountFen: checkout.amountFen.toString() }, orders: orders.map((o) => orderJson(o, { masked: false })) };
}

/** One order of a checkout, for actions on the guest page. */
export async function orderOfToken(token: string, orderId: string) {
  const o = await prisma.shopOrder.findFirst({ where: { id: orderId, checkout: { accessToken: token } }, select: { id: true } });
  if (!o) throw new AppError("errors.http.404", 404);
  return o.id;
}

export const ORDERS_PAGE_SIZE = 30;

export async function myOrders(userId: string, page = 1) {
  const where = { buyerUserId: userId };
  const { rows, pagination } = await paginate(
    page,
    ORDERS_PAGE_SIZE,
    () => prisma.shopOrder.count({ where }),
    (w) => prisma.shopOrder.findMany({ where, select: { id: true, number: true, status: true, totalFen: true, refundedFen: true, createdAt: true, producer: { select: { name: true } } }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...w }),
  );
  return { orders: rows.map((o) => ({ ...o, totalFen: o.totalFen.toString(), refundedFen: o.refundedFen.toString(), createdAt: o.createdAt.toISOString() })), pagination };
}

/** A signed-in buyer's own order; anyone else's is 404. */
export async function myOrder(userId: string, orderId: string) {
  const o = await findOrder({ id: orderId });
  if (!o || o.buyerUserId !== userId) throw new AppError("errors.http.404", 404);
  return orderJson(o, { masked: false });
}

export async function producerOrders(producerId: string, status: ShopOrderStatus | null, page = 1) {
  const where = { producerId, ...(status ? { status } : {}) };
  const [{ rows, pagination }, counts] = await Promise.all([
    paginate(
      page,
      ORDERS_PAGE_SIZE,
      () => prisma.shopOrder.count({ where }),
      (w) => prisma.shopOrder.findMany({ where, select: { id: true, number: true, status: true, totalFen: true, refundedFen: true, createdAt: true, shippedAt: true, _count: { select: { lines: true } } }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...w }),
    ),
    prisma.shopOrder.groupBy({ by: ["status"], where: { producerId }, _count: { _all: true } }),
  ]);
  return {
    orders: rows.map((o) => ({ id: o.id, number: o.number, status: o.status, totalFen: o.totalFen.toString(), refundedFen: o.refundedFen.toString(), createdAt: o.createdAt.toISOString(), shippedAt: o.shippedAt?.toISOString() ?? null, lineCount: o._count.lines })),
    pagination,
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Partial<Record<ShopOrderStatus, number>>,
  };
}

/** An order of this producer (404 for another producer's), masked for staff. */
export async function producerOrder(producerId: string, orderId: string, opts: { masked: boolean }) {
  const o = await findOrder({ id: orderId });
  if (!o || o.producerId !== producerId) throw new AppError("errors.http.404", 404);
  return orderJson(o, opts);
}

/** The producer side ships a paid order. */
export async function shipOrder(input: { producerId: string; orderId: string; carrier: string; trackingNumber: string; actorId: string }) {
  return inTransaction(prisma, async (tx) => {
    const o = await lockOrder(tx, input.orderId);
    if (!o || o.producerId !== input.producerId) throw new AppError("errors.http.404", 404);
    if (o.status !== "PAID") throw new AppError("shop.orders.errors.notShippable", 409);
    if (await tx.orderRefund.count({ where: { orderId: o.id, status: "PENDING" } })) throw new AppError("shop.orders.errors.refundPending", 409);
    await tx.shopOrder.update({ where: { id: o.id }, data: { status: "SHIPPED", shippedAt: new Date(), carrier: input.carrier, trackingNumber: input.trackingNumber } });
    await recordAudit({ actorId: input.actorId, action: "shop.order_shipped", entityType: "ShopOrder", entityId: o.id, orgId: o.supportOrgId, after: { carrier: input.carrier } }, tx);
    await notifyBuyer(tx, o.buyerUserId, "shop.orderShipped", { number: o.number, carrier: input.carrier, tracking: input.trackingNumber }, o.id);
  });
}

/** SHIPPED → RECEIVED (buyer, or the job after 10 days), writing the order's consumption sale. */
export async function receiveOrderInTx(tx: Db, orderId: string, opts: { actorId: string | null; auto: boolean; now?: Date }) {
  const o = await lockOrder(tx, orderId);
  if (!o) throw new AppError("errors.http.404", 404);
  if (o.status !== "SHIPPED") return false;
  const now = opts.now ?? new Date();
  await tx.shopOrder.update({ where: { id: o.id }, data: { status: "RECEIVED", receivedAt: now, autoReceived: opts.auto } });
  await writeSaleForOrder(tx, o.id, now);
  await recordAudit({ actorId: opts.actorId, action: opts.auto ? "shop.order_auto_received" : "shop.order_received", entityType: "ShopOrder", entityId: o.id, orgId: o.supportOrgId }, tx);
  await notifyProducerSide(tx, o.producerId, "shop.orderReceived", { number: o.number }, `/producer/${o.producerId}/orders/${o.id}`);
  return true;
}

export async function confirmReceipt(orderId: string, actorId: string | null) {
  const done = await inTransaction(prisma, (tx) => receiveOrderInTx(tx, orderId, { actorId, auto: false }));
  if (!done) throw new AppError("shop.orders.errors.notShipped", 409);
}
