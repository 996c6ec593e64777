import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate, formatFen } from "~/utils/format";
import type { FormReply } from "~/utils/forms";

type Held = { id: string; donorName: string | null; amountFen: string; refundedFen: string; pendingRefundFen: string; heldAt: string; receiptCode: string | null };

/**
 * Payments that arrived while the campaign/fund was suspended, for staff: release each (it then
 * counts normally) or return it to the donor (the refund form posts intent "refund").
 */
export function HeldDonations({ held, reply }: { held: Held[]; reply?: FormReply | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" data-testid="held-donations">
      <h2>{t("freeze.staff.held")}</h2>
      <p className="muted">{t("freeze.staff.heldHelp")}</p>
      {held.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("freeze.staff.heldAt")}</th>
                <th>{t("freeze.staff.donor")}</th>
                <th>{t("freeze.staff.amount")}</th>
                <th>{t("freeze.staff.release")}</th>
                <th>{t("freeze.staff.refund")}</th>
              </tr>
            </thead>
            <tbody>
              {held.map((d) => {
                const remaining = BigInt(d.amountFen) - BigInt(d.refundedFen) - BigInt(d.pendingRefundFen);
                const failed = reply?.values?.donationId === d.id && reply?.formError;
                return (
                  <tr key={d.id}>
                    <td>{formatDate(d.heldAt, locale)}</td>
                    <td>{d.donorName ?? <span className="muted">{t("privacy.donors.anonymous")}</span>}</td>
                    <td>
                      {formatFen(d.amountFen)}
                      {d.refundedFen !== "0" ? <span className="muted small"> −{formatFen(d.refundedFen)}</span> : null}
                    </td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="release" />
                        <input type="hidden" name="donationId" value={d.id} />
                        <input name="reason" aria-label={t("freeze.staff.releaseReason")} placeholder={t("freeze.staff.releaseReason")} required maxLength={200} />
                        <button type="submit" className="button button-small">
                          {t("freeze.staff.release")}
                        </button>
                      </Form>
                    </td>
                    <td>
                      {remaining > 0n ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="refund" />
                          <input type="hidden" name="donationId" value={d.id} />
                          <input name="amount" aria-label={t("freeze.staff.amount")} defaultValue={(Number(remaining) / 100).toFixed(2)} size={8} />
                          <input name="reason" aria-label={t("freeze.staff.refundReason")} placeholder={t("freeze.staff.refundReason")} required maxLength={200} />
                          <button type="submit" className="button button-small button-danger">
                            {t("freeze.staff.refund")}
                          </button>
                        </Form>
                      ) : null}
                      {failed ? <p className="field-error">{t(reply.formError!, reply.formErrorParams)}</p> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("freeze.staff.noHeld")}</p>
      )}
    </section>
  );
}
