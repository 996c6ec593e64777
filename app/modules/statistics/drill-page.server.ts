import { getLocale } from "~/modules/i18n/i18n.server";
import { makeT } from "~/modules/i18n/i18n";
import { invariantResponse } from "~/utils/responses.server";
import { pageFrom } from "~/utils/pagination.server";
import { exportTableResponse } from "~/modules/spreadsheets/responses.server";
import { districtName } from "~/modules/districts/districts";
import { filterQuery, parseStatsQuery } from "./filters";
import { drillRecords, isDrillKind } from "./drill.server";

const TITLE_KEY: Record<string, string> = {
  projects: "stats.metrics.projects",
  activities: "stats.metrics.activities",
  goods: "stats.metrics.goodsValue",
  reach: "stats.metrics.reachPersonTimes",
  money: "stats.metrics.moneyRaised",
  service: "stats.metrics.volunteerHours",
  volunteerProjects: "stats.metrics.volunteerProjects",
  orgs: "stats.metrics.orgsRegistered",
  consumption: "stats.metrics.consumptionAid",
};

/** Loader body of the drill-down pages (staff and organization); `?format=xlsx|csv` exports all rows. */
export async function loadDrill(request: Request, kind: string | undefined, org?: { id: string; name: string }, opts: { export?: boolean } = {}) {
  invariantResponse(isDrillKind(kind), 404);
  const url = new URL(request.url);
  const { input, filter } = parseStatsQuery(url, org?.id);
  if (org) {
    filter.districtCode = undefined;
    filter.orgType = undefined;
    input.district = undefined;
    input.orgType = undefined;
  }
  const locale = await getLocale(request);
  const t = makeT(locale);
  const title = t("stats.drill.title", { name: t(TITLE_KEY[kind]!) });
  const filterLines = [
    t("stats.filters.written", {
      from: filter.from,
      to: filter.to,
      district: filter.districtCode ? districtName(filter.districtCode, locale) : t("common.allDistricts"),
      orgType: filter.orgType ? t(`stats.orgTypes.${filter.orgType}`) : t("stats.filters.allTypes"),
    }),
    ...(org ? [org.name] : []),
  ];
  if (opts.export) {
    const all = await drillRecords(kind, filter, t, locale, 1, 100_000);
    return { response: await exportTableResponse(request, title, `records-${kind}-${filter.from}-${filter.to}`, filterLines, all.headers, all.rows) };
  }
  // pageFrom: a bad or absurd ?page= (e.g. 1e309) falls back to a page number the database accepts.
  const page = pageFrom(url);
  const pageSize = 50;
  const result = await drillRecords(kind, filter, t, locale, page, pageSize);
  return { data: { kind, title, filterLines, query: filterQuery(input), page, pageSize, ...result } };
}
