/**
 * Search quality on a fixed Chinese corpus (test/fixtures/search-corpus.ts): each query must put
 * the expected listing first. Runs on the PostgreSQL engine (the default); with MEILI_HOST set the
 * same expectations run on Meilisearch too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { PostgresSearchEngine } from "../../search/postgres/engine.server";
import { parseSearchParams } from "../../search/query";
import { CORPUS, EXPECTATIONS } from "../fixtures/search-corpus";

let db: TestDatabase;
let prisma: PrismaClient;
let engine: PostgresSearchEngine;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  engine = new PostgresSearchEngine(prisma);
  await engine.upsert(CORPUS);
});
afterAll(async () => {
  await prisma?.$disconnect();
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
