// Typed resources: zh-CN is the source; every English namespace must have the same shape.
import zhCommon from "./locales/zh-CN/common";
import enCommon from "./locales/en/common";
import zhAccounts from "./locales/zh-CN/accounts";
import enAccounts from "./locales/en/accounts";
import zhOrgs from "./locales/zh-CN/orgs";
import enOrgs from "./locales/en/orgs";
import zhFunding from "./locales/zh-CN/funding";
import enFunding from "./locales/en/funding";
import zhVolunteering from "./locales/zh-CN/volunteering";
import enVolunteering from "./locales/en/volunteering";
import zhStats from "./locales/zh-CN/stats";
import enStats from "./locales/en/stats";
import zhNeeds from "./locales/zh-CN/needs";
import enNeeds from "./locales/en/needs";
import zhSearch from "./locales/zh-CN/search";
import enSearch from "./locales/en/search";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** Maps a Chinese namespace to the shape its translation must have (same keys, string leaves). */
export type LocaleShape<T> = { [K in keyof T]: T[K] extends string ? string : LocaleShape<T[K]> };

const zh = {
  common: zhCommon,
  accounts: zhAccounts,
  orgs: zhOrgs,
  funding: zhFunding,
  volunteering: zhVolunteering,
  stats: zhStats,
  needs: zhNeeds,
  search: zhSearch,
};

const en: LocaleShape<typeof zh> = {
  common: enCommon,
  accounts: enAccounts,
  orgs: enOrgs,
  funding: enFunding,
  volunteering: enVolunteering,
  stats: enStats,
  needs: enNeeds,
  search: enSearch,
};

export const resources: Record<Locale, LocaleShape<typeof zh>> = { "zh-CN": zh, en };
