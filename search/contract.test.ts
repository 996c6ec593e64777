/**
 * The search port's contract, run against every engine: PostgreSQL always (a fresh test
 * database), Meilisearch only when MEILI_HOST points at a real server — its settings, Chinese
 * segmentation and ranking cannot be faked meaningfully. (The Meilisearch adapter's request
 * shapes are tested against a local fake in search/meili/engine.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../test/support/db";
import { PostgresSearchEngine } from "./postgres/engine.server";
import { MeiliSearchEngine } from "./meili/engine.server";
import { parseSearchParams } from "./query";
import type { SearchDocument, SearchEngine, SearchQuery } from "./types";

const MEILI_HOST = process.env.MEILI_HOST;

type Harness = { engine: SearchEngine; close(): Promise<void> };
const ENGINES: { name: string; skip: string | null; start(): Promise<Harness> }[] = [
  {
    name: "postgres",
    skip: null,
    async start() {
      const db: TestDatabase = await createTestDatabase();
      const pool = new pg.Pool({ connectionString: db.url, max: 4 });
      return {
        engine: new PostgresSearchEngine(pool),
        async close() {
          await pool.end();
          await db.drop();
        },
      };
    },
  },
  {
    name: "meilisearch",
    skip: MEILI_HOST ? null : "MEILI_HOST is not set: the Meilisearch contract run needs a real server (e.g. MEILI_HOST=http://127.0.0.1:7700)",
    async start() {
      const engine = new MeiliSearchEngine({ host: MEILI_HOST!, apiKey: process.env.MEILI_API_KEY, index: `contract_${Date.now()}` });
      await engine.setup();
      return { engine, close: async () => engine.clear() };
    },
  },
];

const day = (d: number) => new Date(Date.UTC(2024, 2, d)).toISOString();
const DOCS: SearchDocument[] = [
  { kind: "need", id: "need-1", title: "城口县留守儿童课业辅导", body: "需要志愿者周末为留守儿童辅导功课。", url: "/needs/need-1", districtCode: "500229", categories: ["LEFT_BEHIND_CHILDREN"], status: "OPEN", orgId: null, tags: ["城口"], sortDate: day(30), publishedAt: day(1) },
  { kind: "need", id: "need-2", title: "石柱黄连寻找买家", body: "中益乡黄连滞销，需要消费扶贫。", url: "/needs/need-2", districtCode: "500240", categories: ["CONSUMPTION_AID"], status: "PARTLY_MET", orgId: "org-1", tags: ["石柱"], sortDate: day(10), publishedAt: day(2) },
  { kind: "organization", id: "org-1", title: "石柱县农村电商协会", body: "帮助农户网络销售农产品。", url: "/orgs/org-1", districtCode: "500240", categories: ["CONSUMPTION_AID", "POVERTY_RELIEF"], status: "APPROVED", orgId: "org-1", tags: [], sortDate: null, publishedAt: day(3) },
  { kind: "project", id: "proj-1", title: "城口山区儿童阅读陪伴", body: "招募志愿者陪伴山区儿童阅读。", url: "/projects/proj-1", districtCode: "500229", categories: ["CHILDREN"], status: "PUBLISHED", orgId: "org-2", tags: [], sortDate: day(20), publishedAt: day(4) },
  { kind: "need", id: "need-xss", title: "<img src=x onerror=alert(1)> 儿童", body: "<script>alert('x')</script> 儿童 & 家长", url: "/needs/need-xss", districtCode: "500103", categories: ["OTHER"], status: "OPEN", orgId: null, tags: [], sortDate: null, publishedAt: day(5) },
];

const q = (over: Partial<SearchQuery> = {}): SearchQuery => ({ q: "", filters: {}, sort: "relevance", page: 1, pageSize: 10, facets: true, ...over });

for (const spec of ENGINES) {
  describe.skipIf(spec.skip !== null)(`search contract: ${spec.name}${spec.skip ? ` (skipped — ${spec.skip})` : ""}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await spec.start();
      await h.engine.upsert(DOCS);
    });
    afterAll(async () => {
      await h?.close();
    });

    it("finds a listing by Chinese words and returns the common result shape", async () => {
      const r = await h.engine.search(q({ q: "留守儿童" }));
      expect(r.engine).toBe(spec.name);
      expect(r.total).toBeGreaterThanOrEqual(1);
      expect(r.hits[0]).toMatchObject({ kind: "need", id: "need-1", url: "/needs/need-1", districtCode: "500229", status: "OPEN", categories: ["LEFT_BEHIND_CHILDREN"] });
      expect(r.hits[0]!.titleHtml).toContain("<mark>");
      expect(r.page).toBe(1);
      expect(r.pageCount).toBe(Math.ceil(r.total / 10));
      expect(Object.keys(r.facets).sort()).toEqual(["category", "districtCode", "kind", "status"]);
    });

    it("filters by kind, district, category and status, and counts facets on the filtered set", async () => {
      const byKind = await h.engine.search(q({ filters: { kind: ["need"] } }));
      expect(byKind.hits.every((x) => x.kind === "need")).toBe(true);
      expect(byKind.total).toBe(3);
      const byDistrict = await h.engine.search(q({ filters: { districtCode: ["500240"] } }));
      expect(byDistrict.hits.map((x) => x.id).sort()).toEqual(["need-2", "org-1"]);
      expect(byDistrict.facets.kind).toEqual({ need: 1, organization: 1 });
      const byCategory = await h.engine.search(q({ filters: { category: ["POVERTY_RELIEF"] } }));
      expect(byCategory.hits.map((x) => x.id)).toEqual(["org-1"]);
      const byStatus = await h.engine.search(q({ filters: { status: ["PARTLY_MET"] } }));
      expect(byStatus.hits.map((x) => x.id)).toEqual(["need-2"]);
      const combined = await h.engine.search(q({ q: "儿童", filters: { kind: ["project"], districtCode: ["500229"] } }));
      expect(combined.hits.map((x) => x.id)).toEqual(["proj-1"]);
      expect(combined.facets.districtCode).toEqual({ "500229": 1 });
    });

    it("sorts by newest and by date, and pages", async () => {
      const newest = await h.engine.search(q({ sort: "newest" }));
      expect(newest.hits.map((x) => x.id)).toEqual(["need-xss", "proj-1", "org-1", "need-2", "need-1"]);
      const byDate = await h.engine.search(q({ sort: "date", filters: { kind: ["need", "project"] } }));
      expect(byDate.hits.slice(0, 3).map((x) => x.id)).toEqual(["need-2", "proj-1", "need-1"]);
      const p1 = await h.engine.search(q({ sort: "newest", pageSize: 2, page: 1 }));
      const p3 = await h.engine.search(q({ sort: "newest", pageSize: 2, page: 3 }));
      expect(p1.pageCount).toBe(3);
      expect(p1.hits.map((x) => x.id)).toEqual(["need-xss", "proj-1"]);
      expect(p3.hits.map((x) => x.id)).toEqual(["need-1"]);
      const beyond = await h.engine.search(q({ sort: "newest", pageSize: 2, page: 9 }));
      expect(beyond.hits).toEqual([]);
      expect(beyond.total).toBe(5);
    });

    it("escapes listing text before highlighting", async () => {
      const r = await h.engine.search(q({ q: "儿童", filters: { districtCode: ["500103"] } }));
      expect(r.hits).toHaveLength(1);
      expect(r.hits[0]!.titleHtml).toBe("&lt;img src=x onerror=alert(1)&gt; <mark>儿童</mark>");
      expect(r.hits[0]!.snippetHtml).not.toContain("<script>");
      expect(r.hits[0]!.snippetHtml).toContain("&lt;script&gt;");
    });

    it("treats injected SQL and filter syntax as plain text", async () => {
      for (const text of [`'; DROP TABLE "SearchDocument"; --`, `儿童" OR kind = "organization`, "a:b & !c | (d <-> e)", "\\'\"%_"]) {
        const parsed = parseSearchParams(new URLSearchParams({ q: text, kind: "need" }));
        const r = await h.engine.search(parsed.query);
        expect(r.hits.every((x) => x.kind === "need")).toBe(true);
      }
      // The table is still there and intact.
      expect((await h.engine.search(q())).total).toBe(5);
      // A filter value carrying filter syntax matches nothing instead of widening the filter.
      const r = await h.engine.search(q({ filters: { status: [`OPEN" OR status = "APPROVED`] } }));
      expect(r.total).toBe(0);
    });

    it("handles an empty query, a 1,000-character query and a page far out of range", async () => {
      const empty = await h.engine.search(parseSearchParams(new URLSearchParams({ q: "   " })).query);
      expect(empty.total).toBe(5);
      const long = parseSearchParams(new URLSearchParams({ q: "儿童".repeat(500) }));
      expect(long.notices.map((n) => n.key)).toContain("search.notices.queryTruncated");
      const r = await h.engine.search(long.query);
      expect(r.total).toBeGreaterThanOrEqual(1);
      const deep = parseSearchParams(new URLSearchParams({ q: "儿童", page: "99999999" }));
      expect((await h.engine.search(deep.query)).hits).toEqual([]);
    });

    it("ANDs category groups (a product's category and its price band) and ORs inside a group", async () => {
      const products: SearchDocument[] = [
        { kind: "product", id: "prod-1", title: "石柱中华蜂土蜂蜜", body: "高山林下百花蜜", url: "/shop/products/prod-1", districtCode: "500240", categories: ["DRIED_SPECIALTY", "PRICE_50_100"], status: "CERTIFIED", orgId: "org-1", tags: ["石柱"], sortDate: null, publishedAt: day(6) },
        { kind: "product", id: "prod-2", title: "奉节脐橙", body: "十斤装", url: "/shop/products/prod-2", districtCode: "500236", categories: ["FRUIT_VEG", "PRICE_20_50"], status: "UNCERTIFIED", orgId: "org-1", tags: ["奉节"], sortDate: null, publishedAt: day(7) },
        { kind: "product", id: "prod-3", title: "巫山脆李", body: "五斤礼盒", url: "/shop/products/prod-3", districtCode: "500237", categories: ["FRUIT_VEG", "PRICE_50_100"], status: "CERTIFIED", orgId: "org-1", tags: ["巫山"], sortDate: null, publishedAt: day(8) },
      ];
      await h.engine.upsert(products);
      const ids = async (filters: SearchQuery["filters"]) => (await h.engine.search(q({ sort: "newest", filters: { kind: ["product"], ...filters } }))).hits.map((x) => x.id);
      expect(await ids({ categoryGroups: [["FRUIT_VEG"], ["PRICE_50_100"]] })).toEqual(["prod-3"]);
      expect(await ids({ categoryGroups: [["FRUIT_VEG", "DRIED_SPECIALTY"], ["PRICE_50_100"]] })).toEqual(["prod-3", "prod-1"]);
      expect(await ids({ categoryGroups: [["FRUIT_VEG"]], status: ["CERTIFIED"] })).toEqual(["prod-3"]);
      const facets = await h.engine.search(q({ filters: { kind: ["product"], categoryGroups: [["FRUIT_VEG"]] } }));
      expect(facets.facets.category).toEqual({ FRUIT_VEG: 2, PRICE_20_50: 1, PRICE_50_100: 1 });
      expect(facets.facets.status).toEqual({ CERTIFIED: 1, UNCERTIFIED: 1 });
      await h.engine.clear("product");
    });

    it("replaces a document on upsert and forgets it on remove", async () => {
      await h.engine.upsert([{ ...DOCS[1]!, title: "石柱黄连已售出一半", status: "MET" }]);
      const updated = await h.engine.search(q({ q: "黄连" }));
      expect(updated.hits.map((x) => [x.id, x.status])).toEqual([["need-2", "MET"]]);
      await h.engine.remove("need", ["need-2"]);
      expect((await h.engine.search(q({ q: "黄连" }))).total).toBe(0);
      await h.engine.clear("project");
      expect((await h.engine.search(q({ filters: { kind: ["project"] } }))).total).toBe(0);
      expect((await h.engine.search(q())).total).toBe(3);
    });
  });
}
