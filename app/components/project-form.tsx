import { Form, useNavigation } from "@remix-run/react";
import { Checkbox, FormError, SelectField, TextField } from "~/components/form";
import { DISTRICTS } from "~/modules/districts/districts";
import { SERVICE_AREAS } from "~/modules/organizations/schema";
import { useLocale, useT } from "~/modules/i18n/use-t";
import type { FormReply } from "~/utils/forms";

export type ProjectFormDefaults = Partial<{
  title: string;
  description: string;
  category: string;
  districtCode: string;
  address: string;
  startDate: string;
  endDate: string;
  skills: string;
  requirements: string | null;
  minAge: number | null;
  maxAge: number | null;
  contactName: string;
  contactPhone: string;
  contactPhonePublic: boolean;
  cancelCutoffHours: number;
}>;

/** The project form, shared by "post a project" and "edit project". */
export function ProjectForm({ reply, defaults = {}, submitLabel }: { reply?: FormReply | null; defaults?: ProjectFormDefaults; submitLabel: string }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" encType="multipart/form-data" noValidate>
      <FormError reply={reply} />
      <TextField name="title" label={t("volunteering.fields.title")} reply={reply} defaultValue={defaults.title} required maxLength={80} />
      <TextField name="description" label={t("volunteering.fields.description")} hint={t("volunteering.fields.descriptionHint")} reply={reply} defaultValue={defaults.description} required multiline rows={8} maxLength={5000} />
      <div className="form-grid">
        <SelectField
          name="category"
          label={t("volunteering.fields.category")}
          reply={reply}
          defaultValue={defaults.category}
          required
          emptyLabel="—"
          options={SERVICE_AREAS.map((v) => ({ value: v, label: t(`common.serviceAreas.${v}`) }))}
        />
        <SelectField
          name="districtCode"
          label={t("volunteering.fields.district")}
          reply={reply}
          defaultValue={defaults.districtCode}
          required
          emptyLabel="—"
          options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))}
        />
        <TextField name="address" label={t("volunteering.fields.address")} reply={reply} defaultValue={defaults.address} required maxLength={200} />
        <TextField name="startDate" type="date" label={t("volunteering.fields.startDate")} reply={reply} defaultValue={defaults.startDate} required />
        <TextField name="endDate" type="date" label={t("volunteering.fields.endDate")} reply={reply} defaultValue={defaults.endDate} required />
        <TextField name="skills" label={t("volunteering.fields.skills")} hint={t("volunteering.fields.skillsHint")} reply={reply} defaultValue={defaults.skills} maxLength={200} />
        <TextField name="minAge" type="number" label={t("volunteering.fields.minAge")} reply={reply} defaultValue={defaults.minAge} min={0} max={120} />
        <TextField name="maxAge" type="number" label={t("volunteering.fields.maxAge")} reply={reply} defaultValue={defaults.maxAge} min={0} max={120} />
        <TextField name="contactName" label={t("volunteering.fields.contactName")} reply={reply} defaultValue={defaults.contactName} required maxLength={30} />
        <TextField name="contactPhone" type="tel" label={t("volunteering.fields.contactPhone")} reply={reply} defaultValue={defaults.contactPhone} required maxLength={20} />
        <TextField name="cancelCutoffHours" type="number" label={t("volunteering.fields.cancelCutoffHours")} reply={reply} defaultValue={defaults.cancelCutoffHours ?? 24} required min={0} max={168} />
      </div>
      <Checkbox name="contactPhonePublic" label={t("privacy.contact.projectPhonePublic")} hint={t("privacy.contact.projectPhonePublicHint")} reply={reply} defaultValue={defaults.contactPhonePublic} />
      <TextField name="requirements" label={t("volunteering.fields.requirements")} hint={t("volunteering.fields.requirementsHint")} reply={reply} defaultValue={defaults.requirements} maxLength={500} />
      <div className={`field${reply?.fieldErrors?.cover ? " field-invalid" : ""}`}>
        <label htmlFor="project-cover">{t("volunteering.fields.cover")}</label>
        <input id="project-cover" type="file" name="cover" accept="image/png,image/jpeg,image/webp" aria-invalid={reply?.fieldErrors?.cover ? true : undefined} />
        {reply?.fieldErrors?.cover ? (
          <p className="field-error" role="alert">
            {t(reply.fieldErrors.cover)}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
