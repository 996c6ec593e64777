/**
 * A shop order counts as consumption aid when the buyer received it: one ConsumptionSale row
 * (source SHOP, channel ONLINE, unique per order), which is what statistics read. Refunds after
 * receipt lower its amount; a sale refunded to zero is removed.
 */
import type { Db } from "~/utils/db.server";
import { shanghaiDay } from "~/modules/products/rules";

export async function writeSaleForOrder(tx: Db, orderId: string, receivedAt: Date) {
  const o = await tx.shopOrder.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      id: true,
      totalFen: true,
      refundedFen: true,
      producerId: true,
      supportOrgId: true,
      buyerKind: true,
      producer: { select: { districtCode: true } },
      checkout: { select: { pledgeId: true } },
      lines: { select: { productId: true, productName: true, category: true, quantity: true, unit: true, totalFen: true }, orderBy: { totalFen: "desc" } },
    },
  });
  const amountFen = o.totalFen - o.refundedFen;
  if (amountFen <= 0n) return null;
  // The category (and product, when the order has one line) of the largest line.
  const largest = o.lines[0]!;
  const single = o.lines.length === 1;
  const data = {
    orgId: o.supportOrgId,
    producerId: o.producerId,
    productId: single ? largest.productId : null,
    productName: single ? largest.productName : null,
    quantity: single ? largest.quantity : null,
    unit: single ? largest.unit : null,
    category: largest.category,
    amountFen,
    soldOn: new Date(`${shanghaiDay(receivedAt)}T00:00:00.000Z`),
    channel: "ONLINE" as const,
    buyerKind: o.buyerKind,
    districtCode: o.producer.districtCode,
    pledgeId: o.checkout.pledgeId,
    source: "SHOP" as const,
  };
  return tx.consumptionSale.upsert({ where: { orderId: o.id }, create: { ...data, orderId: o.id }, update: { amountFen } });
}

/** After a refund booked on a received order: the sale is what the buyer finally paid. */
export async function adjustSaleAfterRefund(tx: Db, orderId: string) {
  const o = await tx.shopOrder.findUniqueOrThrow({ where: { id: orderId }, select: { totalFen: true, refundedFen: true } });
  const sale = await tx.consumptionSale.findUnique({ where: { orderId }, select: { id: true } });
  if (!sale) return;
  const amountFen = o.totalFen - o.refundedFen;
  if (amountFen <= 0n) await tx.consumptionSale.delete({ where: { id: sale.id } });
  else await tx.consumptionSale.update({ where: { id: sale.id }, data: { amountFen } });
}
