import { catchUpSearchIndex } from "./outbox-worker.server";
import { getSearchEngine } from "./engine.server";
import { parseSearchParams } from "./query";
import type { SearchEngine, SearchResult } from "./types";

/**
 * What the search page and the JSON endpoint call: parse untrusted parameters (never throws),
 * catch up with pending index changes, search, and explain anything odd (ignored filters, page out
 * of range) through notices.
 */
export async function searchFromParams(params: URLSearchParams, opts: { facets?: boolean; pageSize?: number; engine?: SearchEngine } = {}): Promise<SearchResult> {
  const { query, notices } = parseSearchParams(params, opts);
  if (!opts.engine) await catchUpSearchIndex();
  const engine = opts.engine ?? getSearchEngine();
  const result = await engine.search(query);
  result.notices = [...notices, ...result.notices];
  if (result.total > 0 && query.page > result.pageCount) result.notices.push({ key: "search.notices.pageOutOfRange", params: { pages: result.pageCount } });
  return result;
}
