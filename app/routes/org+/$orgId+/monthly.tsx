import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { hostMonthlyOverview } from "~/modules/monthly/host.server";
import { FundingSubnav } from "~/components/funding-subnav";
import { BarChart } from "~/components/charts/bar-chart";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate, formatDateTime, formatFen } from "~/utils/format";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("monthly.host.title");

/** The host's monthly gifts (org:finance — owners, admins, finance; bureau staff may look). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  return { orgId: access.orgId, ...(await hostMonthlyOverview(access.orgId)) };
}

export default function OrgMonthly() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const donor = (name: string | null) => name ?? t("monthly.host.anonymous");
  return (
    <div>
      <FundingSubnav orgId={d.orgId} />
      <h2>{t("monthly.host.title")}</h2>
      <div className="stats-row">
        <div className="stat">
          <strong data-testid="monthly-active">{d.activeCount}</strong>
          {t("monthly.host.active")}
        </div>
        <div className="stat">
          <strong data-testid="monthly-expected">{formatFen(d.expectedMonthlyFen)}</strong>
          {t("monthly.host.expected")}
        </div>
        <div className="stat">
          <strong data-testid="monthly-churn">{d.churn30.percent}%</strong>
          {t("monthly.host.churn30", { cancelled: d.churn30.cancelled, active: d.churn30.activeAtStart })}
        </div>
      </div>
      <BarChart
        title={t("monthly.host.churnChart")}
        description={t("monthly.host.churnChartDescription")}
        data={d.churnByMonth.map((m) => ({ label: m.month, value: m.percent }))}
        format={(n) => `${n}%`}
      />
      <section className="card">
        <h3>{t("monthly.host.failures")}</h3>
        {d.failures.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("monthly.host.donor")}</th>
                  <th>{t("monthly.me.amount")}</th>
                  <th>{t("monthly.host.reason")}</th>
                  <th>{t("monthly.host.failedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {d.failures.map((f) => (
                  <tr key={f.id}>
                    <td>{donor(f.donorName)}</td>
                    <td>{formatFen(f.amountFen)}</td>
                    <td>{f.reason}</td>
                    <td>{formatDateTime(f.at, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("monthly.host.noFailures")}</p>
        )}
      </section>
      <section className="card">
        <h3>{t("monthly.host.gifts")}</h3>
        {d.gifts.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("monthly.host.donor")}</th>
                  <th>{t("monthly.me.target")}</th>
                  <th>{t("monthly.me.amount")}</th>
                  <th>{t("monthly.gift.method")}</th>
                  <th>{t("monthly.me.next")}</th>
                  <th>{t("monthly.me.status")}</th>
                </tr>
              </thead>
              <tbody>
                {d.gifts.map((g) => (
                  <tr key={g.id}>
                    <td>{donor(g.donorName)}</td>
                    <td>{g.target ? <Link to={g.target.href}>{g.target.title}</Link> : "—"}</td>
                    <td>{formatFen(g.amountFen)}</td>
                    <td>{t(`monthly.methods.${g.method}`)}</td>
                    <td>{formatDate(g.nextChargeOn, locale)}</td>
                    <td>{t(`monthly.states.${g.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("monthly.host.empty")}</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
