/**
 * The public catalogue's query (/shop): untrusted URL parameters → a product search on the port.
 * Pure, so the page, the benchmark and the tests build the very same query. Bad values are dropped
 * (never an error page), as on /search.
 */
import { isDistrictCode } from "~/modules/districts/districts";
import type { SearchQuery } from "../../../search/types";
import { PRICE_BAND_CODES, PRODUCT_CATEGORIES, type PriceBand, type ProductCategoryValue } from "./rules";

export const CATALOGUE_PAGE_SIZE = 20;
/** The search port refuses deeper pages (search/query.ts MAX_PAGE). */
export const CATALOGUE_MAX_PAGE = 200;
const MAX_TEXT = 100;

export type CatalogueFilters = {
  q: string;
  categories: ProductCategoryValue[];
  districts: string[];
  priceBands: PriceBand[];
  certified: boolean;
};

const many = (sp: URLSearchParams, key: string) => [...new Set(sp.getAll(key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean))].slice(0, 20);

export function parseCatalogueParams(sp: URLSearchParams): CatalogueFilters {
  const q = [...(sp.get("q") ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim()].slice(0, MAX_TEXT).join("").trim();
  return {
    q,
    categories: many(sp, "category").filter((c): c is ProductCategoryValue => (PRODUCT_CATEGORIES as readonly string[]).includes(c)),
    districts: many(sp, "district").filter(isDistrictCode),
    priceBands: many(sp, "price").filter((c): c is PriceBand => (PRICE_BAND_CODES as readonly string[]).includes(c)),
    certified: sp.get("certified") === "1",
  };
}

/** The port query: category and price band are two ANDed groups of the documents' categories. */
export function catalogueQuery(f: CatalogueFilters, page = 1, pageSize = CATALOGUE_PAGE_SIZE, facets = true): SearchQuery {
  const groups = [f.categories, f.priceBands].filter((g) => g.length);
  return {
    q: f.q,
    filters: {
      kind: ["product"],
      ...(f.districts.length ? { districtCode: f.districts } : {}),
      ...(groups.length ? { categoryGroups: groups } : {}),
      ...(f.certified ? { status: ["CERTIFIED"] } : {}),
    },
    sort: f.q ? "relevance" : "newest",
    page: Math.min(Math.max(1, page), CATALOGUE_MAX_PAGE),
    pageSize,
    facets,
  };
}

/** Splits the engine's category facet (categories and price bands share it) into the two facets. */
export function splitCategoryFacet(counts: Record<string, number>) {
  const categories: Partial<Record<ProductCategoryValue, number>> = {};
  const priceBands: Partial<Record<PriceBand, number>> = {};
  for (const [code, n] of Object.entries(counts)) {
    if ((PRODUCT_CATEGORIES as readonly string[]).includes(code)) categories[code as ProductCategoryValue] = n;
    else if ((PRICE_BAND_CODES as readonly string[]).includes(code)) priceBands[code as PriceBand] = n;
  }
  return { categories, priceBands };
}

/** The catalogue URL with one filter value toggled (facet links); resets the page. */
export function toggleCatalogueHref(current: URLSearchParams, param: "category" | "district" | "price" | "certified", value: string) {
  const next = new URLSearchParams(current);
  next.delete("page");
  if (param === "certified") {
    if (next.get("certified") === "1") next.delete("certified");
    else next.set("certified", "1");
    return `/shop?${next}`;
  }
  const values = next.getAll(param).flatMap((v) => v.split(",")).filter(Boolean);
  next.delete(param);
  for (const v of values.includes(value) ? values.filter((x) => x !== value) : [...values, value]) next.append(param, v);
  return `/shop?${next}`;
}
