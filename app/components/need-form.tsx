import { Form, useNavigation } from "@remix-run/react";
import { CheckboxGroup, FormError, SelectField, TextField, valueOf } from "~/components/form";
import { DISTRICTS } from "~/modules/districts/districts";
import { useLocale, useT } from "~/modules/i18n/use-t";
import type { FormReply } from "~/utils/forms";
import { NEED_CATEGORIES, NEED_URGENCIES } from "~/modules/needs/types";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";
import { MAX_GOODS_LINES } from "~/modules/needs/schema";

/** The need form, shared by staff (post) and organizations (propose). No JavaScript needed. */
export function NeedForm({ reply, submitLabel, defaults = {} }: { reply?: FormReply | null; submitLabel: string; defaults?: Record<string, unknown> }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const goodsError = reply?.fieldErrors?.goods;
  return (
    <Form method="post" noValidate className="need-form">
      <p className="form-error" role="note">
        {t("needs.fields.privacyWarning")}
      </p>
      <FormError reply={reply} />
      <TextField name="title" label={t("needs.fields.title")} reply={reply} required maxLength={80} defaultValue={defaults.title} />
      <TextField name="description" label={t("needs.fields.description")} hint={t("needs.fields.descriptionHint")} reply={reply} required multiline rows={6} maxLength={3000} defaultValue={defaults.description} />
      <div className="form-grid">
        <SelectField name="category" label={t("needs.fields.category")} reply={reply} required emptyLabel="" options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`needs.categories.${c}`) }))} defaultValue={defaults.category} />
        <SelectField name="urgency" label={t("needs.fields.urgency")} reply={reply} options={NEED_URGENCIES.map((u) => ({ value: u, label: t(`needs.urgencies.${u}`) }))} defaultValue={defaults.urgency ?? "NORMAL"} />
        <SelectField name="districtCode" label={t("needs.fields.district")} reply={reply} required emptyLabel="" options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))} defaultValue={defaults.districtCode} />
        <TextField name="town" label={t("needs.fields.town")} reply={reply} maxLength={40} defaultValue={defaults.town} />
        <TextField name="village" label={t("needs.fields.village")} reply={reply} maxLength={40} defaultValue={defaults.village} />
        <TextField name="peopleAffected" type="number" min={1} label={t("needs.fields.peopleAffected")} reply={reply} defaultValue={defaults.peopleAffected} />
        <TextField name="deadline" type="date" label={t("needs.fields.deadline")} reply={reply} defaultValue={defaults.deadline} />
      </div>
      <CheckboxGroup name="beneficiaryGroups" label={t("needs.fields.beneficiaryGroups")} reply={reply} options={BENEFICIARY_GROUPS.map((g) => ({ value: g, label: t(`common.beneficiaryGroups.${g}`) }))} defaultValue={defaults.beneficiaryGroups} />
      <fieldset className="field">
        <legend>{t("needs.fields.wants")}</legend>
        <div className="form-grid">
          <TextField name="wantVolunteers" type="number" min={1} label={t("needs.fields.wantVolunteers")} reply={reply} defaultValue={defaults.wantVolunteers} />
          <TextField name="wantMoneyYuan" label={t("needs.fields.wantMoneyYuan")} reply={reply} defaultValue={defaults.wantMoneyYuan} />
        </div>
        <fieldset className={`field${goodsError ? " field-invalid" : ""}`}>
          <legend>{t("needs.fields.goods")}</legend>
          {goodsError ? (
            <p className="field-error" role="alert">
              {t(goodsError)}
            </p>
          ) : null}
          {Array.from({ length: MAX_GOODS_LINES }, (_, i) => (
            <div className="form-grid goods-line" key={i}>
              <input aria-label={`${t("needs.fields.goodsName")} ${i + 1}`} name={`goodsName${i}`} maxLength={40} placeholder={t("needs.fields.goodsName")} defaultValue={valueOf(reply, `goodsName${i}`)} />
              <input aria-label={`${t("needs.fields.goodsQuantity")} ${i + 1}`} name={`goodsQuantity${i}`} type="number" min={1} placeholder={t("needs.fields.goodsQuantity")} defaultValue={valueOf(reply, `goodsQuantity${i}`)} />
              <input aria-label={`${t("needs.fields.goodsUnit")} ${i + 1}`} name={`goodsUnit${i}`} maxLength={10} placeholder={t("needs.fields.goodsUnit")} defaultValue={valueOf(reply, `goodsUnit${i}`)} />
            </div>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>{t("needs.fields.produce")}</legend>
          <div className="form-grid">
            <TextField name="produceName" label={t("needs.fields.produceName")} reply={reply} maxLength={40} />
            <TextField name="produceQuantity" type="number" min={1} label={t("needs.fields.produceQuantity")} reply={reply} />
            <TextField name="produceUnit" label={t("needs.fields.produceUnit")} reply={reply} maxLength={10} />
            <TextField name="producePriceYuan" label={t("needs.fields.producePriceYuan")} reply={reply} />
          </div>
        </fieldset>
      </fieldset>
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
