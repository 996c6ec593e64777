import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/modules/accounts/auth.server";
import { cancelSignup, listMyUpcoming } from "~/modules/volunteering/signups.server";
import { disputeRecord, listMyRecords, myRecordHistories, yearTotals } from "~/modules/volunteering/records.server";
import { counts } from "~/modules/volunteering/standing";
import { CheckInCodeSchema, DisputeSchema } from "~/modules/volunteering/schema";
import { minutesToHours } from "~/modules/volunteering/types";
import { beijingTime } from "~/modules/volunteering/time";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate, isoDate } from "~/utils/format";
import { pageFrom } from "~/utils/pagination.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { SubmitButton } from "~/components/submit-button";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("volunteering.me.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Everything here is filtered by the signed-in user's own id.
  const url = new URL(request.url);
  const [upcoming, records, years] = await Promise.all([listMyUpcoming(user.id, pageFrom(url, "upcomingPage")), listMyRecords(user.id, pageFrom(url)), yearTotals(user.id)]);
  // From the shift's QR code: the code filled in, checked in only by the volunteer's own click.
  const scanned = new URL(request.url).searchParams.get("code")?.trim().toUpperCase() ?? "";
  // Standing of each record (issue 15.1) and its history (MCA Order 67: requests and corrections with reasons).
  const now = new Date();
  const history = await myRecordHistories(user.id, records.rows.map((r) => r.id));
  const rows = records.rows.map((r) => ({ ...r, counting: counts(r, now), history: history[r.id] ?? [] }));
  return { hasProfile: user.hasProfile, upcoming: upcoming.items, upcomingPages: upcoming.pagination, records: rows, recordPages: records.pagination, years, scannedCode: /^[A-Z0-9]{6}$/.test(scanned) ? scanned : "" };
}

const id = z.string().min(1).max(40);
const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cancel"), signupId: id }),
  z.object({ intent: z.literal("dispute"), recordId: id }).passthrough(),
  z.object({ intent: z.literal("checkIn") }).passthrough(),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = formToObject(await readFormData(request));
  const parsed = IntentSchema.safeParse(values);
  invariantResponse(parsed.success, 400);
  const intent = parsed.data;
  if (intent.intent === "cancel") {
    const res = await runAction(values, () => cancelSignup(user.id, intent.signupId));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, "/me/volunteering", "volunteering.flash.cancelled");
  }
  if (intent.intent === "dispute") {
    const form = parseWithSchema(DisputeSchema, values);
    if (!form.ok) return data({ ...form.reply, formError: form.reply.fieldErrors?.reason }, { status: 400 });
    const res = await runAction(values, () => disputeRecord(user.id, intent.recordId, form.data.reason));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, "/me/volunteering", "volunteering.flash.disputed");
  }
  const form = parseWithSchema(CheckInCodeSchema, values);
  if (!form.ok) return data(form.reply, { status: 400 });
  // Issue 15.1: check-in is by the shift's rotating code, on the check-in page.
  return redirect(`/check-in?code=${encodeURIComponent(form.data.code)}`);
}

/** An audit action in words; actions without their own wording are "other change". */
function actionLabel(t: (key: string) => string, action: string) {
  const key = `review.me.actions.${action}`;
  const label = t(key);
  return label === key || typeof label !== "string" ? t("review.me.actions.other") : label;
}

