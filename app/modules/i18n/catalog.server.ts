/**
 * The server side of the text catalogue (#17.4): every namespace of every locale is at hand, and
 * while a page renders, the texts it reads are noted so that the browser is sent only those
 * (I18nScript carries them: they are the page's own words, already in its HTML); a namespace the
 * browser needs later comes whole from /locales/:lng/:ns, cacheable under the catalogue's version.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { resources } from "./resources";
import type { Locale } from "./locale";

type Dict = Record<string, unknown>;

/**
 * What a render read: per locale, the namespaces it touched (the browser gets each whole, so a client
 * render that reads another key of the same namespace — a branch the server did not take — still finds
 * it), and the few English keys that fell back to Chinese.
 */
type Reading = { ns: Partial<Record<Locale, Set<string>>>; fallback: Record<string, string> };

/** The texts the browser is sent: whole namespaces per locale, and the fallbacks. */
export type ReadTexts = { t: Partial<Record<Locale, Record<string, Dict>>>; fb: Record<string, string> };

const renders = new AsyncLocalStorage<Reading>();
const all = resources as unknown as Record<Locale, Record<string, Dict>>;

export const serverCatalog = {
  isNamespace: (ns: string) => Object.hasOwn(all["zh-CN"], ns),
  namespace: (locale: Locale, ns: string): Dict | undefined => all[locale][ns],
  /** Notes a namespace read by the render in progress (nothing outside a render). */
  note(locale: Locale, ns: string) {
    const read = renders.getStore();
    if (read) (read.ns[locale] ??= new Set()).add(ns);
  },
  /** Notes a key that had no text in the render's locale and was rendered from the Chinese one. */
  noteFallback(key: string, text: string) {
    const read = renders.getStore();
    if (read) read.fallback[key] = text;
  },
  names: (): string[] => Object.keys(all["zh-CN"]),
  /** The namespaces read so far by the render in progress, whole. */
  read(): ReadTexts {
    const read = renders.getStore();
    const out: ReadTexts = { t: {}, fb: read?.fallback ?? {} };
    for (const [locale, names] of Object.entries(read?.ns ?? {}) as [Locale, Set<string>][]) {
      const dicts: Record<string, Dict> = {};
      for (const ns of names) dicts[ns] = all[locale][ns];
      out.t[locale] = dicts;
    }
    return out;
  },
};

/** Runs a page render, noting the namespaces it reads. */
export function collectingTexts<T>(render: () => T): T {
  return renders.run({ ns: {}, fallback: {} }, render);
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
