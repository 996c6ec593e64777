import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireOrgPermission, roleHas } from "~/modules/organizations/permissions.server";
import { correctRecord, listOrgRecords } from "~/modules/volunteering/records.server";
import { CorrectionSchema, RecordFilterSchema } from "~/modules/volunteering/schema";
import { HOURS_TOLERANCE_MINUTES, minutesToHours } from "~/modules/volunteering/types";
import { maskName } from "~/modules/accounts/mask";
import { FormError } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { prisma } from "~/utils/db.server";
import { isoDate } from "~/utils/format";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("volunteering.org.records");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:rosters");
  const filter = RecordFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [{ rows, total, pagination, minutes }, projects] = await Promise.all([
    listOrgRecords(access.orgId, filter),
    prisma.volunteerProject.findMany({ where: { orgId: access.orgId }, select: { id: true, title: true }, orderBy: { startDate: "desc" }, take: 200 }),
  ]);
  const clear = access.role !== null;
  return {
    orgId: access.orgId,
    // Corrections need "org:volunteering" (a plain member only views), and never of one's own record.
    canAct: roleHas(access.role, "org:volunteering"),
    filter: { ...filter, page: pagination.page },
    pagination,
    projects,
    total,
    minutes,
    rows: rows.map(({ user, userId, ...r }) => ({ ...r, self: userId === access.user.id, name: clear ? (user.profile?.realName ?? "") : maskName(user.profile?.realName ?? "") })),
  };
}

const IntentSchema = z.object({ intent: z.literal("correct"), recordId: z.string().min(1).max(40) }).passthrough();

export async function action({ request, params }: ActionFunctionArgs) {
  // Corrections need the volunteering permission (decision 007): checked before anything is read.
  const access = await requireOrgPermission(request, params.orgId, "org:volunteering");
  const values = formToObject(await readFormData(request));
  const intent = IntentSchema.safeParse(values);
  invariantResponse(intent.success, 400);
  invariantResponse((await prisma.serviceRecord.count({ where: { id: intent.data.recordId, orgId: access.orgId } })) === 1, 404);
  const parsed = parseWithSchema(CorrectionSchema, values);
  if (!parsed.ok) return data({ ...parsed.reply, recordId: intent.data.recordId }, { status: 400 });
  const res = await runAction(values, () => correctRecord(access.orgId, access.user.id, intent.data.recordId, parsed.data));
  if (!res.ok) return res.response;
  const revised = res.value.certificates.length;
  return redirectWithFlash(request, new URL(request.url).pathname + new URL(request.url).search, revised ? "hours.records.corrected" : "volunteering.flash.corrected", { count: revised });
}

