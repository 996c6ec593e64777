/**
 * The public side of products: the catalogue (/shop) through the search port, the product page,
 * and the public "report this product" form. Only LISTED products of APPROVED producers exist for
 * the public; anything else answers 404.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { pageInfo } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { countAttempt } from "~/modules/accounts/rate-limit.server";
import { catchUpSearchIndex } from "~/modules/search-outbox/worker.server";
import { getSearchEngine } from "../../../search/engine.server";
import type { SearchEngine } from "../../../search/types";
import { catalogueQuery, CATALOGUE_MAX_PAGE, CATALOGUE_PAGE_SIZE, parseCatalogueParams, splitCategoryFacet } from "./catalogue";
import { refreshCertificationsDaily } from "./certification-refresh.server";
import { isCertified, priceAboveReference } from "./rules";
import { PUBLIC_PRODUCT_WHERE } from "./search-adapter.server";

const cardSelect = {
  id: true, name: true, unit: true, spec: true, category: true, priceFen: true, referencePriceFen: true, originDistrictCode: true, stockOnHand: true, stockReserved: true,
  certNumber: true, certExpiresOn: true, certVerifiedAt: true,
  producer: { select: { id: true, name: true } },
  photos: { orderBy: { position: "asc" }, take: 1, select: { fileId: true } },
} as const;

export type ProductCard = {
  id: string; name: string; unit: string; spec: string | null; category: string; priceFen: string; referencePriceFen: string | null; priceWarning: boolean;
  originDistrictCode: string; available: number; certified: boolean; producer: { id: string; name: string }; photoId: string | null; titleHtml: string;
};

/** Product rows → cards (in the given id order), the badge derived now from the database. */
export async function productCards(ids: string[], titles: Map<string, string> = new Map(), now = new Date()): Promise<ProductCard[]> {
  if (!ids.length) return [];
  const rows = await prisma.product.findMany({ where: { id: { in: ids }, ...PUBLIC_PRODUCT_WHERE }, select: cardSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const p = byId.get(id);
    if (!p) return [];
    return [{
      id: p.id, name: p.name, unit: p.unit, spec: p.spec, category: p.category, priceFen: p.priceFen.toString(), referencePriceFen: p.referencePriceFen?.toString() ?? null,
      priceWarning: priceAboveReference(p.priceFen, p.referencePriceFen), originDistrictCode: p.originDistrictCode, available: Math.max(0, p.stockOnHand - p.stockReserved),
      certified: isCertified(p, now), producer: p.producer, photoId: p.photos[0]?.fileId ?? null, titleHtml: titles.get(id) ?? "",
    }];
  });
}

/** The catalogue: full-text search (Chinese) with facets, one page of cards. */
export async function searchCatalogue(params: URLSearchParams, requestedPage: number, opts: { engine?: SearchEngine } = {}) {
  const filters = parseCatalogueParams(params);
  if (!opts.engine) {
    await refreshCertificationsDaily();
    await catchUpSearchIndex();
  }
  const engine = opts.engine ?? getSearchEngine();
  const page = Math.min(requestedPage, CATALOGUE_MAX_PAGE);
  let result = await engine.search(catalogueQuery(filters, page));
  // Past the last page: show the last one, as every other list does (app/utils/pagination.ts).
  if (!result.hits.length && result.total > 0 && page > 1) result = await engine.search(catalogueQuery(filters, Math.min(result.pageCount, CATALOGUE_MAX_PAGE)));
  const cards = await productCards(result.hits.map((h) => h.id), new Map(result.hits.map((h) => [h.id, h.titleHtml])));
  const { categories, priceBands } = splitCategoryFacet(result.facets.category);
  // An estimated total (beyond the engine's exact bound) pages only through the ranked candidates.
  const pageable = result.estimated ? result.pageCount * CATALOGUE_PAGE_SIZE : result.total;
  const { page: p, pageSize, total, pageCount } = pageInfo(result.page, CATALOGUE_PAGE_SIZE, Math.min(pageable, CATALOGUE_MAX_PAGE * CATALOGUE_PAGE_SIZE));
  return {
    filters,
    cards,
    total: result.total,
    estimated: result.estimated,
    pagination: { page: p, pageSize, total, pageCount },
    facets: { categories, priceBands, districts: result.facets.districtCode, certified: result.facets.status.CERTIFIED ?? 0 },
    strategy: result.strategy,
  };
}

/** The public product page; null (→ 404) unless listed by an approved producer. */
export async function getPublicProduct(id: string, now = new Date()) {
  const p = await prisma.product.findFirst({
    where: { id, ...PUBLIC_PRODUCT_WHERE },
    select: {
      id: true, name: true, category: true, unit: true, spec: true, description: true, priceFen: true, referencePriceFen: true, stockOnHand: true, stockReserved: true,
      originDistrictCode: true, originPlace: true, season: true, certNumber: true, certExpiresOn: true, certVerifiedAt: true,
      producer: { select: { id: true, name: true, districtCode: true } },
      photos: { orderBy: { position: "asc" }, select: { id: true, fileId: true } },
    },
  });
  if (!p) return null;
  const certified = isCertified(p, now);
  return {
    id: p.id, name: p.name, category: p.category, unit: p.unit, spec: p.spec, description: p.description,
    priceFen: p.priceFen.toString(), referencePriceFen: p.referencePriceFen?.toString() ?? null, priceWarning: priceAboveReference(p.priceFen, p.referencePriceFen),
    available: Math.max(0, p.stockOnHand - p.stockReserved), originDistrictCode: p.originDistrictCode, originPlace: p.originPlace, season: p.season,
    certified, certNumber: certified ? p.certNumber : null, certExpiresOn: certified ? p.certExpiresOn!.toISOString().slice(0, 10) : null,
    producer: p.producer, photos: p.photos,
  };
}

/** Reports per client address in the throttle window before the form answers 429. */
export const MAX_REPORTS_PER_IP = 5;

/**
 * A report from the public: an audit entry staff see in their queue (/staff/products?tab=reported).
 * Throttled per client address with the sign-in throttle's counter (a burst locks the address for
 * a minute, doubling).
 */
export async function reportProduct(productId: string, reason: string, reporterId: string | null, ip: string) {
  const verdict = await countAttempt(`report:${ip}`, MAX_REPORTS_PER_IP);
  if (verdict.refused) throw new AppError("shop.catalogue.report.rateLimited", 429);
  const p = await prisma.product.findFirst({ where: { id: productId, ...PUBLIC_PRODUCT_WHERE }, select: { id: true, producer: { select: { supportOrgId: true } } } });
  if (!p) throw new AppError("errors.http.404", 404);
  await recordAudit({ actorId: reporterId, action: "product.reported", entityType: "Product", entityId: p.id, orgId: p.producer.supportOrgId, reason });
}
