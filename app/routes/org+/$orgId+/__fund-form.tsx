import { Form } from "@remix-run/react";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";
import { DISTRICTS } from "~/modules/districts/districts";
import type { FormReply } from "~/utils/forms";
import { CheckboxGroup, FormError, TextField } from "~/components/form";
import { useLocale, useT } from "~/modules/i18n/use-t";

export type FundFormDefaults = Partial<{ name: string; purpose: string; beneficiaryGroups: string[]; districtCodes: string[]; startDate: string; filingNumber: string | null }>;

/** The fund form, shared by "new fund" and "edit draft / returned fund". */
export function FundForm({ reply, defaults = {}, submitLabel }: { reply?: FormReply; defaults?: FundFormDefaults; submitLabel: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="post" className="card form-card">
      <FormError reply={reply} />
      <TextField name="name" label={t("funding.form.fundName")} reply={reply} defaultValue={defaults.name} required maxLength={60} />
      <TextField name="purpose" label={t("funding.form.fundPurpose")} reply={reply} defaultValue={defaults.purpose} required multiline rows={5} maxLength={2000} />
      <CheckboxGroup name="beneficiaryGroups" label={t("funding.form.fundGroups")} reply={reply} defaultValue={defaults.beneficiaryGroups} options={BENEFICIARY_GROUPS.map((g) => ({ value: g, label: t(`common.beneficiaryGroups.${g}`) }))} />
      <CheckboxGroup name="districtCodes" label={t("funding.form.fundDistricts")} reply={reply} defaultValue={defaults.districtCodes} options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))} />
      <TextField name="startDate" type="date" label={t("funding.form.fundStart")} reply={reply} defaultValue={defaults.startDate} required />
      <TextField name="filingNumber" label={t("qualification.funds.filingNumber")} hint={t("qualification.filing.hint")} reply={reply} defaultValue={defaults.filingNumber ?? ""} maxLength={60} />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
