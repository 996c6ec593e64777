import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { listReviewQueue } from "~/modules/organizations/organizations.server";
import { ORG_STATUSES, ORG_TYPES, QueueFilterSchema } from "~/modules/organizations/schema";
import { districtName } from "~/modules/districts/districts";
import { FilterSelect, districtOptions } from "~/components/filter-select";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDateTime } from "~/utils/format";
import { pageTitle } from "~/modules/i18n/meta";
import { StatusTabs } from "~/components/status-tabs";
import { ProvinceBadge } from "~/components/cross-region";
import { provinceOfCreditCode } from "~/modules/cross-region/provinces";

export const meta = pageTitle("orgs.review.queueTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const filters = QueueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await listReviewQueue(filters)), filters };
}

export default function ReviewQueue() {
  const { items, total, page, pageSize, filters, counts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const status = filters.status ?? "SUBMITTED";
  return (
    <div>
      <div className="page-head">
        <h1>{t("orgs.review.queueTitle")}</h1>
        <a className="button button-secondary" href={`/staff/reviews/export?${new URLSearchParams(Object.entries(filters).filter(([k, v]) => v !== undefined && k !== "page" && k !== "status").map(([k, v]) => [k, String(v)]))}`} download>
          {t("orgs.review.exportRegistry")}
        </a>
      </div>
      <StatusTabs statuses={ORG_STATUSES} current={status} counts={counts} label={t("orgs.review.counts")} labelOf={(s) => t(`orgs.statuses.${s}`)} />
      <Form method="get" className="filters">
        <input type="hidden" name="status" value={status} />
        <div className="field">
          <label htmlFor="q-q">{t("common.actions.search")}</label>
          <input id="q-q" name="q" defaultValue={filters.q ?? ""} maxLength={100} />
        </div>
        <FilterSelect id="q-district" name="district" label={t("common.district")} allLabel={t("common.allDistricts")} value={filters.district} options={districtOptions(locale)} />
        <FilterSelect id="q-type" name="type" label={t("orgs.form.type")} allLabel={t("orgs.directory.allTypes")} value={filters.type} options={ORG_TYPES.map((v) => ({ value: v, label: t(`orgs.types.${v}`) }))} />
        <button type="submit">{t("common.actions.filter")}</button>
      </Form>
      {items.length === 0 ? (
        <p className="muted">{t("orgs.review.noneWaiting")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("orgs.form.name")}</th>
                <th>{t("orgs.form.type")}</th>
                <th>{t("orgs.form.creditCode")}</th>
                <th>{t("common.district")}</th>
                <th>{t("orgs.review.submittedAt")}</th>
                <th>{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/staff/reviews/${o.id}`}>{o.name}</Link>
                  </td>
                  <td>{t(`orgs.types.${o.type}`)}</td>
                  <td>
                    {o.creditCode} <ProvinceBadge provinceCode={provinceOfCreditCode(o.creditCode)} />
                  </td>
                  <td>{districtName(o.districtCode, locale)}</td>
                  <td>{formatDateTime(o.submittedAt, locale)}</td>
                  <td>
                    <span className={`status status-${o.status}`}>{t(`orgs.statuses.${o.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
