/**
 * Stock as an append-only record of movements (as Vendure keeps it), with the product's counters
 * (`stockOnHand`, `stockReserved`) updated in the same transaction by one conditional UPDATE. The
 * condition is re-checked by PostgreSQL after it takes the row lock, so many buyers reserving at once
 * can never take more than is there; the table's CHECK constraint is the last guard.
 *
 *   RECEIVED +onHand · RESERVED +reserved · RELEASED −reserved · SOLD −reserved −onHand
 *   RETURNED +onHand · ADJUSTED ±onHand (signed quantity)
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { StockMovementKind } from "~/generated/prisma/enums";

export type StockMove = {
  productId: string;
  kind: StockMovementKind;
  quantity: number;
  orderId?: string | null;
  note?: string | null;
  createdById?: string | null;
};

export type StockLevels = { onHand: number; reserved: number; available: number };

function assertQuantity(m: StockMove) {
  const ok = Number.isSafeInteger(m.quantity) && (m.kind === "ADJUSTED" ? m.quantity !== 0 : m.quantity > 0);
  if (!ok) throw new AppError("shop.errors.badQuantity", 400);
}

/** Applies one movement; throws AppError 409 `shop.errors.outOfStock` when there is not enough. */
export async function moveStock(db: Db, m: StockMove): Promise<StockLevels> {
  assertQuantity(m);
  return inTransaction(db, async (tx) => {
    const q = m.quantity;
    let rows: { onHand: number; reserved: number }[];
    switch (m.kind) {
      case "RECEIVED":
      case "RETURNED":
        rows = await tx.$queryRaw`UPDATE "Product" SET "stockOnHand" = "stockOnHand" + ${q}, "updatedAt" = now() WHERE id = ${m.productId} RETURNING "stockOnHand" AS "onHand", "stockReserved" AS reserved`;
        break;
      case "RESERVED":
        rows = await tx.$queryRaw`UPDATE "Product" SET "stockReserved" = "stockReserved" + ${q} WHERE id = ${m.productId} AND "stockOnHand" - "stockReserved" >= ${q} RETURNING "stockOnHand" AS "onHand", "stockReserved" AS reserved`;
        break;
      case "RELEASED":
        rows = await tx.$queryRaw`UPDATE "Product" SET "stockReserved" = "stockReserved" - ${q} WHERE id = ${m.productId} AND "stockReserved" >= ${q} RETURNING "stockOnHand" AS "onHand", "stockReserved" AS reserved`;
        break;
      case "SOLD":
        rows = await tx.$queryRaw`UPDATE "Product" SET "stockReserved" = "stockReserved" - ${q}, "stockOnHand" = "stockOnHand" - ${q} WHERE id = ${m.productId} AND "stockReserved" >= ${q} RETURNING "stockOnHand" AS "onHand", "stockReserved" AS reserved`;
        break;
      case "ADJUSTED":
        rows = await tx.$queryRaw`UPDATE "Product" SET "stockOnHand" = "stockOnHand" + ${q}, "updatedAt" = now() WHERE id = ${m.productId} AND "stockOnHand" + ${q} >= "stockReserved" RETURNING "stockOnHand" AS "onHand", "stockReserved" AS reserved`;
        break;
    }
    if (!rows.length) {
      const exists = await tx.product.findUnique({ where: { id: m.productId }, select: { id: true } });
      if (!exists) throw new AppError("errors.http.404", 404);
      throw new AppError("shop.errors.outOfStock", 409, { productId: m.productId });
    }
    await tx.stockMovement.create({ data: { productId: m.productId, kind: m.kind, quantity: q, orderId: m.orderId ?? null, note: m.note ?? null, createdById: m.createdById ?? null } });
    const { onHand, reserved } = rows[0]!;
    return { onHand: Number(onHand), reserved: Number(reserved), available: Number(onHand) - Number(reserved) };
  });
}

/**
 * Products whose cached counters disagree with their movements (an invariant check for
 * `npm run ledger:check` and the tests). Empty when all is well.
 */
export async function stockDrift(db: Db = prisma) {
  return db.$queryRaw<{ productId: string; onHand: number; reserved: number; movedOnHand: number; movedReserved: number }[]>`
    SELECT p.id AS "productId", p."stockOnHand" AS "onHand", p."stockReserved" AS reserved,
           COALESCE(m.on_hand, 0)::int AS "movedOnHand", COALESCE(m.reserved, 0)::int AS "movedReserved"
    FROM "Product" p
    LEFT JOIN (
      SELECT "productId",
        SUM(CASE kind WHEN 'RECEIVED' THEN quantity WHEN 'RETURNED' THEN quantity WHEN 'ADJUSTED' THEN quantity WHEN 'SOLD' THEN -quantity ELSE 0 END) AS on_hand,
        SUM(CASE kind WHEN 'RESERVED' THEN quantity WHEN 'RELEASED' THEN -quantity WHEN 'SOLD' THEN -quantity ELSE 0 END) AS reserved
      FROM "StockMovement" GROUP BY "productId"
    ) m ON m."productId" = p.id
    WHERE p."stockOnHand" <> COALESCE(m.on_hand, 0) OR p."stockReserved" <> COALESCE(m.reserved, 0)`;
}
