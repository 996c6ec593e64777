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
