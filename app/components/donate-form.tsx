import { Form, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";
import { useT } from "~/modules/i18n/use-t";
import { Checkbox, FormError, TextField, valueOf } from "~/components/form";
import type { FormReply } from "~/utils/forms";
import { PRESET_YUAN } from "~/modules/donations/amounts";
import { SubmitButton } from "~/components/submit-button";
import { ProviderChoice, type PaywayOption } from "~/components/provider-choice";

/** A provider the host offers: through its own merchant account, Stripe, or the local test checkout standing in. */
export type DonateOption = PaywayOption;

/**
 * Presets and a free amount (minimum 1 yuan); guests give an e-mail address for the receipt; the
 * donor picks how to pay among what the host offers (WeChat Pay first). With no provider offered
 * (production without Stripe or a merchant account, not demo mode) a notice replaces the form,
 * since every submission would be refused.
 */
export function DonateForm({ reply, signedInAs, providers, extra }: { reply?: FormReply | null; signedInAs: string | null; providers: DonateOption[]; extra?: React.ReactNode }) {
  const t = useT();
  const env = useRouteLoaderData<typeof rootLoader>("root")?.ENV;
  const preset = valueOf(reply, "preset", "50");
  if (!providers.length) {
    return (
      <p className="card muted" data-testid="donate-unavailable">
        {t("site.donate.unavailable")}
      </p>
    );
  }
  return (
    <Form method="post" className="card form-card" aria-labelledby="donate-title" data-testid="donate-form">
      <h2 id="donate-title">{t("funding.donate.title")}</h2>
      <input type="hidden" name="intent" value="donate" />
      <FormError reply={reply} />
      <fieldset className="field">
        <legend>{t("funding.donate.amount")}</legend>
        <div className="checkbox-grid">
          {PRESET_YUAN.map((y) => (
            <label key={y} className="checkbox">
              <input type="radio" name="preset" value={String(y)} defaultChecked={preset === String(y)} />¥{y}
            </label>
          ))}
          <label className="checkbox">
            <input type="radio" name="preset" value="other" defaultChecked={preset === "other"} />
            {t("funding.donate.other")}
          </label>
        </div>
      </fieldset>
      <TextField name="amount" label={t("funding.donate.otherAmount")} hint={t("funding.donate.amountHint")} reply={reply} />
      {signedInAs ? <p className="muted">{t("funding.donate.signedInAs", { name: signedInAs })}</p> : <TextField name="email" type="email" label={t("funding.donate.email")} hint={t("funding.donate.emailHint")} reply={reply} required autoComplete="email" />}
      <TextField name="donorName" label={t("funding.donate.name")} hint={t("funding.donate.nameHint")} reply={reply} maxLength={40} />
      <Checkbox name="anonymous" label={t("funding.donate.anonymous")} reply={reply} />
      <TextField name="message" label={t("funding.donate.message")} reply={reply} multiline rows={2} maxLength={200} />
      <ProviderChoice providers={providers} reply={reply} testid="donate" />
      {extra}
      {env?.DEMO_MODE && env.PAYMENTS === "test" ? <p className="muted small" data-testid="donate-demo">{t("site.donate.demo")}</p> : null}
      <SubmitButton className="button" data-testid="donate-submit">
        {t("funding.donate.submit")}
      </SubmitButton>
    </Form>
  );
}
