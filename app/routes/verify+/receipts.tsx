import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { verifyReceipt } from "~/modules/donations/receipts.server";
import { formatDate, formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.verify.title");

/** Public receipt check: GET /verify/receipts?code=SL-XXXX-XXXX-XXXX. */
export async function loader({ request }: LoaderFunctionArgs) {
  const code = (new URL(request.url).searchParams.get("code") ?? "").slice(0, 40);
  if (!code) return { code, result: null, checked: false };
  const r = await verifyReceipt(code);
  return {
    code,
    checked: true,
    result: r && { amountFen: r.amountFen, refundedFen: r.refundedFen, status: r.status, paidAt: r.paidAt, donorName: r.donorName, title: r.target.title, org: r.target.org.name, receiptCode: r.receiptCode },
  };
}

export default function VerifyReceipt() {
  const { code, result, checked } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="form-narrow">
      <h1>{t("funding.verify.title")}</h1>
      <p className="muted">{t("funding.verify.intro")}</p>
      <Form method="get" className="card form-card">
        <div className="field">
          <label htmlFor="code">{t("funding.verify.code")}</label>
          <input id="code" name="code" defaultValue={code} placeholder="SL-XXXX-XXXX-XXXX" required maxLength={40} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          {t("funding.verify.check")}
        </button>
      </Form>
      {checked ? (
        result ? (
          <section className="card" data-testid="verify-result" role="status">
            <p className="flash flash-success">{t("funding.verify.valid")}</p>
            <dl className="dl">
              <dt>{t("funding.receipt.code")}</dt>
              <dd>{result.receiptCode}</dd>
              <dt>{t("funding.receipt.donor")}</dt>
              <dd>{result.donorName ?? t("funding.campaign.anonymous")}</dd>
              <dt>{t("funding.receipt.amount")}</dt>
              <dd>{formatFen(result.amountFen)}</dd>
              {result.refundedFen !== "0" ? (
                <>
                  <dt>{t("funding.receipt.refunded")}</dt>
                  <dd>{formatFen(result.refundedFen)}</dd>
                </>
              ) : null}
              <dt>{t("funding.receipt.date")}</dt>
              <dd>{formatDate(result.paidAt, locale)}</dd>
              <dt>{t("funding.receipt.project")}</dt>
              <dd>{result.title}</dd>
              <dt>{t("funding.receipt.recipient")}</dt>
              <dd>{result.org}</dd>
            </dl>
          </section>
        ) : (
          <p className="form-error" role="alert" data-testid="verify-result">
            {t("funding.verify.invalid")}
          </p>
        )
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
