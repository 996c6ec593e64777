import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormError, SelectField, TextField } from "~/components/form";
import type { MerchantAccountView, MerchantProvider } from "~/modules/payments/merchant-types";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate } from "~/utils/format";
import type { FormReply } from "~/utils/forms";

const INTENT: Record<MerchantProvider, string> = { WECHAT_PAY: "save-wechat", ALIPAY: "save-alipay" };

/**
 * The merchant accounts of one owner (an organization, or the platform): what is stored — public
 * identifiers and the last four characters of the secret, never the secret — and the forms to
 * save, replace, disable or enable them. Secrets are typed into empty fields every time.
 */
export function MerchantSettings({ accounts, keyConfigured, canAct, reply }: { accounts: MerchantAccountView[]; keyConfigured: boolean; canAct: boolean; reply?: FormReply | null }) {
  const t = useT();
  return (
    <>
      {!keyConfigured ? (
        <p className="form-error" role="alert">
          {t("merchants.keyMissing")}
        </p>
      ) : null}
      {(["WECHAT_PAY", "ALIPAY"] as const).map((provider) => (
        <ProviderSection key={provider} provider={provider} account={accounts.find((a) => a.provider === provider) ?? null} canAct={canAct && keyConfigured} reply={reply?.values?.intent === INTENT[provider] ? reply : null} toggleReply={reply?.values?.accountId && reply.values.accountId === accounts.find((a) => a.provider === provider)?.id ? reply : null} />
      ))}
      <p className="muted">{t("merchants.testStandIn")}</p>
    </>
  );
}

