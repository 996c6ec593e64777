import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { getOrgProject, setProjectStatus } from "~/modules/volunteering/projects.server";
import { addShifts, cancellationImpact } from "~/modules/volunteering/shifts.server";
import { ConfirmPanel, type ConfirmStep } from "./__confirm";
import { PlaceCheckFields } from "./__place-check";
import { ShiftSchema } from "~/modules/volunteering/schema";
import { PROJECT_STATUSES, PROJECT_TRANSITIONS } from "~/modules/volunteering/types";
import { loadOr4xx } from "~/modules/volunteering/http.server";
import { beijingTime } from "~/modules/volunteering/time";
import { Markdown } from "~/modules/volunteering/markdown";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { districtName } from "~/modules/districts/districts";
import { formatDate } from "~/utils/format";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("volunteering.org.projectsTitle", (d) => d?.project?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects");
  const project = await loadOr4xx(() => getOrgProject(access.orgId, params.projectId ?? ""));
  return { orgId: access.orgId, canAct: access.role !== null && access.orgStatus === "APPROVED", project };
}

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("status"), status: z.enum(PROJECT_STATUSES) }),
  z.object({ intent: z.literal("addShift") }).passthrough(),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects", { requireApproved: true });
  const projectId = params.projectId ?? "";
  const values = formToObject(await readFormData(request));
  const intent = IntentSchema.safeParse(values);
  invariantResponse(intent.success, 400);
  const here = `/org/${access.orgId}/projects/${projectId}`;
  if (intent.data.intent === "status") {
    const to = intent.data.status;
    if (to === "CANCELLED" && values.confirm !== "yes") {
      const impact = await loadOr4xx(() => cancellationImpact(access.orgId, { projectId }));
      return data({ confirm: { intent: "status", fields: { status: to }, impact } satisfies ConfirmStep });
    }
    const res = await runAction(values, () => setProjectStatus(access.orgId, projectId, access.user.id, to));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, here, "volunteering.flash.statusChanged");
  }
  const parsed = parseWithSchema(ShiftSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => addShifts(access.orgId, projectId, access.user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, here, "volunteering.flash.shiftsAdded", { count: res.value.length });
}

const NEXT_LABEL = { PUBLISHED: "volunteering.org.publish", CLOSED: "volunteering.org.close", CANCELLED: "volunteering.org.cancelProject", DRAFT: "" } as const;

export default function OrgProject() {
  const { orgId, canAct, project } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (FormReply & { confirm?: ConfirmStep }) | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const next = PROJECT_TRANSITIONS[project.status];
  return (
    <div className="cards cards-one">
      <section className="card">
        <div className="page-head">
          <h2>{project.title}</h2>
          <span className={`status status-${project.status}`}>{t(`volunteering.statuses.${project.status}`)}</span>
        </div>
        {project.status === "DRAFT" ? <p className="muted">{t("volunteering.org.draftNote")}</p> : null}
        {reply?.confirm ? <ConfirmPanel step={reply.confirm} question="newcomer.confirm.cancelProject" /> : null}
        <FormError reply={reply?.confirm ? null : reply?.fieldErrors && Object.keys(reply.fieldErrors).length ? null : reply} />
        <dl className="dl">
          <dt>{t("volunteering.fields.category")}</dt>
          <dd>{t(`common.serviceAreas.${project.category}`)}</dd>
          <dt>{t("volunteering.fields.district")}</dt>
          <dd>
            {districtName(project.districtCode, locale)} · {project.address}
          </dd>
          <dt>{t("common.date")}</dt>
          <dd>{t("volunteering.listing.dates", { from: formatDate(project.startDate, locale), to: formatDate(project.endDate, locale) })}</dd>
          <dt>{t("volunteering.fields.cancelCutoffHours")}</dt>
          <dd>{project.cancelCutoffHours}</dd>
          {project.needId ? (
            <>
              <dt>{t("volunteering.fields.need")}</dt>
              <dd>{t("volunteering.org.needNote", { id: project.needId })}</dd>
            </>
          ) : null}
        </dl>
        <Markdown source={project.description} />
        {canAct ? (
          <div className="button-row">
            <Link className="button button-secondary" to={`/org/${orgId}/projects/${project.id}/edit`}>
              {t("volunteering.org.editProject")}
            </Link>
            {next.map((to) => (
              <Form method="post" key={to} className="inline-form">
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="status" value={to} />
                <button type="submit" className={to === "CANCELLED" ? "button-danger" : undefined} disabled={busy} title={to === "CANCELLED" ? t("volunteering.org.cancelProjectNote") : undefined}>
                  {t(project.status === "CLOSED" && to === "PUBLISHED" ? "volunteering.org.reopen" : NEXT_LABEL[to])}
                </button>
              </Form>
            ))}
            {project.status !== "DRAFT" ? (
              <Link className="button button-secondary" to={`/projects/${project.id}`}>
                {t("volunteering.org.viewPublic")}
              </Link>
            ) : null}
          </div>
        ) : null}
      </section>

      <section className="card">
        <h2>{t("volunteering.org.shifts")}</h2>
        {project.shifts.length === 0 ? (
          <p className="muted">{t("common.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("volunteering.project.time")}</th>
                  <th>{t("volunteering.project.place")}</th>
                  <th>{t("volunteering.project.places")}</th>
                  <th>{t("common.status")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {project.shifts.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {formatDate(s.startsAt, locale)} {beijingTime(s.startsAt)}–{beijingTime(s.endsAt)}
                    </td>
                    <td>
                      {s.place}
                      {s.requiredSkill ? <span className="tag">{s.requiredSkill}</span> : null}
                    </td>
                    <td>
                      {t("volunteering.project.placesValue", { taken: s.taken, capacity: s.capacity })}
                      {s._count.signups ? ` · ${t("volunteering.org.waitlisted", { count: s._count.signups })}` : ""}
                    </td>
                    <td>{t(`volunteering.shiftStatuses.${s.status}`)}</td>
                    <td>
                      <Link to={`/org/${orgId}/rosters/${s.id}`}>{t("volunteering.org.roster")}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canAct && (project.status === "DRAFT" || project.status === "PUBLISHED") ? (
          <Form method="post" noValidate aria-label={t("volunteering.org.addShift")}>
            <h3>{t("volunteering.org.addShift")}</h3>
            <input type="hidden" name="intent" value="addShift" />
            <div className="form-grid">
              <TextField name="date" type="date" label={t("volunteering.shiftFields.date")} hint={t("newcomer.form.shiftDateHint", { from: formatDate(project.startDate, locale), to: formatDate(project.endDate, locale) })} reply={reply} required />
              <TextField name="startTime" type="time" label={t("volunteering.shiftFields.startTime")} reply={reply} required />
              <TextField name="endTime" type="time" label={t("volunteering.shiftFields.endTime")} reply={reply} required />
              <TextField name="place" label={t("volunteering.shiftFields.place")} reply={reply} defaultValue={project.address} required maxLength={200} />
              <TextField name="capacity" type="number" label={t("volunteering.shiftFields.capacity")} reply={reply} defaultValue={10} required min={1} max={10000} />
              <TextField name="requiredSkill" label={t("volunteering.shiftFields.requiredSkill")} reply={reply} maxLength={30} />
              <TextField name="repeatWeeks" type="number" label={t("volunteering.shiftFields.repeatWeeks")} hint={t("volunteering.shiftFields.repeatHint")} reply={reply} defaultValue={1} required min={1} max={26} />
            </div>
            <PlaceCheckFields reply={reply} />
            <button type="submit" disabled={busy}>
              {t("volunteering.org.addShift")}
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
