import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { updateFund } from "~/modules/funds/funds.server";
import { FUND_ARRAY_FIELDS, fundSchema } from "~/modules/funds/schema";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { FundForm } from "./__fund-form";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("qualification.funds.editTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  invariantResponse(!access.viaStaff, 403);
  const f = await prisma.fund.findFirst({
    where: { id: params.fundId ?? "", orgId: access.orgId },
    select: { id: true, name: true, purpose: true, beneficiaryGroups: true, districtCodes: true, startDate: true, filingNumber: true, status: true },
  });
  invariantResponse(f, 404);
  invariantResponse(f.status === "DRAFT" || f.status === "RETURNED", 409, "funding.errors.notEditable");
  return { fund: { ...f, startDate: f.startDate.toISOString().slice(0, 10) } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const fundId = params.fundId ?? "";
  const values = formToObject(await readFormData(request), FUND_ARRAY_FIELDS);
  const parsed = parseWithSchema(fundSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => updateFund(access.orgId, fundId, access.user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${access.orgId}/funds/${fundId}`, "qualification.flash.fundDraftSaved");
}

export default function EditFund() {
  const { fund } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h2>{t("qualification.funds.editTitle", { name: fund.name })}</h2>
      <FundForm reply={reply} defaults={fund} submitLabel={t("qualification.funds.saveDraft")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
