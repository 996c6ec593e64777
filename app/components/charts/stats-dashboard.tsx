import { useState } from "react";
import { Form, Link } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { DISTRICTS } from "~/modules/districts/districts";
import { displayValue, type DashboardView, type FigureTableData } from "~/modules/statistics/view";
import type { PeriodInput } from "~/modules/statistics/filters";
import { BarChart } from "./bar-chart";
import { LineChart } from "./line-chart";

/** The dashboard shared by bureau staff (city/district) and organizations (themselves). */
export function StatsDashboard({
  view,
  input,
  basePath,
  query,
  showPlaceFilters,
}: {
  view: DashboardView;
  input: PeriodInput;
  basePath: string;
  query: string;
  showPlaceFilters: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  // Only the fields of the chosen period (#12.7l); with JavaScript they follow the choice at once.
  const [period, setPeriod] = useState(input.period);
  const years = Array.from({ length: 8 }, (_, i) => new Date().getFullYear() - i).concat([2020, 2019]).filter((y, i, a) => a.indexOf(y) === i).sort((a, b) => b - a);
  return (
    <div className="stats-dashboard">
      <Form method="get" className="stats-filters" aria-label={t("stats.filters.legend")}>
        <fieldset>
          <legend>{t("stats.filters.legend")}</legend>
          <label>
            {t("stats.filters.period")}
            <select name="period" value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
              {(["year", "quarter", "month", "custom"] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`stats.periods.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("stats.filters.year")}
            <select name="year" defaultValue={String(input.year)}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          {period === "quarter" ? (
            <label>
              {t("stats.filters.quarter")}
              <select name="quarter" defaultValue={String(input.quarter)}>
                {[1, 2, 3, 4].map((q) => (
                  <option key={q} value={q}>
                    {t("stats.filters.quarterN", { n: q })}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {period === "month" ? (
            <label>
              {t("stats.filters.month")}
              <select name="month" defaultValue={String(input.month)}>
                {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
                  <option key={m} value={m}>
                    {t("stats.filters.monthN", { n: m })}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {period === "custom" ? (
            <>
              <label>
                {t("stats.filters.from")}
                <input type="date" name="from" defaultValue={input.period === "custom" ? view.range.from : ""} />
              </label>
              <label>
                {t("stats.filters.to")}
                <input type="date" name="to" defaultValue={input.period === "custom" ? view.range.to : ""} />
              </label>
            </>
          ) : null}
          {showPlaceFilters ? (
            <>
              <label>
                {t("stats.filters.district")}
                <select name="district" defaultValue={input.district ?? ""}>
                  <option value="">{t("common.allDistricts")}</option>
                  {DISTRICTS.map((d) => (
                    <option key={d.code} value={d.code}>
                      {locale === "en" ? d.nameEn : d.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("stats.filters.orgType")}
                <select name="orgType" defaultValue={input.orgType ?? ""}>
                  <option value="">{t("stats.filters.allTypes")}</option>
                  {(["SOCIAL_GROUP", "SOCIAL_SERVICE_AGENCY", "FOUNDATION"] as const).map((o) => (
                    <option key={o} value={o}>
                      {t(`stats.orgTypes.${o}`)}
                    </option>
                  ))}
                </select>
              </label>
            </>
          ) : null}
          <button type="submit" className="button">
            {t("stats.filters.apply")}
          </button>
        </fieldset>
      </Form>

      <section aria-labelledby="stats-summary">
        <h2 id="stats-summary">{t("stats.sentence.title")}</h2>
        {view.filterLines.map((l) => (
          <p key={l} className="muted" data-testid="filter-line">
            {l}
          </p>
        ))}
        <p className="stats-sentence" data-testid="summary-sentence">
          {view.sentence}
        </p>
        {view.details ? <p className="stats-details">{view.details}</p> : null}
        <p className="actions">
          <a className="button" href={`${basePath}/export?${query}&format=xlsx`} download>
            {t("stats.sections.exportXlsx")}
          </a>{" "}
          <a className="button button-secondary" href={`${basePath}/export?${query}&format=csv`} download>
            {t("stats.sections.exportCsv")}
          </a>
        </p>
      </section>

      <section aria-labelledby="stats-headline">
        <h2 id="stats-headline">{t("stats.sections.headline")}</h2>
        <Cards items={view.headline.filter((h) => !h.group)} basePath={basePath} query={query} />
        <p className="muted">{t("stats.sections.method", { method: t(view.method === "rollup" ? "stats.sections.methodRollup" : "stats.sections.methodRaw") })}</p>
      </section>

      {view.tables
        .filter((table) => !table.section)
        .map((table) => (
          <FigureSection key={table.key} table={table} />
        ))}

      <section className="stats-consumption" aria-labelledby="stats-consumption" data-section="consumption">
        <h2 id="stats-consumption">{t("stats.consumption.title")}</h2>
        <p className="muted">{t("stats.consumption.intro")}</p>
        <Cards items={view.headline.filter((h) => h.group === "consumption")} basePath={basePath} query={query} />
        {view.headline.some((h) => h.key === "householdsLifted") ? <p className="muted">{t("stats.consumption.householdsNote")}</p> : null}
        {view.tables
          .filter((table) => table.section === "consumption")
          .map((table) => (
            <FigureSection key={table.key} table={table} level={3} />
          ))}
      </section>
    </div>
  );
}

function Cards({ items, basePath, query }: { items: DashboardView["headline"]; basePath: string; query: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl className="stats-cards">
      {items.map((h) => (
        <div key={h.key} className="stat-card" data-metric={h.key} data-value={h.value}>
          <dt>{h.label}</dt>
          <dd>
            {h.drill ? (
              <Link to={`${basePath}/records/${h.drill}?${query}`} aria-label={`${h.label} ${t("stats.sections.records")}`}>
                {displayValue(h.value, h.kind, locale)}
              </Link>
            ) : (
              displayValue(h.value, h.kind, locale)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One figure: its chart beside a table of the same numbers (also used by the public page). */
export function FigureSection({ table, level = 2 }: { table: FigureTableData; level?: 2 | 3 }) {
  const Heading = level === 3 ? "h3" : "h2";
  const t = useT();
  const locale = useLocale();
  const first = table.columns[0]!;
  const fmt = (kind: typeof first.kind) => (n: number) => displayValue(n, kind, locale);
  return (
    <section className="figure" aria-labelledby={`fig-${table.key}`} data-table={table.key}>
      <Heading id={`fig-${table.key}`}>{table.title}</Heading>
      {table.rows.length === 0 ? (
        <p className="muted">{t("stats.sections.none")}</p>
      ) : (
        <div className="figure-body">
          <div className="figure-chart">
            {table.chart === "line" ? (
              <LineChart
                title={t("stats.sections.chartOf", { name: table.title })}
                description={table.rows.map((r) => `${r.label}: ${table.columns.map((c, i) => `${c.label} ${displayValue(r.values[i]!, c.kind, locale)}`).join("，")}`).join("；")}
                labels={table.rows.map((r) => r.label)}
                series={table.columns.filter((c) => c.kind === "count").slice(0, 3).map((c) => ({ name: c.label, values: table.rows.map((r) => r.values[table.columns.indexOf(c)]!) }))}
                format={fmt("count")}
              />
            ) : (
              <BarChart
                title={t("stats.sections.chartOf", { name: `${table.title} · ${first.label}` })}
                description={table.rows.map((r) => `${r.label} ${displayValue(r.values[0]!, first.kind, locale)}`).join("，")}
                data={table.rows.map((r) => ({ label: r.label, value: r.values[0]! }))}
                format={fmt(first.kind)}
              />
            )}
          </div>
          <div className="figure-table-wrap">
            <table className="figure-table">
              <caption>{t("stats.sections.tableOf", { name: table.title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{table.key === "trend" ? t("stats.sections.bucket") : t("stats.sections.figure")}</th>
                  {table.columns.map((c) => (
                    <th key={c.key} scope="col">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    {r.values.map((v, i) => (
                      <td key={table.columns[i]!.key} className="num" data-value={v}>
                        {displayValue(v, table.columns[i]!.kind, locale)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {table.note ? <p className="muted">{table.note}</p> : null}
          </div>
        </div>
      )}
    </section>
  );
}
