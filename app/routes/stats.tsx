import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseStatsQuery } from "~/modules/statistics/filters";
import { dashboardFromRollup } from "~/modules/statistics/queries.server";
import { publicConsumption, publicFigures } from "~/modules/statistics/public.server";
import { openStatisticsRow, withOpenSuppression } from "~/modules/open-data/statistics.server";
import { consumptionExtras } from "~/modules/statistics/consumption.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { makeT } from "~/modules/i18n/i18n";
import { FigureSection } from "~/components/charts/stats-dashboard";
import { DISTRICTS, districtName } from "~/modules/districts/districts";
import { reportMoney } from "~/modules/statistics/numbers";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("stats.title");

/** Public aggregates: year and district only; no records, no organization-level figures. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { input } = parseStatsQuery(url);
  const filter = { from: `${input.year}-01-01`, to: `${input.year}-12-31`, districtCode: input.district };
  const [dashboard, extras, locale] = await Promise.all([dashboardFromRollup(filter), consumptionExtras(filter, undefined, { approvedOnly: true }), getLocale(request)]);
  // The same cells withheld as in the open data (complementary suppression), so neither gives the other away.
  const figures = withOpenSuppression(publicFigures(dashboard), await openStatisticsRow(input.year, input.district));
  const consumption = publicConsumption(dashboard, extras, makeT(locale), locale);
  return { year: input.year, district: input.district ?? "", figures, consumption };
}

export default function PublicStats() {
  const { year, district, figures, consumption } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const show = (v: number | "<5" | "x") => (v === "<5" ? t("stats.small") : v === "x" ? t("opendata.withheldCell") : v.toLocaleString(locale));
  const rows: [string, string][] = [
    [t("stats.metrics.projects"), show(figures.projects)],
    [t("stats.metrics.activities"), show(figures.activities)],
    [t("stats.metrics.participants"), show(figures.participants)],
    [t("stats.metrics.moneyAndGoods"), reportMoney(figures.moneyAndGoodsFen, locale)],
    [t("stats.metrics.reachPersonTimes"), show(figures.reachPersonTimes)],
    [t("stats.metrics.uniquePersons"), show(figures.uniquePersons)],
  ];
  return (
    <div>
      <h1>
        {t("stats.publicTitle")} · {year} · {district ? districtName(district, locale) : t("common.allDistricts")}
      </h1>
      <p>{t("stats.publicIntro")}</p>
      <p>
        <Link to="/open-data">{t("opendata.fromStats")}</Link>
      </p>
      <Form method="get" className="inline-form">
        <label>
          {t("stats.filters.year")} <input type="number" name="year" defaultValue={year} min={2000} max={2100} />
        </label>
        <label>
          {t("stats.filters.district")}
          <select name="district" defaultValue={district}>
            <option value="">{t("common.allDistricts")}</option>
            {DISTRICTS.map((d) => (
              <option key={d.code} value={d.code}>
                {locale === "en" ? d.nameEn : d.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("stats.filters.apply")}</button>
      </Form>
      <table className="figure-table" data-testid="public-figures">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className="num">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("stats.sections.byGroup")}</h2>
      <table className="figure-table" data-testid="public-groups">
        <tbody>
          {figures.groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{t(`common.beneficiaryGroups.${g.key}`)}</th>
              <td className="num">{show(g.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("stats.sections.byAge")}</h2>
      <table className="figure-table">
        <tbody>
          {figures.ages.map((g) => (
            <tr key={g.key}>
              <th scope="row">{t(`stats.ageBands.${g.key}`)}</th>
              <td className="num">{show(g.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="public-consumption" data-section="consumption">
        <h2 id="public-consumption">{t("stats.consumption.title")}</h2>
        <p>{t("stats.consumption.intro")}</p>
        <table className="figure-table" data-testid="public-consumption">
          <tbody>
            <tr>
              <th scope="row">{t("stats.metrics.consumptionAid")}</th>
              <td className="num" data-value={consumption.totalFen}>
                {reportMoney(consumption.totalFen, locale)}
              </td>
            </tr>
            <tr>
              <th scope="row">{t("stats.consumption.households")}</th>
              <td className="num">{show(consumption.households)}</td>
            </tr>
          </tbody>
        </table>
        <p className="muted">{t("stats.consumption.householdsNote")}</p>
        {consumption.tables.map((table) => (
          <FigureSection key={table.key} table={table} level={3} />
        ))}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
