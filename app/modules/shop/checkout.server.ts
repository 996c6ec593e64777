/**
 * Checkout: the cart becomes one ShopCheckout (the payable the payment port charges) and one
 * ShopOrder per producer, with stock reserved for 15 minutes (as Saleor does), all in ONE database
 * transaction. Out of stock on any line rolls everything back (nothing reserved, no rows) and the
 * buyer is told which product; the cart is kept. Then the provider's checkout session is created.
 */
import { randomBytes } from "node:crypto";
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { providerFor, type PaymentRoute } from "~/modules/payments/payments.server";
import { checkoutRoute, offeredRoute, type PayerDevice } from "~/modules/payments/payway.server";
import { ProviderError, type CheckoutRequest } from "~/modules/payments/provider";
import { recordAudit } from "~/modules/audit/audit.server";
import { isCertified, shanghaiDay } from "~/modules/products/rules";
import type { SessionUser } from "~/modules/accounts/auth.server";
import { moveStock } from "./stock.server";
import type { CartLine } from "./cart.server";
import type { CheckoutInput } from "./schema";
import { logger } from "~/utils/logger.server";

export const RESERVATION_MINUTES = 15;

const NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** Human-readable unique order number: SL20261202-7KQ2MX (Shanghai day + 6 random characters). */
export function newOrderNumber(now = new Date()) {
  const bytes = randomBytes(6);
  let tail = "";
  for (const b of bytes) tail += NUMBER_ALPHABET[b % NUMBER_ALPHABET.length];
  return `SL${shanghaiDay(now).replace(/-/g, "")}-${tail}`;
}

/** The current year's pledges of the buying units this user manages (to count a purchase against). */
export async function pledgesForBuyer(userId: string, now = new Date()) {
  const year = Number(shanghaiDay(now).slice(0, 4));
  const rows = await prisma.purchasePledge.findMany({
    where: { year, buyingUnit: { managerUserId: userId } },
    select: { id: true, year: true, pledgedFen: true, buyingUnit: { select: { name: true, kind: true } } },
    orderBy: { createdAt: "asc" },
    take: 50,
  });
  return rows.map((p) => ({ id: p.id, year: p.year, pledgedFen: p.pledgedFen.toString(), unitName: p.buyingUnit.name, unitKind: p.buyingUnit.kind }));
}

type StartInput = { buyer: SessionUser | null; lines: CartLine[]; data: CheckoutInput; origin: string; device?: PayerDevice; now?: Date };

/** The shop's WeChat Pay QR page, by the checkout's unguessable access token (never its id). */
export const shopWechatPagePath = (accessToken: string) => `/checkout/wechat/shop/${encodeURIComponent(accessToken)}`;

/** The checkout's payment request, the same each time it is asked for (WeChat Pay then answers with the same order). */
export function shopCheckoutRequest(co: { id: string; amountFen: bigint; accessToken: string; buyerEmail: string | null; orderNumbers: string[] }, origin: string): CheckoutRequest {
  return {
    payable: { kind: "shop_checkout", id: co.id },
    amountFen: co.amountFen,
    currency: "CNY",
    description: `善联 · 消费帮扶订单 ${co.orderNumbers.join("、")}`.slice(0, 120),
    payerEmail: co.buyerEmail,
    successUrl: `${origin}/shop/orders/${co.accessToken}`,
    cancelUrl: `${origin}/shop/cart?cancelled=1`,
    metadata: { payableKind: "shop_checkout", checkoutId: co.id },
  };
}

