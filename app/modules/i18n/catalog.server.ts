/**
 * The server side of the text catalogue (#17.4): every namespace of every locale is at hand, and
 * while a page renders, the texts it reads are noted so that the browser is sent only those
 * (I18nScript carries them: they are the page's own words, already in its HTML); a namespace the
 * browser needs later comes whole from /locales/:lng/:ns, cacheable under the catalogue's version.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { resources } from "./resources";
import { lookup } from "./lookup";
import type { Locale } from "./locale";

type Dict = Record<string, unknown>;

/**
 * What a render read: per locale and namespace, each key read → its text (null: no such key, so the
 * browser need not ask), and the few English keys that fell back to Chinese. Only the texts read
 * travel: they are the page's own words, already in its HTML, so the page carries nothing a test or
 * a reader would not see on it. A client render that needs a key the server did not read loads its
 * namespace whole (/locales/:lng/:ns).
 */
export type ReadTexts = { t: Partial<Record<Locale, Record<string, Record<string, string | null>>>>; fb: Record<string, string> };

/** One key read: where it lives and its text (undefined: none in that locale). */
type Found = { locale: Locale; ns: string; path: string; text: string | undefined };

/** A render in progress: the keys it read, in the order first read, and its fallbacks. */
type Collecting = { seen: Set<Found>; fb: Record<string, string> };

const renders = new AsyncLocalStorage<Collecting>();
const all = resources as unknown as Record<Locale, Record<string, Dict>>;

/**
 * Keys already resolved, per locale: a page reads the same few hundred keys on every view (a card's
 * texts once per card), so each is split and walked once per process. Only keys that have a text
 * are kept — the catalogue bounds them, whatever keys a request makes up.
 */
const resolved = new Map<Locale, Map<string, Found>>();

function resolve(locale: Locale, key: string, dot: number): Found | undefined {
  let byKey = resolved.get(locale);
  if (!byKey) resolved.set(locale, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const ns = key.slice(0, dot);
  if (!Object.hasOwn(all["zh-CN"], ns)) return undefined;
  const path = key.slice(dot + 1);
  const found: Found = { locale, ns, path, text: lookup(all[locale][ns], path) };
  if (found.text !== undefined) byKey.set(key, found);
  return found;
}

export const serverCatalog = {
  isNamespace: (ns: string) => Object.hasOwn(all["zh-CN"], ns),
  namespace: (locale: Locale, ns: string): Dict | undefined => all[locale][ns],
  /**
   * The text of `key` (its namespace before `dot`) in `locale`, noted for the render in progress
   * (nothing outside a render); undefined when there is none, or no such namespace.
   */
  text(locale: Locale, key: string, dot: number): string | undefined {
    const found = resolve(locale, key, dot);
    if (!found) return undefined;
    renders.getStore()?.seen.add(found);
    return found.text;
  },
  /** Notes a key that had no text in the render's locale and was rendered from the Chinese one. */
  noteFallback(key: string, text: string) {
    const read = renders.getStore();
    if (read) read.fb[key] = text;
  },
  names: (): string[] => Object.keys(all["zh-CN"]),
  /** The texts read so far by the render in progress. */
  read(): ReadTexts {
    const store = renders.getStore();
    const t: ReadTexts["t"] = {};
    if (!store) return { t, fb: {} };
    for (const f of store.seen) ((t[f.locale] ??= {})[f.ns] ??= {})[f.path] = f.text ?? null;
    return { t, fb: store.fb };
  },
};

/** Runs a page render, noting the texts it reads. */
export function collectingTexts<T>(render: () => T): T {
  return renders.run({ seen: new Set(), fb: {} }, render);
}

let version: string | undefined;

/** One hash of the whole catalogue: a text URL carrying it may be cached for good. */
export function catalogVersion(): string {
  return (version ??= createHash("sha256").update(JSON.stringify(all)).digest("hex").slice(0, 12));
}

/** One namespace of one locale, for /locales/:lng/:ns. */
export function namespaceTexts(locale: Locale, ns: string): Dict | undefined {
  return Object.hasOwn(all[locale], ns) ? all[locale][ns] : undefined;
}
