import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { createActivity, createReliefProject, listActivities } from "~/modules/activities/activities.server";
import { ACTIVITY_KINDS, SERVICE_AREAS, activitySchema, reliefProjectSchema } from "~/modules/activities/schema";
import { beneficiaryOptions } from "~/modules/beneficiaries/beneficiaries.server";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";
import { DISTRICTS, districtName } from "~/modules/districts/districts";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { formatDate } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxGroup, FormError, SelectField, TextField } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("stats.activities.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects");
  const page = pageFrom(request);
  const [list, people, org] = await Promise.all([
    listActivities(access.orgId, { page, pageSize: 50 }),
    beneficiaryOptions(access.orgId),
    prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { districtCode: true } }),
  ]);
  return { ...list, people, orgDistrict: org.districtCode };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects", { requireApproved: true });
  const values = formToObject(await readFormData(request), ["groups", "beneficiaryIds"]);
  if (values.intent === "project") {
    const parsed = parseWithSchema(reliefProjectSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const result = await runAction(values, () => createReliefProject(access.orgId, access.user.id, parsed.data));
    if (!result.ok) return result.response;
    return redirectWithFlash(request, `/org/${access.orgId}/activities`, "stats.activities.projectSaved");
  }
  const parsed = parseWithSchema(activitySchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const result = await runAction(values, () => createActivity(access.orgId, access.user.id, parsed.data));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/activities`, "stats.activities.saved");
}

export default function Activities() {
  const { rows, total, pagination, projects, people, orgDistrict } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const today = new Date().toISOString().slice(0, 10);
  const districtOptions = DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }));
  const projectReply = reply?.values?.intent === "project" ? reply : undefined;
  const activityReply = reply?.values?.intent === "project" ? undefined : reply;
  return (
    <div>
      <h2>{t("stats.activities.title")}</h2>
      <div className="table-wrap">
        <table className="data-table" data-testid="activities">
          <thead>
            <tr>
              <th scope="col">{t("stats.activities.heldOn")}</th>
              <th scope="col">{t("stats.activities.name")}</th>
              <th scope="col">{t("stats.activities.kind")}</th>
              <th scope="col">{t("common.district")}</th>
              <th scope="col">{t("stats.activities.project")}</th>
              <th scope="col">{t("stats.activities.participants")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{formatDate(r.heldOn, locale)}</td>
                <td>{r.title}</td>
                <td>{t(`stats.activityKinds.${r.kind}`)}</td>
                <td>{districtName(r.districtCode, locale)}</td>
                <td>{r.reliefProject?.name ?? ""}</td>
                <td className="num">{r.participants}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination {...pagination} />
      <div className="cards">
        <Form method="post" className="form-card">
          <h3>{t("stats.activities.new")}</h3>
          <input type="hidden" name="intent" value="activity" />
          <FormError reply={activityReply} />
          <TextField name="title" label={t("stats.activities.name")} reply={activityReply} required maxLength={100} />
          <SelectField name="kind" label={t("stats.activities.kind")} reply={activityReply} required options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`stats.activityKinds.${k}`) }))} />
          <TextField name="heldOn" type="date" label={t("stats.activities.heldOn")} reply={activityReply} required defaultValue={today} />
          <SelectField name="districtCode" label={t("common.district")} reply={activityReply} required defaultValue={orgDistrict} options={districtOptions} />
          <TextField name="place" label={t("stats.activities.place")} reply={activityReply} maxLength={100} />
          <SelectField name="reliefProjectId" label={t("stats.activities.project")} reply={activityReply} emptyLabel={t("stats.activities.noProject")} options={projects.map((p) => ({ value: p.id, label: p.name }))} />
          <TextField name="participants" type="number" min={0} label={t("stats.activities.participants")} reply={activityReply} required />
          <TextField name="volunteers" type="number" min={0} label={t("stats.activities.volunteers")} reply={activityReply} defaultValue="0" />
          <TextField name="staff" type="number" min={0} label={t("stats.activities.staff")} reply={activityReply} defaultValue="0" />
          <CheckboxGroup name="beneficiaryIds" label={t("stats.activities.beneficiaries")} reply={activityReply} options={people.map((p) => ({ value: p.id, label: `${p.name} ${p.idNumberMasked}` }))} />
          <TextField name="headCount" type="number" min={0} label={t("stats.activities.headCount")} reply={activityReply} />
          <CheckboxGroup name="groups" label={t("stats.activities.groups")} reply={activityReply} options={BENEFICIARY_GROUPS.map((g) => ({ value: g, label: t(`common.beneficiaryGroups.${g}`) }))} />
          <button type="submit" className="button">
            {t("common.actions.save")}
          </button>
        </Form>
        <Form method="post" className="form-card">
          <h3>{t("stats.activities.newProject")}</h3>
          <input type="hidden" name="intent" value="project" />
          <FormError reply={projectReply} />
          <TextField name="name" label={t("stats.activities.projectName")} reply={projectReply} required maxLength={100} />
          <SelectField name="category" label={t("stats.activities.kind")} reply={projectReply} required options={SERVICE_AREAS.map((k) => ({ value: k, label: t(`common.serviceAreas.${k}`) }))} />
          <SelectField name="districtCode" label={t("common.district")} reply={projectReply} required defaultValue={orgDistrict} options={districtOptions} />
          <TextField name="startsOn" type="date" label={t("stats.activities.startsOn")} reply={projectReply} required defaultValue={today} />
          <TextField name="endsOn" type="date" label={t("stats.activities.endsOn")} reply={projectReply} />
          <button type="submit" className="button">
            {t("common.actions.save")}
          </button>
        </Form>
      </div>
      <h3>{t("stats.activities.projects")}</h3>
      <ul className="plain-list">
        {projects.map((p) => (
          <li key={p.id}>
            {p.name} · {districtName(p.districtCode, locale)} · {formatDate(p.startsOn, locale)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