export default function MyVolunteering() {
  const { hasProfile, upcoming, upcomingPages, records, recordPages, years, scannedCode } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const total = years.reduce((s, y) => s + y.minutes, 0);
  const counted = years.reduce((s, y) => s + y.counted, 0);
  return (
    <div>
      <div className="page-head">
        <h1>{t("volunteering.me.title")}</h1>
        <div className="button-row">
          <Link className="button button-secondary" to="/projects">
            {t("volunteering.me.browse")}
          </Link>
          <Link className="button button-secondary" to="/me/certificates">
            {t("volunteering.me.certificates")}
          </Link>
        </div>
      </div>
      {!hasProfile ? (
        <p className="form-error">
          {t("volunteering.me.profileNeeded")} <Link to="/me/profile?redirectTo=/me/volunteering">{t("volunteering.me.completeProfile")}</Link>
        </p>
      ) : null}
      <FormError reply={reply} />
      <div className="cards cards-one">
        <section className="card">
          <h2>{t("volunteering.me.upcoming")}</h2>
          {upcoming.length === 0 ? (
            <p className="muted">{t("volunteering.me.noUpcoming")}</p>
          ) : (
            <ul className="timeline">
              {upcoming.map((u) => (
                <li key={u.id} data-testid={`my-signup-${u.id}`}>
                  <strong>
                    <Link to={`/projects/${u.shift.project.id}`}>{u.shift.project.title}</Link>
                  </strong>{" "}
                  · {formatDate(u.shift.startsAt, locale)} {beijingTime(u.shift.startsAt)}–{beijingTime(u.shift.endsAt)} · {u.shift.place} · {u.shift.project.org.name}{" "}
                  <span className="tag">{u.status === "WAITLISTED" ? t("volunteering.me.rank", { rank: u.queueRank ?? "" }) : t(`volunteering.signupStatuses.${u.status}`)}</span>
                  {u.shift.status === "CANCELLED" ? <span className="tag">{t("volunteering.shiftStatuses.CANCELLED")}</span> : null}
                  {u.canCancel ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="cancel" />
                      <input type="hidden" name="signupId" value={u.id} />
                      <SubmitButton className="link-button" disabled={busy}>
                        {t("volunteering.me.cancel")}
                      </SubmitButton>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {upcomingPages.pageCount > 1 ? <Pagination {...upcomingPages} param="upcomingPage" /> : null}
          <Form method="post" action="/me/volunteering" id="check-in" className="inline-form" noValidate aria-label={t("volunteering.me.selfCheckIn")}>
            <input type="hidden" name="intent" value="checkIn" />
            <TextField name="code" label={t("volunteering.me.selfCheckIn")} hint={t("volunteering.me.code")} reply={reply} defaultValue={scannedCode} maxLength={6} autoComplete="off" />
            <SubmitButton disabled={busy}>{t("volunteering.me.checkInSubmit")}</SubmitButton>
          </Form>
        </section>

        <section className="card">
          <h2>{t("volunteering.me.totals")}</h2>
          <p>
            <strong data-testid="total-hours">{t("volunteering.me.totalAll", { hours: minutesToHours(total) })}</strong>
            <br />
            <strong data-testid="counted-hours">{t("review.me.counted", { hours: minutesToHours(counted) })}</strong>
          </p>
          <ul>
            {years.map((y) => (
              <li key={y.year}>{t("review.me.countedYear", { year: y.year, hours: minutesToHours(y.minutes), counted: minutesToHours(y.counted), records: y.records })}</li>
            ))}
          </ul>
          <p className="muted small">{t("review.me.countedNote")}</p>
        </section>

        <section className="card">
          <h2>{t("volunteering.me.past")}</h2>
          {records.length === 0 ? (
            <p className="muted">{t("volunteering.me.noRecords")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("volunteering.me.date")}</th>
                    <th>{t("volunteering.me.project")}</th>
                    <th>{t("volunteering.me.org")}</th>
                    <th>{t("volunteering.me.role")}</th>
                    <th>{t("volunteering.me.hours")}</th>
                    <th>{t("volunteering.me.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {records.map((r) => (
                    <tr key={r.id} data-testid={`record-${r.id}`}>
                      <td>{isoDate(r.serviceDate)}</td>
                      <td>{r.project.title}</td>
                      <td>{r.org.name}</td>
                      <td>{r.role}</td>
                      <td>
                        {minutesToHours(r.minutes)}
                      </td>
                      <td>
                        {t(`volunteering.recordStatuses.${r.status}`)}{" "}
                        <span className={`status status-${r.standing}`} data-testid={`standing-${r.id}`}>
                          {r.counting
                            ? t("review.standing.COUNTED")
                            : r.standing === "NOTICE" && r.noticeEndsAt
                              ? t("review.standing.noticeUntil", { date: formatDate(r.noticeEndsAt, locale) })
                              : t(`review.standing.${r.standing}`)}
                        </span>
                        {r.source === "MANUAL" ? <span className="tag">{t("review.source.MANUAL")}</span> : null}
                        {r.reviewNote ? <div className="muted">{t("review.me.reviewNote", { note: r.reviewNote })}</div> : null}
                        {r.correctionNote ? <div className="muted">{r.correctionNote}</div> : null}
                        {r.history.length ? (
                          <details>
                            <summary>{t("review.me.history")}</summary>
                            <ol className="small">
                              {r.history.map((h) => (
                                <li key={h.id}>
                                  {formatDate(h.createdAt, locale)} {actionLabel(t, h.action)}
                                  {h.before.minutes !== null && h.after.minutes !== null && h.before.minutes !== h.after.minutes
                                    ? ` · ${t("review.me.minutesChange", { from: minutesToHours(h.before.minutes), to: minutesToHours(h.after.minutes) })}`
                                    : ""}
                                  {h.reason ? <div className="muted">{h.reason}</div> : null}
                                </li>
                              ))}
                            </ol>
                          </details>
                        ) : null}
                        {r.status !== "DISPUTED" ? (
                          <details>
                            <summary>{t("review.me.requestCorrection")}</summary>
                            <Form method="post" noValidate>
                              <input type="hidden" name="intent" value="dispute" />
                              <input type="hidden" name="recordId" value={r.id} />
                              <label>
                                {t("review.me.requestReason")} <input name="reason" required minLength={5} maxLength={500} />
                              </label>
                              <button type="submit" className="button-small" disabled={busy}>
                                {t("common.actions.submit")}
                              </button>
                            </Form>
                          </details>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination {...recordPages} />
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
