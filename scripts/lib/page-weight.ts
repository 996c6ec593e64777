/**
 * Page weight (issue 17.4): the gzipped JavaScript a first visit to a page downloads, read from the
 * Remix build manifest (public/build/manifest-*.js): the client entry and its imports, then root and
 * each matched route with their imports. Bytes, not time; every chunk counted once.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILD_DIR = path.join(ROOT, "public/build");

type ManifestRoute = { id: string; parentId?: string; module: string; imports?: string[] };
export type BuildManifest = { entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> };

/** The pages held to the limits: the public home, lists and detail pages (route ids of the leaves). */
export const WEIGHED_PAGES: { name: string; route: string; limitKb: number }[] = [
  { name: "home", route: "routes/_index", limitKb: 90 },
  { name: "campaign list", route: "routes/campaigns+/_index", limitKb: 120 },
  { name: "campaign detail", route: "routes/campaigns+/$campaignId", limitKb: 120 },
  { name: "project list", route: "routes/projects+/_index", limitKb: 120 },
  { name: "project detail", route: "routes/projects+/$projectId", limitKb: 120 },
  { name: "organization list", route: "routes/orgs+/_index", limitKb: 120 },
  { name: "organization detail", route: "routes/orgs+/$orgId", limitKb: 120 },
  { name: "shop list", route: "routes/shop+/_index", limitKb: 120 },
  { name: "shop product", route: "routes/shop+/products.$productId", limitKb: 120 },
  { name: "needs list", route: "routes/needs+/_index", limitKb: 120 },
  { name: "need detail", route: "routes/needs+/$needId", limitKb: 120 },
  { name: "event list", route: "routes/events+/_index", limitKb: 120 },
  { name: "event detail", route: "routes/events+/$eventId", limitKb: 120 },
  { name: "search", route: "routes/search", limitKb: 120 },
];

export function readManifest(dir = BUILD_DIR): BuildManifest {
  const file = readdirSync(dir).find((n) => /^manifest-[\w-]+\.js$/.test(n));
  if (!file) throw new Error(`No Remix build manifest in ${dir}: run \`npx remix build\` first.`);
  const src = readFileSync(path.join(dir, file), "utf8");
  return JSON.parse(src.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "")) as BuildManifest;
}

/** The chunks (URLs under /build) a first visit to the page with this leaf route loads. */
export function chunksFor(manifest: BuildManifest, leaf: string): string[] {
  const chain: ManifestRoute[] = [];
  for (let id: string | undefined = leaf; id; id = manifest.routes[id]?.parentId) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`Route ${id} is not in the build manifest.`);
    chain.unshift(route);
  }
  const urls = [manifest.entry.module, ...manifest.entry.imports];
  for (const r of chain) urls.push(r.module, ...(r.imports ?? []));
  return [...new Set(urls)];
}

const gzCache = new Map<string, number>();
export function gzippedBytes(url: string, dir = BUILD_DIR): number {
  const key = `${dir}:${url}`;
  let n = gzCache.get(key);
  if (n === undefined) {
    n = gzipSync(readFileSync(path.join(dir, url.replace(/^\/build\//, "")))).length;
    gzCache.set(key, n);
  }
  return n;
}

export type PageWeight = { name: string; route: string; limitKb: number; bytes: number; chunks: number; largest: { url: string; bytes: number }[] };

export function pageWeights(dir = BUILD_DIR): PageWeight[] {
  const manifest = readManifest(dir);
  return WEIGHED_PAGES.map((p) => {
    const urls = chunksFor(manifest, p.route);
    const sized = urls.map((url) => ({ url, bytes: gzippedBytes(url, dir) })).sort((a, b) => b.bytes - a.bytes);
    return { ...p, bytes: sized.reduce((s, c) => s + c.bytes, 0), chunks: urls.length, largest: sized.slice(0, 3) };
  });
}

export const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
