// Typed resources: zh-CN is the source; every English namespace must have the same shape.
import zhCommon from "./locales/zh-CN/common";
import enCommon from "./locales/en/common";
import zhAccounts from "./locales/zh-CN/accounts";
import enAccounts from "./locales/en/accounts";
import zhOrgs from "./locales/zh-CN/orgs";
import enOrgs from "./locales/en/orgs";
import zhStats from "./locales/zh-CN/stats";
import enStats from "./locales/en/stats";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** Maps a Chinese namespace to the shape its translation must have (same keys, string leaves). */
export type LocaleShape<T> = { [K in keyof T]: T[K] extends string ? string : LocaleShape<T[K]> };

const zh = {
  common: zhCommon,
  accounts: zhAccounts,
  orgs: zhOrgs,
  stats: zhStats,
};

const en: LocaleShape<typeof zh> = {
  common: enCommon,
  accounts: enAccounts,
  orgs: enOrgs,
  stats: enStats,
};

export const resources: Record<Locale, LocaleShape<typeof zh>> = { "zh-CN": zh, en };
