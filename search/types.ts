/**
 * The search port: one interface, two engines (PostgreSQL by default, Meilisearch when MEILI_HOST is
 * set). Everything an engine needs to know about a listing is in SearchDocument; adapters
 * (app/modules/<domain>/search-adapter.server.ts, registered through search/registry.server.ts) turn
 * records into documents and never put personal data in them.
 */

/** Indexed kinds. campaign/fund/product are listed so filters and facets accept them as they arrive. */
export const SEARCH_KINDS = ["organization", "need", "project", "campaign", "fund", "product"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
export const isSearchKind = (v: unknown): v is SearchKind => typeof v === "string" && (SEARCH_KINDS as readonly string[]).includes(v);

export type SearchDocument = {
  kind: SearchKind;
  /** The record's id (unique within its kind). */
  id: string;
  title: string;
  /** Plain text; the engine segments it. */
  body: string;
  /** Where the listing is shown. */
  url: string;
  districtCode: string | null;
  /** Facet values: need categories, service areas, campaign kinds… (UPPER_SNAKE codes). */
  categories: string[];
  /** Facet value: the record's status code. */
  status: string | null;
  orgId: string | null;
  /** Extra searchable words (place names, beneficiary groups in Chinese…). */
  tags: string[];
  /** Kind-specific date to sort by (deadline, start date), ISO. */
  sortDate: string | null;
  /** When the listing went public, ISO (sort "newest"). */
  publishedAt: string;
};

export const FACET_FIELDS = ["kind", "districtCode", "category", "status"] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export type SearchFilters = {
  kind?: SearchKind[];
  districtCode?: string[];
  category?: string[];
  status?: string[];
  orgId?: string;
  /**
   * Further category conditions, ANDed with `category` and with each other; the values inside one
   * group are ORed. A kind that keeps several facets in `categories` (products: their category and
   * their price band) filters "category A or B, and price band X" with one group per facet.
   */
  categoryGroups?: string[][];
};

export const SEARCH_SORTS = ["relevance", "newest", "date"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export type SearchQuery = {
  /** Free text, already trimmed and limited (see search/query.ts). May be empty: browse mode. */
  q: string;
  filters: SearchFilters;
  sort: SearchSort;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Compute facet counts (search page) or not (instant results). */
  facets?: boolean;
};

export type SearchHit = {
  kind: SearchKind;
  id: string;
  url: string;
  /** Escaped HTML with <mark> around matched terms: safe for dangerouslySetInnerHTML. */
  titleHtml: string;
  snippetHtml: string;
  title: string;
  districtCode: string | null;
  categories: string[];
  status: string | null;
  orgId: string | null;
  sortDate: string | null;
  publishedAt: string;
  score: number;
};

export type FacetCounts = Record<FacetField, Record<string, number>>;

/** i18n keys (namespace `search`) with params, for things the user should know about their query. */
export type SearchNotice = { key: string; params?: Record<string, string | number> };

export type SearchResult = {
  engine: "postgres" | "meilisearch";
  hits: SearchHit[];
  total: number;
  /**
   * True when `total` and the facet counts are estimates: the engine counts exactly up to a bound
   * (PostgreSQL: EXACT_TOTAL_BOUND, 500 matches) and estimates beyond it, like Meilisearch's estimatedTotalHits.
   * Pages show such a total as "about N" (「约 N 条」).
   */
  estimated: boolean;
  page: number;
  pageSize: number;
  pageCount: number;
  facets: FacetCounts;
  /** Terms used for matching and highlighting (after segmentation and synonyms). */
  terms: string[];
  /** District recognised in the text (boosted). */
  districtCodes: string[];
  /** How the text matched: all terms, a substring, any term (typos), or fuzzy trigrams. */
  strategy: "browse" | "all" | "substring" | "any" | "fuzzy" | "engine";
  notices: SearchNotice[];
};

export interface SearchEngine {
  readonly name: "postgres" | "meilisearch";
  /** Creates the index / applies settings. Idempotent. */
  setup(): Promise<void>;
  /** Adds or replaces documents. */
  upsert(docs: SearchDocument[]): Promise<void>;
  remove(kind: SearchKind, ids: string[]): Promise<void>;
  /** Removes every document of a kind (reindex), or all documents. */
  clear(kind?: SearchKind): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
}

export const emptyFacets = (): FacetCounts => ({ kind: {}, districtCode: {}, category: {}, status: {} });
