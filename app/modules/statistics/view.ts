/**
 * The dashboard as plain data (labels resolved, numbers as numbers): rendered by the pages and
 * written by the exporters, so the screen and the spreadsheet always show the same figures.
 */
import type { TFunction } from "~/modules/i18n/i18n";
import { DISTRICTS, districtName } from "~/modules/districts/districts";
import { AGE_BANDS, REACH_SOURCES } from "~/modules/reach/constants";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";
import { ACTIVITY_KINDS } from "~/modules/activities/schema";
import { GOODS_CATEGORIES } from "~/modules/goods/schema";
import { breakdown, derived, type Dashboard, type Headline } from "./queries.server";
import { consumptionClause, detailSentence, summarySentence } from "./sentence";
import { consumptionView } from "./consumption-view";
import type { ConsumptionExtras } from "./consumption.server";
import type { PeriodInput, StatsFilter } from "./filters";
// issue 18.1: cross-region
import type { CrossRegionSupport } from "~/modules/cross-region/stats.server";
import { crossRegionClause, crossRegionTables } from "~/modules/cross-region/view";
// end issue 18.1: cross-region

export type Kind = "count" | "fen" | "hours";
/** `group: "consumption"`: shown in the consumption-aid section instead of the main cards. */
export type HeadlineItem = { key: string; label: string; value: number; kind: Kind; drill: string | null; group?: "consumption" };
export type Column = { key: string; label: string; kind: Kind };
export type FigureTableData = {
  key: string;
  title: string;
  chart: "bar" | "line" | "none";
  columns: Column[];
  rows: { key: string; label: string; values: number[] }[];
  note?: string;
  /** Drawn in that section of the dashboard (after the general figures). */
  section?: "consumption";
};

export type DashboardView = {
  filterLines: string[];
  sentence: string;
  details: string;
  headline: HeadlineItem[];
  tables: FigureTableData[];
  method: Dashboard["method"];
  range: { from: string; to: string };
};

/** Headline figures and the drill-down kind behind each. */
const HEADLINE: { key: keyof Headline; label: string; kind: Kind; drill: string | null }[] = [
  { key: "projects", label: "projects", kind: "count", drill: "projects" },
  { key: "activities", label: "activities", kind: "count", drill: "activities" },
  { key: "participants", label: "participants", kind: "count", drill: "activities" },
  { key: "volunteerHours", label: "volunteerHours", kind: "hours", drill: "service" },
  { key: "moneyRaisedFen", label: "moneyRaised", kind: "fen", drill: "money" },
  { key: "goodsValueFen", label: "goodsValue", kind: "fen", drill: "goods" },
  { key: "moneyAndGoodsFen", label: "moneyAndGoods", kind: "fen", drill: null },
  { key: "disbursedFen", label: "disbursed", kind: "fen", drill: "money" },
  { key: "reachPersonTimes", label: "reachPersonTimes", kind: "count", drill: "reach" },
  { key: "uniquePersons", label: "uniquePersons", kind: "count", drill: "reach" },
  { key: "volunteerProjects", label: "volunteerProjects", kind: "count", drill: "volunteerProjects" },
  { key: "orgsRegistered", label: "orgsRegistered", kind: "count", drill: "orgs" },
  { key: "orgsApproved", label: "orgsApproved", kind: "count", drill: "orgs" },
];

