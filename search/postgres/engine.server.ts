import { analyzeQuery, tsqueryAll, tsqueryAny, type AnalyzedQuery } from "../analyze.server";
import { highlight, snippet } from "../highlight";
import { segmentForIndex } from "../segment.server";
import { emptyFacets, SEARCH_KINDS, type FacetCounts, type SearchDocument, type SearchEngine, type SearchHit, type SearchKind, type SearchQuery, type SearchResult } from "../types";
import type pg from "pg";
import { SqlParams, type SqlRunner } from "./sql.server";

/**
 * The default engine, over two tables of the application database (prisma/schema.prisma):
 * - "SearchMatch": narrow rows with the filter and sort fields and `tsv` (jieba search-mode tokens,
 *   title weight A, body weight B, 'simple' config: no stemming, no stop words, the tokens are
 *   already words), ranked with ts_rank. One partial GIN per kind over tsv and the filter fields
 *   (prisma/sql/search.sql), so a text search touches only the chosen kinds' entries and the
 *   filters narrow the matches inside the index. The table is hash-partitioned by docId (8
 *   partitions, ADR 023) so that a bounded scan stops in the first partitions that fill it.
 * - "SearchDocument": what a hit shows, and `trgm_text` (lower-cased text with a pg_trgm GIN) for
 *   substrings (partial words) and fuzzy matching when no term matches.
 * A district named in the query doubles the score of listings in that district.
 */
const TRGM_MAX = 4000;
const DISTRICT_BOOST = 2;

type Row = { kind: SearchKind; entityId: string; title: string; body: string; url: string; districtCode: string | null; categories: string[]; status: string | null; orgId: string | null; sortDate: Date | null; publishedAt: Date; score: number };
type Strategy = SearchResult["strategy"];
/**
 * A strategy's condition and score. The score is built on demand: the counting statement never
 * asks for it, and a parameter that only the score uses would be unbound there.
 */
type Match = {
  where: string;
  score: () => string;
  trigram?: boolean;
  /** The table whose index drives the scan, and its alias (its rows' ctid and tableoid estimate the total). */
  table: '"SearchMatch"' | '"SearchDocument"';
  row: "d" | "t";
};

/**
 * Matches counted exactly; beyond this many, the total and the facet counts are estimates
 * (`estimated: true`, shown as "about N") and relevance ranks these candidates only (25 pages of
 * 20). The work of a broad query is proportional to it (heap rows fetched, ts_rank computed): at
 * 1,000 the benchmark's broad queries spent most of their time there (EXPLAIN in the bench's
 * profile mode); Meilisearch's maxTotalHits (1,000) plays the same role for its pagination.
 */
export const EXACT_TOTAL_BOUND = 500;

export type PostgresEngineOptions = {
  /** See EXACT_TOTAL_BOUND (tests use a small one). */
  exactTotalBound?: number;
  /** Sees every statement with its values (the benchmark's EXPLAIN (ANALYZE, BUFFERS) profile). */
  trace?: (sql: string, values: unknown[]) => void;
  /**
   * Where searches read (the read replica when there is one, README "Read replica"): the total,
   * the facets and the page of hits, which may lag by the replication delay, as any search
   * engine's index does (Meilisearch indexes asynchronously too). Index writes stay on `db`.
   */
  readDb?: SqlRunner;
};

export class PostgresSearchEngine implements SearchEngine {
  readonly name = "postgres" as const;
  private readonly bound: number;
  constructor(
    private readonly db: SqlRunner,
    private readonly opts: PostgresEngineOptions = {},
  ) {
    this.bound = Math.max(1, opts.exactTotalBound ?? EXACT_TOTAL_BOUND);
  }

  async setup() {
    // The table and its indexes come from the migration; nothing to create at run time.
  }

  async upsert(docs: SearchDocument[]) {
    // One row per listing: a batch naming a listing twice would make ON CONFLICT fail; the last wins.
    const unique = [...new Map(docs.map((d) => [`${d.kind}\u0000${d.id}`, d])).values()];
    for (let i = 0; i < unique.length; i += 500) await this.upsertBatch(unique.slice(i, i + 500));
  }

