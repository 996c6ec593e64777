/**
 * Demo shop orders in every state (pending, paid, shipped, received, completed, cancelled, refunded),
 * a refund request waiting for its organization and a payout, made through the shop's services and
 * paid through the local test checkout (the same signed webhook path as Stripe), so stock, ledger and
 * consumption sales agree by construction. Uses the LISTED products of approved producers (06 seeds
 * them); with fewer than three it makes its own (石柱 honey, 奉节 navel oranges, 巫山 crisp plums).
 * Skipped when payments go to a real provider (a Stripe key is configured) or are disabled.
 */
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import type { SeedContext } from "../seed";
import { createProducer, createProduct } from "../../test/support/factories/consumption";

const OWN_PRODUCTS = [
  { producer: "石柱县中益乡华溪村蜂蜜专业合作社", district: "500240", product: "石柱中华蜂土蜂蜜 500克", category: "DRIED_SPECIALTY" as const, priceFen: 6800n },
  { producer: "奉节县安坪镇脐橙专业合作社", district: "500236", product: "奉节脐橙 5千克装", category: "FRUIT_VEG" as const, priceFen: 5990n },
  { producer: "巫山县曲尺乡脆李专业合作社", district: "500237", product: "巫山脆李 2.5千克装", category: "FRUIT_VEG" as const, priceFen: 4800n },
];

const DELIVERIES = [
  { recipientName: "唐建国", recipientPhone: "13983001234", address: "重庆市渝中区解放碑街道民族路 166 号 12 楼" },
  { recipientName: "周晓梅", recipientPhone: "13896005678", address: "重庆市江北区观音桥街道建新北路 38 号" },
  { recipientName: "重庆市某机关食堂", recipientPhone: "023-63881234", address: "重庆市渝北区龙溪街道金开大道 100 号" },
];

