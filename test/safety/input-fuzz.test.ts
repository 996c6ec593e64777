/**
 * #11 "must show": hostile input on every route of the built app. Each loader gets random query
 * strings; each action gets the fields its own page renders (scraped as a role allowed to see it)
 * with one value replaced by NUL, 100k characters, the wrong type, an array, a bad enum… Nothing may
 * answer 5xx or show a stack trace, and a refused request must write nothing.
 *
 * Seeded: INPUT_FUZZ_SEED=<n> replays a run (the seed is in every failure message).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import type { PrismaClient } from "~/generated/prisma/client";
import { countRows, createInputFixture, type InputFixture, type Role } from "./input-fixture";
import { appRoutes, fillPath, type AppRoute } from "./input-routes";
import { EXPECTED } from "./access-matrix.expected";

const SEED = Number(process.env.INPUT_FUZZ_SEED ?? 20261202);
const QUERIES_PER_LOADER = 2;
const POSTS_PER_FORM = 5;

let app: TestApp;
let prisma: PrismaClient;
let fx: InputFixture;
let routes: AppRoute[];

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  fx = await createInputFixture(prisma, app.baseUrl);
  routes = await appRoutes();
}, 180_000);
afterAll(async () => app?.close());

/** mulberry32: small, seedable, good enough to pick test values. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** Hostile values; a function gets the field's normal value. */
const BAD_VALUES: readonly (string | string[] | ((v: string) => string | string[]))[] = [
  "\u0000",
  (v) => `${v}\u0000`,
  "a\u0001b\u001b[31m",
  "x".repeat(100_000),
  "善".repeat(20_000),
  "abc",
  "-1",
  "0",
  "1e309",
  "99999999999999999999999",
  "NaN",
  "2026-13-45",
  "0000-00-00",
  "9999-12-31T99:99",
  "ZZZ_NOT_AN_ENUM",
  "",
  " ",
  (v) => [v, v],
  (v) => [v, "ZZZ", ""],
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00",
  "../../etc/passwd",
  "null",
  "[object Object]",
  "🙂".repeat(1000),
  "\uD800",
  "c".repeat(5000),
];

const QUERY_KEYS = ["q", "page", "district", "districtCode", "status", "kind", "year", "from", "to", "period", "category", "area", "type", "sort", "cursor", "quarter", "month", "groups", "code", "receipt", "cancelled", "redirectTo"];

/** encodeURIComponent, except that a lone surrogate becomes the bytes of invalid UTF-8 (`%ED%A0%80`). */
const enc = (s: string) => Array.from(s, (c) => (/[\uD800-\uDFFF]/.test(c) ? "%ED%A0%80" : encodeURIComponent(c))).join("");

function randomQuery(rnd: ReturnType<typeof prng>, keys: string[]) {
  const parts: string[] = [];
  const n = 1 + rnd.int(4);
  for (let i = 0; i < n; i++) {
    const key = rnd.pick(keys);
    let v = rnd.pick(BAD_VALUES);
    if (typeof v === "function") v = v("1");
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${enc(key)}=${enc(one.slice(0, 6000))}`);
  }
  // Sometimes raw garbage that is not valid percent-encoding or has odd separators.
  if (rnd.int(4) === 0) parts.push(rnd.pick(["%", "%zz", "a=%E0%A4%A", "&&&=", "=x", "a[b]=1", "a[]=1&a[]=2", "__proto__=1", "constructor[prototype]=1"]));
  return parts.join("&");
}

type FormSpec = { action: string; multipart: boolean; fields: [string, string][] };

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag)?.[1];
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The POST forms of a page: where they post and their fields with the values they would send. */
function scrapeForms(html: string, pageUrl: string): FormSpec[] {
  const forms: FormSpec[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, tagAttrs, inner] = m;
    if ((attr(`<f ${tagAttrs}`, "method") ?? "get").toLowerCase() !== "post") continue;
    const action = unescape(attr(`<f ${tagAttrs}`, "action") ?? pageUrl);
    const fields: [string, string][] = [];
    for (const f of inner!.matchAll(/<(input|select|textarea)\b([^>]*)>([\s\S]*?<\/select>)?/gi)) {
      const tag = f[0];
      const name = attr(tag, "name");
      if (!name) continue;
      const type = (attr(tag, "type") ?? "").toLowerCase();
      if (type === "file" || type === "submit") continue;
      let value = attr(tag, "value") ?? "";
      if (f[1]!.toLowerCase() === "select") value = /<option\b[^>]*\svalue="([^"]*)"/i.exec(f[3] ?? "")?.[1] ?? "";
      fields.push([unescape(name), unescape(value)]);
    }
    // Submit buttons carrying an intent.
    for (const b of inner!.matchAll(/<button\b[^>]*>/gi)) {
      const name = attr(b[0], "name");
      if (name) fields.push([unescape(name), unescape(attr(b[0], "value") ?? "")]);
    }
    forms.push({ action: new URL(action, `http://x${pageUrl}`).pathname + new URL(action, `http://x${pageUrl}`).search, multipart: /multipart\/form-data/i.test(tagAttrs ?? ""), fields });
  }
  return forms;
}

