import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { safeRedirect } from "~/utils/redirect";
import { saveProfile } from "~/modules/accounts/accounts.server";
import { ProfileSchema } from "~/modules/accounts/schema";
import { DISTRICTS } from "~/modules/districts/districts";
import { FormError, SelectField, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";
import { NationalConsentSchema, NationalWithdrawSchema } from "~/modules/accounts/national-consent";
import { giveNationalConsent, withdrawNationalConsent } from "~/modules/accounts/national-consent.server";
import { NationalConsentSection } from "./__national-consent";

export const meta = pageTitle("accounts.profile.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const profile = await prisma.volunteerProfile.findUnique({ where: { userId: user.id }, select: { realName: true, phone: true, idNumberMasked: true, districtCode: true, skills: true, nationalExportConsentAt: true } });
  return { profile };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readFormData(request);
  const values = formToObject(form);
  // The consent to the national volunteer-system export has its own forms (issue 15.2).
  if (values.intent === "nationalConsent") {
    const parsed = parseWithSchema(NationalConsentSchema, values);
    if (!parsed.ok) return data({ ...parsed.reply, values: { intent: values.intent } }, { status: 400 });
    const res = await runAction({ intent: values.intent }, () => giveNationalConsent(user.id, parsed.data.idNumber));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, "/me/profile", "national.consent.given");
  }
  if (values.intent === "nationalWithdraw") {
    const parsed = parseWithSchema(NationalWithdrawSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    await withdrawNationalConsent(user.id);
    return redirectWithFlash(request, "/me/profile", "national.consent.withdrawn");
  }
  const parsed = parseWithSchema(ProfileSchema, values);
  // The ID number is never echoed back into the page.
  const { idNumber: _id, ...kept } = values;
  if (!parsed.ok) return data({ ...parsed.reply, values: kept }, { status: 400 });
  const res = await runAction(kept, () => saveProfile(user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, safeRedirect(form.get("redirectTo"), "/me"), "accounts.profile.saved");
}

export default function Profile() {
  const { profile } = useLoaderData<typeof loader>();
  const actionReply = useActionData<typeof action>() as FormReply | undefined;
  const forConsent = actionReply?.values?.intent === "nationalConsent" || actionReply?.values?.intent === "nationalWithdraw";
  const reply = forConsent ? undefined : actionReply;
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="form-card">
      <h1>{t("accounts.profile.title")}</h1>
      <p className="muted">{t("accounts.profile.intro")}</p>
      <Form method="post" noValidate>
        <FormError reply={reply} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div className="form-grid">
          <TextField name="realName" label={t("accounts.profile.realName")} reply={reply} defaultValue={profile?.realName} required maxLength={30} autoComplete="name" />
          <TextField name="phone" type="tel" label={t("accounts.profile.phone")} reply={reply} defaultValue={profile?.phone} required maxLength={20} autoComplete="tel" />
          {profile ? (
            <div className="field">
              <span>
                <strong>{t("accounts.profile.masked")}</strong>
              </span>
              <span>{profile.idNumberMasked}</span>
              <p className="field-hint">{t("accounts.profile.cannotChangeId")}</p>
            </div>
          ) : (
            <TextField name="idNumber" label={t("accounts.profile.idNumber")} reply={reply} required maxLength={18} autoComplete="off" />
          )}
          <SelectField name="districtCode" label={t("accounts.profile.district")} reply={reply} defaultValue={profile?.districtCode ?? ""} emptyLabel="—" options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))} />
        </div>
        <TextField name="skills" label={t("accounts.profile.skills")} reply={reply} defaultValue={profile?.skills.join("，")} maxLength={200} />
        <button type="submit">{t("common.actions.save")}</button>
      </Form>
      {profile ? <NationalConsentSection consentAt={profile.nationalExportConsentAt} reply={forConsent ? actionReply : undefined} /> : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
