import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { updateOrganization } from "~/modules/organizations/organizations.server";
import { readOrganizationForm } from "~/modules/organizations/form.server";
import { OrganizationForm } from "~/components/org-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { prisma } from "~/utils/db.server";
import { isoDate } from "~/utils/format";
import { invariantResponse, redirectWithFlash, runAction } from "~/utils/responses.server";
import type { FormReply } from "~/utils/forms";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("orgs.form.editTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:edit");
  const org = await prisma.organization.findUniqueOrThrow({
    where: { id: access.orgId },
    select: { id: true, name: true, creditCode: true, type: true, status: true, districtCode: true, address: true, contactName: true, contactPhone: true, contactPhonePublic: true, foundedOn: true, mission: true, serviceAreas: true, website: true, isVolunteerGroup: true },
  });
  return { org: { ...org, foundedOn: isoDate(org.foundedOn) } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:edit");
  invariantResponse(access.orgStatus !== "REJECTED" && access.orgStatus !== "REVOKED", 403);
  const form = await readOrganizationForm(request);
  if (!form.ok) return data(form.reply, { status: 400 });
  const resubmit = form.formData.get("intent") === "resubmit";
  const result = await runAction(form.values, () => updateOrganization(access.orgId, access.user.id, form.data, { resubmit, logo: form.logo }));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}`, result.value.resubmitted ? "orgs.form.resubmitted" : "common.flash.saved");
}

export default function EditOrganization() {
  const { org } = useLoaderData<typeof loader>();
  const t = useT();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const locked = org.status === "APPROVED" || org.status === "SUSPENDED";
  return (
    <div className="form-card">
      <h2>{t("orgs.form.editTitle")}</h2>
      <OrganizationForm
        reply={reply}
        defaults={org}
        identityLocked={locked}
        submitLabel={t("orgs.form.save")}
        extraSubmit={org.status === "RETURNED" ? { name: "intent", value: "resubmit", label: t("orgs.form.resubmit") } : undefined}
      />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
