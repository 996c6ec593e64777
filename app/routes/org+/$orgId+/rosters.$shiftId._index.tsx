import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireOrgPermission, roleHas } from "~/modules/organizations/permissions.server";
import { confirmHours, getRoster, markAttendance, quarterHoursBelow, suggestedMinutes } from "~/modules/volunteering/attendance.server";
import { cancellationImpact, cancelShift, updateShift } from "~/modules/volunteering/shifts.server";
import { ConfirmPanel, type ConfirmStep } from "./__confirm";
import { PlaceCheckFields } from "./__place-check";
import { HoursSchema, ShiftUpdateSchema } from "~/modules/volunteering/schema";
import { loadOr4xx } from "~/modules/volunteering/http.server";
import { beijingTime } from "~/modules/volunteering/time";
import { HOURS_TOLERANCE_MINUTES, minutesToHours } from "~/modules/volunteering/types";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate, formatDateTime, isoDate } from "~/utils/format";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { prisma } from "~/utils/db.server";
import { countersignRoster } from "~/modules/volunteering/checkin.server";
import { maxMinutesFor } from "~/modules/volunteering/hours-rules.server";
import { SubmitButton } from "~/components/submit-button";
import { maskPhone } from "~/modules/accounts/mask";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("volunteering.org.roster", (d) => d?.shift?.project?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:rosters");
  // Phones and real names in clear only for the organization's own members.
  const clear = access.role !== null;
  const { shift, rows, countersign } = await loadOr4xx(() => getRoster(access.orgId, params.shiftId ?? "", { clear }));
  // Issue 15.1: the static code is gone; the rotating code has its own page (not for a cancelled
  // or countersigned shift, #12.7a). Nobody countersigns or shows the code of a shift they volunteer on.
  const onShift = rows.some((r) => r.userId === access.user.id && (r.status === "CONFIRMED" || r.status === "ATTENDED" || r.status === "NO_SHOW"));
  const organizer = roleHas(access.role, "org:volunteering") && !onShift;
  // Mobile numbers in full only for roles that run volunteers ("org:volunteering"), never a plain member.
  const phones = roleHas(access.role, "org:volunteering");
  return {
    orgId: access.orgId,
    canAct: clear,
    // Check-out and hours need a second person with "org:volunteering" (ADR 007); members check in.
    canConfirm: roleHas(access.role, "org:volunteering"),
    phones,
    showCode: organizer && shift.status === "OPEN" && !countersign,
    canCountersign: organizer && shift.status === "OPEN" && !countersign && shift.startsAt.getTime() <= Date.now(),
    countersign,
    shift: { ...shift, checkInCode: null, started: shift.startsAt.getTime() <= Date.now() },
    rows: rows.map(({ userId, ...r }) => ({
      ...r,
      phone: phones ? r.phone : maskPhone(r.phone),
      self: userId === access.user.id,
      suggestedHours: minutesToHours(suggestedMinutes(r, shift, r.source)),
      maxHours: minutesToHours(quarterHoursBelow(maxMinutesFor(r.source, r, shift))),
    })),
  };
}

const id = z.string().min(1).max(40);
const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["checkIn", "checkOut", "noShow"]), signupId: id }),
  z.object({ intent: z.literal("confirmHours"), signupId: id }).passthrough(),
  z.object({ intent: z.literal("updateShift") }).passthrough(),
  z.object({ intent: z.literal("cancelShift") }),
  z.object({ intent: z.literal("countersign") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:rosters");
  const shiftId = params.shiftId ?? "";
  const here = `/org/${access.orgId}/rosters/${shiftId}`;
  const values = formToObject(await readFormData(request));
  const parsedIntent = IntentSchema.safeParse(values);
  invariantResponse(parsedIntent.success, 400);
  const intent = parsedIntent.data;
  // A sign-up id from another shift of this organization would still be scoped by org, but keep
  // the page honest: the row must belong to the shift shown.
  if (intent.intent === "countersign") {
    invariantResponse(roleHas(access.role, "org:volunteering"), 403, "hours.errors.coordinatorOnly");
    const res = await runAction(values, () => countersignRoster(access.orgId, access.user.id, shiftId));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, here, "checkin.flash.countersigned", { confirmed: res.value.confirmed.length, left: res.value.left.length });
  }
  if (intent.intent !== "updateShift" && intent.intent !== "cancelShift") {
    const ok = await prisma.shiftSignup.count({ where: { id: intent.signupId, shiftId, shift: { project: { orgId: access.orgId } } } });
    invariantResponse(ok === 1, 404);
  }
  // Members may check volunteers in and mark no-shows; what bounds or sets hours needs "org:volunteering".
  if (intent.intent === "checkOut" || intent.intent === "confirmHours") invariantResponse(roleHas(access.role, "org:volunteering"), 403, "hours.errors.coordinatorOnly");
  if (intent.intent === "checkIn" || intent.intent === "checkOut" || intent.intent === "noShow") {
    const res = await runAction(values, () => markAttendance(access.orgId, access.user.id, intent.signupId, intent.intent));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, here, "volunteering.flash.attendance");
  }
  if (intent.intent === "confirmHours") {
    const parsed = parseWithSchema(HoursSchema, values);
    if (!parsed.ok) return data({ ...parsed.reply, formError: parsed.reply.fieldErrors?.hours ?? parsed.reply.fieldErrors?.role }, { status: 400 });
    const res = await runAction(values, () => confirmHours(access.orgId, access.user.id, intent.signupId, parsed.data));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, here, "volunteering.flash.hoursConfirmed");
  }
  invariantResponse(roleHas(access.role, "org:projects") && access.orgStatus === "APPROVED", 403);
  if (intent.intent === "cancelShift") {
    if (values.confirm !== "yes") {
      const impact = await loadOr4xx(() => cancellationImpact(access.orgId, { shiftId }));
      return data({ confirm: { intent: "cancelShift", fields: {}, impact } satisfies ConfirmStep });
    }
    const res = await runAction(values, () => cancelShift(access.orgId, shiftId, access.user.id));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, here, "volunteering.flash.shiftCancelled", { count: res.value.told });
  }
  const parsed = parseWithSchema(ShiftUpdateSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => updateShift(access.orgId, shiftId, access.user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, here, "volunteering.flash.shiftUpdated");
}

