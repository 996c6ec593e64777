/**
 * The files of public/ are served by Express before Remix, but only for paths under public/'s
 * top-level entries (scripts/lib/http-server.ts `publicFiles`): a page request no longer makes
 * `send` look for a file first. What a visitor sees must not change.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("public files", () => {
  it("serves the favicon and the share image with an hour's caching, and the build's assets as immutable", async () => {
    const client = new TestClient(app.baseUrl);
    const icon = await client.get("/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    const share = await client.get("/share-default.png");
    expect(share.status).toBe(200);
    expect(share.headers.get("content-type")).toBe("image/png");

    const asset = readdirSync(path.resolve("public/build")).find((f) => f.endsWith(".js"))!;
    const built = await client.get(`/build/${asset}`);
    expect(built.status).toBe(200);
    expect(built.headers.get("cache-control")).toContain("immutable");
  });

  it("leaves every other path to the app: pages, its 404, and nothing outside public/", async () => {
    const client = new TestClient(app.baseUrl);
    const page = await client.get("/campaigns");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    for (const p of ["/nope.png", "/favicon.svg/x", "/%E0%A4%A", "/../package.json", "/favicon.svg%2F..%2Fpackage.json"]) {
      const res = await client.get(p);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.status, p).toBeLessThan(500);
      expect(await res.text(), p).not.toContain('"name": "shanlian"');
    }
  });
});
