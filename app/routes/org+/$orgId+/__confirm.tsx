import { Form, Link, useLocation } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";

export type ConfirmStep = { intent: string; fields: Record<string, string>; impact: { signedUp: number; waitlisted: number; checkedIn: number } };

/**
 * The second step of a destructive action (#12.7a): the first POST answers with who would be
 * touched, and only a POST carrying `confirm=yes` does it. Works without JavaScript.
 */
export function ConfirmPanel({ step, question }: { step: ConfirmStep; question: "newcomer.confirm.cancelShift" | "newcomer.confirm.cancelProject" }) {
  const t = useT();
  const location = useLocation();
  const { impact } = step;
  const any = impact.signedUp + impact.waitlisted + impact.checkedIn > 0;
  return (
    <section className="card form-error" role="alertdialog" aria-labelledby="confirm-title" data-testid="confirm-step">
      <h3 id="confirm-title">{t("newcomer.confirm.title")}</h3>
      <p>{t(question)}</p>
      <p>{any ? t("newcomer.confirm.impact", impact) : t("newcomer.confirm.noImpact")}</p>
      <div className="button-row">
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value={step.intent} />
          {Object.entries(step.fields).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" className="button-danger">
            {t("newcomer.confirm.yes")}
          </button>
        </Form>
        <Link className="button button-secondary" to={location.pathname} replace>
          {t("newcomer.confirm.no")}
        </Link>
      </div>
    </section>
  );
}