/** `opts.consumption`: the consumption-aid figures that are not rollups (top producers, households lifted). */
export function buildView(
  d: Dashboard,
  input: PeriodInput | null,
  t: TFunction,
  locale: string,
  opts: { place?: string; consumption?: ConsumptionExtras; crossRegion?: CrossRegionSupport } = {},
): DashboardView {
  const f: StatsFilter = d.filter;
  const h = derived(d);
  const place = opts.place ?? (f.districtCode ? districtName(f.districtCode, locale) : t("stats.sentence.cityPlace"));
  const filterLines = [
    t("stats.filters.written", {
      from: f.from,
      to: f.to,
      district: f.districtCode ? districtName(f.districtCode, locale) : t("common.allDistricts"),
      orgType: f.orgType ? t(`stats.orgTypes.${f.orgType}`) : t("stats.filters.allTypes"),
    }),
  ];
  if (opts.place && f.orgId) filterLines.push(opts.place);
  if (input) filterLines.push(`${t("stats.filters.period")}: ${t(`stats.periods.${input.period}`)}`);

  const consumption = consumptionView(d, opts.consumption, t, locale);
  const headline: HeadlineItem[] = [...HEADLINE.map((x) => ({ key: x.key, label: t(`stats.metrics.${x.label}`), value: h[x.key], kind: x.kind, drill: x.drill })), ...consumption.cards];

  const one = (key: string, title: string, prefix: string, order: readonly string[], labelNs: string, kind: Kind, note?: string): FigureTableData => {
    const b = breakdown(d, prefix);
    return {
      key,
      title,
      chart: "bar",
      columns: [{ key: "value", label: t("stats.sections.value"), kind }],
      rows: order.filter((k) => b[k]).map((k) => ({ key: k, label: t(`${labelNs}.${k}`), values: [b[k]!] })),
      note,
    };
  };

  const districtMetrics: Column[] = [
    { key: "activities", label: t("stats.metrics.activities"), kind: "count" },
    { key: "participants", label: t("stats.metrics.participants"), kind: "count" },
    { key: "money_and_goods", label: t("stats.metrics.moneyAndGoods"), kind: "fen" },
    { key: "reach_person_times", label: t("stats.metrics.reachPersonTimes"), kind: "count" },
  ];
  const dv = (metric: string, code: string) =>
    metric === "money_and_goods" ? (d.byDistrict.money_raised_fen?.[code] ?? 0) + (d.byDistrict.goods_value_fen?.[code] ?? 0) : (d.byDistrict[metric]?.[code] ?? 0);
  const districtRows = DISTRICTS.map((x) => ({ key: x.code, label: districtName(x.code, locale), values: districtMetrics.map((m) => dv(m.key, x.code)) })).filter((r) =>
    r.values.some((v) => v !== 0),
  );

  const trendCols: Column[] = [
    { key: "activities", label: t("stats.metrics.activities"), kind: "count" },
    { key: "participants", label: t("stats.metrics.participants"), kind: "count" },
    { key: "reach_person_times", label: t("stats.metrics.reachPersonTimes"), kind: "count" },
    { key: "money_and_goods", label: t("stats.metrics.moneyAndGoods"), kind: "fen" },
  ];
  const trendRows = d.trend.map((b) => ({
    key: b.bucket,
    label: b.bucket,
    values: trendCols.map((c) => (c.key === "money_and_goods" ? (b.values.money_raised_fen ?? 0) + (b.values.goods_value_fen ?? 0) : (b.values[c.key] ?? 0))),
  }));

  const tables: FigureTableData[] = [
    { key: "trend", title: t("stats.sections.trend"), chart: "line", columns: trendCols, rows: trendRows },
    { key: "byDistrict", title: t("stats.sections.byDistrict"), chart: "bar", columns: districtMetrics, rows: districtRows },
    one("byGroup", t("stats.sections.byGroup"), "reach_group:", BENEFICIARY_GROUPS, "common.beneficiaryGroups", "count", t("stats.sections.groupNote")),
    one("bySex", t("stats.sections.bySex"), "reach_sex:", ["MALE", "FEMALE"], "common.sex", "count"),
    one("byAge", t("stats.sections.byAge"), "reach_age:", AGE_BANDS, "stats.ageBands", "count"),
    one("byReachSource", t("stats.sections.byReachSource"), "reach_source:", REACH_SOURCES, "stats.reachSources", "count"),
    one("byActivityKind", t("stats.sections.byActivityKind"), "activity_kind:", ACTIVITY_KINDS, "stats.activityKinds", "count"),
    one("byGoodsCategory", t("stats.sections.byGoodsCategory"), "goods_cat:", GOODS_CATEGORIES, "stats.goodsCategories", "fen"),
    ...consumption.tables,
    ...crossRegionTables(opts.crossRegion, t, locale),
  ];

  return {
    filterLines,
    sentence:
      summarySentence(h, place, t, locale) +
      consumptionClause(h, place, t, locale) +
      crossRegionClause(opts.crossRegion, f.districtCode ? place : t("crossRegion.sentence.cityPlace"), t, locale),
    details: detailSentence(h, t, locale),
    headline,
    tables,
    method: d.method,
    range: { from: f.from, to: f.to },
  };
}

/** Display of a value by kind (yuan with two decimals for money). */
export function displayValue(value: number, kind: Kind, locale = "zh-CN") {
  const nf = new Intl.NumberFormat(locale === "en" ? "en" : "zh-CN", { maximumFractionDigits: 2, minimumFractionDigits: kind === "fen" ? 2 : 0 });
  if (kind === "fen") return nf.format(value / 100);
  return nf.format(value);
}

/** The value written to a spreadsheet cell: yuan for money, plain numbers otherwise. */
export const cellValue = (value: number, kind: Kind) => (kind === "fen" ? Math.round(value) / 100 : value);
