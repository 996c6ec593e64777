import { Form } from "@remix-run/react";
import { FormError, SelectField, TextField, valueOf } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { districtOptions } from "~/components/filter-select";
import { BUYER_KINDS, PRODUCT_CATEGORIES, SALES_CHANNELS } from "~/modules/sales/constants";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatFen } from "~/utils/format";
import type { FormReply } from "~/utils/forms";

export type SaleFormOptions = {
  producers: { id: string; name: string; products: { id: string; name: string; unit: string; category: string }[] }[];
  events: { id: string; title: string; channel: string; startsOn: string; endsOn: string }[];
  pledges: { id: string; year: number; unit: string }[];
  needResponses: { id: string; title: string; quantity: number | null; unit: string | null; amountFen: string | null }[];
};

export type SaleDefaults = Partial<Record<"soldOn" | "producerId" | "productId" | "productName" | "category" | "quantity" | "unit" | "amount" | "channel" | "buyerKind" | "buyerName" | "districtCode" | "eventId" | "pledgeId" | "needResponseId", string | null>>;

/** The sale form (new and edit): works without JavaScript; the server checks every choice against the organization. */
export function SaleForm({ reply, options, defaults, submitLabel }: { reply?: FormReply; options: SaleFormOptions; defaults: SaleDefaults; submitLabel: string }) {
  const t = useT();
  const locale = useLocale();
  const productError = reply?.fieldErrors?.productId;
  return (
    <Form method="post" className="form-card" noValidate>
      <FormError reply={reply} />
      <TextField name="soldOn" type="date" label={t("sales.fields.soldOn")} reply={reply} required defaultValue={defaults.soldOn} />
      <SelectField
        name="producerId"
        label={t("sales.fields.producer")}
        reply={reply}
        defaultValue={defaults.producerId}
        emptyLabel={t("sales.fields.noProducer")}
        options={options.producers.map((p) => ({ value: p.id, label: p.name }))}
      />
      <div className={`field${productError ? " field-invalid" : ""}`}>
        <label htmlFor="sale-product">{t("sales.fields.product")}</label>
        <select id="sale-product" name="productId" defaultValue={valueOf(reply, "productId", defaults.productId)} aria-invalid={productError ? true : undefined} aria-describedby={productError ? "sale-product-error" : undefined}>
          <option value="">{t("sales.fields.noProduct")}</option>
          {options.producers
            .filter((p) => p.products.length)
            .map((p) => (
              <optgroup key={p.id} label={p.name}>
                {p.products.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
        {productError ? (
          <p id="sale-product-error" className="field-error" role="alert">
            {t(productError)}
          </p>
        ) : null}
      </div>
      <SelectField name="category" label={t("sales.fields.category")} reply={reply} defaultValue={defaults.category} emptyLabel="" options={PRODUCT_CATEGORIES.map((c) => ({ value: c, label: t(`sales.categories.${c}`) }))} />
      <TextField name="productName" label={t("sales.fields.productName")} reply={reply} maxLength={60} defaultValue={defaults.productName} />
      <TextField name="quantity" label={t("sales.fields.quantity")} reply={reply} defaultValue={defaults.quantity} />
      <TextField name="unit" label={t("sales.fields.unit")} reply={reply} maxLength={10} defaultValue={defaults.unit} />
      <TextField name="amount" label={t("sales.fields.amount")} reply={reply} required placeholder="1000.00" defaultValue={defaults.amount} />
      <SelectField name="channel" label={t("sales.fields.channel")} reply={reply} required defaultValue={defaults.channel} options={SALES_CHANNELS.map((c) => ({ value: c, label: t(`sales.channels.${c}`) }))} />
      <SelectField name="buyerKind" label={t("sales.fields.buyerKind")} reply={reply} required defaultValue={defaults.buyerKind} options={BUYER_KINDS.map((k) => ({ value: k, label: t(`sales.buyerKinds.${k}`) }))} />
      <TextField name="buyerName" label={t("sales.fields.buyerName")} reply={reply} maxLength={100} hint={t("sales.fields.buyerNameHint")} defaultValue={defaults.buyerName} autoComplete="off" />
      <SelectField name="districtCode" label={t("sales.fields.district")} reply={reply} hint={t("sales.fields.districtHint")} defaultValue={defaults.districtCode} emptyLabel="" options={districtOptions(locale)} />
      <SelectField
        name="eventId"
        label={t("sales.fields.event")}
        reply={reply}
        hint={t("sales.fields.eventHint")}
        defaultValue={defaults.eventId}
        emptyLabel={t("sales.fields.noEvent")}
        options={options.events.map((e) => ({ value: e.id, label: `${e.title}（${t(`sales.channels.${e.channel}`)} ${e.startsOn}–${e.endsOn}）` }))}
      />
      <SelectField name="pledgeId" label={t("sales.fields.pledge")} reply={reply} defaultValue={defaults.pledgeId} emptyLabel={t("sales.fields.noPledge")} options={options.pledges.map((p) => ({ value: p.id, label: `${p.unit} · ${p.year}` }))} />
      <SelectField
        name="needResponseId"
        label={t("sales.fields.needResponse")}
        reply={reply}
        hint={t("sales.fields.needResponseHint")}
        defaultValue={defaults.needResponseId}
        emptyLabel={t("sales.fields.noNeedResponse")}
        options={options.needResponses.map((r) => ({
          value: r.id,
          label: [r.title, r.quantity ? `${r.quantity}${r.unit ?? ""}` : null, r.amountFen ? formatFen(r.amountFen, locale) : null].filter(Boolean).join(" · "),
        }))}
      />
      <SubmitButton className="button">{submitLabel}</SubmitButton>
    </Form>
  );
}
