import { getLocale } from "~/modules/i18n/i18n.server";
import { makeT } from "~/modules/i18n/i18n";
import { filterQuery, parseStatsQuery } from "./filters";
import { dashboardFromRollup } from "./queries.server";
import { consumptionExtras } from "./consumption.server";
import { buildView } from "./view";
import { crossRegionSupport } from "~/modules/cross-region/stats.server";

/**
 * Everything a dashboard page or export needs, from the request's query string. With an orgId
 * the figures are that organization's own (computed from its raw records; district and type
 * filters do not apply), otherwise city-wide or one district from the rollups.
 */
export async function loadDashboard(request: Request, org?: { id: string; name: string }) {
  const url = new URL(request.url);
  const { input, filter } = parseStatsQuery(url, org?.id);
  if (org) {
    input.district = undefined;
    input.orgType = undefined;
    filter.districtCode = undefined;
    filter.orgType = undefined;
  }
  const locale = await getLocale(request);
  const t = makeT(locale);
  // Support from other provinces is a city and district figure (issue 18.1), not an organization's.
  const [dashboard, consumption, crossRegion] = await Promise.all([dashboardFromRollup(filter), consumptionExtras(filter), org ? undefined : crossRegionSupport(filter)]);
  const view = buildView(dashboard, input, t, locale, org ? { place: org.name, consumption } : { consumption, crossRegion });
  return { input, filter, view, query: filterQuery(input), locale, t };
}
