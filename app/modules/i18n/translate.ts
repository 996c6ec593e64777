/**
 * The translation function, without any texts (issue 17.4): the browser builds it from the messages
 * the root loader sent (the active language, only the namespaces of the page), the server from the
 * full resources (i18n.ts).
 */
export type TParams = Record<string, string | number | null | undefined>;
export type TFunction = (key: string, params?: TParams) => string;
export type Messages = Record<string, unknown>;

export function lookup(dict: unknown, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split(".")) {
    if (node && typeof node === "object" && part in (node as object)) node = (node as Record<string, unknown>)[part];
    else return undefined;
  }
  return typeof node === "string" ? node : undefined;
}

/**
 * Translation with `{name}` interpolation. Falls back to the fallback dictionary (Chinese, the source
 * language, where available), then to the key itself so a missing string is visible rather than blank.
 */
export function translator(dict: Messages, fallback?: Messages): TFunction {
  return (key, params) => {
    // Shared keys (validation.*, errors.*) live in the common namespace; services may omit it.
    const template = lookup(dict, key) ?? lookup(dict, `common.${key}`) ?? (fallback ? lookup(fallback, key) : undefined) ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] ?? m).toString());
  };
}
