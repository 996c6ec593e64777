/** The public notice of confirmed hours on a project page (issue 15.1): masked names, no ids of people. */
import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { minutesToHours } from "~/modules/volunteering/types";
import { OBJECTION_MAX, OBJECTION_MIN } from "~/modules/volunteering/types";
import { formatDate, formatDateTime } from "~/utils/format";
import { FormError } from "~/components/form";
import type { FormReply } from "~/utils/forms";

export type NoticeRow = { id: string; name: string; serviceDate: string | Date; minutes: number; source: string; noticeEndsAt: string | Date; own: boolean };

export function HoursNotice({ rows, signedIn, reply }: { rows: NoticeRow[]; signedIn: boolean; reply?: (FormReply & { objection?: boolean }) | undefined }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const replyRecord = reply?.objection ? String(reply.values?.recordId ?? "") : "";
  return (
    <section className="card" id="hours-notice" aria-labelledby="hours-notice-title">
      <h2 id="hours-notice-title">{t("review.notice.title")}</h2>
      <p className="muted">{t("review.notice.intro")}</p>
      {rows.length === 0 ? (
        <p className="muted">{t("review.notice.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("review.notice.name")}</th>
                <th>{t("review.notice.date")}</th>
                <th>{t("review.notice.hours")}</th>
                <th>{t("review.notice.until")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid={`notice-${r.id}`}>
                  <td>{r.name}</td>
                  <td>{formatDate(r.serviceDate, locale)}</td>
                  <td>
                    {minutesToHours(r.minutes)}
                    {r.source === "MANUAL" ? <span className="tag">{t("review.notice.manual")}</span> : null}
                  </td>
                  <td>{formatDateTime(r.noticeEndsAt, locale)}</td>
                  <td>
                    {r.own ? (
                      <span className="muted small">{t("review.notice.own")}</span>
                    ) : signedIn ? (
                      <details open={replyRecord === r.id}>
                        <summary>{t("review.notice.object")}</summary>
                        <Form method="post" noValidate>
                          {replyRecord === r.id && reply ? <FormError reply={{ ...reply, formError: reply.formError ?? Object.values(reply.fieldErrors ?? {})[0] }} /> : null}
                          <input type="hidden" name="intent" value="object" />
                          <input type="hidden" name="recordId" value={r.id} />
                          <label>
                            {t("review.notice.reason")}
                            <textarea name="reason" required minLength={OBJECTION_MIN} maxLength={OBJECTION_MAX} rows={3} defaultValue={replyRecord === r.id ? String(reply?.values?.reason ?? "") : ""} />
                          </label>
                          <button type="submit" className="button-small" disabled={busy}>
                            {t("review.notice.submit")}
                          </button>
                        </Form>
                      </details>
                    ) : (
                      <Link className="button-small" to={`/auth/login?redirectTo=${encodeURIComponent(location.pathname)}`}>
                        {t("review.notice.signIn")}
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
