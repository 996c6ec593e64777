/**
 * The bureau's summary sentence for a period and place, from recorded figures:
 * 「全市社会组织开展重点扶贫项目882个，组织各类活动2188次，直接参与人员近30万人次，
 *   筹集扶贫款物达4.94亿元，惠及困难群众48.3万人次。」
 */
import type { TFunction } from "~/modules/i18n/i18n";
import type { Headline } from "./queries.server";
import { reportCount, reportHours, reportMoney, reportPeople } from "./numbers";

export function summarySentence(h: Headline, place: string, t: TFunction, locale = "zh-CN") {
  return t("stats.sentence.core", {
    place,
    projects: reportCount(h.projects, locale),
    activities: reportCount(h.activities, locale),
    participants: reportPeople(h.participants, locale),
    money: reportMoney(h.moneyAndGoodsFen, locale),
    reach: reportPeople(h.reachPersonTimes, locale),
  });
}

/**
 * The seeds' consumption-aid clause, 「全市社会组织直销农产品达1.33亿元。」, for the same place and
 * period (a district: 「黔江区社会组织直销农产品达…」). It states consumption_aid_fen: the recorded
 * sales (offline, imported, shop) plus the accepted purchase offers of consumption-aid needs —
 * an offer is an organization buying produce straight from the aided village, the same kind of
 * direct sale, and it was the only consumption-aid figure before the sales records existed. A sale
 * recorded against an offer is not added again (sources.server.ts, "consumption_sale"), so the
 * clause counts every yuan once. Empty when nothing was sold: a report does not say 「达0元」.
 */
export function consumptionClause(h: Headline, place: string, t: TFunction, locale = "zh-CN") {
  if (!h.consumptionAidFen) return "";
  return t("stats.sentence.consumptionClause", { place, money: reportMoney(h.consumptionAidFen, locale) });
}

/** The second sentence: only the parts that have something to say. */
export function detailSentence(h: Headline, t: TFunction, locale = "zh-CN") {
  const parts: string[] = [];
  if (h.moneyRaisedFen || h.goodsValueFen) parts.push(t("stats.sentence.moneyGoods", { money: reportMoney(h.moneyRaisedFen, locale), goods: reportMoney(h.goodsValueFen, locale) }));
  if (h.disbursedFen) parts.push(t("stats.sentence.disbursed", { money: reportMoney(h.disbursedFen, locale) }));
  if (h.volunteerHours) parts.push(t("stats.sentence.hours", { hours: reportHours(h.volunteerHours, locale) }));
  if (h.uniquePersons) parts.push(t("stats.sentence.unique", { people: reportPeople(h.uniquePersons, locale) }));
  // Consumption aid has its own sentence (consumptionClause), as in the seeds.
  if (!parts.length) return "";
  return t("stats.sentence.details", { parts: parts.join(t("stats.sentence.sep")) });
}
