/**
 * The load benchmark's baseline page (/bench/bare, test/bench/load.bench.ts) exists only when the
 * server runs with BENCH_ROUTES=1: without it the address is a 404 like any unknown one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  delete process.env.BENCH_ROUTES;
  await app?.close();
});

describe("the bench baseline page", () => {
  it("is 404 without BENCH_ROUTES=1 and a tiny page with it", async () => {
    const client = new TestClient(app.baseUrl);
    delete process.env.BENCH_ROUTES;
    expect((await client.get("/bench/bare")).status).toBe(404);
    process.env.BENCH_ROUTES = "0";
    expect((await client.get("/bench/bare")).status).toBe(404);
    process.env.BENCH_ROUTES = "1";
    const res = await client.get("/bench/bare");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("基准页");
  });
});
