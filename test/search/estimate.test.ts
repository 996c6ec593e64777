/**
 * The PostgreSQL engine's exact-total bound (issue 17): totals and facet counts are exact up to
 * the bound and flagged as estimates beyond it; pages stay honest either way. Correctness only —
 * no timing here (test/bench/search.bench.ts measures).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { estimateTotal, PostgresSearchEngine } from "../../search/postgres/engine.server";
import type { SearchDocument, SearchQuery } from "../../search/types";

const BOUND = 5;
const day = (d: number) => new Date(Date.UTC(2024, 0, d)).toISOString();
// 12 needs about 助餐 (8 in 黔江, 4 in 城口), 3 projects about 助餐, 4 needs about 图书.
const doc = (i: number, over: Partial<SearchDocument>): SearchDocument => ({
  kind: "need", id: `n${i}`, title: `老年人助餐服务${i}`, body: "社区食堂为老人送餐。", url: `/needs/n${i}`, districtCode: "500114", categories: ["ELDERLY_CARE"],
  status: "OPEN", orgId: null, tags: [], sortDate: null, publishedAt: day(i), ...over,
});
const DOCS: SearchDocument[] = [
  ...Array.from({ length: 8 }, (_, i) => doc(i + 1, {})),
  ...Array.from({ length: 4 }, (_, i) => doc(i + 9, { districtCode: "500229", status: "MET" })),
  ...Array.from({ length: 3 }, (_, i) => doc(i + 13, { kind: "project", id: `p${i}`, url: `/projects/p${i}`, status: "PUBLISHED" })),
  ...Array.from({ length: 4 }, (_, i) => doc(i + 16, { title: `山区学校图书捐赠${i}`, body: "为山区学校募集图书。", categories: ["EDUCATION_AID"] })),
];
const q = (over: Partial<SearchQuery> = {}): SearchQuery => ({ q: "", filters: {}, sort: "relevance", page: 1, pageSize: 3, facets: true, ...over });

describe("search totals: exact up to the bound, estimated beyond", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let engine: PostgresSearchEngine;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    engine = new PostgresSearchEngine(pool, { exactTotalBound: BOUND });
    await engine.upsert(DOCS);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it("counts exactly at and below the bound, facets included", async () => {
    const four = await engine.search(q({ q: "图书" }));
    expect(four).toMatchObject({ total: 4, estimated: false, pageCount: 2 });
    expect(four.facets.category).toEqual({ EDUCATION_AID: 4 });
    const five = await engine.search(q({ q: "助餐", filters: { districtCode: ["500229"], kind: ["need", "project"] } }));
    // 4 needs in 城口 (the projects are in 黔江): below the bound.
    expect(five).toMatchObject({ total: 4, estimated: false });
    const atBound = await engine.search(q({ q: "助餐", filters: { kind: ["need"], status: ["MET"] }, pageSize: 10 }));
    expect(atBound).toMatchObject({ total: 4, estimated: false });
    const browse = await engine.search(q({ filters: { kind: ["need"], districtCode: ["500229"] } }));
    expect(browse).toMatchObject({ total: 4, estimated: false });
  });

  it("flags totals and facets beyond the bound as estimates, never below what it saw", async () => {
    const r = await engine.search(q({ q: "助餐" }));
    expect(r.estimated).toBe(true);
    expect(r.total).toBeGreaterThan(BOUND);
    // Only the candidates are ranked: pages stop at the bound.
    expect(r.pageCount).toBe(Math.ceil(BOUND / 3));
    expect(r.hits).toHaveLength(3);
    for (const h of r.hits) expect(h.title).toContain("助餐");
    // Facets come from the candidates, scaled to the estimate: every value seen is there.
    const facetSum = Object.values(r.facets.kind).reduce((a, b) => a + b, 0);
    expect(facetSum).toBeGreaterThan(BOUND);
    expect(Object.keys(r.facets.kind).every((k) => k === "need" || k === "project")).toBe(true);
    // Browsing everything is estimated too.
    expect(await engine.search(q())).toMatchObject({ estimated: true });
  });

  it("sorted by date, the page is the true order over every match, not over the candidates", async () => {
    const r = await engine.search(q({ q: "助餐", sort: "newest" }));
    expect(r.estimated).toBe(true);
    expect(r.hits.map((h) => h.id)).toEqual(["p2", "p1", "p0"]);
    const browse = await engine.search(q({ sort: "newest" }));
    expect(browse.hits[0]!.id).toBe("n19");
  });

  it("a bound larger than the matches makes every figure exact", async () => {
    const wide = new PostgresSearchEngine(pool, { exactTotalBound: 1000 });
    const r = await wide.search(q({ q: "助餐" }));
    expect(r).toMatchObject({ total: 15, estimated: false, pageCount: 5 });
    expect(r.facets.kind).toEqual({ need: 12, project: 3 });
    expect(r.facets.districtCode).toEqual({ "500114": 11, "500229": 4 });
  });
});

describe("estimateTotal", () => {
  it("scales the candidates by the share of the table the scan covered", () => {
    expect(estimateTotal(1001, 0, 99, 1000, 1000)).toBe(10000);
    expect(estimateTotal(1001, 0, 249, 1000, 1000)).toBe(4000);
  });
  it("counts from the first page holding a match (a kind stored behind the others)", () => {
    expect(estimateTotal(1001, 500, 599, 1000, 1000)).toBe(5000);
  });
  it("rounds to two significant figures", () => {
    expect(estimateTotal(1001, 0, 136, 1000, 1000)).toBe(7300);
  });
  it("never answers less than the bound plus one", () => {
    expect(estimateTotal(1001, 0, 999, 1000, 1000)).toBe(1001);
    expect(estimateTotal(1001, 0, 5000, 1000, 1000)).toBe(1001);
    expect(estimateTotal(6, 0, 0, 1, 5)).toBe(6);
  });
});