export default function Roster() {
  const { orgId, canAct, canConfirm, phones, showCode, canCountersign, countersign, shift, rows } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (FormReply & { values?: Record<string, unknown>; confirm?: ConfirmStep }) | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const editing = reply?.values?.intent === "updateShift";
  return (
    <div className="cards cards-one">
      <section className="card">
        <p>
          <Link to={`/org/${orgId}/projects/${shift.project.id}`}>← {t("volunteering.org.back")}</Link>
        </p>
        <div className="page-head">
          <h2>
            {shift.project.title} · {formatDate(shift.startsAt, locale)} {beijingTime(shift.startsAt)}–{beijingTime(shift.endsAt)}
          </h2>
          <span className={`status status-${shift.status}`}>{t(`volunteering.shiftStatuses.${shift.status}`)}</span>
        </div>
        <p>
          {shift.place} · {t("volunteering.project.placesValue", { taken: shift.taken, capacity: shift.capacity })}
          {shift.requiredSkill ? ` · ${t("volunteering.project.requiredSkill", { skill: shift.requiredSkill })}` : ""}
        </p>
        {/* Issue 15.1: place check, coverage, the rotating code and the countersignature. */}
        <p className="muted small" data-testid="place-check">
          {shift.radiusMeters !== null ? t("checkin.roster.placeChecked", { radius: shift.radiusMeters }) : t("checkin.roster.noPlaceCheck")} · {t("checkin.roster.coverage", { percent: shift.minCoveragePercent })}
        </p>
        {showCode ? (
          <p>
            <Link className="button" to={`/org/${orgId}/rosters/${shift.id}/code`} data-testid="show-code">
              {t("checkin.roster.showCode")}
            </Link>
          </p>
        ) : null}
        {countersign ? (
          <p className="tag" data-testid="countersigned">
            {t("checkin.roster.countersigned", { name: countersign.by, time: formatDateTime(countersign.at, locale) })}
          </p>
        ) : canCountersign ? (
          <Form method="post" className="inline-form" aria-label={t("checkin.roster.countersign")}>
            <input type="hidden" name="intent" value="countersign" />
            <SubmitButton disabled={busy}>{t("checkin.roster.countersign")}</SubmitButton>
            <p className="muted small">{t("checkin.roster.countersignHint")}</p>
          </Form>
        ) : null}
        {shift.status === "CANCELLED" && canAct ? <p className="muted">{t("newcomer.cancelledShift")}</p> : null}
        {reply?.confirm ? <ConfirmPanel step={reply.confirm} question="newcomer.confirm.cancelShift" /> : null}
        {!editing && !reply?.confirm ? <FormError reply={reply} /> : null}
        <div className="button-row">
          <a className="button button-secondary" href={`/org/${orgId}/rosters/${shift.id}/export`} download>
            {t("volunteering.org.exportRoster")}
          </a>
        </div>
        {phones ? (
          <form method="post" action={`/org/${orgId}/rosters/${shift.id}/export`} className="inline-form" aria-label={t("privacy.roster.exportWithPhones")}>
            <label>
              {t("privacy.roster.reason")} <input name="reason" required minLength={4} maxLength={200} aria-describedby="export-reason-hint" />
            </label>{" "}
            <button type="submit" className="button-secondary button-small">
              {t("privacy.roster.exportWithPhones")}
            </button>
            <p id="export-reason-hint" className="muted small">
              {t("privacy.roster.reasonHint")}
            </p>
          </form>
        ) : (
          <p className="muted small">{t("privacy.roster.phonesMasked")}</p>
        )}
      </section>

      <section className="card">
        <h2>{t("volunteering.org.roster")}</h2>
        {canAct && !canConfirm ? <p className="muted">{t("hours.roster.coordinatorOnly")}</p> : null}
        {rows.length === 0 ? (
          <p className="muted">{t("volunteering.org.noSignups")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("volunteering.org.name")}</th>
                  <th>{t("volunteering.org.phone")}</th>
                  <th>{t("common.status")}</th>
                  <th>{t("volunteering.org.checkedIn")}</th>
                  <th>{t("volunteering.org.checkedOut")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid={`signup-${r.id}`}>
                    <td>{r.name}</td>
                    <td>{r.phone}</td>
                    <td>
                      {t(`volunteering.signupStatuses.${r.status}`)}
                      {r.waitlistPosition ? ` #${r.waitlistPosition}` : ""}
                    </td>
                    <td>{r.checkedInAt ? formatDateTime(r.checkedInAt, locale) : ""}</td>
                    <td>
                      {r.checkedOutAt ? formatDateTime(r.checkedOutAt, locale) : ""}
                      {r.status === "ATTENDED" ? (
                        <div className="muted small" data-testid={`source-${r.id}`}>
                          {(r.record?.source ?? r.source) === "MANUAL" ? t("checkin.manual") : t("checkin.roster.byCode", { percent: r.coveragePercent })}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      {canAct && !r.self ? (
                        <div className="button-row">
                          {r.status === "CONFIRMED" || r.status === "NO_SHOW" ? <RowButton signupId={r.id} intent="checkIn" label={t("volunteering.org.checkIn")} busy={busy} /> : null}
                          {canConfirm && r.status === "ATTENDED" && !r.checkedOutAt && !r.record ? <RowButton signupId={r.id} intent="checkOut" label={t("volunteering.org.checkOut")} busy={busy} /> : null}
                          {r.status === "CONFIRMED" && shift.started ? <RowButton signupId={r.id} intent="noShow" label={t("volunteering.org.noShow")} busy={busy} /> : null}
                          {canConfirm && r.status === "ATTENDED" && !r.record && shift.started ? (
                            <Form method="post" className="inline-form" aria-label={t("volunteering.org.confirmHours")}>
                              <input type="hidden" name="intent" value="confirmHours" />
                              <input type="hidden" name="signupId" value={r.id} />
                              <label>
                                {t("volunteering.org.hoursLabel")} <input name="hours" type="number" step="0.25" min="0.25" max={r.maxHours} defaultValue={r.suggestedHours} className="input-hours" aria-describedby={`max-${r.id}`} />
                              </label>{" "}
                              <small className="muted" id={`max-${r.id}`}>
                                {t("hours.roster.maxHint", { hours: r.maxHours, tolerance: HOURS_TOLERANCE_MINUTES })}
                              </small>{" "}
                              <label>
                                {t("volunteering.org.role")} <input name="role" defaultValue={t("volunteering.org.defaultRole")} maxLength={30} className="input-role" />
                              </label>{" "}
                              <SubmitButton className="button-small" disabled={busy}>
                                {t("volunteering.org.confirmHours")}
                              </SubmitButton>
                            </Form>
                          ) : null}
                          {r.record ? <span className="tag">{t("volunteering.org.confirmed", { hours: minutesToHours(r.record.minutes) })}</span> : null}
                          {r.record?.source === "MANUAL" ? <span className="tag">{t("checkin.manual")}</span> : null}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {canAct && shift.status === "OPEN" && !shift.started ? (
        <section className="card">
          <h2>{t("volunteering.org.editShift")}</h2>
          <Form method="post" noValidate>
            {editing ? <FormError reply={reply} /> : null}
            <input type="hidden" name="intent" value="updateShift" />
            <div className="form-grid">
              <TextField name="date" type="date" label={t("volunteering.shiftFields.date")} reply={editing ? reply : null} defaultValue={isoDate(shift.startsAt)} required />
              <TextField name="startTime" type="time" label={t("volunteering.shiftFields.startTime")} reply={editing ? reply : null} defaultValue={beijingTime(shift.startsAt)} required />
              <TextField name="endTime" type="time" label={t("volunteering.shiftFields.endTime")} reply={editing ? reply : null} defaultValue={beijingTime(shift.endsAt)} required />
              <TextField name="place" label={t("volunteering.shiftFields.place")} reply={editing ? reply : null} defaultValue={shift.place} required maxLength={200} />
              <TextField name="capacity" type="number" label={t("volunteering.shiftFields.capacity")} reply={editing ? reply : null} defaultValue={shift.capacity} required min={1} max={10000} />
              <TextField name="requiredSkill" label={t("volunteering.shiftFields.requiredSkill")} reply={editing ? reply : null} defaultValue={shift.requiredSkill ?? ""} maxLength={30} />
            </div>
            <PlaceCheckFields reply={editing ? reply : null} shift={shift} />
            <button type="submit" disabled={busy}>
              {t("volunteering.org.saveShift")}
            </button>
          </Form>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="cancelShift" />
            <button type="submit" className="button-danger" disabled={busy}>
              {t("volunteering.org.cancelShift")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

function RowButton({ signupId, intent, label, busy }: { signupId: string; intent: string; label: string; busy: boolean }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="signupId" value={signupId} />
      <SubmitButton className="button-small" disabled={busy}>
        {label}
      </SubmitButton>
    </Form>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