export async function seed(prisma: PrismaClient, ctx: SeedContext) {
  const { paymentMode } = await import("~/utils/env.server");
  if (paymentMode() !== "test") {
    ctx.log("  shop orders skipped: payments are not on the local test checkout");
    return;
  }
  const { startCheckout } = await import("~/modules/shop/checkout.server");
  const { completeTestCheckout } = await import("~/modules/payments/test-checkout-complete.server");
  const { shipOrder, confirmReceipt } = await import("~/modules/shop/orders.server");
  const { cancelOrder, requestOrderRefund, decideOrderRefund } = await import("~/modules/shop/refunds.server");
  const { recordPayout } = await import("~/modules/shop/payouts.server");
  const { completeReceived } = await import("~/modules/shop/jobs.server");

  const listed = () =>
    prisma.product.findMany({
      where: { status: "LISTED", producer: { status: "APPROVED" } },
      select: { id: true, producerId: true, stockOnHand: true, stockReserved: true, producer: { select: { supportOrgId: true } } },
      orderBy: { createdAt: "asc" },
      take: 12,
    });
  let products = (await listed()).filter((p) => p.stockOnHand - p.stockReserved >= 10);
  if (products.length < 3) {
    const org = await prisma.organization.findFirst({ where: { status: "APPROVED", ...(ctx.orgs.shizhuProduce ? { id: ctx.orgs.shizhuProduce.id } : {}) }, select: { id: true, createdById: true } });
    const creator = org?.createdById ?? (await prisma.user.findFirstOrThrow({ select: { id: true } })).id;
    if (!org) return ctx.log("  shop orders skipped: no approved organization");
    for (const p of OWN_PRODUCTS) {
      const producer = await createProducer(prisma, { supportOrgId: org.id, createdById: creator, name: p.producer, districtCode: p.district });
      await createProduct(prisma, { producerId: producer.id, createdById: creator, name: p.product, category: p.category, priceFen: p.priceFen, originDistrictCode: p.district, stock: 200 });
    }
    products = (await listed()).filter((p) => p.stockOnHand - p.stockReserved >= 10);
  }
  const buyerRow = await prisma.user.findFirst({ where: { email: "donor@shanlian.demo" }, select: { id: true, email: true, displayName: true } });
  const buyer = buyerRow ? { ...buyerRow, globalRole: "USER" as const, locale: "zh-CN", hasProfile: false, emailVerified: true } : null;
  const pick = (i: number) => products[i % products.length]!;
  let n = 0;
  const buy = async (lines: { productId: string; quantity: number }[], opts: { guest?: boolean; buyerKind?: "INDIVIDUAL" | "GOVERNMENT" | "ENTERPRISE" } = {}) => {
    const d = DELIVERIES[n++ % DELIVERIES.length]!;
    return startCheckout({
      buyer: opts.guest ? null : buyer,
      lines,
      data: { ...d, buyerKind: opts.buyerKind ?? "INDIVIDUAL", email: opts.guest || !buyer ? `guest${randomBytes(3).toString("hex")}@example.cn` : undefined, pledgeId: undefined },
      origin: "http://localhost:3000",
    });
  };
  const pay = async (checkoutId: string) => {
    const c = await prisma.shopCheckout.findUniqueOrThrow({ where: { id: checkoutId }, select: { providerSessionId: true } });
    await completeTestCheckout(c.providerSessionId!, "paid");
  };
  const orderOf = async (checkoutId: string) => prisma.shopOrder.findFirstOrThrow({ where: { checkoutId }, select: { id: true, producerId: true, totalFen: true, producer: { select: { supportOrgId: true } } } });
  const financeOf = async (orgId: string) => (await prisma.orgMembership.findFirst({ where: { orgId, role: { in: ["OWNER", "FINANCE"] } }, select: { userId: true } }))?.userId;

  // Completed: bought, shipped, received, and its after-sales week run out (the job, run ahead).
  const completed = await buy([{ productId: pick(0).id, quantity: 2 }, { productId: pick(1).id, quantity: 1 }], { buyerKind: "GOVERNMENT" });
  await pay(completed.checkoutId);
  for (const o of completed.orders) {
    await shipOrder({ producerId: o.producerId, orderId: o.id, carrier: "顺丰速运", trackingNumber: `SF${randomBytes(5).toString("hex").toUpperCase()}`, actorId: (await financeOf((await orderOf(completed.checkoutId)).producer.supportOrgId)) ?? buyerRow?.id ?? "" });
    await confirmReceipt(o.id, buyerRow?.id ?? null);
  }
  await completeReceived(new Date(Date.now() + 8 * 86_400_000));

  // Received (this week), shipped, paid, pending.
  const received = await buy([{ productId: pick(1).id, quantity: 3 }]);
  await pay(received.checkoutId);
  const r = await orderOf(received.checkoutId);
  const actor = (await financeOf(r.producer.supportOrgId)) ?? buyerRow?.id ?? "";
  await shipOrder({ producerId: r.producerId, orderId: r.id, carrier: "中国邮政", trackingNumber: `YZ${randomBytes(5).toString("hex").toUpperCase()}`, actorId: actor });
  await confirmReceipt(r.id, buyerRow?.id ?? null);

  const shipped = await buy([{ productId: pick(2).id, quantity: 1 }], { guest: true });
  await pay(shipped.checkoutId);
  const s = await orderOf(shipped.checkoutId);
  await shipOrder({ producerId: s.producerId, orderId: s.id, carrier: "京东物流", trackingNumber: `JD${randomBytes(5).toString("hex").toUpperCase()}`, actorId: actor });
  // The guest asks for part of it back: waiting for the supporting organization.
  await requestOrderRefund({ orderId: s.id, amountFen: s.totalFen / 2n, reason: "部分果子运输中磕碰", restockQuantity: 0, actorId: null });

  const paid = await buy([{ productId: pick(0).id, quantity: 1 }, { productId: pick(2).id, quantity: 2 }], { buyerKind: "ENTERPRISE" });
  await pay(paid.checkoutId);
  await buy([{ productId: pick(1).id, quantity: 1 }], { guest: true }); // pending: its reservation runs out in 15 minutes

  // Cancelled before shipping (refunded in full), and refunded after receipt.
  const cancelled = await buy([{ productId: pick(0).id, quantity: 1 }]);
  await pay(cancelled.checkoutId);
  await cancelOrder({ orderId: cancelled.orders[0]!.id, reason: "买家拍错了规格", actorId: buyerRow?.id ?? null, by: "buyer" });

  const refunded = await buy([{ productId: pick(2).id, quantity: 1 }]);
  await pay(refunded.checkoutId);
  const f = await orderOf(refunded.checkoutId);
  await shipOrder({ producerId: f.producerId, orderId: f.id, carrier: "顺丰速运", trackingNumber: `SF${randomBytes(5).toString("hex").toUpperCase()}`, actorId: actor });
  await confirmReceipt(f.id, buyerRow?.id ?? null);
  const req = await requestOrderRefund({ orderId: f.id, amountFen: f.totalFen, reason: "收到时已变质", restockQuantity: 0, actorId: buyerRow?.id ?? null });
  const decider = await financeOf(f.producer.supportOrgId);
  if (decider) await decideOrderRefund({ refundId: req.id, orgId: f.producer.supportOrgId, approve: true, actorId: decider });

  // A payout of half of what the first producer is owed, recorded by its organization's finance.
  const { payableBalance } = await import("~/modules/ledger/shop-postings.server");
  const first = await orderOf(completed.checkoutId);
  const owed = await payableBalance(prisma, first.producerId);
  const payer = await financeOf(first.producer.supportOrgId);
  if (payer && owed.available > 200n) await recordPayout({ producerId: first.producerId, amountFen: owed.available / 2n, paidOn: new Date(), reference: "转账凭证 2026-001", note: "月度结算", actorId: payer });
}
