import type { PrismaClient } from "~/generated/prisma/client";
import { analyzeQuery, tsqueryAll, tsqueryAny, type AnalyzedQuery } from "../analyze.server";
import { highlight, snippet } from "../highlight";
import { segmentForIndex } from "../segment.server";
import { emptyFacets, type FacetCounts, type SearchDocument, type SearchEngine, type SearchHit, type SearchKind, type SearchQuery, type SearchResult } from "../types";
import { SqlParams } from "./sql.server";

/**
 * The default engine: rows of "SearchDocument" in the application database.
 * - `tsv`: jieba search-mode tokens, title weight A, body B, 'simple' config (no stemming, no
 *   stop words: the tokens are already words). Ranked with ts_rank (cheaper than ts_rank_cd on broad queries; same order on the quality corpus).
 *   Indexed together with the filter fields in one GIN (prisma/sql/search.sql), so filters narrow the
 *   matches inside the index.
 * - `trgm_text`: lower-cased text with a pg_trgm GIN index, for substrings (partial words) and for
 *   fuzzy matching when no term matches.
 * A district named in the query doubles the score of listings in that district.
 */
const TRGM_MAX = 4000;
const DISTRICT_BOOST = 2;

type Row = { kind: SearchKind; entityId: string; title: string; body: string; url: string; districtCode: string | null; categories: string[]; status: string | null; orgId: string | null; sortDate: Date | null; publishedAt: Date; score: number };
type Strategy = SearchResult["strategy"];
/** A strategy's condition and score; `tsv`: the condition is a full-text match (see filterClauses). */
type Match = { where: string; score: string; tsv?: boolean };

export class PostgresSearchEngine implements SearchEngine {
  readonly name = "postgres" as const;
  constructor(private readonly db: PrismaClient) {}

  async setup() {
    // The table and its indexes come from the migration; nothing to create at run time.
  }

  async upsert(docs: SearchDocument[]) {
    for (let i = 0; i < docs.length; i += 500) await this.upsertBatch(docs.slice(i, i + 500));
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
    await this.db.$executeRawUnsafe(
      `INSERT INTO "SearchDocument" (kind, "entityId", title, body, url, "districtCode", categories, status, "orgId", tags, "sortDate", "publishedAt", "indexedAt", tsv, trgm_text)
       SELECT u.kind, u.id, u.title, u.body, u.url, u.district,
              ARRAY(SELECT jsonb_array_elements_text(u.categories::jsonb)), u.status, u.org,
              ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)), u.sort_date::timestamp, u.published_at::timestamp, now(),
              setweight(to_tsvector('simple', u.title_seg), 'A') || setweight(to_tsvector('simple', u.body_seg), 'B'), u.trgm
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
            AS u(kind, id, title, body, url, district, categories, status, org, tags, sort_date, published_at, title_seg, body_seg, trgm)
       ON CONFLICT (kind, "entityId") DO UPDATE SET
         title = EXCLUDED.title, body = EXCLUDED.body, url = EXCLUDED.url, "districtCode" = EXCLUDED."districtCode",
         categories = EXCLUDED.categories, status = EXCLUDED.status, "orgId" = EXCLUDED."orgId", tags = EXCLUDED.tags,
         "sortDate" = EXCLUDED."sortDate", "publishedAt" = EXCLUDED."publishedAt", "indexedAt" = now(), tsv = EXCLUDED.tsv, trgm_text = EXCLUDED.trgm_text`,
      cols.kind, cols.id, cols.title, cols.body, cols.url, cols.district, cols.categories, cols.status, cols.org, cols.tags,
      cols.sortDate.map((d) => (d ? toUtc(d) : null)), cols.publishedAt.map(toUtc), cols.titleSeg, cols.bodySeg, cols.trgm,
    );
  }

  async remove(kind: SearchKind, ids: string[]) {
    if (!ids.length) return;
    await this.db.$executeRawUnsafe(`DELETE FROM "SearchDocument" WHERE kind = $1 AND "entityId" = ANY($2::text[])`, kind, ids);
  }

