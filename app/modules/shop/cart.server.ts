/**
 * The cart lives in a signed cookie (no database rows for carts): at most MAX_CART_LINES lines of
 * (product id, quantity ≤ MAX_LINE_QUANTITY). Prices, availability and the certified badge are read
 * fresh from the products every time the cart is shown; checkout reads them again in its transaction.
 */
import { createCookie } from "@remix-run/node";
import { prisma } from "~/utils/db.server";
import { getEnv, isProduction } from "~/utils/env.server";
import { AppError } from "~/utils/errors";
import { isCertified } from "~/modules/products/rules";
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "./schema";

export type CartLine = { productId: string; quantity: number };

function cartCookie() {
  return createCookie("sl_cart", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isProduction(),
    secrets: [getEnv().SESSION_SECRET],
    maxAge: 30 * 24 * 3600,
  });
}

const ID = /^[a-z0-9]{1,40}$/i;

/** The cart from the request's cookie; anything malformed or tampered with reads as empty lines dropped. */
export async function readCart(request: Request): Promise<CartLine[]> {
  let raw: unknown;
  try {
    raw = await cartCookie().parse(request.headers.get("Cookie"));
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: CartLine[] = [];
  for (const item of raw.slice(0, MAX_CART_LINES)) {
    if (!Array.isArray(item)) continue;
    const [productId, quantity] = item as unknown[];
    if (typeof productId !== "string" || !ID.test(productId)) continue;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) continue;
    if (out.some((l) => l.productId === productId)) continue;
    out.push({ productId, quantity });
  }
  return out;
}

export async function cartSetCookie(lines: CartLine[]) {
  return cartCookie().serialize(lines.map((l) => [l.productId, l.quantity]));
}

export async function clearCartCookie() {
  return cartCookie().serialize([], { maxAge: 0 });
}

/** Applies one cart action; throws AppError (400/404/409) with a message for the form. */
export async function changeCart(lines: CartLine[], action: { intent: "add" | "update" | "remove" | "clear"; productId?: string; quantity?: number }): Promise<CartLine[]> {
  if (action.intent === "clear") return [];
  const productId = action.productId!;
  if (action.intent === "remove") return lines.filter((l) => l.productId !== productId);
  const product = await prisma.product.findUnique({ where: { id: productId }, select: { id: true, status: true, producer: { select: { status: true } } } });
  if (!product) throw new AppError("errors.http.404", 404);
  const existing = lines.find((l) => l.productId === productId);
  if (action.intent === "add" && (product.status !== "LISTED" || product.producer.status !== "APPROVED")) throw new AppError("shop.cart.errors.unavailable", 409);
  if (!existing && action.intent === "update") throw new AppError("errors.http.404", 404);
  const quantity = action.intent === "add" ? (existing?.quantity ?? 0) + (action.quantity ?? 1) : action.quantity!;
  if (quantity > MAX_LINE_QUANTITY) throw new AppError("shop.cart.errors.tooMany", 400, { max: MAX_LINE_QUANTITY }, { quantity: "shop.cart.errors.tooMany" });
  if (existing) return lines.map((l) => (l.productId === productId ? { ...l, quantity } : l));
  if (lines.length >= MAX_CART_LINES) throw new AppError("shop.cart.errors.full", 409, { max: MAX_CART_LINES });
  return [...lines, { productId, quantity }];
}

export type CartView = Awaited<ReturnType<typeof cartView>>;

/** The cart as the page shows it: lines grouped by producer, current prices and availability, totals in fen. */
export async function cartView(lines: CartLine[], now = new Date()) {
  if (!lines.length) return { groups: [], totalFen: "0", count: 0, hasUnavailable: false };
  const products = await prisma.product.findMany({
    where: { id: { in: lines.map((l) => l.productId) } },
    select: {
      id: true,
      name: true,
      unit: true,
      spec: true,
      priceFen: true,
      status: true,
      stockOnHand: true,
      stockReserved: true,
      certNumber: true,
      certExpiresOn: true,
      certVerifiedAt: true,
      producer: { select: { id: true, name: true, status: true, districtCode: true } },
    },
  });
  const byId = new Map(products.map((p) => [p.id, p]));
  const groups = new Map<string, { producerId: string; producerName: string; lines: ReturnType<typeof line>[]; subtotalFen: bigint }>();
  function line(l: CartLine, p: NonNullable<ReturnType<typeof byId.get>>) {
    const available = p.stockOnHand - p.stockReserved;
    const listed = p.status === "LISTED" && p.producer.status === "APPROVED";
    return {
      productId: p.id,
      name: p.name,
      unit: p.unit,
      spec: p.spec,
      quantity: l.quantity,
      priceFen: p.priceFen.toString(),
      lineFen: (p.priceFen * BigInt(l.quantity)).toString(),
      available,
      listed,
      enough: listed && available >= l.quantity,
      certified: isCertified(p, now),
    };
  }
  let total = 0n;
  let count = 0;
  let hasUnavailable = false;
  for (const l of lines) {
    const p = byId.get(l.productId);
    if (!p) {
      hasUnavailable = true;
      continue;
    }
    const view = line(l, p);
    const g = groups.get(p.producer.id) ?? { producerId: p.producer.id, producerName: p.producer.name, lines: [], subtotalFen: 0n };
    g.lines.push(view);
    if (view.listed) {
      g.subtotalFen += p.priceFen * BigInt(l.quantity);
      total += p.priceFen * BigInt(l.quantity);
      count += l.quantity;
    }
    if (!view.enough) hasUnavailable = true;
    groups.set(p.producer.id, g);
  }
  return {
    groups: [...groups.values()].map((g) => ({ ...g, subtotalFen: g.subtotalFen.toString() })),
    totalFen: total.toString(),
    count,
    hasUnavailable,
  };
}
