import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { pledgeOverview } from "~/modules/pledges/overview.server";
import { overviewFilterSchema } from "~/modules/pledges/schema";
import { districtName } from "~/modules/districts/districts";
import { formatFen } from "~/utils/format";
import { percentText, PledgeFigures } from "~/components/pledges";
import { districtOptions, FilterSelect } from "~/components/filter-select";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("pledges.staff.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const filter = overviewFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const overview = await pledgeOverview(filter);
  const { pledges: _rows, ...shown } = overview;
  return { ...shown, query: new URL(request.url).search };
}

export default function StaffPledges() {
  const o = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("pledges.staff.title")}</h1>
        <div className="button-row">
          <Link to="/staff/buying-units/new" className="button button-secondary">
            {t("pledges.staff.newUnit")}
          </Link>
          <a href={`/staff/pledges/export${o.query}`} className="button button-secondary" download>
            {t("pledges.staff.export")}
          </a>
        </div>
      </div>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="pledges-year">{t("pledges.pledge.year")}</label>
          <input id="pledges-year" name="year" type="number" min={2020} max={2100} defaultValue={o.year} />
        </div>
        <FilterSelect id="pledges-district" name="district" label={t("pledges.staff.district")} allLabel={t("common.allDistricts")} value={o.district ?? undefined} options={districtOptions(locale)} />
        <div className="field">
          <label htmlFor="pledges-asof">{t("pledges.staff.asOf")}</label>
          <input id="pledges-asof" name="asOf" type="date" defaultValue={o.asOf} />
        </div>
        <button type="submit" className="button button-secondary">
          {t("pledges.staff.apply")}
        </button>
      </Form>
      <PledgeFigures figures={o.total} />
      <p className="muted" data-testid="late-note">
        {o.late ? t("pledges.staff.lateNote", { asOf: o.asOf, count: o.belowCount }) : t("pledges.staff.notLateNote", { asOf: o.asOf, year: o.year })}
      </p>

      <section>
        <h2>{t("pledges.staff.byDistrict")}</h2>
        {o.byDistrict.length ? (
          <div className="table-wrap">
            <table className="nowrap-table" data-testid="district-table">
              <thead>
                <tr>
                  <th>{t("pledges.staff.district")}</th>
                  <th className="num">{t("pledges.staff.units")}</th>
                  <th className="num">{t("pledges.figures.pledged")}</th>
                  <th className="num">{t("pledges.figures.fulfilled")}</th>
                  <th className="num">{t("pledges.figures.remaining")}</th>
                  <th className="num">{t("pledges.figures.percent")}</th>
                </tr>
              </thead>
              <tbody>
                {o.byDistrict.map((d) => (
                  <tr key={d.districtCode} data-district={d.districtCode}>
                    <td>
                      <Link to={`/staff/pledges?year=${o.year}&district=${d.districtCode}&asOf=${o.asOf}`}>{districtName(d.districtCode, locale)}</Link>
                    </td>
                    <td className="num">{d.units}</td>
                    <td className="num">{formatFen(d.pledgedFen)}</td>
                    <td className="num">{formatFen(d.fulfilledFen)}</td>
                    <td className="num">{formatFen(d.remainingFen)}</td>
                    <td className="num">{percentText(d.percentBp)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("pledges.staff.none")}</p>
        )}
      </section>

      <section>
        <h2>{t("pledges.staff.byUnit")}</h2>
        {o.byUnit.length ? (
          <div className="table-wrap">
            <table className="nowrap-table" data-testid="unit-table">
              <thead>
                <tr>
                  <th>{t("pledges.unit.name")}</th>
                  <th>{t("pledges.unit.kind")}</th>
                  <th>{t("pledges.unit.registeredBy")}</th>
                  <th className="num">{t("pledges.figures.pledged")}</th>
                  <th className="num">{t("pledges.figures.fulfilled")}</th>
                  <th className="num">{t("pledges.figures.remaining")}</th>
                  <th className="num">{t("pledges.figures.percent")}</th>
                  <th className="num">{t("pledges.figures.required")}</th>
                </tr>
              </thead>
              <tbody>
                {o.byUnit.map((u) => (
                  <tr key={u.id} data-unit={u.id} data-below-share={u.belowShareLate ? "true" : "false"} className={u.belowShareLate ? "row-warn" : undefined}>
                    <td>
                      <Link to={`/staff/buying-units/${u.id}`}>{u.name}</Link>
                      {u.belowShareLate ? <span className="status status-REJECTED"> {t("pledges.staff.belowShare")}</span> : null}
                    </td>
                    <td>
                      {t(`pledges.kinds.${u.kind}`)}
                      {u.isBudgetUnit ? ` · ${t("pledges.unit.budgetUnit")}` : ""}
                      {!u.hasCanteen ? ` · ${t("pledges.unit.canteenAnswers.NONE")}` : ""}
                    </td>
                    <td>{u.orgName ?? t("pledges.unit.registeredByStaff")}</td>
                    <td className="num">{formatFen(u.pledgedFen)}</td>
                    <td className="num">{formatFen(u.fulfilledFen)}</td>
                    <td className="num">{formatFen(u.remainingFen)}</td>
                    <td className="num">{percentText(u.percentBp)}</td>
                    <td className="num">{u.requiredFen ? formatFen(u.requiredFen) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("pledges.staff.none")}</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
