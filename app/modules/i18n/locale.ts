// The locales and the resource shape, without the texts (the browser bundle imports this, never resources.ts).
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** Maps a Chinese namespace to the shape its translation must have (same keys, string leaves). */
export type LocaleShape<T> = { [K in keyof T]: T[K] extends string ? string : LocaleShape<T[K]> };