  private async upsertBatch(docs: SearchDocument[]) {
    if (!docs.length) return;
    const cols = {
      kind: [] as string[], id: [] as string[], title: [] as string[], body: [] as string[], url: [] as string[], district: [] as (string | null)[],
      categories: [] as string[], status: [] as (string | null)[], org: [] as (string | null)[], tags: [] as string[], sortDate: [] as (string | null)[],
      publishedAt: [] as string[], titleSeg: [] as string[], bodySeg: [] as string[], trgm: [] as string[],
    };
    for (const d of docs) {
      cols.kind.push(d.kind);
      cols.id.push(d.id);
      cols.title.push(d.title);
      cols.body.push(d.body);
      cols.url.push(d.url);
      cols.district.push(d.districtCode);
      // Arrays of arrays do not bind well; pass them as JSON text and unpack in SQL.
      cols.categories.push(JSON.stringify(d.categories));
      cols.status.push(d.status);
      cols.org.push(d.orgId);
      cols.tags.push(JSON.stringify(d.tags));
      cols.sortDate.push(d.sortDate);
      cols.publishedAt.push(d.publishedAt);
      cols.titleSeg.push(segmentForIndex(d.title));
      cols.bodySeg.push(segmentForIndex(`${d.body} ${d.tags.join(" ")}`));
      cols.trgm.push(`${d.title} ${d.tags.join(" ")} ${d.body}`.toLowerCase().slice(0, TRGM_MAX));
    }
    // Both halves in one statement: the document (what a hit shows, the trigram text) and its
    // match row (what full-text search ranks and filters on), joined by the document's id.
    await this.db.query(
      `WITH u AS MATERIALIZED (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
           AS u(kind, id, title, body, url, district, categories, status, org, tags, sort_date, published_at, title_seg, body_seg, trgm)
       ),
       doc AS (
         INSERT INTO "SearchDocument" (kind, "entityId", title, body, url, tags, "indexedAt", trgm_text)
         SELECT u.kind, u.id, u.title, u.body, u.url, ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)), now(), u.trgm FROM u
         ON CONFLICT (kind, "entityId") DO UPDATE SET
           title = EXCLUDED.title, body = EXCLUDED.body, url = EXCLUDED.url, tags = EXCLUDED.tags, "indexedAt" = now(), trgm_text = EXCLUDED.trgm_text
         RETURNING id, kind, "entityId"
       )
       INSERT INTO "SearchMatch" ("docId", kind, "districtCode", categories, status, "orgId", "sortDate", "publishedAt", tsv)
       SELECT doc.id, u.kind, u.district, ARRAY(SELECT jsonb_array_elements_text(u.categories::jsonb)), u.status, u.org,
              u.sort_date::timestamp, u.published_at::timestamp,
              setweight(to_tsvector('simple', u.title_seg), 'A') || setweight(to_tsvector('simple', u.body_seg), 'B')
       FROM doc JOIN u ON u.kind = doc.kind AND u.id = doc."entityId"
       ON CONFLICT ("docId") DO UPDATE SET
         kind = EXCLUDED.kind, "districtCode" = EXCLUDED."districtCode", categories = EXCLUDED.categories, status = EXCLUDED.status,
         "orgId" = EXCLUDED."orgId", "sortDate" = EXCLUDED."sortDate", "publishedAt" = EXCLUDED."publishedAt", tsv = EXCLUDED.tsv`,
      [cols.kind, cols.id, cols.title, cols.body, cols.url, cols.district, cols.categories, cols.status, cols.org, cols.tags,
      cols.sortDate.map((d) => (d ? toUtc(d) : null)), cols.publishedAt.map(toUtc), cols.titleSeg, cols.bodySeg, cols.trgm],
    );
  }

  // SearchMatch rows go with their document (ON DELETE CASCADE).
  async remove(kind: SearchKind, ids: string[]) {
    if (!ids.length) return;
    await this.db.query(`DELETE FROM "SearchDocument" WHERE kind = $1 AND "entityId" = ANY($2::text[])`, [kind, ids]);
  }

