/**
 * Search quality on a fixed Chinese corpus (test/fixtures/search-corpus.ts): each query must put
 * the expected listing first. Runs on the PostgreSQL engine (the default); with MEILI_HOST set the
 * same expectations run on Meilisearch too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { PostgresSearchEngine } from "../../search/postgres/engine.server";
import { SEARCH_KINDS } from "../../search/types";
import { parseSearchParams } from "../../search/query";
import { CORPUS, EXPECTATIONS } from "../fixtures/search-corpus";

let db: TestDatabase;
let pool: pg.Pool;
let engine: PostgresSearchEngine;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  engine = new PostgresSearchEngine(pool);
  await engine.upsert(CORPUS);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const search = (q: string, extra: Record<string, string> = {}) => engine.search(parseSearchParams(new URLSearchParams({ q, ...extra })).query);

describe("search quality (PostgreSQL engine, fixed corpus)", () => {
  for (const e of EXPECTATIONS) {
    it(`「${e.q}」 finds ${e.first} first (${e.why})`, async () => {
      const r = await search(e.q);
      expect(r.hits[0]?.id, `ranking for ${e.q}: ${r.hits.map((h) => h.id).join(", ")} (strategy ${r.strategy})`).toBe(e.first);
      for (const id of e.alsoFound ?? []) expect(r.hits.map((h) => h.id)).toContain(id);
    });
  }

  it("recognises a district name and boosts its listings", async () => {
    const r = await search("黔江 养老");
    expect(r.districtCodes).toEqual(["500114"]);
    expect(r.hits.slice(0, 2).every((h) => h.districtCode === "500114")).toBe(true);
  });

  it("expands synonyms both ways (老年人 ⇄ 老人)", async () => {
    const a = new Set((await search("老人")).hits.map((h) => h.id));
    const b = new Set((await search("老年人")).hits.map((h) => h.id));
    expect(a).toEqual(b);
  });

  it("explains fallbacks: a typo falls back to any word, a partial word to a substring", async () => {
    expect((await search("留守儿同")).strategy).toBe("any");
    expect((await search("家溪")).strategy).toBe("substring");
    expect((await search("黄连 脐橙")).strategy).toBe("any");
  });

  it("highlights the matched words in titles", async () => {
    const r = await search("农产品 销售");
    expect(r.hits[0]!.titleHtml).toBe("酉阳村集体<mark>农产品</mark><mark>销售</mark>对接");
  });

  it("finds nothing for words absent from the corpus, without an error", async () => {
    const r = await search("量子计算机");
    expect(r.total).toBe(0);
    expect(r.hits).toEqual([]);
  });
});

describe("PostgreSQL engine indexes", () => {
  it("has a partial full-text index for every search kind (prisma/sql/search.sql)", async () => {
    const { rows } = await pool.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'SearchMatch'`);
    for (const kind of SEARCH_KINDS) {
      const index = rows.find((r) => r.indexdef.includes(`WHERE (kind = '${kind}'::text)`));
      expect(index?.indexdef, `no partial GIN for kind "${kind}": add one to prisma/sql/search.sql and a migration`).toMatch(/USING gin \(tsv, status, "districtCode", categories\)/);
    }
  });

  it("finds the same listings filtered by kind as unfiltered, kind by kind", async () => {
    const all = await search("消费扶贫");
    expect(all.total).toBeGreaterThan(1);
    let sum = 0;
    for (const kind of SEARCH_KINDS) sum += (await search("消费扶贫", { kind })).total;
    expect(sum).toBe(all.total);
    expect(Object.values(all.facets.kind).reduce((a, b) => a + b, 0)).toBe(all.total);
  });

  it("keeps a listing's two rows together: re-indexing updates both, removing deletes both", async () => {
    const doc = CORPUS.find((d) => d.id === "n-yunyang-flood")!;
    await engine.upsert([{ ...doc, status: "CLOSED" }, { ...doc, status: "MET" }]);
    expect((await search("洪灾 物资", { status: "MET" })).hits.map((h) => h.id)).toContain(doc.id);
    await engine.remove("need", [doc.id]);
    expect((await search("洪灾 物资")).hits.map((h) => h.id)).not.toContain(doc.id);
    const { rows } = await pool.query<{ docs: number; matches: number }>(`SELECT (SELECT count(*) FROM "SearchDocument")::int AS docs, (SELECT count(*) FROM "SearchMatch")::int AS matches`);
    expect(rows[0]!.matches).toBe(rows[0]!.docs);
    await engine.upsert([doc]);
  });
});
