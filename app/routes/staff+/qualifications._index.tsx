import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/modules/accounts/auth.server";
import { listQualificationQueue, QUALIFICATION_STATUSES } from "~/modules/organizations/qualification.server";
import { formatDateTime } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { StatusTabs } from "~/components/status-tabs";

export const meta = pageTitle("qualification.staff.title");

const FilterSchema = z.object({
  status: z.enum(QUALIFICATION_STATUSES).catch("PENDING"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const sp = new URL(request.url).searchParams;
  const filters = FilterSchema.parse({ status: sp.get("status") ?? "PENDING", page: sp.get("page") ?? 1 });
  const queue = await listQualificationQueue(filters);
  return { ...queue, status: filters.status, items: queue.items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), reviewedAt: r.reviewedAt?.toISOString() ?? null })) };
}

export default function QualificationQueue() {
  const { items, total, page, pageSize, status, counts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("qualification.staff.title")}</h1>
      <StatusTabs statuses={QUALIFICATION_STATUSES} current={status} counts={counts} label={t("qualification.staff.title")} labelOf={(s) => t(`qualification.statuses.${s}`)} />
      {items.length ? (
        <table>
          <thead>
            <tr>
              <th>{t("qualification.staff.org")}</th>
              <th>{t("qualification.staff.current")}</th>
              <th>{t("qualification.staff.requested")}</th>
              <th>{t("common.date")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/staff/qualifications/${r.id}`}>{r.org.name}</Link>
                </td>
                <td>{[r.org.isCharity ? t("qualification.fields.isCharity") : null, r.org.publicFundraising ? t("qualification.fields.publicFundraising") : null].filter(Boolean).join(" · ") || t("qualification.org.none")}</td>
                <td>{[r.isCharity ? t("qualification.fields.isCharity") : null, r.publicFundraising ? `${t("qualification.fields.publicFundraising")} ${r.fundraisingCertificate ?? ""}` : null].filter(Boolean).join(" · ") || t("qualification.org.none")}</td>
                <td>{formatDateTime(r.createdAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("qualification.staff.empty")}</p>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
