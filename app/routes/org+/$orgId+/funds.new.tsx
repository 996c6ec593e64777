import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { createFund } from "~/modules/funds/funds.server";
import { BENEFICIARY_GROUPS, FUND_ARRAY_FIELDS, fundSchema } from "~/modules/funds/schema";
import { DISTRICTS } from "~/modules/districts/districts";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { CheckboxGroup, FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";

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
  return redirectWithFlash(request, `/org/${access.orgId}/funds/${res.value.id}`, "funding.flash.fundCreated");
}

export default function NewFund() {
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h2>{t("funding.org.newFund")}</h2>
      <Form method="post" className="card form-card">
        <FormError reply={reply} />
        <TextField name="name" label={t("funding.form.fundName")} reply={reply} required maxLength={60} />
        <TextField name="purpose" label={t("funding.form.fundPurpose")} reply={reply} required multiline rows={5} maxLength={2000} />
        <CheckboxGroup name="beneficiaryGroups" label={t("funding.form.fundGroups")} reply={reply} options={BENEFICIARY_GROUPS.map((g) => ({ value: g, label: t(`funding.groups.${g}`) }))} />
        <CheckboxGroup name="districtCodes" label={t("funding.form.fundDistricts")} reply={reply} options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))} />
        <TextField name="startDate" type="date" label={t("funding.form.fundStart")} reply={reply} required />
        <button type="submit" className="button">
          {t("funding.form.createFund")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
