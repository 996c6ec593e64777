import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, NavLink, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { listQueue, staffScope } from "~/modules/help/triage.server";
import { HELP_STATUSES, QueueFilterSchema } from "~/modules/help/schema";
import { districtName } from "~/modules/districts/districts";
import { districtOptions, FilterSelect } from "~/components/filter-select";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("help.staff.title");

/** The queue, oldest first. No request text and no contact here: only category, district and dates. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const scope = await staffScope(staff.id);
  const url = new URL(request.url);
  const f = QueueFilterSchema.parse(Object.fromEntries(url.searchParams));
  const { requests, pagination } = await listQueue(scope, f, pageFrom(request));
  return {
    requests: requests.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), handledAt: r.handledAt?.toISOString() ?? null })),
    pagination,
    status: f.status,
    district: f.district ?? null,
    scopeDistrict: scope.districtCode,
  };
}

export default function StaffHelpQueue() {
  const { requests, pagination, status, district, scopeDistrict } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const query = (s: string) => `/staff/help?status=${s}${district ? `&district=${district}` : ""}`;
  const exportQuery = new URLSearchParams({ status, ...(district ? { district } : {}) });
  return (
    <div>
      <div className="page-head">
        <h1>{t("help.staff.title")}</h1>
        <a href={`/staff/help/export?${exportQuery}`} className="button button-secondary">
          {t("help.staff.export")}
        </a>
      </div>
      <nav className="tabs" aria-label={t("common.status")}>
        {HELP_STATUSES.map((s) => (
          <NavLink key={s} to={query(s)} className={() => (s === status ? "active" : "")} end>
            {t(`help.statuses.${s}`)}
          </NavLink>
        ))}
      </nav>
      {scopeDistrict ? (
        <p className="muted">{t("help.staff.districtOnly", { district: districtName(scopeDistrict, locale) })}</p>
      ) : (
        <Form method="get" className="filters">
          <input type="hidden" name="status" value={status} />
          <FilterSelect id="help-district" name="district" label={t("help.fields.district")} allLabel={t("help.staff.allDistricts")} value={district ?? undefined} options={districtOptions(locale)} />
          <button type="submit">{t("help.staff.filter")}</button>
        </Form>
      )}
      {requests.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("help.staff.received")}</th>
                <th>{t("help.fields.category")}</th>
                <th>{t("help.fields.district")}</th>
                <th>{t("common.status")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} data-request-id={r.id}>
                  <td>{formatDateTime(r.createdAt, locale)}</td>
                  <td>{t(`needs.categories.${r.category}`)}</td>
                  <td>{districtName(r.districtCode, locale)}</td>
                  <td>{t(`help.statuses.${r.status}`)}</td>
                  <td>
                    <Link to={`/staff/help/${r.id}`}>{t("help.staff.open")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("help.staff.none")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
