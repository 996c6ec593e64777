import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { listOrgProducers } from "~/modules/producers/producers.server";
import { PRODUCER_STATUSES, StatusFilterSchema } from "~/modules/producers/schema";
import { districtName } from "~/modules/districts/districts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("producers.list.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const filters = StatusFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listOrgProducers(access.orgId, filters);
  return {
    ...list,
    orgId: access.orgId,
    status: filters.status ?? null,
    canRegister: !access.viaStaff && access.orgStatus === "APPROVED",
    orgApproved: access.orgStatus === "APPROVED",
  };
}

export default function OrgProducers() {
  const { items, pagination, counts, status, canRegister, orgApproved } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  return (
    <div>
      <div className="page-head">
        <h2>{t("producers.list.title")}</h2>
        {canRegister ? (
          <Link to="new" className="button">
            {t("producers.list.register")}
          </Link>
        ) : null}
      </div>
      {!orgApproved ? <p className="muted">{t("producers.list.orgNotApproved")}</p> : null}
      <nav className="tabs" aria-label={t("producers.list.counts")}>
        <Link to="?" className={status === null ? "active" : undefined}>
          {t("producers.list.all")} ({all})
        </Link>
        {PRODUCER_STATUSES.map((s) => (
          <Link key={s} to={`?status=${s}`} className={s === status ? "active" : undefined}>
            {t(`producers.statuses.${s}`)} ({counts[s] ?? 0})
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <p className="muted">{t("producers.list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("producers.form.name")}</th>
                <th>{t("producers.form.kind")}</th>
                <th>{t("producers.list.district")}</th>
                <th>{t("producers.list.households")}</th>
                <th>{t("producers.list.account")}</th>
                <th>{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/producer/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>{t(`producers.kinds.${p.kind}`)}</td>
                  <td>
                    {districtName(p.districtCode, locale)} {p.town}
                  </td>
                  <td>{p.households}</td>
                  <td>{p.hasAccount ? t("common.yes") : t("common.no")}</td>
                  <td>
                    <span className={`status status-${p.status}`}>{t(`producers.statuses.${p.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
