/**
 * Real HTTP through the built app: each test file gets a fresh database (cloned from the migrated
 * template) and its own server on a free port. `npm test` builds the app first.
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { createTestDatabase } from "./db";
import { BUILD_PATH, createApp, listen } from "../../scripts/lib/http-server";
import type { ServerBuild } from "@remix-run/node";

export type TestApp = { baseUrl: string; databaseUrl: string; close(): Promise<void> };

/**
 * `databaseUrl` lets a test put something at the driver's edge between the app and its database
 * (the round-trip counter of test/support/pg-round-trips.ts): it gets the new database's URL and
 * returns the one the app should use.
 */
export async function startTestApp(opts: { databaseUrl?: (url: string) => Promise<string> } = {}): Promise<TestApp> {
  if (!existsSync(BUILD_PATH)) throw new Error("The app is not built: run `npm run build` (npm test does it for you).");
  const db = await createTestDatabase();
  // The app reads its configuration from the environment on first use, in this worker process.
  process.env.DATABASE_URL = opts.databaseUrl ? await opts.databaseUrl(db.url) : db.url;
  process.env.NODE_ENV = "test";
  process.env.DATABASE_POOL_SIZE ??= "20";
  const build = (await import(/* @vite-ignore */ BUILD_PATH)) as ServerBuild;
  const server: Server = await listen(createApp(() => build, { mode: "production" }), 0, "127.0.0.1");
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    baseUrl,
    databaseUrl: db.url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      // The pool too: a page may have read only through it (listings, search), and then Prisma,
      // never connected, would leave it open on the database dropped next.
      const { closeDatabase } = await import("~/utils/db.server");
      await closeDatabase();
      await db.drop();
    },
  };
}

/**
 * A small cookie-keeping HTTP client, like a browser without JavaScript. Posts carry a same-origin
 * `Origin` header as browsers do (tests of the cross-site refusal override it).
 */
export class TestClient {
  private cookies = new Map<string, string>();
  constructor(public readonly baseUrl: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keepCookies(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit & { followRedirects?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", this.cookieHeader());
    if (init.method && init.method !== "GET" && !headers.has("Origin")) headers.set("Origin", this.baseUrl);
    const res = await fetch(this.baseUrl + path, { ...init, headers, redirect: "manual" });
    this.keepCookies(res);
    if (init.followRedirects !== false && res.status >= 300 && res.status < 400 && res.headers.get("Location")) {
      const loc = new URL(res.headers.get("Location")!, this.baseUrl);
      return this.request(loc.pathname + loc.search, { method: "GET" });
    }
    return res;
  }

  get(path: string, opts: { followRedirects?: boolean } = {}) {
    return this.request(path, { method: "GET", ...opts });
  }

  /** Posts a form; `fields` values may be arrays for repeated names. */
  post(path: string, fields: Record<string, string | string[] | undefined> | FormData, opts: { headers?: Record<string, string>; followRedirects?: boolean } = {}) {
    let body: URLSearchParams | FormData;
    if (fields instanceof FormData) body = fields;
    else {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      }
    }
    return this.request(path, { method: "POST", body, headers: opts.headers, followRedirects: opts.followRedirects ?? false });
  }

  /** Signs in through the real form. */
  async signIn(email: string, password: string) {
    const res = await this.post("/auth/login", { email, password });
    if (res.status !== 302) throw new Error(`sign-in failed for ${email}: ${res.status} ${await res.text()}`);
    return res;
  }

  hasCookie(name: string) {
    return this.cookies.has(name);
  }
}
