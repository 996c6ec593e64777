/**
 * Translation, on the server and in the browser alike. The server reads the whole catalogue
 * (catalog.server.ts); the browser gets only texts of the active locale (#17.4): those the page read
 * while rendering on the server, which I18nScript carries (so hydration renders the same words), and
 * any namespace first needed later (after a navigation, say) whole from /locales/:lng/:ns, the
 * render suspending meanwhile (navigations run in transitions: the previous page stays on screen).
 */
import { DEFAULT_LOCALE, type Locale } from "./locale";
import { catalogVersion, serverCatalog, type ReadTexts } from "./catalog.server";
import { lookup } from "./lookup";

export { LOCALES, DEFAULT_LOCALE, type Locale } from "./locale";

export type TParams = Record<string, string | number | null | undefined>;
export type TFunction = (key: string, params?: TParams) => string;

type Dict = Record<string, unknown>;

// ─── The browser's catalogue ────────────────────────────────────────────────────────────────────
/** What the server tells the browser: locale, catalogue version, namespace names, the texts read. */
type Boot = { lng: Locale; v: string; all: string[] } & ReadTexts;

let boot: Boot | undefined;
let bootText = "";
const loaded = new Map<string, Dict>();
const loading = new Map<string, Promise<void>>();

function load(locale: Locale, ns: string): Promise<void> {
  const id = `${locale}/${ns}`;
  let p = loading.get(id);
  if (!p) {
    p = fetch(`/locales/${locale}/${ns}?v=${boot?.v ?? ""}`, { credentials: "omit" })
      .then((res) => {
        if (!res.ok) throw new Error(`texts ${id}: HTTP ${res.status}`);
        return res.json() as Promise<Dict>;
      })
      .then((dict) => void loaded.set(id, dict));
    // A failed load may be retried by the next render.
    p.catch(() => loading.delete(id));
    loading.set(id, p);
  }
  return p;
}

const browserCatalog = {
  isNamespace: (ns: string) => boot?.all.includes(ns) ?? false,
  text(locale: Locale, ns: string, path: string): string | undefined {
    const dict = loaded.get(`${locale}/${ns}`);
    if (dict) return lookup(dict, path);
    const read = boot?.t[locale]?.[ns];
    if (read && Object.hasOwn(read, path)) return read[path] ?? undefined;
    // Suspends the render until the namespace is here (React retries it then).
    throw load(locale, ns);
  },
  fallback: (key: string): string | undefined => (boot && Object.hasOwn(boot.fb, key) ? boot.fb[key] : undefined),
};

/** In the browser, before hydrating: takes the texts the server rendered with. */
export function bootI18n(): void {
  const el = typeof document === "undefined" ? null : document.getElementById("__i18n");
  if (!el?.textContent) return;
  bootText = el.textContent;
  boot = JSON.parse(bootText) as Boot;
}

/** The JSON of the texts the page read (the server computes it at the end of the render). */
export function i18nBootJson(locale: Locale): string {
  if (!serverCatalog) return bootText;
  const data: Boot = { lng: locale, v: catalogVersion(), all: serverCatalog.names(), ...serverCatalog.read() };
  return JSON.stringify(data).replace(/</g, "\\u003c");
}

// ─── Translation ────────────────────────────────────────────────────────────────────────────────
function find(locale: Locale, key: string): string | undefined {
  const dot = key.indexOf(".");
  if (dot < 1) return undefined;
  if (serverCatalog) return serverCatalog.text(locale, key, dot);
  const ns = key.slice(0, dot);
  return browserCatalog.isNamespace(ns) ? browserCatalog.text(locale, ns, key.slice(dot + 1)) : undefined;
}

/** A key missing in English: the Chinese text (noted on the server, so the browser renders the same). */
function fallback(locale: Locale, key: string): string | undefined {
  if (locale === DEFAULT_LOCALE) return undefined;
  if (!serverCatalog) return browserCatalog.fallback(key);
  const dot = key.indexOf(".");
  const ns = key.slice(0, dot);
  const text = dot > 0 && serverCatalog.isNamespace(ns) ? lookup(serverCatalog.namespace(DEFAULT_LOCALE, ns), key.slice(dot + 1)) : undefined;
  if (text !== undefined) serverCatalog.noteFallback(key, text);
  return text;
}

/**
 * Translation with `{name}` interpolation. Falls back to Chinese (the source language, on the server:
 * every English namespace has the same keys, so only keys made at run time can miss), then to the key
 * itself so a missing string is visible rather than blank.
 */
export function makeT(locale: Locale): TFunction {
  return (key, params) => {
    // Shared keys (validation.*, errors.*) live in the common namespace; services may omit it.
    const template = find(locale, key) ?? find(locale, `common.${key}`) ?? fallback(locale, key) ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] ?? m).toString());
  };
}

export function hasKey(locale: Locale, key: string) {
  return find(locale, key) !== undefined;
}
