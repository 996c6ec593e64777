import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate, formatFen } from "~/utils/format";

export type ReceiptData = {
  amountFen: string;
  refundedFen: string;
  status: string;
  paidAt: string | null;
  receiptCode: string | null;
  donorName: string | null;
  target: { title: string; filingNumber: string | null; org: { name: string; creditCode: string } };
};

/** A printable receipt; the verification code can be checked on /verify/receipts. */
export function DonationReceipt({ r, verifyUrl }: { r: ReceiptData; verifyUrl: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <article className="card receipt" data-testid="receipt">
      <h2>{t("funding.receipt.title")}</h2>
      <p className="muted">{t("funding.receipt.subtitle")}</p>
      <dl className="dl">
        <dt>{t("funding.receipt.donor")}</dt>
        <dd>{r.donorName ?? t("funding.campaign.anonymous")}</dd>
        <dt>{t("funding.receipt.amount")}</dt>
        <dd>{formatFen(r.amountFen)} CNY</dd>
        {r.refundedFen !== "0" ? (
          <>
            <dt>{t("funding.receipt.refunded")}</dt>
            <dd>{formatFen(r.refundedFen)}</dd>
          </>
        ) : null}
        <dt>{t("funding.receipt.date")}</dt>
        <dd>{formatDate(r.paidAt, locale)}</dd>
        <dt>{t("funding.receipt.project")}</dt>
        <dd>
          {r.target.title}
          {r.target.filingNumber ? ` （${t("funding.campaign.filingNumber")} ${r.target.filingNumber}）` : ""}
        </dd>
        <dt>{t("funding.receipt.recipient")}</dt>
        <dd>{r.target.org.name}</dd>
        <dt>{t("funding.receipt.creditCode")}</dt>
        <dd>{r.target.org.creditCode}</dd>
        <dt>{t("funding.receipt.status")}</dt>
        <dd>{t(`funding.donationStatuses.${r.status}`)}</dd>
        <dt>{t("funding.receipt.code")}</dt>
        <dd>
          <code data-testid="receipt-code">{r.receiptCode}</code>
        </dd>
      </dl>
      <VerifyLine text={t("funding.receipt.verifyAt", { url: "\u0000" })} href={r.receiptCode ? `${verifyUrl}?code=${encodeURIComponent(r.receiptCode)}` : verifyUrl} label={verifyUrl} />
    </article>
  );
}

/** The verify address as a link (#12.7g), prefilled with this receipt's code; printed, the address still reads in full. */
function VerifyLine({ text, href, label }: { text: string; href: string; label: string }) {
  const [before, after] = text.split("\u0000");
  return (
    <p className="muted small">
      {before}
      <a href={href} data-testid="receipt-verify-link">
        {label}
      </a>
      {after ?? ""}
    </p>
  );
}
