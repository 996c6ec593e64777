import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { proposeNeed } from "~/modules/needs/needs.server";
import { NEED_ARRAY_FIELDS, NeedSchema } from "~/modules/needs/schema";
import { NeedForm } from "~/components/need-form";
import { prisma } from "~/utils/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("needs.org.proposeTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:needs", { requireApproved: true });
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { districtCode: true } });
  return { defaults: { districtCode: org.districtCode } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:needs", { requireApproved: true });
  const values = formToObject(await readFormData(request), NEED_ARRAY_FIELDS);
  const parsed = parseWithSchema(NeedSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const result = await runAction(values, () => proposeNeed(access.orgId, access.user.id, parsed.data));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/needs`, "needs.flash.proposed");
}

export default function ProposeNeed() {
  const t = useT();
  const { defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  return (
    <section className="form-card">
      <h2>{t("needs.org.proposeTitle")}</h2>
      <p className="muted">{t("needs.org.proposeIntro")}</p>
      <NeedForm reply={reply} defaults={defaults} submitLabel={t("needs.org.submitProposal")} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
