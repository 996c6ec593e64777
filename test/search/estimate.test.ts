/**
 * The PostgreSQL engine's exact-total bound (issue 17): totals and facet counts are exact up to
 * the bound and flagged as estimates beyond it; pages stay honest either way. Correctness only —
 * no timing here (test/bench/search.bench.ts measures).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { estimateFromScan, estimateTotal, PostgresSearchEngine } from "../../search/postgres/engine.server";
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

  it("reads the candidates partition by partition and stops in the one that fills the set", async () => {
    // SearchMatch is hash-partitioned by docId (prisma/migrations/…_search_match_partitions): the
    // bounded scan is an Append of one bitmap scan per partition, in partition order, under a LIMIT.
    const { rows: parts } = await pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"SearchMatch"'::regclass ORDER BY c.relname`,
    );
    expect(parts.map((p) => p.name)).toEqual(Array.from({ length: 8 }, (_, i) => `SearchMatch_p${i}`));
    const { rows: plan } = await pool.query<{ "QUERY PLAN": string }>(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT d."docId" FROM "SearchMatch" d WHERE d.tsv @@ to_tsquery('simple', '助餐') AND d.kind = 'need' LIMIT 2`,
    );
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Limit[\s\S]*Append/);
    // Partitions after the one that filled the LIMIT are never executed.
    expect(text).toMatch(/never executed/);
    // Whatever partitions the candidates came from, the estimate stays between what was seen and the whole index.
    const r = await engine.search(q({ q: "助餐" }));
    expect(r.total).toBeGreaterThan(BOUND);
    expect(r.total).toBeLessThanOrEqual(Math.ceil(DOCS.length * 8));
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

describe("estimateFromScan (SearchMatch's hash partitions)", () => {
  const part = (i: number, n: number, first: number, last: number, pages: number) => ({ part: `"SearchMatch_p${i}"`, n, first, last, pages });
  it("filled in the first partition: that partition scaled, times the partitions", () => {
    // 1,001 matches in pages 0…99 of a 1,000-page partition: about 10,000 there, 80,000 in 8.
    expect(estimateFromScan([part(0, 1001, 0, 99, 1000)], 8, 1000)).toBe(80000);
  });
  it("partitions read to their end count as they are; partitions without a match count as read", () => {
    // p0 and p1 read whole (300 + 200), p2 had none, p3 filled the set in its first half.
    // Per partition read: (300 + 200 + 501 × 10 / 5) / 4 = 375.5; times 8 = 3,004 → about 3,000.
    expect(estimateFromScan([part(0, 300, 0, 9, 10), part(1, 200, 0, 9, 10), part(3, 501, 0, 4, 10)], 8, 1000)).toBe(3000);
  });
  it("an unpartitioned table (the trigram strategies) is estimateTotal", () => {
    expect(estimateFromScan([{ part: '"SearchDocument"', n: 1001, first: 0, last: 99, pages: 1000 }], 0, 1000)).toBe(estimateTotal(1001, 0, 99, 1000, 1000));
  });
  it("never answers less than the bound plus one", () => {
    expect(estimateFromScan([part(0, 6, 0, 0, 1)], 8, 5)).toBeGreaterThanOrEqual(6);
    expect(estimateFromScan([], 8, 5)).toBe(6);
  });
});
