/** Pure product rules shared by the catalogue, the shop and the search documents. */

/** A price more than 20% above the market reference shows a visible warning. */
export const PRICE_WARNING_RATIO = 1.2;

export function priceAboveReference(priceFen: bigint, referencePriceFen: bigint | null | undefined): boolean {
  if (!referencePriceFen || referencePriceFen <= 0n) return false;
  // price > 1.2 × reference, in integers: 5·price > 6·reference.
  return 5n * priceFen > 6n * referencePriceFen;
}

/** Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The 扶贫产品认定 badge: a number verified by staff whose expiry (a date, inclusive) has not passed in
 * Shanghai. Derived at read time, so an expired certificate takes the badge off without any job.
 */
export function isCertified(p: { certNumber: string | null; certExpiresOn: Date | null; certVerifiedAt: Date | null }, now: Date = new Date()): boolean {
  if (!p.certNumber || !p.certVerifiedAt || !p.certExpiresOn) return false;
  return p.certExpiresOn.toISOString().slice(0, 10) >= shanghaiDay(now);
}

/** Prisma `where` for the same rule (certified products in queries and facets). */
export function certifiedWhere(now: Date = new Date()) {
  return { certNumber: { not: null }, certVerifiedAt: { not: null }, certExpiresOn: { gte: new Date(`${shanghaiDay(now)}T00:00:00.000Z`) } };
}

export const PRODUCT_CATEGORIES = ["GRAIN_OIL", "MEAT_POULTRY_EGGS", "FRUIT_VEG", "TEA", "DRIED_SPECIALTY", "HANDICRAFT", "OTHER"] as const;
export type ProductCategoryValue = (typeof PRODUCT_CATEGORIES)[number];

/**
 * Price bands of the catalogue's facet, in fen: [from, to). Codes are UPPER_SNAKE so they travel
 * as search facet values (search/query.ts), next to the category code in a document's categories.
 */
export const PRICE_BANDS = [
  { code: "PRICE_0_20", from: 0n, to: 2_000n },
  { code: "PRICE_20_50", from: 2_000n, to: 5_000n },
  { code: "PRICE_50_100", from: 5_000n, to: 10_000n },
  { code: "PRICE_100_200", from: 10_000n, to: 20_000n },
  { code: "PRICE_200_UP", from: 20_000n, to: null },
] as const;
export type PriceBand = (typeof PRICE_BANDS)[number]["code"];
export const PRICE_BAND_CODES = PRICE_BANDS.map((b) => b.code) as [PriceBand, ...PriceBand[]];

export function priceBandOf(priceFen: bigint): PriceBand {
  for (const b of PRICE_BANDS) if (priceFen >= b.from && (b.to === null || priceFen < b.to)) return b.code;
  return "PRICE_0_20";
}

/** The certification facet of a product's search document (its `status` field). */
export const CERT_STATUSES = ["CERTIFIED", "UNCERTIFIED"] as const;
export type CertStatus = (typeof CERT_STATUSES)[number];

/** At most this many photos per product. */
export const MAX_PRODUCT_PHOTOS = 6;
/** One photo, images only. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** What the public sees: a listed product of an approved producer. */
export function isPublicProduct(p: { status: string; producer: { status: string } }): boolean {
  return p.status === "LISTED" && p.producer.status === "APPROVED";
}