export default function ServiceRecords() {
  const { orgId, canAct, filter, pagination, projects, rows, total, minutes } = useLoaderData<typeof loader>();
  const actionReply = useActionData<typeof action>() as (FormReply & { recordId?: string; values?: { recordId?: unknown } }) | undefined;
  // A refusal from the service (own record, suspended organization…) carries the record in its values.
  const replyRecordId = actionReply?.recordId ?? (typeof actionReply?.values?.recordId === "string" ? actionReply.values.recordId : undefined);
  const reply = actionReply ? { ...actionReply, recordId: replyRecordId } : undefined;
  const shownInRow = canAct && rows.some((r) => r.id === replyRecordId && !r.self);
  const t = useT();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card">
      <div className="page-head">
        <h2>{t("volunteering.org.records")}</h2>
        <div className="button-row">
          <Link className="button button-secondary" to={`/org/${orgId}/projects`}>
            {t("volunteering.org.projectsTitle")}
          </Link>
          <Link className="button button-secondary" to={`/org/${orgId}/hours/review`}>
            {t("review.queue.openQueue")}
          </Link>
          <a className="button" href={`/org/${orgId}/service-records/export${location.search}`} download>
            {t("volunteering.org.exportRecords")}
          </a>
        </div>
      </div>
      <Form method="get" className="filters">
        <label>
          {t("volunteering.listing.from")} <input type="date" name="from" defaultValue={filter.from ?? ""} />
        </label>
        <label>
          {t("volunteering.listing.to")} <input type="date" name="to" defaultValue={filter.to ?? ""} />
        </label>
        <select name="projectId" defaultValue={filter.projectId ?? ""} aria-label={t("volunteering.me.project")}>
          <option value="">{t("volunteering.org.allProjects")}</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
        <select name="status" defaultValue={filter.status ?? ""} aria-label={t("common.status")}>
          <option value="">{t("volunteering.org.allStatuses")}</option>
          {(["CONFIRMED", "DISPUTED", "CORRECTED"] as const).map((s) => (
            <option key={s} value={s}>
              {t(`volunteering.recordStatuses.${s}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t("volunteering.org.filter")}</button>
      </Form>
      {reply && !shownInRow ? <FormError reply={reply} /> : null}
      <p className="muted">{t("volunteering.org.totalsLine", { people: total, hours: minutesToHours(minutes) })}</p>
      {rows.length === 0 ? (
        <p className="muted">{t("common.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("volunteering.me.date")}</th>
                <th>{t("volunteering.org.name")}</th>
                <th>{t("volunteering.me.project")}</th>
                <th>{t("volunteering.me.role")}</th>
                <th>{t("volunteering.me.hours")}</th>
                <th>{t("volunteering.me.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{isoDate(r.serviceDate)}</td>
                  <td>{r.name}</td>
                  <td>{r.project.title}</td>
                  <td>{r.role}</td>
                  <td>{minutesToHours(r.minutes)}</td>
                  <td>
                    <span className={`status status-${r.status}`}>{t(`volunteering.recordStatuses.${r.status}`)}</span>{" "}
                    <span className={`status status-${r.standing}`}>
                      {r.standing === "NOTICE" && r.noticeEndsAt && new Date(r.noticeEndsAt) > new Date()
                        ? t("review.standing.noticeUntil", { date: isoDate(r.noticeEndsAt) })
                        : r.standing === "NOTICE"
                          ? t("review.standing.COUNTED")
                          : t(`review.standing.${r.standing}`)}
                    </span>
                    {r.source === "MANUAL" ? <span className="tag">{t("review.source.MANUAL")}</span> : null}
                    {r.disputeReason && r.status === "DISPUTED" ? <div className="muted">{t("volunteering.org.disputeReason")}：{r.disputeReason}</div> : null}
                    {r.correctionNote ? <div className="muted">{r.correctionNote}</div> : null}
                    {canAct && !r.self ? (
                      <details open={reply?.recordId === r.id}>
                        <summary>{t("volunteering.org.correct")}</summary>
                        <Form method="post" noValidate>
                          {reply?.recordId === r.id ? <FormError reply={{ ...reply, formError: reply.formError ?? Object.values(reply.fieldErrors ?? {})[0] }} /> : null}
                          <input type="hidden" name="intent" value="correct" />
                          <input type="hidden" name="recordId" value={r.id} />
                          <label>
                            {t("volunteering.org.hoursLabel")} <input name="hours" type="number" step="0.25" min="0" max="24" defaultValue={minutesToHours(r.minutes)} aria-describedby={`hint-${r.id}`} />
                          </label>
                          <small className="muted" id={`hint-${r.id}`}>
                            {t("hours.records.correctHint", { tolerance: HOURS_TOLERANCE_MINUTES })}
                          </small>
                          <label>
                            {t("volunteering.org.role")} <input name="role" defaultValue={r.role} maxLength={30} />
                          </label>
                          <label>
                            {t("volunteering.org.note")} <input name="note" required maxLength={500} />
                          </label>
                          <button type="submit" className="button-small" disabled={busy}>
                            {t("common.actions.save")}
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
      <Pagination {...pagination} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
