import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { listReceiptQueue, receiptStatusOf } from "~/modules/donations/official-receipt-issue.server";
import { RECEIPT_STATUSES } from "~/modules/donations/official-receipt-schema";
import { pageFrom } from "~/utils/pagination.server";
import { formatDate, formatFen } from "~/utils/format";
import { FundingSubnav } from "~/components/funding-subnav";
import { StatusTabs } from "~/components/status-tabs";
import { Pagination } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("receipts.org.title");

/** The organization's queue of official receipt requests, by status (finance; staff read only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const status = receiptStatusOf(new URL(request.url).searchParams.get("status"));
  const queue = await listReceiptQueue(access.orgId, status, pageFrom(request));
  return { orgId: access.orgId, status, ...queue };
}

export default function ReceiptQueue() {
  const { orgId, status, counts, items, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <h2>{t("receipts.org.title")}</h2>
      <p className="muted small">{t("receipts.org.intro")}</p>
      <StatusTabs statuses={RECEIPT_STATUSES} current={status} counts={counts} label={t("receipts.org.title")} labelOf={(s) => t(`receipts.statuses.${s}`)} />
      {items.length ? (
        <div className="table-wrap">
          <table data-testid="receipt-queue">
            <thead>
              <tr>
                <th>{t("receipts.fields.payerName")}</th>
                <th>{t("receipts.fields.taxId")}</th>
                <th>{t("receipts.fields.amount")}</th>
                <th>{t("receipts.fields.target")}</th>
                <th>{status === "REQUESTED" ? t("receipts.fields.requestedAt") : t("receipts.fields.receiptNumber")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/org/${orgId}/receipts/${r.id}`}>{r.payerName}</Link>
                    <span className="muted small">
                      {" · "}
                      {t(`receipts.payerKinds.${r.payerKind}`)}
                      {r.reissue ? ` · ${t("receipts.org.reissue")}` : ""}
                    </span>
                  </td>
                  <td>{r.taxId ?? "—"}</td>
                  <td>{formatFen(r.amountFen)}</td>
                  <td>{r.target}</td>
                  <td>{status === "REQUESTED" ? formatDate(r.createdAt, locale) : (r.receiptNumber ?? "—")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("receipts.org.empty")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
