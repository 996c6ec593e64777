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
 * What a render read: per locale and namespace, each key read → its text (null: no such key, so the
 * browser need not ask), and the few English keys that fell back to Chinese. Only the texts read
 * travel: they are the page's own words, already in its HTML, so the page carries nothing a test or
 * a reader would not see on it. A client render that needs a key the server did not read loads its
 * namespace whole (/locales/:lng/:ns).
 */
export type ReadTexts = { t: Partial<Record<Locale, Record<string, Record<string, string | null>>>>; fb: Record<string, string> };

const renders = new AsyncLocalStorage<ReadTexts>();
const all = resources as unknown as Record<Locale, Record<string, Dict>>;

export const serverCatalog = {
  isNamespace: (ns: string) => Object.hasOwn(all["zh-CN"], ns),
  namespace: (locale: Locale, ns: string): Dict | undefined => all[locale][ns],
  /** Notes a text read by the render in progress (nothing outside a render). */
  note(locale: Locale, ns: string, path: string, text: string | undefined) {
    const read = renders.getStore();
    if (read) ((read.t[locale] ??= {})[ns] ??= {})[path] = text ?? null;
  },
  /** Notes a key that had no text in the render's locale and was rendered from the Chinese one. */
  noteFallback(key: string, text: string) {
    const read = renders.getStore();
    if (read) read.fb[key] = text;
  },
  names: (): string[] => Object.keys(all["zh-CN"]),
  /** The texts read so far by the render in progress. */
  read: (): ReadTexts => renders.getStore() ?? { t: {}, fb: {} },
};

/** Runs a page render, noting the texts it reads. */
export function collectingTexts<T>(render: () => T): T {
  return renders.run({ t: {}, fb: {} }, render);
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
