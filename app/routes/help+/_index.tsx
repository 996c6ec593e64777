import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { clientIp } from "~/modules/accounts/rate-limit.server";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { checkUpload, DOCUMENT_TYPES, parseMultipart } from "~/modules/files/files.server";
import { HELP_DOCUMENT_MAX_BYTES, HELP_MAX_DOCUMENTS, HelpRequestSchema } from "~/modules/help/schema";
import { submitHelpRequest } from "~/modules/help/requests.server";
import { groupCode } from "~/modules/help/tracking.server";
import { NEED_CATEGORIES } from "~/modules/needs/types";
import { DISTRICTS } from "~/modules/districts/districts";
import { Checkbox, FormError, SelectField, TextField, valueOf } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { runAction } from "~/utils/responses.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("help.title");

const CONSENT_FIELDS = ["medicalConsent", "involvesChild", "guardianName", "guardianConsent"];
const NO_STORE = { "Cache-Control": "no-store" };

/** The answer that shows a tracking code (or a request's status) is never cached. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders);

export async function loader(_: LoaderFunctionArgs) {
  return null;
}

/**
 * Anyone may file; nothing is saved unless the whole form is valid, so medical or child details
 * typed without their consent are refused (400), never stored. The tracking code is shown once, in
 * this answer, and not in any URL.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  const { formData, files } = await parseMultipart(request, HELP_DOCUMENT_MAX_BYTES);
  const values = formToObject(formData);
  const parsed = parseWithSchema(HelpRequestSchema, values);
  const documents = files.filter((f) => f.fieldName === "documents");
  const documentError = documents.length > HELP_MAX_DOCUMENTS ? "help.errors.tooManyDocuments" : (documents.map((d) => checkUpload(d, DOCUMENT_TYPES)).find(Boolean) ?? null);
  if (!parsed.ok || documentError) {
    const reply: FormReply = parsed.ok ? { values, fieldErrors: {} } : parsed.reply;
    if (documentError) reply.fieldErrors = { ...reply.fieldErrors, documents: documentError };
    if (Object.keys(reply.fieldErrors ?? {}).some((k) => CONSENT_FIELDS.includes(k))) reply.formError = "help.errors.consentRefused";
    return data(reply, { status: 400, headers: NO_STORE });
  }
  const res = await runAction(values, () => submitHelpRequest(parsed.data, documents, { ip: clientIp(request), userId: user?.id ?? null }));
  if (!res.ok) return res.response;
  return data({ code: groupCode(res.value.code) }, { headers: NO_STORE });
}

export default function HelpRequestPage() {
  const t = useT();
  const locale = useLocale();
  const result = useActionData<typeof action>() as (FormReply & { code?: string }) | undefined;
  const busy = useNavigation().state === "submitting";
  if (result?.code) {
    return (
      <section className="form-card form-narrow" data-testid="help-done">
        <h1>{t("help.done.title")}</h1>
        <p>{t("help.done.codeLabel")}</p>
        <p className="check-in-code" data-testid="tracking-code">
          {result.code}
        </p>
        <p className="form-error" role="note">
          {t("help.done.codeNote")}
        </p>
        <div className="button-row">
          <Link to="/help/track" className="button">
            {t("help.done.track")}
          </Link>
          <Link to="/help" reloadDocument className="button button-secondary">
            {t("help.done.again")}
          </Link>
        </div>
      </section>
    );
  }
  const reply = result;
  const documentsError = reply?.fieldErrors?.documents;
  return (
    <section className="form-card">
      <div className="page-head">
        <h1>{t("help.title")}</h1>
        <Link to="/help/track">{t("help.track.title")}</Link>
      </div>
      <p className="muted">{t("help.intro")}</p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <FormError reply={reply} />
        <SelectField name="forWhom" label={t("help.forWhom.label")} reply={reply} required defaultValue="SELF" options={(["SELF", "OTHER"] as const).map((w) => ({ value: w, label: t(`help.forWhom.${w}`) }))} />
        <SelectField name="category" label={t("help.fields.category")} reply={reply} required emptyLabel="" options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`needs.categories.${c}`) }))} />
        <SelectField name="districtCode" label={t("help.fields.district")} reply={reply} required emptyLabel="" options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))} />
        <div className="form-grid">
          <TextField name="town" label={t("help.fields.town")} reply={reply} maxLength={40} />
          <TextField name="village" label={t("help.fields.village")} reply={reply} maxLength={40} />
        </div>
        <TextField name="needText" label={t("help.fields.needText")} hint={t("help.fields.needTextHint")} reply={reply} required multiline rows={6} maxLength={2000} />
        <div className="form-grid">
          <TextField name="contactName" label={t("help.fields.contactName")} reply={reply} required maxLength={40} autoComplete="name" />
          <TextField name="contactPhone" type="tel" label={t("help.fields.contactPhone")} hint={t("help.fields.contactPhoneHint")} reply={reply} required maxLength={20} autoComplete="tel" />
        </div>
        <div className={`field${documentsError ? " field-invalid" : ""}`}>
          <label htmlFor="help-documents">{t("help.fields.documents")}</label>
          <input id="help-documents" type="file" name="documents" multiple accept="application/pdf,image/png,image/jpeg,image/webp" aria-describedby="help-documents-hint" />
          <p id="help-documents-hint" className="field-hint">
            {t("help.fields.documentsHint")}
          </p>
          {documentsError ? (
            <p className="field-error" role="alert">
              {t(documentsError)}
            </p>
          ) : null}
        </div>
        <fieldset className="field">
          <legend>{t("help.fields.medicalLegend")}</legend>
          <p className="field-hint">{t("help.fields.medicalPurpose")}</p>
          <TextField name="medicalDetails" label={t("help.fields.medicalDetails")} reply={reply} multiline rows={3} maxLength={2000} />
          <Checkbox name="medicalConsent" label={t("help.fields.medicalConsent")} reply={reply} />
        </fieldset>
        <fieldset className="field">
          <legend>{t("help.fields.childLegend")}</legend>
          <p className="field-hint">{t("help.fields.childPurpose")}</p>
          <Checkbox name="involvesChild" label={t("help.fields.involvesChild")} reply={reply} />
          <TextField name="childDetails" label={t("help.fields.childDetails")} reply={reply} multiline rows={3} maxLength={2000} />
          <TextField name="guardianName" label={t("help.fields.guardianName")} reply={reply} maxLength={40} defaultValue={valueOf(reply, "guardianName")} />
          <Checkbox name="guardianConsent" label={t("help.fields.guardianConsent")} reply={reply} />
        </fieldset>
        <button type="submit" disabled={busy}>
          {t("help.fields.submit")}
        </button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