function ProviderSection({ provider, account, canAct, reply, toggleReply }: { provider: MerchantProvider; account: MerchantAccountView | null; canAct: boolean; reply: FormReply | null; toggleReply: FormReply | null }) {
  const t = useT();
  const locale = useLocale();
  const form = provider === "WECHAT_PAY" ? <WechatForm account={account} reply={reply} /> : <AlipayForm account={account} reply={reply} />;
  return (
    <section className="card" data-testid={`merchant-${provider}`}>
      <h3>{t(`merchants.providers.${provider}`)}</h3>
      {account ? (
        <>
          <dl className="dl" style={{ overflowWrap: "anywhere" }}>
            {account.label ? (
              <>
                <dt>{t("merchants.fields.label")}</dt>
                <dd>{account.label}</dd>
              </>
            ) : null}
            <dt>{t("merchants.fields.appId")}</dt>
            <dd>{account.appId}</dd>
            {account.mchId ? (
              <>
                <dt>{t("merchants.fields.mchId")}</dt>
                <dd>{account.mchId}</dd>
              </>
            ) : null}
            {account.merchantSerialNo ? (
              <>
                <dt>{t("merchants.fields.merchantSerialNo")}</dt>
                <dd>{account.merchantSerialNo}</dd>
              </>
            ) : null}
            {account.publicKeyId ? (
              <>
                <dt>{t("merchants.fields.publicKeyId")}</dt>
                <dd>{account.publicKeyId}</dd>
              </>
            ) : null}
            {account.certificates.length ? (
              <>
                <dt>{t("merchants.fields.certificates")}</dt>
                <dd>
                  {account.certificates.map((c) => (
                    <div key={c.serial}>{t("merchants.fields.certificateLine", { serial: c.serial, date: formatDate(c.validTo, locale) })}</div>
                  ))}
                </dd>
              </>
            ) : null}
            {account.sellerId ? (
              <>
                <dt>{t("merchants.fields.sellerId")}</dt>
                <dd>{account.sellerId}</dd>
              </>
            ) : null}
            {account.planId ? (
              <>
                <dt>{t("merchants.fields.planId")}</dt>
                <dd>{account.planId}</dd>
              </>
            ) : null}
            {account.apiV2KeyHint ? (
              <>
                <dt>{t("merchants.fields.apiV2Key")}</dt>
                <dd data-testid="v2-secret-hint">{t("merchants.saved", { hint: account.apiV2KeyHint })}</dd>
              </>
            ) : null}
            {account.signScene ? (
              <>
                <dt>{t("merchants.fields.signScene")}</dt>
                <dd>{account.signScene}</dd>
              </>
            ) : null}
            <dt>{t("merchants.recurring.title")}</dt>
            <dd data-testid="recurring-state">{(provider === "WECHAT_PAY" ? account.planId : account.signScene) ? t("merchants.recurring.on") : t("merchants.recurring.off")}</dd>
            {account.recurringNotifyUrl ? (
              <>
                <dt>{t("merchants.recurring.notifyUrl")}</dt>
                <dd>
                  <code data-testid="recurring-notify-url">{account.recurringNotifyUrl}</code>
                  <div className="field-hint">{provider === "WECHAT_PAY" ? t("merchants.recurring.notifyUrlHintWechat") : t("merchants.recurring.notifyUrlHintAlipay")}</div>
                </dd>
              </>
            ) : null}
            <dt>{provider === "WECHAT_PAY" ? t("merchants.fields.apiV3Key") : t("merchants.fields.privateKey")}</dt>
            <dd data-testid="secret-hint">{t("merchants.saved", { hint: account.secretHint })}</dd>
            <dt>{t("common.status")}</dt>
            <dd>
              <span className={`status status-${account.enabled ? "APPROVED" : "SUSPENDED"}`}>{account.enabled ? t("merchants.enabled") : t("merchants.disabled")}</span> <span className="muted">{t("merchants.savedAt", { date: formatDate(account.updatedAt, locale) })}</span>
            </dd>
          </dl>
          {canAct ? (
            <Form method="post" className="inline-form">
              <FormError reply={toggleReply} />
              <input type="hidden" name="accountId" value={account.id} />
              <button type="submit" name="intent" value={account.enabled ? "disable" : "enable"} className="button button-secondary">
                {account.enabled ? t("merchants.disable") : t("merchants.enable")}
              </button>{" "}
              <span className="field-hint">{t("merchants.disabledNote")}</span>
            </Form>
          ) : null}
          {canAct ? (
            <details open={Boolean(reply)}>
              <summary>{t("merchants.replaceTitle")}</summary>
              <p className="field-hint">{t("merchants.replaceHint")}</p>
              {form}
            </details>
          ) : null}
        </>
      ) : (
        <>
          <p className="muted">{t("merchants.none")}</p>
          {canAct ? form : null}
        </>
      )}
    </section>
  );
}

function CredentialsForm({ intent, reply, submit, children }: { intent: string; reply: FormReply | null; submit: string; children: ReactNode }) {
  return (
    <Form method="post" className="form-card" noValidate autoComplete="off">
      <FormError reply={reply} />
      <input type="hidden" name="intent" value={intent} />
      {children}
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  );
}