  async clear(kind?: SearchKind) {
    if (kind) await this.db.query(`DELETE FROM "SearchDocument" WHERE kind = $1`, [kind]);
    else await this.db.query(`TRUNCATE "SearchDocument", "SearchMatch"`);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const analyzed = query.q ? analyzeQuery(query.q) : null;
    const attempts: { strategy: Strategy; build: (p: SqlParams) => Match | null }[] = analyzed
      ? orderFallbacks(analyzed, [
          { strategy: "all", build: (p) => tsMatch(p, tsqueryAll(analyzed), tsqueryAll(analyzed, "rank"), analyzed) },
          { strategy: "substring", build: (p) => substringMatch(p, analyzed) },
          { strategy: "any", build: (p) => (analyzed.groups.length + analyzed.weak.length > 1 ? tsMatch(p, tsqueryAny(analyzed), tsqueryAny(analyzed, "rank"), analyzed) : null) },
          { strategy: "fuzzy", build: (p) => fuzzyMatch(p, analyzed) },
        ])
      : [{ strategy: "browse", build: () => ({ where: "TRUE", score: () => "0", table: '"SearchMatch"' as const, row: "d" as const }) }];

    let last: SearchResult | null = null;
    for (const attempt of attempts) {
      const result = await this.run(query, attempt.strategy, attempt.build, analyzed);
      if (!result) continue;
      last = result;
      if (result.total > 0) return result;
    }
    return last ?? this.empty(query, analyzed);
  }

  private empty(query: SearchQuery, analyzed: AnalyzedQuery | null): SearchResult {
    return { engine: "postgres", hits: [], total: 0, estimated: false, page: query.page, pageSize: query.pageSize, pageCount: 0, facets: emptyFacets(), terms: analyzed?.terms ?? [], districtCodes: analyzed?.districtCodes ?? [], strategy: analyzed ? "all" : "browse", notices: [] };
  }

  private async query<T extends pg.QueryResultRow>(sql: string, values: unknown[]) {
    this.opts.trace?.(sql, values);
    return (this.opts.readDb ?? this.db).query<T>(sql, values);
  }

  private async run(query: SearchQuery, strategy: Strategy, build: (p: SqlParams) => Match | null, analyzed: AnalyzedQuery | null): Promise<SearchResult | null> {
    // Ranked by relevance, the page comes from the bounded candidate set in the same statement:
    // one round trip. Sorted by date, the page must be the true newest/earliest over every match,
    // so it is its own statement (no ranking, a B-tree for browsing), run at the same time.
    const ordered = query.sort !== "relevance";
    const [bounded, orderedPage] = await Promise.all([this.bounded(query, build, !ordered), ordered ? this.page(query, build) : Promise.resolve(null)]);
    if (!bounded) return null;
    const rows = ordered ? orderedPage : bounded.hits;
    if (!rows) return null;
    const n = bounded.n;
    const exact = n <= this.bound;
    const total = exact ? n : estimateFromScan(bounded.parts, bounded.partitions, this.bound);
    const terms = strategy === "substring" && analyzed ? [analyzed.text.replace(/\s+/g, ""), ...analyzed.terms] : (analyzed?.terms ?? []);
    const hits: SearchHit[] = rows.map((h) => ({
      kind: h.kind,
      id: h.entityId,
      url: h.url,
      title: h.title,
      titleHtml: highlight(h.title, terms),
      snippetHtml: snippet(h.body, terms),
      districtCode: h.districtCode,
      categories: h.categories ?? [],
      status: h.status,
      orgId: h.orgId,
      sortDate: h.sortDate ? new Date(`${h.sortDate}Z`).toISOString() : null,
      publishedAt: new Date(`${h.publishedAt}Z`).toISOString(),
      score: Number(h.score) || 0,
    }));
    const facets = emptyFacets();
    // Beyond the bound the facet counts are the candidates' counts scaled to the estimated total,
    // and flagged as estimates with it.
    const scale = exact ? 1 : total / n;
    for (const key of Object.keys(facets) as (keyof FacetCounts)[]) {
      const counts = bounded.facets?.[key] ?? {};
      facets[key] = Object.fromEntries(Object.entries(counts).map(([v, c]) => [v, exact ? c : Math.max(1, Math.round(c * scale))]));
    }
    return {
      engine: "postgres",
      hits,
      total,
      estimated: !exact,
      page: query.page,
      pageSize: query.pageSize,
      // Past the bound, only the candidates are ranked: pages stop where they stop (as Meilisearch's
      // maxTotalHits stops pagination).
      pageCount: Math.ceil((exact ? total : this.bound) / query.pageSize),
      facets,
      terms,
      districtCodes: analyzed?.districtCodes ?? [],
      strategy,
      notices: [],
    };
  }