export async function startCheckout(input: StartInput) {
  const { buyer, data } = input;
  const now = input.now ?? new Date();
  if (!input.lines.length) throw new AppError("shop.cart.empty", 409);
  const email = buyer?.email ?? data.email;
  if (!email) throw new AppError("shop.checkout.errors.email", 400, {}, { email: "shop.checkout.errors.email" });
  let pledgeId: string | null = null;
  if (data.pledgeId) {
    if (!buyer) throw new AppError("shop.checkout.errors.pledge", 400, {}, { pledgeId: "shop.checkout.errors.pledge" });
    const mine = await pledgesForBuyer(buyer.id, now);
    if (!mine.some((p) => p.id === data.pledgeId)) throw new AppError("shop.checkout.errors.pledge", 400, {}, { pledgeId: "shop.checkout.errors.pledge" });
    pledgeId = data.pledgeId;
  }
  // One cart pays several producers: the platform's own accounts (orgId null) take the money.
  const route = await offeredRoute(null, data.provider ?? "STRIPE");
  const checkout = await checkoutRoute(route, input.origin);
  const accessToken = randomBytes(24).toString("base64url");

  const created = await inTransaction(prisma, async (tx) => {
    const ids = input.lines.map((l) => l.productId);
    const products = await tx.product.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, unit: true, category: true, priceFen: true, status: true, certNumber: true, certExpiresOn: true, certVerifiedAt: true, producer: { select: { id: true, status: true, supportOrgId: true } } },
    });
    const byId = new Map(products.map((p) => [p.id, p]));
    for (const l of input.lines) {
      const p = byId.get(l.productId);
      if (!p || p.status !== "LISTED" || p.producer.status !== "APPROVED") throw new AppError("shop.checkout.errors.unavailable", 409, { product: p?.name ?? "" });
    }
    // One order per producer, lines in cart order.
    const perProducer = new Map<string, { supportOrgId: string; lines: { line: CartLine; product: (typeof products)[number] }[] }>();
    for (const l of input.lines) {
      const p = byId.get(l.productId)!;
      const g = perProducer.get(p.producer.id) ?? { supportOrgId: p.producer.supportOrgId, lines: [] };
      g.lines.push({ line: l, product: p });
      perProducer.set(p.producer.id, g);
    }
    const total = input.lines.reduce((s, l) => s + byId.get(l.productId)!.priceFen * BigInt(l.quantity), 0n);
    const checkout = await tx.shopCheckout.create({
      data: {
        buyerUserId: buyer?.id ?? null,
        buyerEmail: email,
        amountFen: total,
        currency: "CNY",
        provider: route.provider,
        merchantAccountId: route.merchantAccountId,
        accessToken,
        reservedUntil: new Date(now.getTime() + RESERVATION_MINUTES * 60_000),
        pledgeId,
      },
      select: { id: true },
    });
    const reservations: { productId: string; quantity: number; orderId: string; name: string }[] = [];
    const orders: { id: string; number: string; producerId: string }[] = [];
    for (const [producerId, g] of perProducer) {
      const order = await tx.shopOrder.create({
        data: {
          number: newOrderNumber(now),
          checkoutId: checkout.id,
          producerId,
          supportOrgId: g.supportOrgId,
          buyerUserId: buyer?.id ?? null,
          buyerKind: data.buyerKind,
          totalFen: g.lines.reduce((s, x) => s + x.product.priceFen * BigInt(x.line.quantity), 0n),
          recipientName: data.recipientName,
          recipientPhone: data.recipientPhone,
          address: data.address,
          lines: {
            create: g.lines.map(({ line, product }) => ({
              productId: product.id,
              productName: product.name,
              unit: product.unit,
              category: product.category,
              certified: isCertified(product, now),
              quantity: line.quantity,
              unitPriceFen: product.priceFen,
              totalFen: product.priceFen * BigInt(line.quantity),
            })),
          },
        },
        select: { id: true, number: true },
      });
      orders.push({ ...order, producerId });
      for (const { line, product } of g.lines) reservations.push({ productId: product.id, quantity: line.quantity, orderId: order.id, name: product.name });
    }
    // Always in product-id order, so two carts sharing products lock them in the same order (no deadlock).
    reservations.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
    for (const r of reservations) {
      try {
        await moveStock(tx, { productId: r.productId, kind: "RESERVED", quantity: r.quantity, orderId: r.orderId, note: "checkout", createdById: buyer?.id ?? null });
      } catch (e) {
        if (e instanceof AppError && e.messageKey === "shop.errors.outOfStock") throw new AppError("shop.checkout.errors.outOfStock", 409, { product: r.name });
        throw e;
      }
    }
    return { checkoutId: checkout.id, amountFen: total, orders };
  });

  try {
    const req = shopCheckoutRequest({ id: created.checkoutId, amountFen: created.amountFen, accessToken, buyerEmail: email, orderNumbers: created.orders.map((o) => o.number) }, input.origin);
    const session = await checkout.open(req, input.device ?? { userAgent: null, clientIp: null }, shopWechatPagePath(accessToken));
    await prisma.shopCheckout.update({ where: { id: created.checkoutId }, data: { providerSessionId: session.sessionId } });
    return { checkoutId: created.checkoutId, accessToken, redirectUrl: session.redirectUrl, orders: created.orders };
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    await cancelCheckout(created.checkoutId, "provider unavailable");
    throw new AppError("funding.errors.providerFailed", 502);
  }
}

