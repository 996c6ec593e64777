// Server side (and scripts): every text of both languages. Browser code uses translate.ts with the
// messages of the root loader instead (use-t.ts, meta.ts), so the texts never enter a JS bundle.
import { resources, type Locale } from "./resources";
import { lookup, translator, type TFunction } from "./translate";

export { LOCALES, DEFAULT_LOCALE, type Locale } from "./locales";
export type { TParams, TFunction } from "./translate";

export function makeT(locale: Locale): TFunction {
  return translator(resources[locale], resources["zh-CN"]);
}

export function hasKey(locale: Locale, key: string) {
  return lookup(resources[locale], key) !== undefined;
}
