import { Meilisearch, type Settings } from "meilisearch";
import { analyzeQuery } from "../analyze.server";
import { highlight, snippet } from "../highlight";
import { meiliSynonyms } from "../synonyms";
import { emptyFacets, type FacetCounts, type SearchDocument, type SearchEngine, type SearchHit, type SearchKind, type SearchQuery, type SearchResult } from "../types";
import { inFilter, meiliDocId } from "./filters";

/**
 * Meilisearch engine (MEILI_HOST set). One index holds every kind; `kind` is a filterable field.
 * Chinese is declared through localizedAttributes (Meilisearch segments it itself). Every write
 * waits for its task so the outbox row is only marked processed once the change is searchable.
 */
export const MEILI_SETTINGS: Settings = {
  searchableAttributes: ["title", "tags", "body"],
  filterableAttributes: ["kind", "districtCode", "categories", "status", "orgId"],
  sortableAttributes: ["publishedAt", "sortDate"],
  displayedAttributes: ["*"],
  localizedAttributes: [{ attributePatterns: ["title", "body", "tags"], locales: ["cmn"] }],
  synonyms: meiliSynonyms(),
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 10_000 },
};

type MeiliDoc = {
  id: string;
  kind: SearchKind;
  entityId: string;
  title: string;
  body: string;
  url: string;
  districtCode: string | null;
  categories: string[];
  status: string | null;
  orgId: string | null;
  tags: string[];
  /** Epoch ms; absent when the listing has no date (sorted last). */
  sortDate?: number;
  publishedAt: number;
};

const BATCH = 1000;

export class MeiliSearchEngine implements SearchEngine {
  readonly name = "meilisearch" as const;
  private readonly client: Meilisearch;
  private ready: Promise<void> | null = null;
  constructor(private readonly opts: { host: string; apiKey?: string; index: string; timeoutMs?: number }) {
    this.client = new Meilisearch({ host: opts.host, apiKey: opts.apiKey, defaultWaitOptions: { timeout: opts.timeoutMs ?? 30_000, interval: 50 } });
  }

  private get index() {
    return this.client.index<MeiliDoc>(this.opts.index);
  }

  /** Creates the index (if missing) and applies the settings; waits for both tasks. */
  setup() {
    this.ready ??= (async () => {
      const created = await this.client.createIndex(this.opts.index, { primaryKey: "id" }).waitTask();
      // "index_already_exists" is fine: settings are applied either way.
      if (created.status === "failed" && created.error?.code !== "index_already_exists") throw new Error(`Meilisearch createIndex: ${created.error?.message}`);
      const settings = await this.index.updateSettings(MEILI_SETTINGS).waitTask();
      if (settings.status !== "succeeded") throw new Error(`Meilisearch settings: ${settings.error?.message ?? settings.status}`);
    })().catch((e) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }

  async upsert(docs: SearchDocument[]) {
    if (!docs.length) return;
    await this.setup();
    for (let i = 0; i < docs.length; i += BATCH) {
      const task = await this.index.addDocuments(docs.slice(i, i + BATCH).map(toMeili), { primaryKey: "id" }).waitTask();
      if (task.status !== "succeeded") throw new Error(`Meilisearch addDocuments: ${task.error?.message ?? task.status}`);
    }
  }

  async remove(kind: SearchKind, ids: string[]) {
    if (!ids.length) return;
    await this.setup();
    const task = await this.index.deleteDocuments(ids.map((id) => meiliDocId(kind, id))).waitTask();
    if (task.status !== "succeeded") throw new Error(`Meilisearch deleteDocuments: ${task.error?.message ?? task.status}`);
  }

  async clear(kind?: SearchKind) {
    await this.setup();
    const task = kind ? await this.index.deleteDocuments({ filter: inFilter("kind", [kind]) }).waitTask() : await this.index.deleteAllDocuments().waitTask();
    if (task.status !== "succeeded") throw new Error(`Meilisearch delete: ${task.error?.message ?? task.status}`);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    await this.setup();
    const analyzed = query.q ? analyzeQuery(query.q) : null;
    const f = query.filters;
    const filter: string[] = [];
    if (f.kind?.length) filter.push(inFilter("kind", f.kind));
    if (f.districtCode?.length) filter.push(inFilter("districtCode", f.districtCode));
    if (f.category?.length) filter.push(inFilter("categories", f.category));
    for (const group of f.categoryGroups ?? []) if (group.length) filter.push(inFilter("categories", group));
    if (f.status?.length) filter.push(inFilter("status", f.status));
    if (f.orgId) filter.push(inFilter("orgId", [f.orgId]));
    const sort = query.sort === "newest" ? ["publishedAt:desc"] : query.sort === "date" ? ["sortDate:asc"] : undefined;
    const res = await this.index.search(query.q || null, {
      filter,
      sort,
      page: query.page,
      hitsPerPage: query.pageSize,
      facets: query.facets === false ? undefined : ["kind", "districtCode", "categories", "status"],
      attributesToRetrieve: ["kind", "entityId", "title", "body", "url", "districtCode", "categories", "status", "orgId", "sortDate", "publishedAt"],
      showRankingScore: true,
    });
    const terms = analyzed?.terms ?? [];
    const hits: SearchHit[] = res.hits.map((h) => ({
      kind: h.kind,
      id: h.entityId,
      url: h.url,
      title: h.title,
      titleHtml: highlight(h.title, terms),
      snippetHtml: snippet(h.body.slice(0, 1500), terms),
      districtCode: h.districtCode ?? null,
      categories: h.categories ?? [],
      status: h.status ?? null,
      orgId: h.orgId ?? null,
      sortDate: typeof h.sortDate === "number" ? new Date(h.sortDate).toISOString() : null,
      publishedAt: new Date(h.publishedAt).toISOString(),
      score: h._rankingScore ?? 0,
    }));
    const facets: FacetCounts = emptyFacets();
    const dist = res.facetDistribution ?? {};
    facets.kind = dist.kind ?? {};
    facets.districtCode = dist.districtCode ?? {};
    facets.category = dist.categories ?? {};
    facets.status = dist.status ?? {};
    return {
      engine: "meilisearch",
      hits,
      total: res.totalHits,
      // page/hitsPerPage asks Meilisearch for exhaustive totalHits (up to its maxTotalHits), not
      // the estimatedTotalHits of offset/limit searches.
      estimated: false,
      page: query.page,
      pageSize: query.pageSize,
      pageCount: res.totalPages,
      facets,
      terms,
      districtCodes: analyzed?.districtCodes ?? [],
      strategy: analyzed ? "engine" : "browse",
      notices: [],
    };
  }
}

function toMeili(d: SearchDocument): MeiliDoc {
  return {
    id: meiliDocId(d.kind, d.id),
    kind: d.kind,
    entityId: d.id,
    title: d.title,
    body: d.body,
    url: d.url,
    districtCode: d.districtCode,
    categories: d.categories,
    status: d.status,
    orgId: d.orgId,
    tags: d.tags,
    ...(d.sortDate ? { sortDate: Date.parse(d.sortDate) } : {}),
    publishedAt: Date.parse(d.publishedAt),
  };
}
