import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { prisma } from "~/utils/db.server";
import { fundTotals, totalsToJson } from "~/modules/ledger/balances.server";
import { formatFen } from "~/utils/format";
import { FundingSubnav } from "~/components/funding-subnav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { paginate } from "~/utils/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.org.funds");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const where = { orgId: access.orgId };
  const [org, { rows: funds, pagination }] = await Promise.all([
    prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { status: true, isCharity: true } }),
    paginate(
      pageFrom(request),
      50,
      () => prisma.fund.count({ where }),
      (window) => prisma.fund.findMany({ where, select: { id: true, name: true, status: true, startDate: true }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...window }),
    ),
  ]);
  const totals = await fundTotals(funds.map((f) => f.id));
  return {
    orgId: access.orgId,
    canCreate: !access.viaStaff && org.status === "APPROVED" && org.isCharity,
    pagination,
    funds: funds.map((f) => ({ ...f, startDate: f.startDate.toISOString().slice(0, 10), totals: totalsToJson(totals.get(f.id)!) })),
  };
}

export default function OrgFunds() {
  const { orgId, canCreate, funds, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <div className="page-head">
        <h2>{t("funding.org.funds")}</h2>
        {canCreate ? (
          <Link to="new" className="button">
            {t("funding.org.newFund")}
          </Link>
        ) : null}
      </div>
      {!canCreate ? <p className="muted">{t("funding.org.notCharity")}</p> : null}
      {funds.length ? (
        <table>
          <thead>
            <tr>
              <th>{t("funding.form.fundName")}</th>
              <th>{t("common.status")}</th>
              <th>{t("funding.accounts.raised")}</th>
              <th>{t("funding.accounts.balance")}</th>
            </tr>
          </thead>
          <tbody>
            {funds.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link to={f.id}>{f.name}</Link>
                </td>
                <td>{t(`qualification.fundStatuses.${f.status}`)}</td>
                <td>{formatFen(f.totals.netRaisedFen)}</td>
                <td>{formatFen(f.totals.balanceFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("funding.org.noFunds")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
