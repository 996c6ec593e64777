import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { listReports } from "~/modules/safeguards/reports.server";
import { REPORT_STATUSES, reportFilterSchema } from "~/modules/safeguards/schema";
import { pageFrom } from "~/utils/pagination.server";
import { formatDateTime } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("safeguards.staff.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const sp = new URL(request.url).searchParams;
  const { status } = reportFilterSchema.parse({ status: sp.get("status") ?? undefined });
  const { reports, pagination, counts } = await listReports(status, pageFrom(request));
  return { reports, pagination, counts, status: status ?? null };
}

export default function ReportsQueue() {
  const { reports, pagination, counts, status } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("safeguards.staff.title")}</h1>
        <a className="button-small" href={`/staff/reports/export${status ? `?status=${status}` : ""}`} data-testid="reports-export">
          {t("safeguards.staff.export")}
        </a>
      </div>
      <nav className="tabs" aria-label={t("safeguards.staff.filter")}>
        <Link to="?" className={status === null ? "active" : undefined}>
          {t("safeguards.staff.all")}
        </Link>
        {REPORT_STATUSES.map((s) => (
          <Link key={s} to={`?status=${s}`} className={s === status ? "active" : undefined}>
            {t(`safeguards.statuses.${s}`)} ({counts[s] ?? 0})
          </Link>
        ))}
      </nav>
      {reports.length ? (
        <table data-testid="reports">
          <thead>
            <tr>
              <th>{t("safeguards.staff.target")}</th>
              <th>{t("safeguards.report.category")}</th>
              <th>{t("safeguards.staff.status")}</th>
              <th>{t("safeguards.staff.filedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/staff/reports/${r.id}`}>
                    {t(`safeguards.targets.${r.targetType}`)} · {r.targetTitle}
                  </Link>
                </td>
                <td>{t(`safeguards.categories.${r.category}`)}</td>
                <td>{t(`safeguards.statuses.${r.status}`)}</td>
                <td>{formatDateTime(r.createdAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("safeguards.staff.empty")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