  /**
   * One bounded pass over the matches: at most `bound + 1` of them, in the order the index hands
   * them over (SearchMatch's partitions one after the other, each a bitmap heap scan in physical
   * order; the LIMIT stops the scan in the partition that fills the set). Counts, facets and (by
   * relevance) the ranked page all come from that candidate set; when it is full, the caller
   * estimates the total from how far into which partition the scan had to go to fill it.
   */
  private async bounded(query: SearchQuery, build: (p: SqlParams) => Match | null, withPage: boolean) {
    const p = new SqlParams();
    const match = build(p);
    if (!match) return null;
    const where = `FROM ${fromClause(match)} WHERE ${[match.where, ...filterClauses(p, query)].join(" AND ")}`;
    const limit = p.add(this.bound + 1, "int");
    const order = `score DESC, "publishedAt" DESC, "docId"`;
    const facets =
      query.facets === false
        ? `NULL::json`
        : `(WITH f AS (
             SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING("districtCode") = 0 THEN 'district'
                         WHEN GROUPING(status) = 0 THEN 'status' ELSE 'category' END AS g,
                    kind, "districtCode", status, categories, count(*) AS n
             FROM m GROUP BY GROUPING SETS ((kind), ("districtCode"), (status), (categories))
           )
           SELECT json_build_object(
             'kind', json_object_agg(kind, n) FILTER (WHERE g = 'kind'),
             'districtCode', json_object_agg("districtCode", n) FILTER (WHERE g = 'district' AND "districtCode" IS NOT NULL),
             'category', (SELECT json_object_agg(c, n) FROM (SELECT c, sum(n)::int n FROM f, unnest(f.categories) c WHERE f.g = 'category' GROUP BY c) cc),
             'status', json_object_agg(status, n) FILTER (WHERE g = 'status' AND status IS NOT NULL)
           ) FROM f)`;
    const page = withPage
      ? `(SELECT coalesce(json_agg(x ORDER BY x.score DESC, x."publishedAt" DESC, x."docId"), '[]'::json) FROM (
           SELECT t.kind, t."entityId", t.title, left(t.body, 1500) AS body, t.url, k."districtCode", k.categories, k.status, k."orgId", k."sortDate", k."publishedAt", k."docId", k.score::float8 AS score
           FROM (SELECT * FROM m ORDER BY ${order} LIMIT ${p.add(query.pageSize, "int")} OFFSET ${p.add((query.page - 1) * query.pageSize, "int")}) k
           JOIN "SearchDocument" t ON t.id = k."docId") x)`
      : `NULL::json`;
    const sql = `
      WITH m AS MATERIALIZED (
        SELECT d."docId", d.kind, d."districtCode", d.categories, d.status, d."orgId", d."publishedAt", d."sortDate",
               ${withPage ? match.score() : "0"} AS score, (${match.row}.ctid::text::point)[0]::int AS blk, ${match.row}.tableoid AS part
        ${where} LIMIT ${limit}
      )
      SELECT (SELECT count(*) FROM m)::int AS n,
             CASE WHEN (SELECT count(*) FROM m) > ${p.add(this.bound, "int")} THEN (
               SELECT json_agg(json_build_object('part', part::regclass::text, 'n', c, 'first', f, 'last', l,
                                                 'pages', (pg_relation_size(part::regclass) / current_setting('block_size')::int)::int))
               FROM (SELECT part, count(*)::int AS c, min(blk) AS f, max(blk) AS l FROM m GROUP BY part) s) END AS parts,
             CASE WHEN (SELECT count(*) FROM m) > ${p.add(this.bound, "int")}
                  THEN (SELECT count(*) FROM pg_inherits WHERE inhparent = '${match.table}'::regclass)::int END AS partitions,
             ${facets} AS facets, ${page} AS hits`;
    const { rows: [row] } = await this.query<{ n: number; parts: PartScan[] | null; partitions: number | null; facets: Partial<Record<keyof FacetCounts, Record<string, number> | null>> | null; hits: PageRow[] | null }>(sql, p.values);
    return { n: row?.n ?? 0, parts: row?.parts ?? [], partitions: row?.partitions ?? 0, facets: row?.facets ?? null, hits: row?.hits ?? [] };
  }

