import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/modules/accounts/auth.server";
import { staffCampaignQueue } from "~/modules/campaigns/queries.server";
import { districtName } from "~/modules/districts/districts";
import { formatDate, formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { StatusTabs } from "~/components/status-tabs";

export const meta = pageTitle("funding.staff.title");

const STATUSES = ["SUBMITTED", "APPROVED", "FUNDED", "SUSPENDED", "RETURNED", "REJECTED", "ENDED", "CLOSED"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const status = z.enum(STATUSES).catch("SUBMITTED").parse(new URL(request.url).searchParams.get("status") ?? "SUBMITTED");
  return { status, ...(await staffCampaignQueue(status, pageFrom(request))) };
}

export default function StaffCampaigns() {
  const { status, items, counts, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("funding.staff.title")}</h1>
      <StatusTabs statuses={STATUSES} current={status} counts={counts} label={t("funding.staff.queue")} labelOf={(s) => t(`funding.statuses.${s}`)} />
      {items.length ? (
        <table>
          <thead>
            <tr>
              <th>{t("funding.form.title")}</th>
              <th>{t("funding.campaign.host")}</th>
              <th>{t("common.district")}</th>
              <th>{t("funding.campaign.goal")}</th>
              <th>{t("funding.staff.documents")}</th>
              <th>{t("common.date")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/staff/campaigns/${c.id}`}>{c.title}</Link>
                </td>
                <td>{c.org.name}</td>
                <td>{districtName(c.districtCode, locale)}</td>
                <td>{formatFen(c.goalFen)}</td>
                <td>{c.documents}</td>
                <td>{formatDate(c.submittedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("funding.staff.empty")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
