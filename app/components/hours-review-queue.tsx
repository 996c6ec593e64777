/** The list of hours waiting for a decision, shared by the organization's and the bureau's review pages. */
import { Form, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { flagText } from "~/modules/volunteering/flag-text";
import { beijingTime } from "~/modules/volunteering/time";
import { minutesToHours } from "~/modules/volunteering/types";
import { formatDate, isoDate } from "~/utils/format";
import type { FormReply } from "~/utils/forms";
import { FormError } from "~/components/form";

export type ReviewRow = {
  id: string;
  name: string;
  serviceDate: string | Date;
  minutes: number;
  role: string;
  source: string;
  standing: string;
  org: { name: string };
  project: { title: string };
  shift: { startsAt: string | Date; endsAt: string | Date };
  flags: { kind: string; detail: unknown }[];
  objections: { id: string; reason: string; createdAt: string | Date }[];
  own: boolean;
  confirmedByViewer: boolean;
  canDecide: boolean;
};

export function HoursReviewQueue({ rows, reply, showOrg, canAct }: { rows: ReviewRow[]; reply?: (FormReply & { recordId?: string }) | undefined; showOrg: boolean; canAct: boolean }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  if (!rows.length) return <p className="muted">{t("review.queue.empty")}</p>;
  return (
    <ul className="cards cards-one" style={{ listStyle: "none", padding: 0 }}>
      {rows.map((r) => {
        const mine = reply?.recordId === r.id || reply?.values?.recordId === r.id;
        const flagged = r.standing === "FLAGGED";
        return (
          <li key={r.id} className="card" data-testid={`review-${r.id}`}>
            <p>
              <span className={`status status-${r.standing}`}>{t(`review.standing.${r.standing}`)}</span> <strong>{r.name}</strong> · {r.project.title}
              {showOrg ? ` · ${r.org.name}` : ""}
            </p>
            <p className="muted">
              {t("review.queue.shift")}：{formatDate(r.shift.startsAt, locale)} {beijingTime(r.shift.startsAt)}–{beijingTime(r.shift.endsAt)} · {isoDate(new Date(r.serviceDate))} · {t("review.queue.hours")} {minutesToHours(r.minutes)} · {r.role} ·{" "}
              {t(`review.source.${r.source}`)}
            </p>
            {r.flags.length ? (
              <>
                <h3>{t("review.queue.reasons")}</h3>
                <ul>
                  {r.flags.map((f) => {
                    const { key, params } = flagText(f.kind, f.detail);
                    return (
                      <li key={f.kind} data-flag={f.kind}>
                        {t(key, params)}
                      </li>
                    );
                  })}
                </ul>
              </>
            ) : null}
            {r.objections.length ? (
              <>
                <h3>{t("review.queue.objections")}</h3>
                <ul>
                  {r.objections.map((o) => (
                    <li key={o.id}>
                      {o.reason} <span className="muted small">{t("review.queue.objectionAt", { date: formatDate(o.createdAt, locale) })}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {!canAct ? null : r.own ? (
              <p className="muted">{t("review.queue.ownHours")}</p>
            ) : r.confirmedByViewer ? (
              <p className="muted">{t("review.queue.ownConfirmation")}</p>
            ) : (
              <Form method="post" noValidate>
                {mine && reply ? <FormError reply={{ ...reply, formError: reply.formError ?? Object.values(reply.fieldErrors ?? {})[0] }} /> : null}
                <input type="hidden" name="recordId" value={r.id} />
                <label>
                  {t("review.queue.note")} <input name="note" required minLength={2} maxLength={500} defaultValue={mine ? String(reply?.values?.note ?? "") : ""} />
                </label>
                <div className="button-row">
                  <button type="submit" name="decision" value={flagged ? "approve" : "dismiss"} className="button-small" disabled={busy}>
                    {t(flagged ? "review.queue.approve" : "review.queue.dismiss")}
                  </button>
                  <button type="submit" name="decision" value={flagged ? "reject" : "uphold"} className="button-small button-secondary" disabled={busy}>
                    {t(flagged ? "review.queue.reject" : "review.queue.uphold")}
                  </button>
                </div>
                <p className="muted small">{t("review.queue.correctInstead")}</p>
              </Form>
            )}
          </li>
        );
      })}
    </ul>
  );
}
