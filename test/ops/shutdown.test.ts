/**
 * #16.7: `npm start` shuts down gracefully on SIGTERM: it stops accepting connections, lets the
 * request in flight finish, closes the pool, stops the embedded database and exits 0; a request
 * still running after SHUTDOWN_TIMEOUT_MS is cut off (exit 1).
 */
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/postgres";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startScript, tempInstall, type Running } from "../db/script-runner";

const SECRETS = { SESSION_SECRET: "shutdown-test-session-secret-0123456789", ID_HASH_KEY: "shutdown-test-id-hash-key-0123456789", ID_ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" };
let db: TestDatabase;
const running: Running[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const r of running) await r.stop();
  await db?.drop();
}, 60_000);

async function startApp(env: Record<string, string>) {
  const port = await freePort();
  const app = startScript("start", [], { PORT: String(port), ...env });
  running.push(app);
  await app.waitFor(/Serving on http:\/\/localhost:\d+/, 240_000);
  return { app, port };
}

/** A sign-in POST whose body arrives in two parts: in flight until `finish()` sends the rest. */
function slowPost(port: number) {
  const body = "email=nobody%40example.cn&password=not-the-password-at-all";
  const half = body.slice(0, 20);
  let settle!: (r: { status: number; text: string } | { error: string }) => void;
  const result = new Promise<{ status: number; text: string } | { error: string }>((resolve) => (settle = resolve));
  const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/auth/login", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) } }, (res) => {
    let text = "";
    res.on("data", (c: Buffer) => (text += c.toString()));
    res.on("end", () => settle({ status: res.statusCode!, text }));
    res.on("error", (e) => settle({ error: e.message }));
  });
  req.on("error", (e) => settle({ error: e.message }));
  req.write(half);
  return { result, finish: () => req.end(body.slice(20)) };
}

const connects = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => true,
    () => false,
  );

describe("graceful shutdown of npm start", () => {
  it("finishes the request in flight, refuses new connections, and exits 0 on SIGTERM", { timeout: 300_000 }, async () => {
    const { app, port } = await startApp({ DATABASE_URL: db.url, ...SECRETS });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const slow = slowPost(port);
    await new Promise((r) => setTimeout(r, 500)); // the request is in the app, waiting for its body
    app.child.kill("SIGTERM");
    await app.waitFor(/SIGTERM: shutting down/, 10_000);
    expect(await connects(port), "new connections are refused").toBe(false);

    await new Promise((r) => setTimeout(r, 500));
    slow.finish();
    const answer = await slow.result;
    expect(answer).toMatchObject({ status: expect.any(Number) });
    expect((answer as { status: number }).status).toBeLessThan(500);
    expect(await app.exited).toBe(0);
    expect(app.output()).toMatch(/every request in flight finished[\s\S]*Stopped\./);
  });

  it("cuts off a request still running after SHUTDOWN_TIMEOUT_MS and exits 1", { timeout: 300_000 }, async () => {
    const { app, port } = await startApp({ DATABASE_URL: db.url, ...SECRETS, SHUTDOWN_TIMEOUT_MS: "1500" });
    const slow = slowPost(port);
    await new Promise((r) => setTimeout(r, 500));
    const sent = Date.now();
    app.child.kill("SIGTERM");
    expect(await slow.result).toMatchObject({ error: expect.any(String) });
    expect(await app.exited).toBe(1);
    expect(Date.now() - sent).toBeLessThan(15_000);
    expect(app.output()).toMatch(/still running after 1500 ms were cut off/);
  });

  it("stops the embedded database it started", { timeout: 480_000 }, async () => {
    const install = await tempInstall();
    try {
      const { app, port } = await startApp({ EMBEDDED_PG_DATA_DIR: install.dataDir, EMBEDDED_PG_PORT: String(await freePort()), DEMO_MODE: "0" });
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(existsSync(path.join(install.dataDir, "postmaster.pid"))).toBe(true);
      app.child.kill("SIGTERM");
      expect(await app.exited).toBe(0);
      expect(app.output()).toMatch(/PostgreSQL: embedded server stopped/);
      expect(existsSync(path.join(install.dataDir, "postmaster.pid")), "PostgreSQL shut down cleanly").toBe(false);
    } finally {
      await install.remove();
    }
  });
});