  /** The requested page by date over every match (the B-tree on publishedAt serves browsing). */
  private async page(query: SearchQuery, build: (p: SqlParams) => Match | null) {
    const p = new SqlParams();
    const match = build(p);
    if (!match) return null;
    const order = query.sort === "newest" ? `"publishedAt" DESC, "docId"` : `"sortDate" ASC NULLS LAST, score DESC, "docId"`;
    const sql = `
      WITH keys AS (
        SELECT d."docId", d."districtCode", d.categories, d.status, d."orgId", d."publishedAt", d."sortDate", ${match.score()} AS score
        FROM ${fromClause(match)} WHERE ${[match.where, ...filterClauses(p, query)].join(" AND ")}
        ORDER BY ${order} LIMIT ${p.add(query.pageSize, "int")} OFFSET ${p.add((query.page - 1) * query.pageSize, "int")}
      ),
      page AS (
        SELECT t.kind, t."entityId", t.title, left(t.body, 1500) AS body, t.url, k."districtCode", k.categories, k.status, k."orgId", k."sortDate", k."publishedAt", k."docId", k.score::float8 AS score
        FROM keys k JOIN "SearchDocument" t ON t.id = k."docId"
      )
      SELECT coalesce(json_agg(page ORDER BY ${order.replace(/"(\w+)"/g, 'page."$1"').replace(/score/g, "page.score")}), '[]'::json) AS hits FROM page`;
    const { rows: [row] } = await this.query<{ hits: PageRow[] }>(sql, p.values);
    return row?.hits ?? [];
  }
}

type PageRow = Omit<Row, "sortDate" | "publishedAt"> & { sortDate: string | null; publishedAt: string };

/**
 * The estimated number of matches when the candidate set is full: the scan found `n` matches in
 * pages firstBlock…lastBlock and none before firstBlock, so, matches being spread over the rest of
 * the table, about n × (pages − firstBlock) / (lastBlock − firstBlock + 1) in all. Starting at the
 * first match matters when a kind's rows sit behind other kinds' (products indexed after the
 * listings: 900 for 4,811 without it). Rows of a kind clustered *before* others' still make it
 * too high (up to the clustering factor); it is flagged as an estimate. Never less than the bound plus one (we saw that many),
 * and rounded to two significant figures: the page says "about 7,300", not a false 7,287.
 */
export function estimateTotal(n: number, firstBlock: number, lastBlock: number, pages: number, bound: number) {
  return roundEstimate(scaleToTable(n, firstBlock, lastBlock, pages), bound);
}

/** Matches in one table (or partition) from the `n` seen in its pages firstBlock…lastBlock (see estimateTotal). */
function scaleToTable(n: number, firstBlock: number, lastBlock: number, pages: number) {
  const seen = Math.max(1, lastBlock - firstBlock + 1);
  const rest = pages - Math.max(0, firstBlock);
  return rest > seen ? (n * rest) / seen : n;
}

function roundEstimate(raw: number, bound: number) {
  const digits = Math.max(0, Math.floor(Math.log10(Math.max(1, raw))) - 1);
  const rounded = Math.round(raw / 10 ** digits) * 10 ** digits;
  return Math.max(bound + 1, rounded);
}

/** What the bounded scan saw in one table or partition: its name, matches, first and last block, and size in pages. */
export type PartScan = { part: string; n: number; first: number; last: number; pages: number };

/**
 * The estimated number of matches when the candidate set is full, from where the scan found them.
 * An unpartitioned table (the trigram strategies read SearchDocument): estimateTotal. SearchMatch
 * (hash-partitioned by docId, prisma/migrations/…_search_match_partitions) is scanned partition by
 * partition in partition order, so every partition before the last one that gave matches was read
 * to its end (its matches are all in the set), and the last one is scaled as one table is; each
 * partition being a hash sample of the whole, the mean per partition read times the number of
 * partitions estimates the total.
 */
