import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { createProject } from "~/modules/volunteering/projects.server";
import { readProjectForm } from "~/modules/volunteering/form.server";
import { NewProjectSchema } from "~/modules/volunteering/schema";
import { ProjectForm } from "~/components/project-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { redirectWithFlash, runAction } from "~/utils/responses.server";
import type { FormReply } from "~/utils/forms";
import { prisma } from "~/utils/db.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("volunteering.org.newProject");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects", { requireApproved: true });
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { districtCode: true, contactName: true, contactPhone: true, contactPhonePublic: true } });
  return { defaults: { districtCode: org.districtCode, contactName: org.contactName, contactPhone: org.contactPhone, contactPhonePublic: org.contactPhonePublic } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects", { requireApproved: true });
  const form = await readProjectForm(request, NewProjectSchema);
  if (!form.ok) return data(form.reply, { status: 400 });
  const result = await runAction(form.values, () => createProject(access.orgId, access.user.id, form.data, form.cover));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/projects/${result.value.id}`, "volunteering.flash.projectCreated");
}

export default function NewProject() {
  const t = useT();
  const { defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  return (
    <section className="form-card">
      <h2>{t("volunteering.org.newProject")}</h2>
      <ProjectForm reply={reply} defaults={defaults} submitLabel={t("common.actions.save")} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
