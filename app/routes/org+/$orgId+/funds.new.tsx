import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { createFund } from "~/modules/funds/funds.server";
import { FUND_ARRAY_FIELDS, fundSchema } from "~/modules/funds/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { FundForm } from "./__fund-form";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.org.newFund");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrgPermission(request, params.orgId, "org:finance");
  return {};
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const values = formToObject(await readFormData(request), FUND_ARRAY_FIELDS);
  const parsed = parseWithSchema(fundSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => createFund(access.orgId, access.user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${access.orgId}/funds/${res.value.id}`, "qualification.flash.fundDraftSaved");
}

export default function NewFund() {
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h2>{t("funding.org.newFund")}</h2>
      <p className="muted">{t("qualification.funds.draftIntro")}</p>
      <FundForm reply={reply} submitLabel={t("qualification.funds.saveDraft")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