export function estimateFromScan(parts: PartScan[], partitions: number, bound: number) {
  const n = parts.reduce((sum, p) => sum + p.n, 0);
  if (!parts.length) return bound + 1;
  if (partitions <= 1) {
    const p = parts[0]!;
    return roundEstimate(parts.length === 1 ? scaleToTable(p.n, p.first, p.last, p.pages) : n, bound);
  }
  const numbered = parts.map((p, i) => ({ ...p, index: Number(/_p(\d+)"?$/.exec(p.part)?.[1] ?? i) })).sort((a, b) => a.index - b.index);
  const last = numbered[numbered.length - 1]!;
  const readToTheEnd = Math.max(last.index, numbered.length - 1);
  const perPartition = (n - last.n + scaleToTable(last.n, last.first, last.last, last.pages)) / (readToTheEnd + 1);
  return roundEstimate(perPartition * partitions, bound);
}

/** The matching rows: narrow SearchMatch rows, joined to their document only for a trigram condition. */
const fromClause = (match: Match) => (match.trigram ? `"SearchDocument" t JOIN "SearchMatch" d ON d."docId" = t.id` : `"SearchMatch" d`);

/** Timestamps are stored without zone, in UTC (Prisma's convention for DateTime). */
const toUtc = (iso: string) => new Date(iso).toISOString().replace("T", " ").replace("Z", "");

function boost(p: SqlParams, analyzed: AnalyzedQuery) {
  if (!analyzed.districtCodes.length) return "";
  return ` * (CASE WHEN d."districtCode" = ANY(${p.add(analyzed.districtCodes, "text[]")}) THEN ${DISTRICT_BOOST} ELSE 1 END)`;
}

/** Matches `match` (inside the GIN), scores with `rank` (the same words, every alternative). */
function tsMatch(p: SqlParams, match: string | null, rank: string | null, analyzed: AnalyzedQuery): Match | null {
  if (!match) return null;
  const q = `to_tsquery('simple', ${p.add(match, "text")})`;
  return { table: '"SearchMatch"', row: "d", where: `d.tsv @@ ${q}`, score: () => `ts_rank(d.tsv, ${rank && rank !== match ? `to_tsquery('simple', ${p.add(rank, "text")})` : q})${boost(p, analyzed)}` };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Substrings of two characters cannot use the trigram index (pg_trgm needs three), so a substring
 * search made only of them reads every document: 0.8 s at 200,000 (「高山 有机」, profile mode).
 * Such a query tries "any word" first, which the full-text index answers; a single short word
 * (「家溪」 → 李家溪) has no "any" fallback and still gets its substring search.
 */
function orderFallbacks<T extends { strategy: Strategy }>(analyzed: AnalyzedQuery, attempts: T[]): T[] {
  const parts = analyzed.text.split(" ").map((s) => s.trim()).filter((s) => [...s].length >= 2);
  if (parts.some((s) => [...s].length >= 3)) return attempts;
  const rank = (a: T) => (a.strategy === "any" ? 1 : a.strategy === "substring" ? 2 : a.strategy === "all" ? 0 : 3);
  return [...attempts].sort((x, y) => rank(x) - rank(y));
}

/** Each space-separated part as a substring (partial words: 家溪 finds 李家溪). */
function substringMatch(p: SqlParams, analyzed: AnalyzedQuery) {
  const parts = analyzed.text.split(" ").map((s) => s.trim()).filter((s) => [...s].length >= 2).slice(0, 5);
  if (!parts.length) return null;
  const where = parts.map((s) => `t.trgm_text LIKE ${p.add(`%${likeEscape(s)}%`, "text")}`).join(" AND ");
  return { table: '"SearchDocument"' as const, row: "t" as const, where, score: () => `similarity(t.trgm_text, ${p.add(analyzed.text, "text")})${boost(p, analyzed)}`, trigram: true };
}

/** Trigram word similarity (pg_trgm's default threshold 0.6), for typos in longer words. */
function fuzzyMatch(p: SqlParams, analyzed: AnalyzedQuery) {
  const text = analyzed.text.replace(/\s+/g, " ");
  if ([...text].length < 3) return null;
  const q = p.add(text, "text");
  return { table: '"SearchDocument"' as const, row: "t" as const, where: `${q} <% t.trgm_text`, score: () => `word_similarity(${q}, t.trgm_text)${boost(p, analyzed)}`, trigram: true };
}

function filterClauses(p: SqlParams, query: SearchQuery): string[] {
  const f = query.filters;
  // The kinds, always, as `kind = … OR kind = …` (all kinds when none is chosen): each arm lets the
  // planner use that kind's partial GIN (prisma/sql/search.sql) and OR the bitmaps together. An
  // `= ANY(array)` would not: no single partial index covers several kinds.
  const kinds = f.kind?.length ? [...new Set(f.kind)] : SEARCH_KINDS;
  const out: string[] = [`(${kinds.map((k) => `d.kind = ${p.add(k, "text")}`).join(" OR ")})`];
  if (f.districtCode?.length) out.push(`d."districtCode" = ANY(${p.add(f.districtCode, "text[]")})`);
  if (f.category?.length) out.push(`d.categories && ${p.add(f.category, "text[]")}`);
  for (const group of f.categoryGroups ?? []) if (group.length) out.push(`d.categories && ${p.add(group, "text[]")}`);
  if (f.status?.length) out.push(`d.status = ANY(${p.add(f.status, "text[]")})`);
  if (f.orgId) out.push(`d."orgId" = ${p.add(f.orgId, "text")}`);
  return out;
}