function expectSafe(res: Response, body: string, what: string) {
  expect(res.status, `${what} (seed ${SEED})`).toBeLessThan(500);
  expect(body, `${what}: stack trace in the body (seed ${SEED})`).not.toMatch(/\n\s+at [\w$.<>]+ \(|node_modules\/|PrismaClient|Invalid `prisma/);
}

/** The role that sees most of a route, for scraping its forms and posting them. */
const PREFERRED: readonly Role[] = ["owner", "admin", "staff", "finance", "coordinator", "member", "volunteer", "visitor"];
const roleFor = (allowed: readonly Role[] | undefined) => PREFERRED.find((r) => allowed?.includes(r)) ?? "visitor";

describe("hostile input on every form and query string", () => {
  it("never answers 5xx or shows a stack trace, and refused requests write nothing", async () => {
    const rnd = prng(SEED);
    const urlOf = (r: AppRoute) => fillPath(EXPECTED[r.id]?.url ?? r.path, fx.params);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let scrapedForms = 0;
    const check = async (what: string, fn: () => Promise<Response>) => {
      const before = await countRows(prisma);
      const res = await fn();
      const body = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (process.env.INPUT_FUZZ_VERBOSE) process.stdout.write(`${res.status} ${what}\n`);
      try {
        expectSafe(res, body, what);
        if (res.status >= 400) expect(await countRows(prisma), `${what}: a refused request wrote rows (seed ${SEED})`).toEqual(before);
      } catch (e) {
        failures.push(`${what} → ${res.status}: ${(e as Error).message.split("\n")[0]}`);
      }
      return { res, body };
    };

    // Loaders: random query strings, as a role allowed to see the page.
    for (const r of routes.filter((x) => x.hasLoader)) {
      const role = roleFor(EXPECTED[r.id]?.loader);
      for (let i = 0; i < QUERIES_PER_LOADER; i++) {
        const url = `${urlOf(r)}?${randomQuery(rnd, QUERY_KEYS)}`;
        await check(`GET ${url.slice(0, 200)} as ${role}`, () => fx.clients[role].get(url, { followRedirects: false }));
      }
    }

    // Actions: the page's own forms with one field made hostile; plus a duplicated field and a
    // form of random names for routes whose page shows no form to this role.
    const logoutLast = (a: AppRoute, b: AppRoute) => Number(a.id === "routes/auth+/logout") - Number(b.id === "routes/auth+/logout");
    for (const r of routes.filter((x) => x.hasAction).sort(logoutLast)) {
      const row = EXPECTED[r.id];
      const role = roleFor(row?.action);
      const url = urlOf(r);
      const page = row?.loader?.includes(role) ? await (await fx.clients[role].get(url)).text() : "";
      let forms = scrapeForms(page, url).filter((f) => f.action.split("?")[0] === url);
      scrapedForms += forms.length;
      if (forms.length === 0) forms = [{ action: r.index ? `${url}?index` : url, multipart: false, fields: QUERY_KEYS.slice(0, 6).map((k) => [k, "1"]) }];
      for (const form of forms) {
        const names = [...new Set(form.fields.map(([n]) => n))];
        for (let i = 0; i < POSTS_PER_FORM; i++) {
          const target = rnd.pick(names.length ? names : ["x"]);
          let bad = rnd.pick(BAD_VALUES);
          const fields = new Map<string, string[]>();
          for (const [n, v] of form.fields) fields.set(n, [...(fields.get(n) ?? []), v]);
          if (typeof bad === "function") bad = bad(fields.get(target)?.[0] ?? "");
          fields.set(target, Array.isArray(bad) ? bad : [bad]);
          // Now and then a second hostile field, or an unknown one.
          if (rnd.int(3) === 0) fields.set(rnd.pick([...names, "unexpected"]), [String(rnd.pick(BAD_VALUES.filter((v) => typeof v === "string")))]);
          const what = `POST ${form.action} as ${role} with ${target}=${JSON.stringify(bad).slice(0, 40)}`;
          await check(what, () => {
            if (form.multipart) {
              const fd = new FormData();
              for (const [n, vs] of fields) for (const v of vs) fd.append(n, v);
              return fx.clients[role].post(form.action, fd);
            }
            return fx.clients[role].post(form.action, Object.fromEntries(fields));
          });
        }
      }
    }
    if (process.env.INPUT_FUZZ_VERBOSE) process.stdout.write(`statuses: ${JSON.stringify([...statuses].sort())}, forms scraped: ${scrapedForms}\n`);
    expect(failures, `seed ${SEED}`).toEqual([]);
    // The fuzz reached the real forms (not only the fallback of random names).
    expect(scrapedForms).toBeGreaterThan(30);
  }, 600_000);
});
