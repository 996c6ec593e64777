import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate } from "~/utils/format";
import type { FormReply } from "~/utils/forms";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";

/** The donor's official receipt requests, as the donation pages' loaders return them. */
export type OfficialReceiptView = {
  canRequest: boolean;
  guest: boolean;
  defaults: { payerKind: string; payerName: string; taxId: string; email: string };
  requests: {
    id: string;
    status: string;
    payerKind: string;
    payerName: string;
    taxId: string | null;
    receiptCode: string | null;
    receiptNumber: string | null;
    issuedOn: string | null;
    hasFile: boolean;
    link: string | null;
    voidReason: string | null;
    createdAt: string;
  }[];
};

/**
 * 公益事业捐赠票据 on a donation page: what was asked and issued, the download, and the request
 * form while no request is open. `downloadHref` serves the file to this donor only.
 */
export function OfficialReceiptPanel({ view, downloadHref, reply }: { view: OfficialReceiptView; downloadHref: string; reply?: FormReply }) {
  const t = useT();
  const locale = useLocale();
  const open = view.requests.find((r) => r.status === "REQUESTED" || r.status === "ISSUED");
  const voided = view.requests.filter((r) => r.status === "VOIDED");
  return (
    <section className="card" data-testid="official-receipt" aria-labelledby="official-receipt-title">
      <h2 id="official-receipt-title">{t("receipts.donor.title")}</h2>
      <p className="muted small">{t("receipts.donor.intro")}</p>
      {open?.status === "REQUESTED" ? (
        <p data-testid="official-receipt-status">{t("receipts.donor.requested", { date: formatDate(open.createdAt, locale), name: open.payerName })}</p>
      ) : null}
      {open?.status === "ISSUED" ? (
        <>
          <p className="flash flash-success" data-testid="official-receipt-status">
            {t("receipts.donor.issued")}
          </p>
          <dl className="dl">
            <dt>{t("receipts.fields.payerName")}</dt>
            <dd>{open.payerName}</dd>
            <dt>{t("receipts.fields.receiptCode")}</dt>
            <dd>
              <code>{open.receiptCode}</code>
            </dd>
            <dt>{t("receipts.fields.receiptNumber")}</dt>
            <dd>
              <code data-testid="official-receipt-number">{open.receiptNumber}</code>
            </dd>
            <dt>{t("receipts.fields.issuedOn")}</dt>
            <dd>{open.issuedOn}</dd>
          </dl>
          <div className="button-row">
            {open.hasFile ? (
              <a className="button" href={downloadHref} data-testid="official-receipt-download">
                {t("receipts.donor.download")}
              </a>
            ) : null}
            {open.link ? (
              <a className="button button-secondary" href={open.link} target="_blank" rel="noopener noreferrer nofollow">
                {t("receipts.donor.openLink")}
              </a>
            ) : null}
          </div>
          {!open.hasFile && !open.link ? <p className="muted">{t("receipts.donor.paper")}</p> : null}
        </>
      ) : null}
      {voided.length ? (
        <ul className="muted small">
          {voided.map((r) => (
            <li key={r.id}>{t("receipts.donor.voided", { number: r.receiptNumber ?? "—", reason: r.voidReason ?? "" })}</li>
          ))}
        </ul>
      ) : null}
      {view.canRequest ? (
        <Form method="post" className="form-card" aria-label={t("receipts.donor.request")}>
          <h3>{t("receipts.donor.request")}</h3>
          <FormError reply={reply} />
          <PayerFields reply={reply} defaults={view.defaults} emailRequired={view.guest} />
          <SubmitButton className="button">{t("receipts.donor.submit")}</SubmitButton>
        </Form>
      ) : !open ? (
        <p className="muted">{t("receipts.donor.notEligible")}</p>
      ) : null}
    </section>
  );
}

/** Who the receipt is made out to: shared by the donor's request and the organization's reissue. */
export function PayerFields({ reply, defaults, emailRequired }: { reply?: FormReply; defaults: { payerKind: string; payerName: string; taxId: string | null; email: string | null }; emailRequired: boolean }) {
  const t = useT();
  return (
    <>
      <SelectField
        name="payerKind"
        label={t("receipts.fields.payerKind")}
        reply={reply}
        required
        defaultValue={defaults.payerKind}
        options={(["PERSON", "COMPANY"] as const).map((k) => ({ value: k, label: t(`receipts.payerKinds.${k}`) }))}
      />
      <TextField name="payerName" label={t("receipts.fields.payerName")} hint={t("receipts.fields.payerNameHint")} reply={reply} required maxLength={100} defaultValue={defaults.payerName} />
      <TextField name="taxId" label={t("receipts.fields.taxId")} hint={t("receipts.fields.taxIdHint")} reply={reply} maxLength={40} defaultValue={defaults.taxId ?? ""} autoComplete="off" />
      <TextField name="email" type="email" label={t("receipts.fields.email")} hint={emailRequired ? t("receipts.fields.emailHintGuest") : t("receipts.fields.emailHint")} reply={reply} required={emailRequired} maxLength={200} defaultValue={defaults.email ?? ""} />
    </>
  );
}
