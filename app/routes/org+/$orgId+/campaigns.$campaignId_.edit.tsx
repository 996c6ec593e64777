import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { updateCampaign } from "~/modules/campaigns/campaigns.server";
import { CAMPAIGN_ARRAY_FIELDS, campaignSchema } from "~/modules/campaigns/schema";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { CampaignForm } from "./__campaign-form";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.form.editTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const c = await prisma.campaign.findFirst({
    where: { id: params.campaignId ?? "", orgId: access.orgId },
    select: { id: true, kind: true, title: true, story: true, beneficiaryMasked: true, districtCode: true, goalFen: true, deadline: true, filingNumber: true, needId: true, budget: true, status: true, designatedPlatform: true, platformProjectId: true, platformUrl: true },
  });
  invariantResponse(c, 404);
  invariantResponse(c.status === "DRAFT" || c.status === "RETURNED", 409, "funding.errors.notEditable");
  const budget = ((c.budget as { item: string; amountFen: number }[]) ?? []).map((b) => ({ item: b.item, amount: (b.amountFen / 100).toFixed(2) }));
  return { defaults: { kind: c.kind, title: c.title, story: c.story, beneficiaryMasked: c.beneficiaryMasked, districtCode: c.districtCode, goal: (Number(c.goalFen) / 100).toFixed(2), deadline: c.deadline.toISOString().slice(0, 10), filingNumber: c.filingNumber, needId: c.needId, budget, designatedPlatform: c.designatedPlatform, platformProjectId: c.platformProjectId, platformUrl: c.platformUrl } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const values = formToObject(await readFormData(request), CAMPAIGN_ARRAY_FIELDS);
  const parsed = parseWithSchema(campaignSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => updateCampaign(access.orgId, params.campaignId ?? "", access.user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${access.orgId}/campaigns/${params.campaignId}`, "funding.flash.campaignUpdated");
}

export default function EditCampaign() {
  const { defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h2>{t("funding.form.editTitle")}</h2>
      <CampaignForm reply={reply} defaults={defaults} submitLabel={t("common.actions.save")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
