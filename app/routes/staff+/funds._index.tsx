import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/modules/accounts/auth.server";
import { staffFundQueue } from "~/modules/funds/fund-review.server";
import { ALL_FUND_STATUSES } from "~/modules/funds/schema";
import { districtName } from "~/modules/districts/districts";
import { formatDate } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { StatusTabs } from "~/components/status-tabs";

export const meta = pageTitle("qualification.funds.staffTitle");

const FilterSchema = z.object({
  status: z.enum(ALL_FUND_STATUSES).catch("SUBMITTED"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const sp = new URL(request.url).searchParams;
  const filters = FilterSchema.parse({ status: sp.get("status") ?? "SUBMITTED", page: sp.get("page") ?? 1 });
  return { status: filters.status, ...(await staffFundQueue(filters)) };
}

export default function StaffFunds() {
  const { status, items, counts, total, page, pageSize } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("qualification.funds.staffTitle")}</h1>
      <StatusTabs statuses={ALL_FUND_STATUSES} current={status} counts={counts} label={t("qualification.funds.staffTitle")} labelOf={(s) => t(`qualification.fundStatuses.${s}`)} />
      {items.length ? (
        <table>
          <thead>
            <tr>
              <th>{t("funding.form.fundName")}</th>
              <th>{t("funding.funds.manager")}</th>
              <th>{t("qualification.funds.filingNumber")}</th>
              <th>{t("funding.funds.districts")}</th>
              <th>{t("common.date")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link to={`/staff/funds/${f.id}`}>{f.name}</Link>
                </td>
                <td>{f.org.name}</td>
                <td>{f.filingNumber ?? "—"}</td>
                <td>{f.districtCodes.map((d) => districtName(d, locale)).join("、")}</td>
                <td>{formatDate(f.submittedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("qualification.funds.empty")}</p>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