/**
 * Cancels a PENDING checkout inside the caller's transaction: orders CANCELLED, reserved stock
 * RELEASED. The caller holds (or takes here) the checkout's row lock. Returns false when it was no
 * longer pending.
 */
export async function cancelCheckoutInTx(tx: Db, checkoutId: string, reason: string, now = new Date()) {
  await tx.$queryRaw`SELECT id FROM "ShopCheckout" WHERE id = ${checkoutId} FOR UPDATE`;
  const co = await tx.shopCheckout.findUnique({ where: { id: checkoutId }, select: { status: true, orders: { select: { id: true, lines: { select: { productId: true, quantity: true } } } } } });
  if (!co || co.status !== "PENDING") return false;
  await releaseReservations(tx, co.orders, reason);
  await tx.shopCheckout.update({ where: { id: checkoutId }, data: { status: "CANCELLED", cancelledAt: now } });
  await tx.shopOrder.updateMany({ where: { checkoutId, status: "PENDING" }, data: { status: "CANCELLED", cancelledAt: now, cancelReason: reason } });
  return true;
}

async function releaseReservations(tx: Db, orders: { id: string; lines: { productId: string; quantity: number }[] }[], note: string) {
  const moves = orders.flatMap((o) => o.lines.map((l) => ({ ...l, orderId: o.id }))).sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  for (const m of moves) await moveStock(tx, { productId: m.productId, kind: "RELEASED", quantity: m.quantity, orderId: m.orderId, note });
}

/** Cancels a pending checkout on its own (buyer's cancel, provider failure), closing the provider's session first. */
export async function cancelCheckout(checkoutId: string, reason: string, actorId: string | null = null) {
  const co = await prisma.shopCheckout.findUnique({ where: { id: checkoutId }, select: { status: true, provider: true, merchantAccountId: true, providerSessionId: true } });
  if (!co || co.status !== "PENDING") return false;
  if (co.providerSessionId) await expireSession(co, co.providerSessionId);
  return inTransaction(prisma, async (tx) => {
    const done = await cancelCheckoutInTx(tx, checkoutId, reason);
    if (done) await recordAudit({ actorId, action: "shop.checkout_cancelled", entityType: "ShopCheckout", entityId: checkoutId, reason }, tx);
    return done;
  });
}

/**
 * Best effort: close the provider's session so it can no longer be paid. If it cannot be closed (the
 * provider is unreachable, or the buyer is paying right now), a payment may still arrive after the
 * cancellation: events.server.ts re-reserves the stock or refunds that payment automatically.
 */
export async function expireSession(route: PaymentRoute, sessionId: string) {
  try {
    return await (await providerFor(route)).expireCheckout(sessionId);
  } catch (e) {
    if (e instanceof ProviderError || e instanceof AppError) {
      logger().warn(`checkout session ${sessionId.slice(0, 12)}…: could not expire (${e.message})`);
      return "not_open" as const;
    }
    throw e;
  }
}
