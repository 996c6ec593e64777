import { useT } from "~/modules/i18n/use-t";
import { valueOf } from "~/components/form";
import type { FormReply } from "~/utils/forms";

/** A provider offered: through a merchant account, Stripe, or the local test checkout standing in. */
export type PaywayOption = { provider: "WECHAT_PAY" | "ALIPAY" | "STRIPE"; testCheckout: boolean };

/**
 * The payer's choice among the providers offered (WeChat Pay first), the typed choice kept after a
 * refusal; used by the donate form and the shop checkout. `testid` prefixes the test ids.
 */
export function ProviderChoice({ providers, reply, testid }: { providers: PaywayOption[]; reply?: FormReply | null; testid: string }) {
  const t = useT();
  const typed = valueOf(reply, "provider");
  const chosen = providers.some((p) => p.provider === typed) ? typed : providers[0]?.provider;
  const providerError = reply?.fieldErrors?.provider;
  return (
    <>
      <fieldset className={`field${providerError ? " field-invalid" : ""}`} data-testid={`${testid}-providers`}>
        <legend>{t("payway.choose")}</legend>
        <div className="checkbox-grid">
          {providers.map((p) => (
            <label key={p.provider} className="checkbox">
              <input type="radio" name="provider" value={p.provider} defaultChecked={chosen === p.provider} data-testid={`${testid}-provider-${p.provider}`} />
              {t(`payway.provider.${p.provider}`)}
              {p.testCheckout ? <span className="muted small"> {t("payway.simulated")}</span> : null}
            </label>
          ))}
        </div>
        {providerError ? (
          <p className="field-error" role="alert">
            {t(providerError)}
          </p>
        ) : null}
      </fieldset>
      <p className="muted small">{t("payway.secure")}</p>
    </>
  );
}
