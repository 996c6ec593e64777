/**
 * #16.7: structured JSON logs with request ids and no personal data. Through the built app; the
 * log is read from SHANLIAN_LOG_FILE (the test setup points it at test-results/logs/<pid>.log, the
 * file the privacy scan reads), where the logger writes a copy of every line.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startTestApp, TestClient, type TestApp } from "../support/app";

let app: TestApp;
const logFile = () => process.env.SHANLIAN_LOG_FILE!;
let from = 0;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

type Line = Record<string, unknown> & { reqId?: string; msg?: string };

/** The JSON lines written since `mark()`. */
function mark() {
  from = existsSync(logFile()) ? statSync(logFile()).size : 0;
}
function written(): { text: string; lines: Line[] } {
  const text = readFileSync(logFile()).subarray(from).toString("utf8");
  const lines = text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Line);
  return { text, lines };
}
/** The request line of a response is written when the response closes: wait for it a little. */
async function linesOf(reqId: string, n = 1): Promise<{ text: string; lines: Line[] }> {
  for (let i = 0; i < 50; i++) {
    const all = written();
    const mine = all.lines.filter((l) => l.reqId === reqId);
    if (mine.length >= n) return { text: all.text, lines: mine };
    await new Promise((r) => setTimeout(r, 20));
  }
  return { text: written().text, lines: written().lines.filter((l) => l.reqId === reqId) };
}

const PHONE = "13912345678";
const ID_NUMBER = "11010519491231002X";
const EMAIL = "zhang.san@example.com";

describe("request log", () => {
  it("writes one JSON line per request, with the id echoed in X-Request-Id", async () => {
    mark();
    const res = await fetch(`${app.baseUrl}/campaigns`);
    expect(res.status).toBe(200);
    await res.text();
    const id = res.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const { lines } = await linesOf(id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", msg: "request", method: "GET", path: "/campaigns", status: 200 });
    expect(typeof lines[0]!.ms).toBe("number");
    expect(typeof lines[0]!.time).toBe("string");
    // No address in clear, no user agent.
    expect(JSON.stringify(lines[0])).not.toMatch(/127\.0\.0\.1|undici|node/);
  });

  it("keeps a safe incoming request id and replaces an unsafe one", async () => {
    // Fixed, not random: a random UUID now and then holds an 11-digit run that looks like a mobile
    // number (…f17633839330), which the log's rules rightly refuse as a request id.
    const good = "edge-3fa2c1de-b7a4-4c9e-9d2b-aa61f0c7e5be";
    const kept = await fetch(`${app.baseUrl}/campaigns`, { headers: { "X-Request-Id": good } });
    await kept.text();
    expect(kept.headers.get("x-request-id")).toBe(good);

    for (const bad of [`<script>${PHONE}`, PHONE, `req-${ID_NUMBER}`, "x".repeat(200), "short", EMAIL]) {
      mark();
      const res = await fetch(`${app.baseUrl}/campaigns`, { headers: { "X-Request-Id": bad } });
      await res.text();
      const id = res.headers.get("x-request-id")!;
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const { text, lines } = await linesOf(id);
      expect(lines).toHaveLength(1);
      expect(text).not.toContain(bad);
    }
  });

  it("logs no e-mail or phone from a query string, nor an ID number or phone from a form post", async () => {
    mark();
    const q = await fetch(`${app.baseUrl}/search?q=${encodeURIComponent(EMAIL)}&phone=${PHONE}`);
    await q.text();
    const qLines = await linesOf(q.headers.get("x-request-id")!);
    expect(qLines.lines[0]).toMatchObject({ path: "/search", method: "GET" });

    const client = new TestClient(app.baseUrl);
    const post = await client.post("/auth/login", { email: EMAIL, password: "wrong-password-1", idNumber: ID_NUMBER, phone: PHONE });
    expect(post.status).toBeLessThan(500);
    await post.text();
    const pLines = await linesOf(post.headers.get("x-request-id")!);
    expect(pLines.lines[0]).toMatchObject({ path: "/auth/login", method: "POST" });

    const { text } = written();
    for (const secret of [EMAIL, "zhang.san", PHONE, ID_NUMBER, "wrong-password-1"]) expect(text).not.toContain(secret);
  });

  it("logs a server error with the request id and without the request body", async () => {
    // Break the database under the app: the sign-in action fails with a real server error.
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    const errors: string[] = [];
    globalThis.__shanlianOnErrorLog = (line) => errors.push(line);
    try {
      await db.query(`ALTER TABLE "User" RENAME TO "UserGone"`);
      mark();
      const client = new TestClient(app.baseUrl);
      const res = await client.post("/auth/login", { email: EMAIL, password: "wrong-password-2", idNumber: ID_NUMBER, phone: PHONE }, { headers: { "X-Request-Id": "trace-0123abcd" } });
      expect(res.status).toBe(500);
      await res.text();
      expect(res.headers.get("x-request-id")).toBe("trace-0123abcd");
      const { text, lines } = await linesOf("trace-0123abcd", 2);
      const error = lines.find((l) => l.level === "error");
      expect(error).toMatchObject({ msg: "server error", method: "POST", path: "/auth/login" });
      const err = error!.err as { message: string; stack?: string };
      expect(err.message).toMatch(/User/);
      expect(lines.find((l) => l.msg === "request")).toMatchObject({ status: 500 });
      for (const secret of [EMAIL, "zhang.san", PHONE, ID_NUMBER, "wrong-password-2"]) expect(text).not.toContain(secret);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      globalThis.__shanlianOnErrorLog = undefined;
      await db.query(`ALTER TABLE "UserGone" RENAME TO "User"`).catch(() => {});
      await db.end();
    }
  });
});

describe("scrubbing", () => {
  it("masks personal data in messages and keeps only name, message and stack of errors", async () => {
    const { scrubText, serializeError } = await import("~/utils/logger.server");
    expect(scrubText(`user ${EMAIL} phone ${PHONE} id ${ID_NUMBER}`)).toBe("user [email] phone [phone] id [id-number]");
    const e = Object.assign(new Error(`no user ${EMAIL}`), { body: { phone: PHONE }, code: "P2021" });
    const s = serializeError(e) as Record<string, unknown>;
    expect(Object.keys(s).sort()).toEqual(["code", "message", "stack", "type"]);
    expect(JSON.stringify(s)).not.toContain(EMAIL);
    expect(JSON.stringify(s)).not.toContain(PHONE);
  });
});
