import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listAgreements } from "~/modules/cross-region/agreements.server";
import { crossRegionSupport } from "~/modules/cross-region/stats.server";
import { provinceName } from "~/modules/cross-region/provinces";
import { districtName } from "~/modules/districts/districts";
import { reportMoney } from "~/modules/statistics/numbers";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("crossRegion.agreements.title");

const querySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).catch(() => new Date().getFullYear()) });

/**
 * Public: the agreements (parties, period, scope — never the liaison contacts) and the year's
 * support from other provinces by province and by district supported (aggregates only).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { year } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [agreements, support] = await Promise.all([listAgreements(), crossRegionSupport({ from: `${year}-01-01`, to: `${year}-12-31` })]);
  return {
    year,
    agreements: agreements.map((a) => ({
      id: a.id,
      title: a.title,
      partnerName: a.partnerName,
      partnerProvince: a.partnerProvince,
      localName: a.localName,
      localDistrictCode: a.localDistrictCode,
      startsOn: a.startsOn.toISOString().slice(0, 10),
      endsOn: a.endsOn ? a.endsOn.toISOString().slice(0, 10) : null,
      summary: a.summary,
      pairings: a._count.pairings,
    })),
    byProvince: support.byProvince,
    byDistrict: support.byDistrict,
  };
}

export default function PublicCooperation() {
  const { year, agreements, byProvince, byDistrict } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const f = (k: string) => t(`crossRegion.agreements.fields.${k}`);
  const s = (k: string) => t(`crossRegion.stats.${k}`);
  return (
    <div>
      <h1>{t("crossRegion.agreements.title")}</h1>
      <p>{t("crossRegion.agreements.publicIntro")}</p>
      {agreements.length ? (
        <ul className="card-list" data-testid="public-agreements">
          {agreements.map((a) => (
            <li key={a.id}>
              <h2>{a.title}</h2>
              <p>
                {a.partnerName}（{provinceName(a.partnerProvince, locale)}）↔ {a.localName}
                {a.localDistrictCode ? `（${districtName(a.localDistrictCode, locale)}）` : ""}
              </p>
              <p className="muted">
                {f("period")}: {a.startsOn} – {a.endsOn ?? t("crossRegion.agreements.openEnded")} · {f("pairings")}: {a.pairings}
              </p>
              {a.summary ? <p>{a.summary}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("crossRegion.agreements.none")}</p>
      )}
      <h2>
        {s("publicTitle")} · {year}
      </h2>
      <Form method="get" className="inline-form">
        <label>
          {t("stats.filters.year")} <input type="number" name="year" defaultValue={year} min={2000} max={2100} />
        </label>
        <button type="submit">{t("stats.filters.apply")}</button>
      </Form>
      {byProvince.length ? (
        <>
          <table className="figure-table" data-testid="public-support-provinces">
            <thead>
              <tr>
                <th scope="col">{s("province")}</th>
                <th scope="col">{s("orgs")}</th>
                <th scope="col">{s("money")}</th>
                <th scope="col">{s("goods")}</th>
              </tr>
            </thead>
            <tbody>
              {byProvince.map((p) => (
                <tr key={p.code}>
                  <th scope="row">{provinceName(p.code, locale)}</th>
                  <td className="num">{p.orgs}</td>
                  <td className="num" data-value={p.moneyFen}>
                    {reportMoney(p.moneyFen, locale)}
                  </td>
                  <td className="num" data-value={p.goodsFen}>
                    {reportMoney(p.goodsFen, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="figure-table" data-testid="public-support-districts">
            <caption>{s("byDistrict")}</caption>
            <tbody>
              {byDistrict.map((d) => (
                <tr key={d.code}>
                  <th scope="row">{districtName(d.code, locale)}</th>
                  <td className="num">{d.orgs}</td>
                  <td className="num">{reportMoney(d.moneyFen + d.goodsFen, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{s("note")}</p>
        </>
      ) : (
        <p className="muted">{s("publicNone")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
