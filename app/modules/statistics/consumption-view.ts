/**
 * The dashboard's consumption-aid section (消费扶贫, issue 13) as plain data: its figures (shown as
 * cards, written to the export's overview) and its tables (chart + table on screen, one sheet
 * each in the export). Sums by channel, district, category and buyer kind come from the rollups;
 * top producers and households lifted from consumption.server.ts.
 *
 * How the parts add up: consumption_aid_fen = recorded sales not answering a purchase offer
 * (consumption_sales_fen = Σ channels = Σ categories = Σ buyer kinds) + accepted purchase offers
 * (consumption_offer_fen, their own line in each table). Sales recorded against an offer are
 * shown apart (consumption_linked_fen) and never added.
 */
import type { TFunction } from "~/modules/i18n/i18n";
import { DISTRICTS, districtName } from "~/modules/districts/districts";
import { breakdown, type Dashboard } from "./queries.server";
import type { ConsumptionExtras } from "./consumption.server";
import { reportMoney } from "./numbers";
import type { Column, FigureTableData, HeadlineItem } from "./view";

/** The six channels of the seeds (000), in their order: 网上营销、商场直销、结对助销、旅游促销、协作展销、劳务推销. */
export const SALES_CHANNELS = ["ONLINE", "MALL", "PAIRED", "TOURISM", "FAIR", "LABOUR"] as const;
export const PRODUCT_CATEGORIES = ["GRAIN_OIL", "MEAT_POULTRY_EGGS", "FRUIT_VEG", "TEA", "DRIED_SPECIALTY", "HANDICRAFT", "OTHER"] as const;
export const BUYER_KINDS = ["INDIVIDUAL", "ENTERPRISE", "GOVERNMENT", "SCHOOL_CANTEEN", "ORGANIZATION"] as const;


export function consumptionView(d: Dashboard, extras: ConsumptionExtras | undefined, t: TFunction, locale: string): { cards: HeadlineItem[]; tables: FigureTableData[] } {
  const g = (k: string) => d.totals[k] ?? 0;
  const offers = g("consumption_offer_fen");
  const linked = g("consumption_linked_fen");
  const any = g("consumption_aid_fen") !== 0 || g("consumption_sales") !== 0 || linked !== 0;
  const C = (k: string) => t(`stats.consumption.${k}`);

  const cards: HeadlineItem[] = [
    { key: "consumptionAidFen", label: t("stats.metrics.consumptionAid"), value: g("consumption_aid_fen"), kind: "fen", drill: "consumption", group: "consumption" },
    { key: "consumptionSalesFen", label: C("salesFen"), value: g("consumption_sales_fen"), kind: "fen", drill: "consumption", group: "consumption" },
    { key: "consumptionOfferFen", label: C("offersFen"), value: offers, kind: "fen", drill: "consumption", group: "consumption" },
    { key: "consumptionSales", label: C("sales"), value: g("consumption_sales"), kind: "count", drill: "consumption", group: "consumption" },
  ];
  if (extras) cards.push({ key: "householdsLifted", label: C("households"), value: extras.households.total, kind: "count", drill: null, group: "consumption" });
  if (linked) cards.push({ key: "consumptionLinkedFen", label: C("linkedFen"), value: linked, kind: "fen", drill: "consumption", group: "consumption" });

  const valueCol: Column[] = [{ key: "value", label: t("stats.sections.value"), kind: "fen" }];
  const offersRow = offers ? [{ key: "OFFERS", label: C("offersLine"), values: [offers] }] : [];
  const byPrefix = (key: string, title: string, prefix: string, order: readonly string[], labels: string, all: boolean): FigureTableData => {
    const b = breakdown(d, prefix);
    const keys = all ? order : order.filter((k) => b[k]);
    return {
      key,
      title,
      chart: "bar",
      columns: valueCol,
      rows: any ? [...keys.map((k) => ({ key: k, label: t(`stats.consumption.${labels}.${k}`), values: [b[k] ?? 0] })), ...offersRow] : [],
      note: any ? C("sumNote") : undefined,
    };
  };

  const districtCols: Column[] = [
    { key: "consumption_aid_fen", label: t("stats.metrics.consumptionAid"), kind: "fen" },
    { key: "consumption_sales_fen", label: C("salesFen"), kind: "fen" },
    { key: "consumption_offer_fen", label: C("offersFen"), kind: "fen" },
  ];
  const districtRows = DISTRICTS.map((x) => ({ key: x.code, label: districtName(x.code, locale), values: districtCols.map((c) => d.byDistrict[c.key]?.[x.code] ?? 0) }))
    .filter((r) => r.values.some((v) => v !== 0))
    .sort((a, b) => b.values[0]! - a.values[0]!);

  const top = extras?.topProducers ?? [];
  const tables: FigureTableData[] = [
    { ...byPrefix("consumptionByChannel", C("byChannel"), "consumption_channel:", SALES_CHANNELS, "channels", true), note: any ? `${C("sumNote")}${linked ? t("stats.consumption.linkedNote", { money: reportMoney(linked, locale) }) : ""}` : undefined },
    { key: "consumptionByDistrict", title: C("byDistrict"), chart: "bar", columns: districtCols, rows: districtRows, note: districtRows.length ? C("districtNote") : undefined },
    byPrefix("consumptionByCategory", C("byCategory"), "consumption_cat:", PRODUCT_CATEGORIES, "categories", false),
    byPrefix("consumptionByBuyer", C("byBuyer"), "consumption_buyer:", BUYER_KINDS, "buyerKinds", false),
    {
      key: "consumptionTopProducers",
      title: C("topProducers"),
      chart: "bar",
      columns: [
        { key: "amount", label: C("salesFen"), kind: "fen" },
        { key: "sales", label: C("sales"), kind: "count" },
      ],
      rows: top.map((p) => ({ key: p.producerId, label: `${p.name}（${districtName(p.districtCode, locale)}）`, values: [p.amountFen, p.sales] })),
      note: top.length ? C("topNote") : undefined,
    },
  ];
  return { cards, tables: tables.map((x) => ({ ...x, section: "consumption" as const })) };
}
