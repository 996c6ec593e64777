import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/modules/accounts/auth.server";
import { staffProductQueue, STAFF_TABS } from "~/modules/products/staff.server";
import { pageFrom } from "~/utils/pagination.server";
import { formatDateTime } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { StatusTabs } from "~/components/status-tabs";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.staff.title");

const Tab = z.enum(STAFF_TABS).catch("certifications");

/** Staff's product queue: certifications to verify, products reported by the public, products taken down. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const tab = Tab.parse(new URL(request.url).searchParams.get("status") ?? "certifications");
  const queue = await staffProductQueue(tab, pageFrom(request));
  return {
    tab,
    counts: queue.counts,
    pagination: queue.pagination,
    items: queue.items.map((p) => ({
      id: p.id, name: p.name, status: p.status, certNumber: p.certNumber, certExpiresOn: p.certExpiresOn?.toISOString().slice(0, 10) ?? null, producer: p.producer,
      reports: p.reports, lastReportAt: p.lastReportAt?.toISOString() ?? null, takenDownAt: p.takenDownAt?.toISOString() ?? null, takedownReason: p.takedownReason,
    })),
  };
}

export default function StaffProducts() {
  const { tab, counts, items, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("shop.staff.title")}</h1>
      <StatusTabs statuses={STAFF_TABS} current={tab} counts={counts} label={t("shop.staff.title")} labelOf={(s) => t(`shop.staff.tabs.${s}`)} />
      {items.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("shop.staff.product")}</th>
                <th>{t("shop.staff.producer")}</th>
                <th>{tab === "certifications" ? t("shop.staff.certificate") : tab === "reported" ? t("shop.staff.lastReport") : t("shop.staff.takenDownAt")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/staff/products/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>
                    {p.producer.name}
                    <div className="muted">{p.producer.supportOrg.name}</div>
                  </td>
                  <td>
                    {tab === "certifications" ? `${p.certNumber ?? ""} · ${t("shop.staff.expires")} ${p.certExpiresOn ?? ""}` : null}
                    {tab === "reported" ? `${t("shop.staff.reports", { count: p.reports })} · ${p.lastReportAt ? formatDateTime(p.lastReportAt, locale) : ""}` : null}
                    {tab === "takenDown" ? `${p.takenDownAt ? formatDateTime(p.takenDownAt, locale) : ""} · ${p.takedownReason ?? ""}` : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("shop.staff.empty")}</p>
      )}
      <Pagination page={pagination.page} pageCount={pagination.pageCount} total={pagination.total} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
