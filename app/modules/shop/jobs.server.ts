/**
 * The shop's timed work, run by `npm run jobs:shop` (idempotent; every few minutes from cron):
 *  - checkouts still PENDING past their reservation: the provider's session is closed (best effort),
 *    orders CANCELLED, reserved stock RELEASED (a payment arriving later is handled in events.server.ts);
 *  - SHIPPED orders 10 days after shipping: RECEIVED automatically (autoReceived), with their sale;
 *  - RECEIVED orders 7 days after receipt: COMPLETED (the after-sales week is over);
 *  - delivery details of orders ended 180 days ago (completed, or cancelled/refunded and untouched
 *    since): anonymised (anonymisedAt);
 *  - order refunds still pending at the provider: settled or sent again (same idempotency key).
 */
import { inTransaction, prisma } from "~/utils/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { cancelCheckoutInTx, expireSession } from "./checkout.server";
import { ANONYMISE_AFTER_DAYS, ANONYMISED, AUTO_RECEIVE_DAYS, COMPLETE_AFTER_RECEIPT_DAYS, receiveOrderInTx } from "./orders.server";
import { retryPendingOrderRefunds } from "./refunds.server";

const DAY = 86_400_000;

export async function expireCheckouts(now = new Date()) {
  const due = await prisma.shopCheckout.findMany({ where: { status: "PENDING", reservedUntil: { lt: now } }, select: { id: true, provider: true, merchantAccountId: true, providerSessionId: true }, orderBy: { reservedUntil: "asc" }, take: 500 });
  let cancelled = 0;
  for (const c of due) {
    if (c.providerSessionId) await expireSession(c, c.providerSessionId);
    const done = await inTransaction(prisma, (tx) => cancelCheckoutInTx(tx, c.id, "reservation expired", now));
    if (done) cancelled++;
  }
  return cancelled;
}

export async function autoReceive(now = new Date()) {
  const due = await prisma.shopOrder.findMany({ where: { status: "SHIPPED", shippedAt: { lte: new Date(now.getTime() - AUTO_RECEIVE_DAYS * DAY) } }, select: { id: true }, take: 1000 });
  let n = 0;
  for (const o of due) if (await inTransaction(prisma, (tx) => receiveOrderInTx(tx, o.id, { actorId: null, auto: true, now }))) n++;
  return n;
}

export async function completeReceived(now = new Date()) {
  const res = await prisma.shopOrder.updateMany({ where: { status: "RECEIVED", receivedAt: { lte: new Date(now.getTime() - COMPLETE_AFTER_RECEIPT_DAYS * DAY) } }, data: { status: "COMPLETED", completedAt: now } });
  return res.count;
}

export async function anonymiseOld(now = new Date()) {
  const cutoff = new Date(now.getTime() - ANONYMISE_AFTER_DAYS * DAY);
  const due = await prisma.shopOrder.findMany({
    where: { anonymisedAt: null, OR: [{ status: "COMPLETED", completedAt: { lte: cutoff } }, { status: { in: ["CANCELLED", "REFUNDED"] }, updatedAt: { lte: cutoff } }] },
    select: { id: true, supportOrgId: true },
    take: 2000,
  });
  for (const o of due) {
    await inTransaction(prisma, async (tx) => {
      await tx.shopOrder.update({ where: { id: o.id }, data: { recipientName: ANONYMISED, recipientPhone: ANONYMISED, address: ANONYMISED, anonymisedAt: now } });
      await recordAudit({ actorId: null, action: "shop.order_anonymised", entityType: "ShopOrder", entityId: o.id, orgId: o.supportOrgId }, tx);
    });
  }
  return due.length;
}

export async function runShopJobs(now = new Date()) {
  const expired = await expireCheckouts(now);
  const received = await autoReceive(now);
  const completed = await completeReceived(now);
  const anonymised = await anonymiseOld(now);
  const refunds = await retryPendingOrderRefunds();
  return { expired, received, completed, anonymised, refunds };
}
