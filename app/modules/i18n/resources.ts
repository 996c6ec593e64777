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
import zhSite from "./locales/zh-CN/site";
import enSite from "./locales/en/site";
import zhQualification from "./locales/zh-CN/qualification";
import enQualification from "./locales/en/qualification";
import zhFreeze from "./locales/zh-CN/freeze";
import enFreeze from "./locales/en/freeze";
import zhHours from "./locales/zh-CN/hours";
import enHours from "./locales/en/hours";
import zhSecurity from "./locales/zh-CN/security";
import enSecurity from "./locales/en/security";
import zhPrivacy from "./locales/zh-CN/privacy";
import enPrivacy from "./locales/en/privacy";
import zhShare from "./locales/zh-CN/share";
import enShare from "./locales/en/share";
import zhNewcomer from "./locales/zh-CN/newcomer";
import enNewcomer from "./locales/en/newcomer";
import zhProducers from "./locales/zh-CN/producers";
import enProducers from "./locales/en/producers";
import zhShop from "./locales/zh-CN/shop";
import enShop from "./locales/en/shop";
import zhSales from "./locales/zh-CN/sales";
import enSales from "./locales/en/sales";
import zhPledges from "./locales/zh-CN/pledges";
import enPledges from "./locales/en/pledges";
import zhReceipts from "./locales/zh-CN/receipts";
import enReceipts from "./locales/en/receipts";
import zhMerchants from "./locales/zh-CN/merchants";
import enMerchants from "./locales/en/merchants";
import zhPayway from "./locales/zh-CN/payway";
import enPayway from "./locales/en/payway";
import zhPlatforms from "./locales/zh-CN/platforms";
import enPlatforms from "./locales/en/platforms";
import zhMonthly from "./locales/zh-CN/monthly";
import enMonthly from "./locales/en/monthly";
import zhReconcile from "./locales/zh-CN/reconcile";
import enReconcile from "./locales/en/reconcile";
import zhJobs from "./locales/zh-CN/jobs";
import enJobs from "./locales/en/jobs";
import zhCheckin from "./locales/zh-CN/checkin";
import enCheckin from "./locales/en/checkin";
import zhReview from "./locales/zh-CN/review";
import enReview from "./locales/en/review";
import zhNational from "./locales/zh-CN/national";
import enNational from "./locales/en/national";
import zhDisclosure from "./locales/zh-CN/disclosure";
import enDisclosure from "./locales/en/disclosure";
import zhSafeguards from "./locales/zh-CN/safeguards";
import enSafeguards from "./locales/en/safeguards";
import zhHelp from "./locales/zh-CN/help";
import enHelp from "./locales/en/help";
import zhMydata from "./locales/zh-CN/mydata";
import enMydata from "./locales/en/mydata";
import zhMessages from "./locales/zh-CN/messages";
import enMessages from "./locales/en/messages";
import zhOpendata from "./locales/zh-CN/opendata";
import enOpendata from "./locales/en/opendata";
import zhBench from "./locales/zh-CN/bench";
import enBench from "./locales/en/bench";
import zhMatchFunds from "./locales/zh-CN/matchFunds";
import enMatchFunds from "./locales/en/matchFunds";
import zhCrossRegion from "./locales/zh-CN/crossRegion";
import enCrossRegion from "./locales/en/crossRegion";

import type { Locale, LocaleShape } from "./locale";

// Server-only in practice: the browser gets one namespace of one locale at a time (catalog.server.ts, #17.4).
export { LOCALES, DEFAULT_LOCALE, type Locale, type LocaleShape } from "./locale";

const zh = {
  common: zhCommon,
  accounts: zhAccounts,
  orgs: zhOrgs,
  funding: zhFunding,
  volunteering: zhVolunteering,
  stats: zhStats,
  needs: zhNeeds,
  search: zhSearch,
  site: zhSite,
  qualification: zhQualification,
  freeze: zhFreeze,
  hours: zhHours,
  security: zhSecurity,
  privacy: zhPrivacy,
  share: zhShare,
  newcomer: zhNewcomer,
  producers: zhProducers,
  shop: zhShop,
  sales: zhSales,
  pledges: zhPledges,
  receipts: zhReceipts,
  merchants: zhMerchants,
  payway: zhPayway,
  platforms: zhPlatforms,
  monthly: zhMonthly,
  reconcile: zhReconcile,
  jobs: zhJobs,
  checkin: zhCheckin,
  review: zhReview,
  national: zhNational,
  disclosure: zhDisclosure,
  safeguards: zhSafeguards,
  help: zhHelp,
  mydata: zhMydata,
  messages: zhMessages,
  opendata: zhOpendata,
  bench: zhBench,
  matchFunds: zhMatchFunds,
  crossRegion: zhCrossRegion,
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
  site: enSite,
  qualification: enQualification,
  freeze: enFreeze,
  hours: enHours,
  security: enSecurity,
  privacy: enPrivacy,
  share: enShare,
  newcomer: enNewcomer,
  producers: enProducers,
  shop: enShop,
  sales: enSales,
  pledges: enPledges,
  receipts: enReceipts,
  merchants: enMerchants,
  payway: enPayway,
  platforms: enPlatforms,
  monthly: enMonthly,
  reconcile: enReconcile,
  jobs: enJobs,
  checkin: enCheckin,
  review: enReview,
  national: enNational,
  disclosure: enDisclosure,
  safeguards: enSafeguards,
  help: enHelp,
  mydata: enMydata,
  messages: enMessages,
  opendata: enOpendata,
  bench: enBench,
  matchFunds: enMatchFunds,
  crossRegion: enCrossRegion,
};

export const resources: Record<Locale, LocaleShape<typeof zh>> = { "zh-CN": zh, en };
