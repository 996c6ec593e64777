import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { getOrgProject, updateProject } from "~/modules/volunteering/projects.server";
import { readProjectForm } from "~/modules/volunteering/form.server";
import { ProjectSchema } from "~/modules/volunteering/schema";
import { ProjectForm } from "~/components/project-form";
import { loadOr4xx } from "~/modules/volunteering/http.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { redirectWithFlash, runAction } from "~/utils/responses.server";
import type { FormReply } from "~/utils/forms";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("volunteering.org.editProject");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects", { requireApproved: true });
  const p = await loadOr4xx(() => getOrgProject(access.orgId, params.projectId ?? ""));
  return {
    defaults: {
      title: p.title,
      description: p.description,
      category: p.category,
      districtCode: p.districtCode,
      address: p.address,
      startDate: p.startDate.toISOString().slice(0, 10),
      endDate: p.endDate.toISOString().slice(0, 10),
      skills: p.skills.join("、"),
      requirements: p.requirements,
      minAge: p.minAge,
      maxAge: p.maxAge,
      contactName: p.contactName,
      contactPhone: p.contactPhone,
      contactPhonePublic: p.contactPhonePublic,
      cancelCutoffHours: p.cancelCutoffHours,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects", { requireApproved: true });
  const projectId = params.projectId ?? "";
  const form = await readProjectForm(request, ProjectSchema);
  if (!form.ok) return data(form.reply, { status: 400 });
  const result = await runAction(form.values, () => updateProject(access.orgId, projectId, access.user.id, form.data, form.cover));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/projects/${projectId}`, "volunteering.flash.projectUpdated");
}

export default function EditProject() {
  const t = useT();
  const { defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  return (
    <section className="form-card">
      <h2>{t("volunteering.org.editProject")}</h2>
      <ProjectForm reply={reply} defaults={defaults} submitLabel={t("common.actions.save")} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
