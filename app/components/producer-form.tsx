import { Form } from "@remix-run/react";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { DISTRICTS } from "~/modules/districts/districts";
import { useLocale, useT } from "~/modules/i18n/use-t";
import type { FormReply } from "~/utils/forms";
import { PRODUCER_KINDS } from "~/modules/producers/rules";
import type { ProducerFormDefaults } from "~/modules/producers/types";

/**
 * The producer registration form, shared by "register" and "edit / resubmit". Aided districts come
 * first in the district list (the 832 rule); households are entered only when registering (the
 * overview adds more later).
 */
export function ProducerForm({
  reply,
  defaults = {},
  identityLocked = false,
  withHouseholds = false,
  submitLabel,
  extraSubmit,
}: {
  reply?: FormReply | null;
  defaults?: ProducerFormDefaults;
  identityLocked?: boolean;
  withHouseholds?: boolean;
  submitLabel: string;
  extraSubmit?: { name: string; value: string; label: string };
}) {
  const t = useT();
  const locale = useLocale();
  const districts = [...DISTRICTS].sort((a, b) => Number(b.keyPovertyCounty) - Number(a.keyPovertyCounty));
  return (
    <Form method="post" noValidate>
      <FormError reply={reply} />
      <div className="form-grid">
        <TextField name="name" label={t("producers.form.name")} reply={reply} defaultValue={defaults.name} required maxLength={100} />
        <SelectField
          name="kind"
          label={t("producers.form.kind")}
          reply={reply}
          defaultValue={defaults.kind}
          required
          emptyLabel="—"
          options={PRODUCER_KINDS.map((k) => ({
            value: k,
            label: t(`producers.kinds.${k}`),
          }))}
        />
        <TextField name="creditCode" label={t("producers.form.creditCode")} hint={t("producers.form.creditCodeHint")} reply={reply} defaultValue={defaults.creditCode ?? ""} maxLength={18} />
        <SelectField
          name="districtCode"
          label={t("producers.form.district")}
          hint={t("producers.form.districtHint")}
          reply={reply}
          defaultValue={defaults.districtCode}
          required
          emptyLabel="—"
          options={districts.map((d) => ({
            value: d.code,
            label: locale === "en" ? d.nameEn : d.name,
          }))}
        />
        <TextField name="town" label={t("producers.form.town")} reply={reply} defaultValue={defaults.town ?? ""} required maxLength={50} />
        <TextField name="village" label={t("producers.form.village")} reply={reply} defaultValue={defaults.village ?? ""} maxLength={50} />
      </div>
      <TextField
        name="originStatement"
        multiline
        rows={2}
        label={t("producers.form.originStatement")}
        hint={t("producers.form.originHint")}
        reply={reply}
        defaultValue={defaults.originStatement ?? ""}
        maxLength={500}
      />
      {identityLocked ? <p className="field-hint">{t("producers.form.identityLocked")}</p> : null}
      <div className="form-grid">
        <TextField name="contactName" label={t("producers.form.contactName")} reply={reply} defaultValue={defaults.contactName} required maxLength={30} />
        <TextField
          name="contactPhone"
          type="tel"
          label={t("producers.form.contactPhone")}
          hint={t("producers.form.contactHint")}
          reply={reply}
          defaultValue={defaults.contactPhone}
          required
          maxLength={20}
        />
        <TextField
          name="householdCount"
          type="number"
          label={t("producers.form.householdCount")}
          hint={t("producers.form.householdCountHint")}
          reply={reply}
          defaultValue={defaults.householdCount ?? 0}
          min={0}
          max={999999}
        />
      </div>
      <TextField name="description" multiline rows={4} label={t("producers.form.description")} reply={reply} defaultValue={defaults.description ?? ""} maxLength={2000} />
      {withHouseholds ? <TextField name="households" multiline rows={5} label={t("producers.form.households")} hint={t("producers.form.householdsHint")} reply={reply} autoComplete="off" /> : null}
      <div className="button-row">
        <SubmitButton>{submitLabel}</SubmitButton>
        {extraSubmit ? (
          <SubmitButton name={extraSubmit.name} value={extraSubmit.value} className="button-secondary">
            {extraSubmit.label}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}
