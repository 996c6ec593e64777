/**
 * #11.7 bounded input over real HTTP: a body over its route's limit is answered with 413 before the
 * server has read it; too many files is refused; NUL and other control characters in a query string
 * or a form field get 400 with a message in the user's language (they used to give 500), and
 * change nothing.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import type { PrismaClient } from "~/generated/prisma/client";
import { bodyLimitFor, DEFAULT_BODY_LIMIT } from "~/utils/input-limits";

let app: TestApp;
let prisma: PrismaClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => app?.close());

const EN = `sl_locale=${encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64"))}`;

function expectNoStack(body: string) {
  expect(body).not.toMatch(/\bat [\w$.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+:\d+|Error:/);
}

/**
 * Streams `total` bytes of a urlencoded body without Content-Length (chunked), respecting
 * back-pressure, and stops writing as soon as the server answers.
 */
function streamBody(path: string, total: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string; sent: number; ms: number }> {
  const url = new URL(path, app.baseUrl);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.baseUrl, ...headers },
    });
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), sent, ms: Date.now() - started }));
      res.on("error", reject);
    });
    // The server closes the connection after its 413: a reset on our side of the upload is expected.
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    const chunk = Buffer.from("displayName=" + "a".repeat(64 * 1024 - 12));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("body size", () => {
  it("keeps the limits in one place: 512 KB by default, more for the named upload routes", () => {
    expect(bodyLimitFor("/auth/signup")).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor("/org/x/projects/new")).toBeGreaterThan(2 * 1024 * 1024);
    expect(bodyLimitFor("/staff/import")).toBeGreaterThan(10 * 1024 * 1024);
  });

  it("answers a 50 MB streamed form with 413 quickly, before reading it all", async () => {
    const users = await prisma.user.count();
    const r = await streamBody("/auth/signup", 50 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.body).toContain("提交的内容太大");
    expectNoStack(r.body);
    // The answer came while most of the body was still unsent (a few MB sit in socket buffers).
    expect(r.sent).toBeLessThan(25 * 1024 * 1024);
    expect(r.ms).toBeLessThan(15_000);
    expect(await prisma.user.count()).toBe(users);
  });

  it("refuses a declared Content-Length over the limit before reading the body, in English too", async () => {
    const r = await streamBody("/orgs/new", 50 * 1024 * 1024, { "Content-Length": String(50 * 1024 * 1024), Cookie: EN, Accept: "application/json" });
    expect(r.status).toBe(413);
    const json = JSON.parse(r.body) as { messageKey: string; message: string };
    expect(json.messageKey).toBe("security.input.tooLarge");
    expect(json.message).toContain("too large");
    expect(r.sent).toBeLessThan(50 * 1024 * 1024);
  });

  it("lets an upload route take more than 512 KB (up to its own limit)", async () => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    await c.signIn(u.email, u.password);
    const fd = new FormData();
    fd.append("name", "");
    fd.append("logo", new Blob([new Uint8Array(900 * 1024)], { type: "image/png" }), "logo.png");
    const res = await c.post("/orgs/new", fd);
    // Not refused for size: the form answers with its own validation messages.
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain("提交的内容太大");
  });

  it("caps the number of file parts", async () => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    await c.signIn(u.email, u.password);
    const orgs = await prisma.organization.count();
    const fd = new FormData();
    fd.append("name", "很多文件的机构");
    for (let i = 0; i < 20; i++) fd.append("logo", new Blob([new Uint8Array(10)], { type: "image/png" }), `logo${i}.png`);
    const res = await c.post("/orgs/new", fd);
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain("一次上传的文件太多");
    expectNoStack(html);
    expect(await prisma.organization.count()).toBe(orgs);
  });
});

describe("control characters", () => {
  it.each(["/orgs?q=%00", "/orgs?q=%E5%96%84%00", "/projects?district=%01", "/api/search?q=%00", "/orgs/%00", "/needs?page=%7F"])(
    "answers %s with 400 and a message, not 500",
    async (path) => {
      const res = await fetch(app.baseUrl + path);
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toContain(path.startsWith("/api/") ? "security.input.controlChars" : "控制字符");
      expectNoStack(body);
    },
  );

  it("answers malformed percent-encoding with 400", async () => {
    const res = await fetch(`${app.baseUrl}/orgs?q=%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("编码无效");
  });

  it("speaks the user's language", async () => {
    const res = await fetch(`${app.baseUrl}/orgs?q=%00`, { headers: { Cookie: EN } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("invisible control characters");
  });

  it("keeps tabs and line breaks, which people do paste", async () => {
    const res = await fetch(`${app.baseUrl}/orgs?q=${encodeURIComponent("善\t联\n")}`);
    expect(res.status).toBe(200);
  });

  it("refuses a NUL in the sign-up form with 400 and writes nothing", async () => {
    const users = await prisma.user.count();
    const c = new TestClient(app.baseUrl);
    for (const fields of [
      { email: "nul@example.cn", displayName: "新\u0000用户", password: "abc12345", confirmPassword: "abc12345" },
      { email: "nul\u0000@example.cn", displayName: "新用户", password: "abc12345", confirmPassword: "abc12345" },
      { email: "nul2@example.cn", displayName: "新用户", password: "abc\u000012345", confirmPassword: "abc\u000012345" },
      { email: "nul3@example.cn", displayName: "新用户", password: "abc12345", confirmPassword: "abc12345", "x\u0000": "1" },
    ]) {
      const res = await c.post("/auth/signup", fields);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("控制字符");
      expectNoStack(html);
    }
    expect(await prisma.user.count()).toBe(users);
  });

  it("refuses a NUL in a multipart text field and in a file name", async () => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    await c.signIn(u.email, u.password);
    const orgs = await prisma.organization.count();
    const a = new FormData();
    a.append("name", "机构\u0000名");
    const b = new FormData();
    b.append("name", "机构名");
    b.append("logo", new Blob([new Uint8Array(10)], { type: "image/png" }), "lo\u0001go.png");
    for (const fd of [a, b]) {
      const res = await c.post("/orgs/new", fd);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("控制字符");
    }
    expect(await prisma.organization.count()).toBe(orgs);
  });
});
