import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { FormError, SelectField, TextField } from "~/components/form";
import { DISTRICTS } from "~/modules/districts/districts";
import { BUDGET_ROWS, CAMPAIGN_KINDS } from "~/modules/campaigns/schema";
import type { FormReply } from "~/utils/forms";
import { PLATFORMS } from "~/modules/platforms/platforms";

export type CampaignDefaults = {
  kind?: string;
  title?: string;
  story?: string;
  beneficiaryMasked?: string;
  districtCode?: string;
  goal?: string;
  deadline?: string;
  filingNumber?: string;
  needId?: string | null;
  budget?: { item: string; amount: string }[];
  designatedPlatform?: string | null;
  platformProjectId?: string | null;
  platformUrl?: string | null;
};

export function CampaignForm({ reply, defaults = {}, submitLabel }: { reply?: FormReply | null; defaults?: CampaignDefaults; submitLabel: string }) {
  const t = useT();
  const locale = useLocale();
  const items = (reply?.values?.budgetItem as string[] | undefined) ?? defaults.budget?.map((b) => b.item) ?? [];
  const amounts = (reply?.values?.budgetAmount as string[] | undefined) ?? defaults.budget?.map((b) => b.amount) ?? [];
  const budgetError = reply?.fieldErrors?.budget;
  return (
    <Form method="post" className="card form-card">
      <FormError reply={reply} />
      <SelectField name="kind" label={t("funding.form.kind")} reply={reply} defaultValue={defaults.kind ?? "EMERGENCY"} required options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: t(`funding.kinds.${k}`) }))} />
      <TextField name="title" label={t("funding.form.title")} reply={reply} defaultValue={defaults.title} required maxLength={60} />
      <TextField name="beneficiaryMasked" label={t("funding.form.beneficiaryMasked")} reply={reply} defaultValue={defaults.beneficiaryMasked} required maxLength={20} />
      <SelectField name="districtCode" label={t("funding.form.district")} reply={reply} defaultValue={defaults.districtCode} required emptyLabel="" options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))} />
      <TextField name="story" label={t("funding.form.story")} hint={t("funding.form.storyHint")} reply={reply} defaultValue={defaults.story} required multiline rows={8} maxLength={5000} />
      <TextField name="goal" label={t("funding.form.goal")} reply={reply} defaultValue={defaults.goal} required />
      <TextField name="deadline" type="date" label={t("funding.form.deadline")} reply={reply} defaultValue={defaults.deadline} required />
      <TextField name="filingNumber" label={t("funding.form.filingNumber")} hint={t("funding.form.filingHint")} reply={reply} defaultValue={defaults.filingNumber} required maxLength={60} />
      <TextField name="needId" label={t("funding.form.needId")} reply={reply} defaultValue={defaults.needId ?? ""} maxLength={40} />
      <fieldset className="field">
        <legend>{t("platforms.form.legend")}</legend>
        <p className="field-hint">{t("platforms.form.hint")}</p>
        <SelectField
          name="designatedPlatform"
          label={t("platforms.form.platform")}
          reply={reply}
          defaultValue={defaults.designatedPlatform ?? ""}
          emptyLabel={t("platforms.form.none")}
          options={PLATFORMS.map((p) => ({ value: p.code, label: locale === "en" ? p.en : p.zh }))}
        />
        <TextField name="platformProjectId" label={t("platforms.form.projectId")} reply={reply} defaultValue={defaults.platformProjectId ?? ""} maxLength={64} />
        <TextField name="platformUrl" type="url" label={t("platforms.form.url")} hint={t("platforms.form.urlHint")} reply={reply} defaultValue={defaults.platformUrl ?? ""} maxLength={500} placeholder="https://" />
      </fieldset>
      <fieldset className={`field${budgetError ? " field-invalid" : ""}`}>
        <legend>{t("funding.form.budget")}</legend>
        <table>
          <thead>
            <tr>
              <th>{t("funding.campaign.budgetItem")}</th>
              <th>{t("funding.campaign.budgetAmount")}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: BUDGET_ROWS }, (_, i) => (
              <tr key={i}>
                <td>
                  <input name="budgetItem" aria-label={`${t("funding.campaign.budgetItem")} ${i + 1}`} defaultValue={items[i] ?? ""} maxLength={60} />
                </td>
                <td>
                  <input name="budgetAmount" aria-label={`${t("funding.campaign.budgetAmount")} ${i + 1}`} defaultValue={amounts[i] ?? ""} inputMode="decimal" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {budgetError ? (
          <p className="field-error" role="alert">
            {t(budgetError)}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
