/**
 * The Meilisearch adapter against a small local fake of the Meilisearch HTTP API, through the
 * official `meilisearch` client: index creation and settings, document batches, task waiting
 * (enqueued → processing → succeeded, and failures), deletes, search parameters and filter
 * escaping. Whether Meilisearch ranks Chinese well is the contract suite's job (real server).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MeiliSearchEngine, MEILI_SETTINGS } from "./engine.server";
import { inFilter, meiliDocId, quoteFilterValue } from "./filters";
import type { SearchDocument } from "../types";

type Call = { method: string; path: string; body: unknown };
type Task = { uid: number; indexUid: string; status: string; type: string; polls: number; fail?: string };

class FakeMeili {
  calls: Call[] = [];
  tasks = new Map<number, Task>();
  docs = new Map<string, Record<string, unknown>>();
  failNextDocuments: string | null = null;
  private next = 1;
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://x");
      const body = raw ? JSON.parse(raw) : null;
      this.calls.push({ method: req.method!, path: url.pathname + url.search, body });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      const enqueue = (indexUid: string, type: string, fail?: string) => {
        const uid = this.next++;
        this.tasks.set(uid, { uid, indexUid, status: "enqueued", type, polls: 0, fail });
        send(202, { taskUid: uid, indexUid, status: "enqueued", type, enqueuedAt: new Date().toISOString() });
      };
      const m = url.pathname.match(/^\/indexes\/([^/]+)(\/.*)?$/);
      if (req.method === "GET" && url.pathname.startsWith("/tasks/")) {
        const task = this.tasks.get(Number(url.pathname.split("/")[2]));
        if (!task) return send(404, { message: "task not found", code: "task_not_found", type: "invalid_request", link: "" });
        // Two polls before the task finishes: the client must wait, not fire and forget.
        task.polls++;
        if (task.polls === 1) task.status = "processing";
        else if (task.polls >= 2) task.status = task.fail ? "failed" : "succeeded";
        return send(200, {
          uid: task.uid, indexUid: task.indexUid, status: task.status, type: task.type, enqueuedAt: new Date().toISOString(),
          error: task.status === "failed" ? { message: task.fail, code: "invalid_document_fields", type: "invalid_request", link: "" } : null,
        });
      }
      if (req.method === "POST" && url.pathname === "/indexes") return enqueue(body.uid, "indexCreation");
      if (!m) return send(404, { message: "not found", code: "not_found", type: "invalid_request", link: "" });
      const [, uid, rest = ""] = m;
      if (req.method === "PATCH" && rest === "/settings") return enqueue(uid!, "settingsUpdate");
      if (req.method === "POST" && rest === "/documents") {
        const fail = this.failNextDocuments ?? undefined;
        this.failNextDocuments = null;
        if (!fail) for (const d of body as Record<string, unknown>[]) this.docs.set(String(d.id), d);
        return enqueue(uid!, "documentAdditionOrUpdate", fail);
      }
      if (req.method === "POST" && rest === "/documents/delete-batch") {
        for (const id of body as string[]) this.docs.delete(id);
        return enqueue(uid!, "documentDeletion");
      }
      if (req.method === "POST" && rest === "/documents/delete") return enqueue(uid!, "documentDeletion");
      if (req.method === "DELETE" && rest === "/documents") {
        this.docs.clear();
        return enqueue(uid!, "documentDeletion");
      }
      if (req.method === "POST" && rest === "/search") {
        const hits = [...this.docs.values()].slice(0, body.hitsPerPage ?? 20).map((d) => ({ ...d, _rankingScore: 0.9 }));
        return send(200, {
          hits, query: body.q ?? "", processingTimeMs: 1, page: body.page ?? 1, hitsPerPage: body.hitsPerPage ?? 20, totalHits: this.docs.size, totalPages: Math.ceil(this.docs.size / (body.hitsPerPage ?? 20)),
          facetDistribution: body.facets ? { kind: { need: this.docs.size }, districtCode: { "500229": 1 }, categories: { LEFT_BEHIND_CHILDREN: 1 }, status: { OPEN: 1 } } : undefined,
        });
      }
      return send(404, { message: "not found", code: "not_found", type: "invalid_request", link: "" });
    });
  });
}

const fake = new FakeMeili();
let host: string;
beforeAll(async () => {
  await new Promise<void>((r) => fake.server.listen(0, "127.0.0.1", r));
  host = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => fake.server.close(() => r()));
});
beforeEach(() => {
  fake.calls = [];
});

const doc = (i: number, over: Partial<SearchDocument> = {}): SearchDocument => ({
  kind: "need", id: `need${i}`, title: `留守儿童课业辅导 ${i}`, body: "城口县修齐镇", url: `/needs/need${i}`, districtCode: "500229",
  categories: ["LEFT_BEHIND_CHILDREN"], status: "OPEN", orgId: null, tags: ["城口"], sortDate: i % 2 ? "2024-05-01T00:00:00.000Z" : null, publishedAt: "2024-01-01T00:00:00.000Z", ...over,
});

describe("Meilisearch adapter (local fake of the HTTP API)", () => {
  it("creates the index with settings before the first write and waits for both tasks", async () => {
    const engine = new MeiliSearchEngine({ host, index: "listings_a", timeoutMs: 5000 });
    await engine.upsert([doc(1)]);
    const paths = fake.calls.map((c) => `${c.method} ${c.path.replace(/\?.*/, "")}`);
    expect(paths[0]).toBe("POST /indexes");
    expect(fake.calls[0]!.body).toEqual({ uid: "listings_a", primaryKey: "id" });
    const settings = fake.calls.find((c) => c.method === "PATCH")!;
    expect(settings.path).toBe("/indexes/listings_a/settings");
    expect(settings.body).toMatchObject({
      searchableAttributes: ["title", "tags", "body"],
      filterableAttributes: ["kind", "districtCode", "categories", "status", "orgId"],
      sortableAttributes: ["publishedAt", "sortDate"],
      localizedAttributes: [{ attributePatterns: ["title", "body", "tags"], locales: ["cmn"] }],
    });
    expect((settings.body as typeof MEILI_SETTINGS).synonyms!["老人"]).toContain("老年人");
    // Every task was polled until it succeeded, before the next request.
    for (const t of fake.tasks.values()) expect(t.status).toBe("succeeded");
    const order = paths.filter((p) => !p.startsWith("GET /tasks"));
    expect(order).toEqual(["POST /indexes", "PATCH /indexes/listings_a/settings", "POST /indexes/listings_a/documents"]);
  });

  it("sends documents in batches of 1,000 with the id scheme and no unknown fields", async () => {
    const engine = new MeiliSearchEngine({ host, index: "listings_b", timeoutMs: 5000 });
    await engine.upsert(Array.from({ length: 2500 }, (_, i) => doc(i)));
    const batches = fake.calls.filter((c) => c.method === "POST" && c.path.startsWith("/indexes/listings_b/documents"));
    expect(batches.map((b) => (b.body as unknown[]).length)).toEqual([1000, 1000, 500]);
    const first = (batches[0]!.body as Record<string, unknown>[])[1]!;
    expect(first).toEqual({
      id: "need-need1", kind: "need", entityId: "need1", title: "留守儿童课业辅导 1", body: "城口县修齐镇", url: "/needs/need1", districtCode: "500229",
      categories: ["LEFT_BEHIND_CHILDREN"], status: "OPEN", orgId: null, tags: ["城口"], sortDate: Date.parse("2024-05-01T00:00:00.000Z"), publishedAt: Date.parse("2024-01-01T00:00:00.000Z"),
    });
    // No sortDate at all when the listing has none: Meilisearch sorts missing fields last.
    expect((batches[0]!.body as Record<string, unknown>[])[0]).not.toHaveProperty("sortDate");
    expect(batches[0]!.path).toContain("primaryKey=id");
  });

  it("throws when a task fails, so the outbox row is retried", async () => {
    const engine = new MeiliSearchEngine({ host, index: "listings_c", timeoutMs: 5000 });
    await engine.setup();
    fake.failNextDocuments = "Document has an invalid field";
    await expect(engine.upsert([doc(1)])).rejects.toThrow(/Document has an invalid field/);
  });

  it("deletes by document id and clears a kind with an escaped filter", async () => {
    const engine = new MeiliSearchEngine({ host, index: "listings_d", timeoutMs: 5000 });
    await engine.remove("need", ["abc", "有 空格"]);
    const del = fake.calls.find((c) => c.path.endsWith("/documents/delete-batch"))!;
    expect(del.body).toEqual(["need-abc", meiliDocId("need", "有 空格")]);
    expect(meiliDocId("need", "有 空格")).toMatch(/^need-x[0-9a-f]+$/);
    await engine.clear("project");
    expect(fake.calls.find((c) => c.path.endsWith("/documents/delete"))!.body).toEqual({ filter: 'kind IN ["project"]' });
  });

  it("searches with escaped filters, sort, page and facets, and maps hits to the common shape", async () => {
    const engine = new MeiliSearchEngine({ host, index: "listings_e", timeoutMs: 5000 });
    fake.docs.clear();
    await engine.upsert([doc(7, { title: "<b>留守儿童</b>" })]);
    fake.calls = [];
    const r = await engine.search({ q: "留守儿童", filters: { kind: ["need"], districtCode: ["500229"], status: ['OPEN" OR status = "X'], category: ["LEFT_BEHIND_CHILDREN"] }, sort: "newest", page: 2, pageSize: 5, facets: true });
    const search = fake.calls.find((c) => c.path === "/indexes/listings_e/search")!;
    expect(search.body).toMatchObject({
      q: "留守儿童",
      filter: ['kind IN ["need"]', 'districtCode IN ["500229"]', 'categories IN ["LEFT_BEHIND_CHILDREN"]', 'status IN ["OPEN\\" OR status = \\"X"]'],
      sort: ["publishedAt:desc"],
      page: 2,
      hitsPerPage: 5,
      facets: ["kind", "districtCode", "categories", "status"],
    });
    expect(r.engine).toBe("meilisearch");
    expect(r.hits[0]).toMatchObject({ kind: "need", id: "need7", url: "/needs/need7", status: "OPEN", sortDate: "2024-05-01T00:00:00.000Z" });
    expect(r.hits[0]!.titleHtml).toBe("&lt;b&gt;<mark>留守</mark><mark>儿童</mark>&lt;/b&gt;");
    expect(r.facets.category).toEqual({ LEFT_BEHIND_CHILDREN: 1 });
  });

  it("sends each category group as its own (ANDed) filter, as products filter category and price band", async () => {
    const engine = new MeiliSearchEngine({ host, index: "listings_e", timeoutMs: 5000 });
    fake.calls = [];
    await engine.search({ q: "", filters: { kind: ["product"], categoryGroups: [["TEA", "FRUIT_VEG"], ["PRICE_20_50"]], status: ["CERTIFIED"] }, sort: "newest", page: 1, pageSize: 20, facets: true });
    const search = fake.calls.find((c) => c.path === "/indexes/listings_e/search")!;
    expect((search.body as { filter: string[] }).filter).toEqual(['kind IN ["product"]', 'categories IN ["TEA", "FRUIT_VEG"]', 'categories IN ["PRICE_20_50"]', 'status IN ["CERTIFIED"]']);
  });

  it("quotes filter values so they cannot close the string", () => {
    expect(quoteFilterValue('a"b\\')).toBe('"a\\"b\\\\"');
    expect(inFilter("status", ['x" OR 1=1 OR status="y'])).toBe('status IN ["x\\" OR 1=1 OR status=\\"y"]');
  });
});
