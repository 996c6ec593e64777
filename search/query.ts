import { isDistrictCode } from "~/modules/districts/districts";
import { isSearchKind, SEARCH_SORTS, type SearchFilters, type SearchKind, type SearchNotice, type SearchQuery, type SearchSort } from "./types";

/**
 * Turns untrusted URL parameters into a SearchQuery. Nothing here throws: unknown parameters and
 * bad values are dropped with a notice the page shows, long text is cut, pages are clamped.
 */
export const MAX_QUERY_LENGTH = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;
/** Deep pages are refused: nobody reads page 500, and both engines pay for the offset. */
export const MAX_PAGE = 200;

/** URL parameter → filter. The whitelist: anything else is ignored with a notice. */
const FILTER_PARAMS = { kind: "kind", district: "districtCode", category: "category", status: "status" } as const;
const KNOWN_PARAMS = new Set(["q", "page", "sort", "size", ...Object.keys(FILTER_PARAMS)]);
/** Facet codes are UPPER_SNAKE enum values. */
const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

export type ParsedSearch = { query: SearchQuery; notices: SearchNotice[] };

export function parseSearchParams(params: URLSearchParams, opts: { facets?: boolean; pageSize?: number } = {}): ParsedSearch {
  const notices: SearchNotice[] = [];
  let q = (params.get("q") ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  if ([...q].length > MAX_QUERY_LENGTH) {
    q = [...q].slice(0, MAX_QUERY_LENGTH).join("").trim();
    notices.push({ key: "search.notices.queryTruncated", params: { max: MAX_QUERY_LENGTH } });
  }

  const filters: SearchFilters = {};
  for (const [param, field] of Object.entries(FILTER_PARAMS)) {
    const raw = params.getAll(param).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    if (!raw.length) continue;
    const valid = field === "kind" ? raw.filter(isSearchKind) : field === "districtCode" ? raw.filter(isDistrictCode) : raw.filter((v) => CODE.test(v));
    if (valid.length < raw.length) notices.push({ key: "search.notices.badFilterValue", params: { name: param } });
    if (!valid.length) continue;
    const unique = [...new Set(valid)].slice(0, 20);
    if (field === "kind") filters.kind = unique as SearchKind[];
    else filters[field] = unique;
  }
  const unknown = [...new Set(params.keys())].filter((k) => !KNOWN_PARAMS.has(k));
  if (unknown.length) notices.push({ key: "search.notices.unknownFilter", params: { names: unknown.slice(0, 5).join(", ").slice(0, 80) } });

  const sortRaw = params.get("sort");
  let sort: SearchSort = q ? "relevance" : "newest";
  if (sortRaw) {
    if ((SEARCH_SORTS as readonly string[]).includes(sortRaw)) sort = sortRaw as SearchSort;
    else notices.push({ key: "search.notices.badSort" });
  }
  if (sort === "relevance" && !q) sort = "newest";

  let page = 1;
  const pageRaw = params.get("page");
  if (pageRaw !== null) {
    const n = /^\d{1,9}$/.test(pageRaw.trim()) ? Number(pageRaw.trim()) : NaN;
    if (!Number.isInteger(n) || n < 1) notices.push({ key: "search.notices.badPage" });
    else if (n > MAX_PAGE) {
      page = MAX_PAGE;
      notices.push({ key: "search.notices.pageTooDeep", params: { max: MAX_PAGE } });
    } else page = n;
  }
  let pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const sizeRaw = params.get("size");
  if (sizeRaw !== null) {
    const n = Number(sizeRaw);
    if (Number.isInteger(n) && n >= 1) pageSize = Math.min(n, MAX_PAGE_SIZE);
  }
  return { query: { q, filters, sort, page, pageSize, facets: opts.facets ?? true }, notices };
}

/** The URL of a search with one filter value toggled (facet links); resets the page. */
export function toggleFilterHref(current: URLSearchParams, param: keyof typeof FILTER_PARAMS, value: string) {
  const next = new URLSearchParams(current);
  const values = next.getAll(param).flatMap((v) => v.split(",")).filter(Boolean);
  next.delete(param);
  const has = values.includes(value);
  for (const v of has ? values.filter((x) => x !== value) : [...values, value]) next.append(param, v);
  next.delete("page");
  return `/search?${next}`;
}
