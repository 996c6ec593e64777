/**
 * Page weight (#17.4), in bytes: the JavaScript a browser downloads for one page — every script the
 * HTML names (<script src>, <link rel="modulepreload">, `import "…"` in inline module scripts) —
 * each gzipped as a server would send it (node:zlib, level 9), summed; and, reported beside it, the
 * texts the page carries for hydration (#__i18n, gzipped on its own). Used by test/foundation/page-weight.test.ts
 * and test/bench/page-weight.bench.ts.
 */
import { gzipSync } from "node:zlib";

export const KB = 1024;

/** The targets of #17.4, in gzipped bytes. */
export const PAGE_WEIGHT_TARGETS = { home: 90 * KB, listOrDetail: 120 * KB } as const;

export type PageWeight = {
  path: string;
  /** gzipped bytes of the scripts */
  js: number;
  /** gzipped bytes of the texts carried in the HTML for hydration (not JavaScript; reported beside it) */
  texts: number;
  scripts: { url: string; gzip: number }[];
};

type Get = (path: string) => Promise<Response>;

const attr = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];

/** The script URLs the HTML makes the browser fetch (same origin: the build is served by the app). */
export function scriptUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*>/g)) {
    const src = attr(m[0], "src");
    if (src) urls.add(src);
  }
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    if (attr(m[0], "rel") === "modulepreload") urls.add(attr(m[0], "href")!);
  }
  // Remix's inline module script: `import "/build/entry.client-….js"; import * as route0 from "/build/root-….js"`.
  for (const m of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const i of m[1]!.matchAll(/\bimport\s*(?:[^"';]*?\sfrom\s*)?"([^"]+\.js)"/g)) urls.add(i[1]!);
  }
  return [...urls];
}

/** The texts the page carries for hydration (see app/modules/i18n/i18n.ts, bootI18n). */
export function bootTexts(html: string): { lng: string; v: string; all: string[]; t: Record<string, Record<string, Record<string, string | null>>>; fb: Record<string, string> } | null {
  const m = /<script id="__i18n" type="application\/json"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  return m ? JSON.parse(m[1]!) : null;
}

function bootTextsSize(html: string): number {
  const m = /<script id="__i18n" type="application\/json"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  return m ? gzipSync(Buffer.from(m[1]!), { level: 9 }).length : 0;
}

const gzipped = new Map<string, number>();

async function gzipSize(get: Get, url: string): Promise<number> {
  const known = gzipped.get(url);
  if (known !== undefined) return known;
  const res = await get(url);
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  const size = gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length;
  gzipped.set(url, size);
  return size;
}

export async function measurePage(get: Get, path: string): Promise<PageWeight> {
  const res = await get(path);
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  const html = await res.text();
  const scripts = await Promise.all(scriptUrls(html).map(async (url) => ({ url, gzip: await gzipSize(get, url) })));
  const js = scripts.reduce((s, x) => s + x.gzip, 0);
  return { path, js, texts: bootTextsSize(html), scripts };
}

export const kb = (bytes: number) => (bytes / KB).toFixed(1);