  async clear(kind?: SearchKind) {
    if (kind) await this.db.$executeRawUnsafe(`DELETE FROM "SearchDocument" WHERE kind = $1`, kind);
    else await this.db.$executeRawUnsafe(`DELETE FROM "SearchDocument"`);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const analyzed = query.q ? analyzeQuery(query.q) : null;
    const attempts: { strategy: Strategy; build: (p: SqlParams) => Match | null }[] = analyzed
      ? [
          { strategy: "all", build: (p) => tsMatch(p, tsqueryAll(analyzed), analyzed) },
          { strategy: "substring", build: (p) => substringMatch(p, analyzed) },
          { strategy: "any", build: (p) => (analyzed.groups.length + analyzed.weak.length > 1 ? tsMatch(p, tsqueryAny(analyzed), analyzed) : null) },
          { strategy: "fuzzy", build: (p) => fuzzyMatch(p, analyzed) },
        ]
      : [{ strategy: "browse", build: () => ({ where: "TRUE", score: "0" }) }];

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
    return { engine: "postgres", hits: [], total: 0, page: query.page, pageSize: query.pageSize, pageCount: 0, facets: emptyFacets(), terms: analyzed?.terms ?? [], districtCodes: analyzed?.districtCodes ?? [], strategy: analyzed ? "all" : "browse", notices: [] };
  }

