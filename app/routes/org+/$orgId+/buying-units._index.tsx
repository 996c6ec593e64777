import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { orgUnitsWithTotals } from "~/modules/pledges/pledges.server";
import { shanghaiYear } from "~/modules/pledges/rules";
import { districtName } from "~/modules/districts/districts";
import { formatFen } from "~/utils/format";
import { percentText } from "~/components/pledges";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("pledges.org.tab");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const year = shanghaiYear();
  const units = await orgUnitsWithTotals(access.orgId, year);
  return { orgId: access.orgId, year, units, canCreate: !access.viaStaff && access.orgStatus === "APPROVED" };
}

export default function OrgBuyingUnits() {
  const { orgId, year, units, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h2>{t("pledges.org.tab")}</h2>
        {canCreate ? (
          <Link to={`/org/${orgId}/buying-units/new`} className="button">
            {t("pledges.unit.new")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t("pledges.org.intro")}</p>
      {units.length ? (
        <div className="table-wrap">
          <table className="nowrap-table" data-testid="unit-table">
            <thead>
              <tr>
                <th>{t("pledges.unit.name")}</th>
                <th>{t("pledges.unit.kind")}</th>
                <th>{t("pledges.unit.district")}</th>
                <th className="num">{t("pledges.figures.pledgedYear", { year })}</th>
                <th className="num">{t("pledges.figures.fulfilled")}</th>
                <th className="num">{t("pledges.figures.remaining")}</th>
                <th className="num">{t("pledges.figures.percent")}</th>
              </tr>
            </thead>
            <tbody>
              {units.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link to={`/org/${orgId}/buying-units/${u.id}`}>{u.name}</Link>
                  </td>
                  <td>{t(`pledges.kinds.${u.kind}`)}</td>
                  <td>{districtName(u.districtCode, locale)}</td>
                  <td className="num">{formatFen(u.pledgedFen)}</td>
                  <td className="num">{formatFen(u.fulfilledFen)}</td>
                  <td className="num">{formatFen(u.remainingFen)}</td>
                  <td className="num">{percentText(u.percentBp)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("pledges.unit.noneYet")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
