/**
 * Products of a producer (供应主体), as its account or its supporting organization manages them:
 * create and edit, list and unlist, photos, stock entries. Every function takes the producer id the
 * route's guard (requireProducerAccess) checked and refuses a product of another producer with 404,
 * so a product of producer A is never reachable through producer B's URL.
 */
import type { Prisma } from "~/generated/prisma/client";
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { moveStock } from "~/modules/shop/stock.server";
import type { UploadedFile } from "~/modules/files/files.server";
import { MAX_PRODUCT_PHOTOS } from "./rules";
import type { NewProductInput, ProductInput } from "./schema";
import { objectKeysOf, removeObjects, saveUpload } from "~/modules/files/uploads.server";

const TX = { maxWait: 15_000, timeout: 30_000 } as const;

/** Fields kept in the audit trail (money as strings: JSON has no BigInt). */
const AUDITED = {
  name: true, category: true, unit: true, spec: true, priceFen: true, referencePriceFen: true, originDistrictCode: true, originPlace: true,
  season: true, certNumber: true, certExpiresOn: true, certVerifiedAt: true, status: true,
} as const;
type Audited = Prisma.ProductGetPayload<{ select: typeof AUDITED }>;
export const auditJson = (p: Partial<Audited>): Prisma.InputJsonValue =>
  JSON.parse(JSON.stringify(p, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) as Prisma.InputJsonValue;

const day = (s: string | undefined) => (s ? new Date(`${s}T00:00:00.000Z`) : null);

function dataFrom(input: ProductInput) {
  return {
    name: input.name,
    category: input.category,
    unit: input.unit,
    spec: input.spec ?? null,
    description: input.description ?? null,
    priceFen: input.price,
    referencePriceFen: input.referencePrice,
    originDistrictCode: input.originDistrictCode,
    originPlace: input.originPlace ?? null,
    season: input.season ?? null,
    certNumber: input.certNumber ?? null,
    certExpiresOn: day(input.certExpiresOn),
  };
}

/** The product, only if it belongs to this producer; 404 otherwise (its existence is not confirmed). */
async function ownProduct(db: Db, producerId: string, productId: string) {
  const p = await db.product.findFirst({ where: { id: productId, producerId }, select: { id: true, ...AUDITED, producer: { select: { supportOrgId: true, status: true } } } });
  if (!p) throw new AppError("errors.http.404", 404);
  return p;
}

export async function createProduct(producerId: string, actorId: string, input: NewProductInput) {
  return prisma.$transaction(async (tx) => {
    const producer = await tx.producer.findUnique({ where: { id: producerId }, select: { supportOrgId: true } });
    if (!producer) throw new AppError("errors.http.404", 404);
    const product = await tx.product.create({ data: { ...dataFrom(input), producerId, createdById: actorId, status: "DRAFT" }, select: { id: true, ...AUDITED } });
    // The first stock is a movement like any other: the counters are never written directly.
    if (input.initialStock > 0) await moveStock(tx, { productId: product.id, kind: "RECEIVED", quantity: input.initialStock, createdById: actorId, note: "initial" });
    await recordAudit({ actorId, action: "product.created", entityType: "Product", entityId: product.id, orgId: producer.supportOrgId, after: auditJson(product) }, tx);
    await enqueueSearch(tx, "product", product.id);
    return { id: product.id };
  }, TX);
}

/**
 * Saves the product. A changed certification number or expiry is no longer the one staff checked:
 * the verification is cleared and the badge goes until staff verify again.
 */
export async function updateProduct(producerId: string, productId: string, actorId: string, input: ProductInput) {
  return prisma.$transaction(async (tx) => {
    const before = await ownProduct(tx, producerId, productId);
    const data = dataFrom(input);
    const certChanged = (before.certNumber ?? null) !== data.certNumber || (before.certExpiresOn?.getTime() ?? null) !== (data.certExpiresOn?.getTime() ?? null);
    const after = await tx.product.update({
      where: { id: productId },
      data: { ...data, ...(certChanged ? { certVerifiedAt: null, certVerifiedById: null } : {}) },
      select: AUDITED,
    });
    const { producer, id: _id, ...beforeFields } = before;
    await recordAudit({ actorId, action: "product.updated", entityType: "Product", entityId: productId, orgId: producer.supportOrgId, before: auditJson(beforeFields), after: auditJson(after) }, tx);
    await enqueueSearch(tx, "product", productId);
    return { certChanged };
  }, TX);
}

/**
 * Listing: LISTED only while the producer is approved and staff have not taken the product down
 * (only staff put a taken-down product back). Unlisting is always possible.
 */
export async function setListing(producerId: string, productId: string, actorId: string, listing: "LIST" | "UNLIST") {
  return prisma.$transaction(async (tx) => {
    const p = await ownProduct(tx, producerId, productId);
    if (p.status === "TAKEN_DOWN") throw new AppError("shop.products.errors.takenDown", 409);
    if (listing === "LIST" && p.producer.status !== "APPROVED") throw new AppError("shop.products.errors.producerNotApproved", 409);
    const status = listing === "LIST" ? "LISTED" : "UNLISTED";
    if (p.status === status) return;
    await tx.product.update({ where: { id: productId }, data: { status } });
    await recordAudit({ actorId, action: listing === "LIST" ? "product.listed" : "product.unlisted", entityType: "Product", entityId: productId, orgId: p.producer.supportOrgId, before: { status: p.status }, after: { status } }, tx);
    await enqueueSearch(tx, "product", productId);
  }, TX);
}

/** Photos are public files of the supporting organization (the catalogue shows them to anyone). */
export async function addPhotos(producerId: string, productId: string, actorId: string, photos: UploadedFile[]) {
  return prisma.$transaction(async (tx) => {
    const p = await ownProduct(tx, producerId, productId);
    const count = await tx.productPhoto.count({ where: { productId } });
    if (count + photos.length > MAX_PRODUCT_PHOTOS) throw new AppError("shop.products.errors.tooManyPhotos", 409, { max: MAX_PRODUCT_PHOTOS });
    const last = await tx.productPhoto.aggregate({ where: { productId }, _max: { position: true } });
    let position = (last._max.position ?? -1) + 1;
    for (const photo of photos) {
      const file = await saveUpload(tx, { orgId: p.producer.supportOrgId, uploadedById: actorId, purpose: "product-photo", visibility: "PUBLIC", file: photo });
      await tx.productPhoto.create({ data: { productId, fileId: file.id, position: position++ } });
    }
    await recordAudit({ actorId, action: "product.photos_added", entityType: "Product", entityId: productId, orgId: p.producer.supportOrgId, after: { count: photos.length } }, tx);
  }, TX);
}

export async function removePhoto(producerId: string, productId: string, actorId: string, photoId: string) {
  const objectKeys = await prisma.$transaction(async (tx) => {
    const p = await ownProduct(tx, producerId, productId);
    const photo = await tx.productPhoto.findFirst({ where: { id: photoId, productId }, select: { id: true, fileId: true } });
    if (!photo) throw new AppError("errors.http.404", 404);
    // The photo row goes with its file (ON DELETE CASCADE).
    const keys = await objectKeysOf(tx, { id: { in: [photo.fileId] } });
    await tx.fileUpload.delete({ where: { id: photo.fileId } });
    await recordAudit({ actorId, action: "product.photo_removed", entityType: "Product", entityId: productId, orgId: p.producer.supportOrgId, before: { fileId: photo.fileId } }, tx);
    return keys;
  }, TX);
  await removeObjects(objectKeys);
}

/** Goods received, or a signed correction; through moveStock, which never lets stock go negative. */
export async function recordStock(producerId: string, productId: string, actorId: string, entry: { kind: "RECEIVED" | "ADJUSTED"; quantity: number; note?: string }) {
  return prisma.$transaction(async (tx) => {
    await ownProduct(tx, producerId, productId);
    return moveStock(tx, { productId, kind: entry.kind, quantity: entry.quantity, note: entry.note ?? null, createdById: actorId });
  }, TX);
}

/** Re-indexes every product of a producer (its approval or suspension changes what the public sees). */
export async function enqueueProducerProducts(db: Db, producerId: string) {
  const rows = await db.product.findMany({ where: { producerId }, select: { id: true } });
  for (const r of rows) await enqueueSearch(db, "product", r.id);
}

export async function listProducerProducts(producerId: string, page: number) {
  const where = { producerId };
  return paginate(
    page,
    20,
    () => prisma.product.count({ where }),
    (w) =>
      prisma.product.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        ...w,
        select: { id: true, name: true, category: true, unit: true, priceFen: true, referencePriceFen: true, status: true, stockOnHand: true, stockReserved: true, certNumber: true, certExpiresOn: true, certVerifiedAt: true },
      }),
  );
}

/** The edit page: the product with its photos, recent stock movements and the last certification decision. */
export async function getProducerProduct(producerId: string, productId: string) {
  const p = await prisma.product.findFirst({
    where: { id: productId, producerId },
    select: {
      id: true, name: true, category: true, unit: true, spec: true, description: true, priceFen: true, referencePriceFen: true, stockOnHand: true, stockReserved: true,
      originDistrictCode: true, originPlace: true, season: true, certNumber: true, certExpiresOn: true, certVerifiedAt: true, status: true, takedownReason: true,
      photos: { orderBy: { position: "asc" }, select: { id: true, fileId: true } },
      movements: { orderBy: { createdAt: "desc" }, take: 20, select: { id: true, kind: true, quantity: true, note: true, createdAt: true } },
    },
  });
  if (!p) return null;
  const lastCertDecision = await prisma.auditLog.findFirst({
    where: { entityType: "Product", entityId: productId, action: { in: ["product.cert_verified", "product.cert_rejected"] } },
    orderBy: { createdAt: "desc" },
    select: { action: true, reason: true, createdAt: true },
  });
  return { ...p, lastCertDecision };
}