function WechatForm({ account, reply }: { account: MerchantAccountView | null; reply: FormReply | null }) {
  const t = useT();
  return (
    <CredentialsForm intent="save-wechat" reply={reply} submit={t("merchants.wechat.save")}>
      <TextField name="label" label={t("merchants.fields.label")} hint={t("merchants.fields.labelHint")} reply={reply} defaultValue={account?.label ?? ""} maxLength={60} />
      <TextField name="appId" label={t("merchants.fields.appId")} hint={t("merchants.fields.wechatAppIdHint")} reply={reply} defaultValue={account?.appId ?? ""} maxLength={18} required />
      <TextField name="mchId" label={t("merchants.fields.mchId")} reply={reply} defaultValue={account?.mchId ?? ""} maxLength={12} required />
      <TextField name="merchantSerialNo" label={t("merchants.fields.merchantSerialNo")} reply={reply} defaultValue={account?.merchantSerialNo ?? ""} maxLength={40} required />
      <TextField name="merchantPrivateKey" label={t("merchants.fields.merchantPrivateKey")} hint={t("merchants.fields.merchantPrivateKeyHint")} reply={reply} multiline rows={5} maxLength={10_000} required />
      <TextField name="apiV3Key" type="password" label={t("merchants.fields.apiV3Key")} hint={t("merchants.fields.apiV3KeyHint")} reply={reply} maxLength={32} autoComplete="new-password" required />
      <fieldset className="field">
        <legend>{t("merchants.wechat.verificationTitle")}</legend>
        <p className="field-hint">{t("merchants.wechat.verificationHint")}</p>
        <SelectField
          name="verificationMode"
          label={t("merchants.fields.verificationMode")}
          reply={reply}
          defaultValue={account?.verificationMode ?? "publicKey"}
          options={[
            { value: "publicKey", label: t("merchants.fields.modePublicKey") },
            { value: "platformCertificate", label: t("merchants.fields.modePlatformCertificate") },
          ]}
        />
        <TextField name="publicKeyId" label={t("merchants.fields.publicKeyId")} hint={t("merchants.fields.publicKeyIdHint")} reply={reply} defaultValue={account?.publicKeyId ?? ""} maxLength={100} />
        <TextField name="publicKey" label={t("merchants.fields.publicKey")} reply={reply} multiline rows={4} maxLength={10_000} />
        <TextField name="platformCertificate" label={t("merchants.fields.platformCertificate")} hint={t("merchants.fields.platformCertificateHint")} reply={reply} multiline rows={4} maxLength={30_000} />
      </fieldset>
      <fieldset className="field">
        <legend>{t("merchants.recurring.wechatTitle")}</legend>
        <p className="field-hint">{t("merchants.recurring.wechatHint")}</p>
        <TextField name="apiV2Key" type="password" label={t("merchants.fields.apiV2Key")} hint={t("merchants.fields.apiV2KeyHint")} reply={reply} maxLength={32} autoComplete="new-password" />
        <TextField name="planId" label={t("merchants.fields.planId")} hint={t("merchants.fields.planIdHint")} reply={reply} defaultValue={account?.planId ?? ""} maxLength={20} />
      </fieldset>
    </CredentialsForm>
  );
}

function AlipayForm({ account, reply }: { account: MerchantAccountView | null; reply: FormReply | null }) {
  const t = useT();
  return (
    <CredentialsForm intent="save-alipay" reply={reply} submit={t("merchants.alipay.save")}>
      <TextField name="label" label={t("merchants.fields.label")} hint={t("merchants.fields.labelHint")} reply={reply} defaultValue={account?.label ?? ""} maxLength={60} />
      <TextField name="appId" label={t("merchants.fields.appId")} hint={t("merchants.fields.alipayAppIdHint")} reply={reply} defaultValue={account?.appId ?? ""} maxLength={16} required />
      <TextField name="privateKey" label={t("merchants.fields.privateKey")} hint={t("merchants.fields.privateKeyHint")} reply={reply} multiline rows={5} maxLength={10_000} required />
      <TextField name="alipayPublicKey" label={t("merchants.fields.alipayPublicKey")} hint={t("merchants.fields.alipayPublicKeyHint")} reply={reply} multiline rows={4} maxLength={10_000} required />
      <TextField name="sellerId" label={t("merchants.fields.sellerId")} hint={t("merchants.fields.sellerIdHint")} reply={reply} defaultValue={account?.sellerId ?? ""} maxLength={16} />
      <fieldset className="field">
        <legend>{t("merchants.recurring.alipayTitle")}</legend>
        <p className="field-hint">{t("merchants.recurring.alipayHint")}</p>
        <TextField name="signScene" label={t("merchants.fields.signScene")} hint={t("merchants.fields.signSceneHint")} reply={reply} defaultValue={account?.signScene ?? ""} maxLength={81} />
      </fieldset>
    </CredentialsForm>
  );
}
