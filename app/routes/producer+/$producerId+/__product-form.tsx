import { Form } from "@remix-run/react";
import { DISTRICTS } from "~/modules/districts/districts";
import { PRODUCT_CATEGORIES } from "~/modules/products/rules";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { useLocale, useT } from "~/modules/i18n/use-t";
import type { FormReply } from "~/utils/forms";

export type ProductDefaults = Partial<Record<"name" | "category" | "unit" | "spec" | "description" | "price" | "referencePrice" | "originDistrictCode" | "originPlace" | "season" | "certNumber" | "certExpiresOn", string>>;

/** The product's fields (new and edit). Prices are typed in yuan; the server converts them to fen. */
export function ProductForm({ reply, defaults, isNew, submitLabel, priceWarning }: { reply?: FormReply; defaults: ProductDefaults; isNew?: boolean; submitLabel: string; priceWarning?: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="post" className="form-card" aria-label={submitLabel}>
      <input type="hidden" name="intent" value="save" />
      <FormError reply={reply} />
      <TextField name="name" label={t("shop.products.fields.name")} reply={reply} defaultValue={defaults.name} required maxLength={60} />
      <SelectField name="category" label={t("shop.products.fields.category")} reply={reply} defaultValue={defaults.category} required emptyLabel="" options={PRODUCT_CATEGORIES.map((c) => ({ value: c, label: t(`shop.products.categories.${c}`) }))} />
      <div className="form-grid">
        <TextField name="unit" label={t("shop.products.fields.unit")} hint={t("shop.products.hints.unit")} reply={reply} defaultValue={defaults.unit} required maxLength={10} />
        <TextField name="spec" label={t("shop.products.fields.spec")} reply={reply} defaultValue={defaults.spec} maxLength={60} />
        <TextField name="price" label={t("shop.products.fields.price")} hint={t("shop.products.hints.price")} reply={reply} defaultValue={defaults.price} required maxLength={12} />
        <TextField name="referencePrice" label={t("shop.products.fields.referencePrice")} hint={t("shop.products.hints.referencePrice")} reply={reply} defaultValue={defaults.referencePrice} maxLength={12} />
      </div>
      {priceWarning ? (
        <p className="price-warning" role="status" data-testid="price-warning">
          {t("shop.products.priceWarning")}
        </p>
      ) : null}
      <TextField name="description" label={t("shop.products.fields.description")} reply={reply} defaultValue={defaults.description} multiline rows={4} maxLength={2000} />
      <div className="form-grid">
        <SelectField name="originDistrictCode" label={t("shop.products.fields.originDistrictCode")} reply={reply} defaultValue={defaults.originDistrictCode} required emptyLabel="" options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))} />
        <TextField name="originPlace" label={t("shop.products.fields.originPlace")} reply={reply} defaultValue={defaults.originPlace} maxLength={60} />
        <TextField name="season" label={t("shop.products.fields.season")} reply={reply} defaultValue={defaults.season} maxLength={30} />
      </div>
      <div className="form-grid">
        <TextField name="certNumber" label={t("shop.products.fields.certNumber")} hint={t("shop.products.hints.cert")} reply={reply} defaultValue={defaults.certNumber} maxLength={50} />
        <TextField name="certExpiresOn" type="date" label={t("shop.products.fields.certExpiresOn")} reply={reply} defaultValue={defaults.certExpiresOn} />
      </div>
      {isNew ? <TextField name="initialStock" type="number" min={0} step={1} label={t("shop.products.fields.initialStock")} hint={t("shop.products.hints.initialStock")} reply={reply} defaultValue="0" /> : null}
      <SubmitButton className="button">{submitLabel}</SubmitButton>
    </Form>
  );
}
