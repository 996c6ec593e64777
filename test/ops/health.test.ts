/**
 * #16.7: /healthz answers without the database; /readyz checks the database and the search engine
 * (the same database for the PostgreSQL engine, Meilisearch's /health when MEILI_HOST is set) and
 * says 503 when one fails. Neither sets a cookie or says anything about users or records.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { freePort } from "../../scripts/lib/postgres";

let app: TestApp;
let fakeMeili: http.Server;
let meiliStatus = "available";

beforeAll(async () => {
  app = await startTestApp();
  // A stand-in for Meilisearch's health endpoint (an external service: faked like the payment providers).
  fakeMeili = http.createServer((req, res) => {
    if (req.url === "/health") res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ status: meiliStatus }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => fakeMeili.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => fakeMeili?.close(resolve));
});

afterEach(() => {
  delete process.env.MEILI_HOST;
  meiliStatus = "available";
});

const get = (path: string) => fetch(app.baseUrl + path);

describe("health endpoints", () => {
  it("/healthz says the process answers, uncached, without a cookie", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.json()).toEqual({ status: "ok" });
    expect((await fetch(app.baseUrl + "/healthz", { method: "HEAD" })).status).toBe(200);
  });

  it("/readyz checks the database and the PostgreSQL search engine", async () => {
    const res = await get("/readyz");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const body = await res.json();
    expect(body).toEqual({
      status: "ok",
      checks: { database: { status: "ok", ms: expect.any(Number) }, search: { status: "ok", engine: "postgres", ms: expect.any(Number) } },
    });
  });

  it("/readyz asks Meilisearch when MEILI_HOST is set, and is 503 when it is unhealthy or unreachable", async () => {
    process.env.MEILI_HOST = `http://127.0.0.1:${(fakeMeili.address() as AddressInfo).port}`;
    const ok = await get("/readyz");
    expect(ok.status).toBe(200);
    expect((await ok.json()).checks.search).toMatchObject({ status: "ok", engine: "meilisearch" });

    meiliStatus = "starting";
    const unhealthy = await get("/readyz");
    expect(unhealthy.status).toBe(503);
    expect(await unhealthy.json()).toMatchObject({ status: "fail", checks: { database: { status: "ok" }, search: { status: "fail", engine: "meilisearch", error: "unhealthy" } } });

    process.env.MEILI_HOST = `http://127.0.0.1:${await freePort()}`;
    const down = await get("/readyz");
    expect(down.status).toBe(503);
    const body = await down.json();
    expect(body.checks.search).toMatchObject({ status: "fail", error: "unreachable" });
    // One word, never the address or a stack.
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|Error/);
  });
});
