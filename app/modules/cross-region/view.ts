/**
 * "Support from other provinces" as the dashboard shows and exports it (pure: the figures come
 * from stats.server.ts): the sentence clause 「山东省16家社会组织对口支援我市项目130余万元。」 and
 * three tables (by province, organization, district).
 */
import type { TFunction } from "~/modules/i18n/i18n";
import { districtName } from "~/modules/districts/districts";
import { reportMoneyOver } from "~/modules/statistics/numbers";
import type { FigureTableData } from "~/modules/statistics/view";
import type { CrossRegionSupport } from "./stats.server";
import { provinceName } from "./provinces";

/**
 * One clause per province, largest first, from the records: the count of its organizations that
 * gave something in the period and the money plus goods value they gave. `place` is 我市 for the
 * city, the district's name for a district. Empty when nothing was given.
 */
export function crossRegionClause(s: CrossRegionSupport | undefined, place: string, t: TFunction, locale = "zh-CN"): string {
  if (!s || !s.byProvince.length) return "";
  const parts = s.byProvince.map((p) =>
    t("crossRegion.sentence.province", { province: provinceName(p.code, locale), orgs: p.orgs, place, money: reportMoneyOver(p.moneyFen + p.goodsFen, locale) }),
  );
  return t("crossRegion.sentence.clause", { parts: parts.join(t("crossRegion.sentence.sep")) });
}

export function crossRegionTables(s: CrossRegionSupport | undefined, t: TFunction, locale = "zh-CN"): FigureTableData[] {
  if (!s) return [];
  const cols = [
    { key: "money", label: t("crossRegion.stats.money"), kind: "fen" as const },
    { key: "goods", label: t("crossRegion.stats.goods"), kind: "fen" as const },
    { key: "orgs", label: t("crossRegion.stats.orgs"), kind: "count" as const },
  ];
  return [
    {
      key: "crossRegionByProvince",
      title: t("crossRegion.stats.byProvince"),
      chart: "bar",
      columns: cols,
      rows: s.byProvince.map((p) => ({ key: p.code, label: provinceName(p.code, locale), values: [p.moneyFen, p.goodsFen, p.orgs] })),
      note: t("crossRegion.stats.note"),
    },
    {
      key: "crossRegionByOrg",
      title: t("crossRegion.stats.byOrg"),
      chart: "none",
      columns: cols.slice(0, 2),
      rows: s.byOrg.map((o) => ({ key: o.orgId, label: `${o.name}（${provinceName(o.provinceCode, locale)}）`, values: [o.moneyFen, o.goodsFen] })),
    },
    {
      key: "crossRegionByDistrict",
      title: t("crossRegion.stats.byDistrict"),
      chart: "bar",
      columns: cols,
      rows: s.byDistrict.map((d) => ({ key: d.code, label: districtName(d.code, locale), values: [d.moneyFen, d.goodsFen, d.orgs] })),
    },
  ];
}
