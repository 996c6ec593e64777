import { Form, useNavigation } from "@remix-run/react";
import { Checkbox, CheckboxGroup, FormError, SelectField, TextField } from "~/components/form";
import { DISTRICTS } from "~/modules/districts/districts";
import { useLocale, useT } from "~/modules/i18n/use-t";
import type { FormReply } from "~/utils/forms";
import { MISSION_MIN_LENGTH, ORG_TYPES, SERVICE_AREAS } from "~/modules/organizations/schema";

export type OrgFormDefaults = Partial<{
  name: string;
  creditCode: string;
  type: string;
  districtCode: string;
  address: string;
  contactName: string;
  contactPhone: string;
  contactPhonePublic: boolean;
  foundedOn: string;
  mission: string;
  serviceAreas: string[];
  website: string | null;
  isVolunteerGroup: boolean;
}>;

/** The registration form, shared by "register" and "edit / resubmit". */
export function OrganizationForm({ reply, defaults = {}, identityLocked = false, submitLabel, extraSubmit }: { reply?: FormReply | null; defaults?: OrgFormDefaults; identityLocked?: boolean; submitLabel: string; extraSubmit?: { name: string; value: string; label: string } }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" encType="multipart/form-data" noValidate>
      <FormError reply={reply} />
      <div className="form-grid">
        <TextField name="name" label={t("orgs.form.name")} reply={reply} defaultValue={defaults.name} required maxLength={100} />
        <SelectField
          name="type"
          label={t("orgs.form.type")}
          reply={reply}
          defaultValue={defaults.type}
          required
          emptyLabel="—"
          options={ORG_TYPES.map((v) => ({ value: v, label: t(`orgs.types.${v}`) }))}
        />
        <TextField name="creditCode" label={t("orgs.form.creditCode")} hint={t("orgs.form.creditCodeHint")} reply={reply} defaultValue={defaults.creditCode} required maxLength={18} />
        <SelectField
          name="districtCode"
          label={t("orgs.form.district")}
          hint={t("crossRegion.orgFormHint")}
          reply={reply}
          defaultValue={defaults.districtCode}
          required
          emptyLabel="—"
          options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))}
        />
      </div>
      {identityLocked ? <p className="field-hint">{t("orgs.form.identityLocked")}</p> : null}
      <div className="form-grid">
        <TextField name="foundedOn" type="date" label={t("orgs.form.foundedOn")} reply={reply} defaultValue={defaults.foundedOn} required />
        <TextField name="address" label={t("orgs.form.address")} reply={reply} defaultValue={defaults.address} required maxLength={200} />
        <TextField name="contactName" label={t("orgs.form.contactName")} reply={reply} defaultValue={defaults.contactName} required maxLength={30} />
        <TextField name="contactPhone" type="tel" label={t("orgs.form.contactPhone")} reply={reply} defaultValue={defaults.contactPhone} required maxLength={20} />
      </div>
      <Checkbox name="contactPhonePublic" label={t("privacy.contact.orgPhonePublic")} hint={t("privacy.contact.orgPhonePublicHint")} reply={reply} defaultValue={defaults.contactPhonePublic} />
      <TextField name="mission" multiline rows={5} label={t("orgs.form.mission")} hint={t("newcomer.form.missionHint", { min: MISSION_MIN_LENGTH })} reply={reply} defaultValue={defaults.mission} required minLength={MISSION_MIN_LENGTH} maxLength={2000} />
      <CheckboxGroup name="serviceAreas" label={t("orgs.form.serviceAreas")} hint={t("newcomer.form.serviceAreasHint")} required reply={reply} defaultValue={defaults.serviceAreas ?? []} options={SERVICE_AREAS.map((v) => ({ value: v, label: t(`common.serviceAreas.${v}`) }))} />
      <TextField name="website" type="url" label={t("orgs.form.website")} reply={reply} defaultValue={defaults.website ?? ""} maxLength={200} />
      <Checkbox name="isVolunteerGroup" label={t("orgs.form.isVolunteerGroup")} reply={reply} defaultValue={defaults.isVolunteerGroup} />
      <p className="field-hint">{t("qualification.org.formHint")}</p>
      <div className="field">
        <label htmlFor="org-logo">{t("orgs.form.logo")}</label>
        <input id="org-logo" type="file" name="logo" accept="image/png,image/jpeg,image/webp" aria-describedby={reply?.fieldErrors?.logo ? "org-logo-error" : undefined} />
        {reply?.fieldErrors?.logo ? (
          <p id="org-logo-error" className="field-error" role="alert">
            {t(reply.fieldErrors.logo)}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        {extraSubmit ? (
          <button type="submit" name={extraSubmit.name} value={extraSubmit.value} className="button-secondary" disabled={busy}>
            {extraSubmit.label}
          </button>
        ) : null}
      </div>
    </Form>
  );
}
