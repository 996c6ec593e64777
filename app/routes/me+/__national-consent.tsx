import { Form, useNavigation } from "@remix-run/react";
import { Checkbox, FormError, TextField } from "~/components/form";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDateTime } from "~/utils/format";
import type { FormReply } from "~/utils/forms";

/**
 * The separate, explicit consent to report one's real name and ID number to the national
 * volunteer-service information system (issue 15.2). The ID number is typed again and never
 * rendered back.
 */
export function NationalConsentSection({ consentAt, reply }: { consentAt: string | Date | null; reply?: FormReply }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" id="national-consent" data-testid="national-consent" style={{ marginTop: "1.5rem" }}>
      <h2>{t("national.consent.title")}</h2>
      <p>{t("national.consent.explain")}</p>
      <ul className="muted">
        <li>{t("national.consent.what")}</li>
        <li>{t("national.consent.who")}</li>
        <li>{t("national.consent.how")}</li>
        <li>{t("national.consent.withdrawAny")}</li>
      </ul>
      {consentAt ? (
        <>
          <p data-testid="national-consent-given">
            <span className="status status-CONFIRMED">{t("national.consent.givenOn", { date: formatDateTime(consentAt, locale) })}</span>
          </p>
          <Form method="post" noValidate>
            <FormError reply={reply} />
            <input type="hidden" name="intent" value="nationalWithdraw" />
            <button type="submit" className="button-secondary" disabled={busy}>
              {t("national.consent.withdraw")}
            </button>
          </Form>
        </>
      ) : (
        <Form method="post" noValidate>
          <FormError reply={reply} />
          <input type="hidden" name="intent" value="nationalConsent" />
          <TextField name="idNumber" label={t("national.consent.idNumber")} hint={t("national.consent.idHint")} reply={reply} required maxLength={18} autoComplete="off" />
          <Checkbox name="agree" label={t("national.consent.agree")} reply={reply} />
          <button type="submit" disabled={busy}>
            {t("national.consent.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
