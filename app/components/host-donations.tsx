import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate, formatFen } from "~/utils/format";
import type { FormReply } from "~/utils/forms";
import { SubmitButton } from "~/components/submit-button";
import type { PageInfo } from "~/utils/pagination";
import { Pagination } from "./pagination";

type Row = { id: string; donorName: string | null; anonymous: boolean; amountFen: string; refundedFen: string; pendingRefundFen?: string; status: string; paidAt: string | null; receiptCode: string | null };

/** Donations as the host (or staff) sees them, with a refund form per refundable row. */
export function DonationsTable({ donations, pagination, canRefund, reply, multipart }: { donations: Row[]; pagination?: PageInfo; canRefund: boolean; reply?: FormReply | null; multipart?: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!donations.length) return <p className="muted">{t("funding.org.noDonations")}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="host-donations">
        <thead>
          <tr>
            <th>{t("common.date")}</th>
            <th>{t("funding.receipt.donor")}</th>
            <th>{t("funding.receipt.amount")}</th>
            <th>{t("common.status")}</th>
            {canRefund ? <th>{t("funding.org.refund")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {donations.map((d) => {
            const pending = BigInt(d.pendingRefundFen ?? "0");
            const remaining = BigInt(d.amountFen) - BigInt(d.refundedFen) - pending;
            const failed = reply?.values?.donationId === d.id;
            return (
              <tr key={d.id}>
                <td>{formatDate(d.paidAt, locale)}</td>
                <td>{d.anonymous || d.donorName === null ? <span className="muted">{t("privacy.donors.anonymous")}</span> : d.donorName}</td>
                <td>
                  {formatFen(d.amountFen)}
                  {d.refundedFen !== "0" ? <span className="muted small"> −{formatFen(d.refundedFen)}</span> : null}
                </td>
                <td>
                  {t(`funding.donationStatuses.${d.status}`)}
                  {pending > 0n ? <span className="muted small"> · {t("funding.org.refundPending", { amount: formatFen(pending) })}</span> : null}
                </td>
                {canRefund ? (
                  <td>
                    {remaining > 0n ? (
                      <Form method="post" encType={multipart ? "multipart/form-data" : undefined} className="inline-form">
                        <input type="hidden" name="intent" value="refund" />
                        <input type="hidden" name="donationId" value={d.id} />
                        <input name="amount" aria-label={t("funding.org.refundAmount")} defaultValue={(Number(remaining) / 100).toFixed(2)} size={8} />
                        <input name="reason" aria-label={t("funding.org.refundReason")} placeholder={t("funding.org.refundReason")} required maxLength={200} />
                        <SubmitButton className="button button-small button-danger">{t("funding.org.refund")}</SubmitButton>
                        {failed && (reply?.fieldErrors?.amount || reply?.formError) ? <p className="field-error">{t(reply.fieldErrors?.amount ?? reply.formError!, reply.formErrorParams)}</p> : null}
                      </Form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {pagination ? <Pagination {...pagination} param="donationsPage" /> : null}
    </div>
  );
}
