import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { assertQualified, createCampaign } from "~/modules/campaigns/campaigns.server";
import { CAMPAIGN_ARRAY_FIELDS, campaignSchema } from "~/modules/campaigns/schema";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { AppError } from "~/utils/errors";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { CampaignForm } from "./__campaign-form";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.form.createTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  try {
    await assertQualified(prisma, access.orgId);
  } catch (e) {
    if (e instanceof AppError) throw new Response(JSON.stringify({ messageKey: e.messageKey }), { status: 403, headers: { "Content-Type": "application/json" } });
    throw e;
  }
  return {};
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const values = formToObject(await readFormData(request), CAMPAIGN_ARRAY_FIELDS);
  const parsed = parseWithSchema(campaignSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  // The service refuses organizations without public-fundraising qualification (403).
  const res = await runAction(values, () => createCampaign(access.orgId, access.user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${access.orgId}/campaigns/${res.value.id}`, "funding.flash.campaignCreated");
}

export default function NewCampaign() {
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h2>{t("funding.form.createTitle")}</h2>
      <CampaignForm reply={reply} submitLabel={t("funding.form.save")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
