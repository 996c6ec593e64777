/**
 * Issue 17.4: page weight, in bytes. Through the built app, each page's HTML names the scripts a
 * browser downloads; gzipped and summed, the home page stays within 90 KB and every public list or
 * detail page within 120 KB. The texts reach the browser in the active locale only, only those the
 * page read (carried in the HTML for hydration) and a whole namespace from /locales/:lng/:ns when a
 * later render needs it — never the text catalogue inside a script.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { bootTexts, kb, measurePage } from "../support/page-weight";
import { seedWeighedPages, type WeighedPage } from "../support/page-weight-pages";

let app: TestApp;
let prisma: PrismaClient;
let pages: WeighedPage[];

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  pages = await seedWeighedPages(prisma);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe("page weight (#17.4)", () => {
  it("keeps the home page within 90 KB and every list or detail page within 120 KB of gzipped JavaScript", async () => {
    const client = new TestClient(app.baseUrl);
    const over: string[] = [];
    for (const page of pages) {
      const w = await measurePage((p) => client.get(p), page.path);
      expect(w.scripts.length, `${page.path} names its scripts`).toBeGreaterThan(2);
      if (w.js > page.target) over.push(`${page.name} ${page.path}: ${kb(w.js)} KB > ${kb(page.target)} KB`);
    }
    expect(over).toEqual([]);
  });

  it("sends only the active locale's texts the page read, and a namespace whole on demand", async () => {
    const client = new TestClient(app.baseUrl);
    const zh = bootTexts(await (await client.get("/")).text())!;
    expect(zh.lng).toBe("zh-CN");
    expect(Object.keys(zh.t)).toEqual(["zh-CN"]);
    expect(zh.t["zh-CN"]!.common!["app.name"]).toBe("善联");
    // Only what the home page read: not, say, the shop's or the bench's texts, nor all of common.
    expect(Object.keys(zh.t["zh-CN"]!)).not.toContain("shop");
    expect(Object.keys(zh.t["zh-CN"]!)).not.toContain("bench");
    const { resources } = await import("~/modules/i18n/resources");
    expect(JSON.stringify(zh.t["zh-CN"]!.common).length).toBeLessThan(JSON.stringify(resources["zh-CN"].common).length / 2);

    await client.post("/set-locale", { locale: "en", redirectTo: "/" });
    const en = bootTexts(await (await client.get("/")).text())!;
    expect(en.lng).toBe("en");
    expect(Object.keys(en.t)).toEqual(["en"]);
    expect(en.t.en!.common!["app.name"]).toBe(resources.en.common.app.name);

    // A whole namespace in the locale asked for, cacheable for good under the current version.
    const shop = await client.get(`/locales/en/shop?v=${en.v}`);
    expect(shop.status).toBe(200);
    expect(shop.headers.get("cache-control")).toContain("immutable");
    expect(await shop.json()).toEqual(resources.en.shop);
    expect((await client.get("/locales/en/shop?v=old")).headers.get("cache-control")).not.toContain("immutable");
    // Namespaces with capitals (crossRegion, matchFunds) load too.
    expect(await (await client.get(`/locales/zh-CN/crossRegion?v=${en.v}`)).json()).toEqual(resources["zh-CN"].crossRegion);
    expect((await client.get("/locales/en/nosuchnamespace")).status).toBe(404);
    expect((await client.get("/locales/fr/common")).status).toBe(404);
  });

  it("puts no text catalogue into the browser's scripts", async () => {
    const client = new TestClient(app.baseUrl);
    const { resources } = await import("~/modules/i18n/resources");
    // The tagline (the pages' meta description) in both languages: in the HTML, never in a script.
    const zhText = resources["zh-CN"].common.app.tagline;
    const enText = resources.en.common.app.tagline;
    // esbuild writes non-ASCII characters as \uXXXX escapes.
    const escaped = [...zhText].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)).join("").toLowerCase();
    const urls = new Set<string>();
    for (const page of pages) for (const s of (await measurePage((p) => client.get(p), page.path)).scripts) urls.add(s.url);
    for (const url of urls) {
      const body = await (await client.get(url)).text();
      expect(body.includes(zhText) || body.toLowerCase().includes(escaped) || body.includes(enText), url).toBe(false);
    }
  });
});
