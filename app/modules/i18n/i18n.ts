import { resources, type Locale } from "./resources";

export { LOCALES, DEFAULT_LOCALE, type Locale } from "./resources";

export type TParams = Record<string, string | number | null | undefined>;
export type TFunction = (key: string, params?: TParams) => string;

function lookup(dict: unknown, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split(".")) {
    if (node && typeof node === "object" && part in (node as object)) node = (node as Record<string, unknown>)[part];
    else return undefined;
  }
  return typeof node === "string" ? node : undefined;
}

/**
 * Translation with `{name}` interpolation. Falls back to Chinese (the source language), then to the
 * key itself so a missing string is visible rather than blank.
 */
export function makeT(locale: Locale): TFunction {
  const dict = resources[locale];
  return (key, params) => {
    // Shared keys (validation.*, errors.*) live in the common namespace; services may omit it.
    const template = lookup(dict, key) ?? lookup(dict, `common.${key}`) ?? lookup(resources["zh-CN"], key) ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] ?? m).toString());
  };
}

export function hasKey(locale: Locale, key: string) {
  return lookup(resources[locale], key) !== undefined;
}