  private async run(query: SearchQuery, strategy: Strategy, build: (p: SqlParams) => Match | null, analyzed: AnalyzedQuery | null): Promise<SearchResult | null> {
    const p = new SqlParams();
    const match = build(p);
    if (!match) return null;
    const filters = filterClauses(p, query, match.tsv === true);
    const order =
      query.sort === "newest"
        ? `"publishedAt" DESC, "entityId"`
        : query.sort === "date"
          ? `"sortDate" ASC NULLS LAST, score DESC, "entityId"`
          : `score DESC, "publishedAt" DESC, "entityId"`;
    const limit = p.add(query.pageSize, "int");
    const offset = p.add((query.page - 1) * query.pageSize, "int");
    // Facets and the total come from ONE pass over m (GROUPING SETS) instead of one scan per facet
    // plus one for count(*): on broad queries (thousands of matches) each extra scan of m cost
    // milliseconds. Categories are grouped by their whole array (few distinct values) and only the
    // group rows are unnested afterwards, rather than unnesting every match.
    const withFacets = query.facets !== false;
    const facetCte = withFacets
      ? `,
      f AS MATERIALIZED (
        SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING("districtCode") = 0 THEN 'district'
                    WHEN GROUPING(status) = 0 THEN 'status' WHEN GROUPING(categories) = 0 THEN 'category' ELSE 'total' END AS g,
               kind, "districtCode", status, categories, count(*) AS n
        FROM m GROUP BY GROUPING SETS ((kind), ("districtCode"), (status), (categories), ())
      )`
      : "";
    const totalSql = withFacets ? `(SELECT n FROM f WHERE g = 'total')::int` : `(SELECT count(*) FROM m)::int`;
    const facetSql = withFacets
      ? `(SELECT json_build_object(
            'kind', json_object_agg(kind, n) FILTER (WHERE g = 'kind'),
            'districtCode', json_object_agg("districtCode", n) FILTER (WHERE g = 'district' AND "districtCode" IS NOT NULL),
            'category', (SELECT json_object_agg(c, n) FROM (SELECT c, sum(n)::int n FROM f, unnest(f.categories) c WHERE f.g = 'category' GROUP BY c) cc),
            'status', json_object_agg(status, n) FILTER (WHERE g = 'status' AND status IS NOT NULL)
          ) FROM f) AS facets`
      : `NULL::json AS facets`;
    // m: the filtered matches with their score, holding only keys and facet fields; keys: the
    // sorted page; page: the only rows joined back for their text; f: total and facet counts.
    const sql = `
      WITH m AS MATERIALIZED (
        SELECT d.kind, d."entityId", d."districtCode", d.categories, d.status, d."publishedAt", d."sortDate", ${match.score} AS score
        FROM "SearchDocument" d WHERE ${[match.where, ...filters].join(" AND ")}
      ),
      keys AS (SELECT kind, "entityId", score FROM m ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}),
      page AS (
        SELECT d.kind, d."entityId", d.title, left(d.body, 1500) AS body, d.url, d."districtCode", d.categories, d.status, d."orgId", d."sortDate", d."publishedAt", k.score::float8 AS score
        FROM keys k JOIN "SearchDocument" d ON d.kind = k.kind AND d."entityId" = k."entityId"
      )${facetCte}
      SELECT ${totalSql} AS total,
             (SELECT coalesce(json_agg(page ORDER BY ${order.replace(/"(\w+)"/g, 'page."$1"').replace(/score/g, "page.score")}), '[]'::json) FROM page) AS hits,
             ${facetSql}`;
    const [row] = await this.db.$queryRawUnsafe<{ total: number; hits: (Omit<Row, "sortDate" | "publishedAt"> & { sortDate: string | null; publishedAt: string })[]; facets: Partial<Record<keyof FacetCounts, Record<string, number> | null>> | null }[]>(sql, ...p.values);
    const total = Number(row?.total ?? 0);
    const terms = strategy === "substring" && analyzed ? [analyzed.text.replace(/\s+/g, ""), ...analyzed.terms] : (analyzed?.terms ?? []);
    const hits: SearchHit[] = (row?.hits ?? []).map((h) => ({
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
    for (const key of Object.keys(facets) as (keyof FacetCounts)[]) facets[key] = row?.facets?.[key] ?? {};
    return {
      engine: "postgres",
      hits,
      total,
      page: query.page,
      pageSize: query.pageSize,
      pageCount: Math.ceil(total / query.pageSize),
      facets,
      terms,
      districtCodes: analyzed?.districtCodes ?? [],
      strategy,
      notices: [],
    };
  }
}

/** Timestamps are stored without zone, in UTC (Prisma's convention for DateTime). */
const toUtc = (iso: string) => new Date(iso).toISOString().replace("T", " ").replace("Z", "");

function boost(p: SqlParams, analyzed: AnalyzedQuery) {
  if (!analyzed.districtCodes.length) return "";
  return ` * (CASE WHEN d."districtCode" = ANY(${p.add(analyzed.districtCodes, "text[]")}) THEN ${DISTRICT_BOOST} ELSE 1 END)`;
}

function tsMatch(p: SqlParams, tsquery: string | null, analyzed: AnalyzedQuery) {
  if (!tsquery) return null;
  const q = `to_tsquery('simple', ${p.add(tsquery, "text")})`;
  return { where: `d.tsv @@ ${q}`, score: `ts_rank(d.tsv, ${q})${boost(p, analyzed)}`, tsv: true };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Each space-separated part as a substring (partial words: 家溪 finds 李家溪). */
function substringMatch(p: SqlParams, analyzed: AnalyzedQuery) {
  const parts = analyzed.text.split(" ").map((s) => s.trim()).filter((s) => [...s].length >= 2).slice(0, 5);
  if (!parts.length) return null;
  const where = parts.map((s) => `d.trgm_text LIKE ${p.add(`%${likeEscape(s)}%`, "text")}`).join(" AND ");
  return { where, score: `similarity(d.trgm_text, ${p.add(analyzed.text, "text")})${boost(p, analyzed)}` };
}

/** Trigram word similarity (pg_trgm's default threshold 0.6), for typos in longer words. */
function fuzzyMatch(p: SqlParams, analyzed: AnalyzedQuery) {
  const text = analyzed.text.replace(/\s+/g, " ");
  if ([...text].length < 3) return null;
  const q = p.add(text, "text");
  return { where: `${q} <% d.trgm_text`, score: `word_similarity(${q}, d.trgm_text)${boost(p, analyzed)}` };
}

function filterClauses(p: SqlParams, query: SearchQuery, tsv: boolean): string[] {
  const f = query.filters;
  const out: string[] = [];
  // A text (tsv) search: a bare comparison, which the GIN "SearchDocument_tsv_filters_idx" (kind,
  // status, district and categories next to tsv) applies inside the index, so rows of other kinds
  // are never fetched. Other strategies: `kind || ''`, because kind is the primary key's first
  // column and with a bare comparison the planner ANDs a bitmap of the whole kind (tens of
  // thousands of entries) into the trigram search.
  if (f.kind?.length) out.push(`${tsv ? "d.kind" : "d.kind || ''"} = ANY(${p.add(f.kind, "text[]")})`);
  if (f.districtCode?.length) out.push(`d."districtCode" = ANY(${p.add(f.districtCode, "text[]")})`);
  if (f.category?.length) out.push(`d.categories && ${p.add(f.category, "text[]")}`);
  if (f.status?.length) out.push(`d.status = ANY(${p.add(f.status, "text[]")})`);
  if (f.orgId) out.push(`d."orgId" = ${p.add(f.orgId, "text")}`);
  return out;
}
