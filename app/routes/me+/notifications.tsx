import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { getPreferences, savePreferences } from "~/modules/messages/preferences.server";
import { PreferencesSchema } from "~/modules/messages/schema";
import { OPTIONAL_GROUPS, wants } from "~/modules/messages/groups";
import { prisma } from "~/utils/db.server";
import { Checkbox, FormError } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("messages.prefs.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [prefs, profile] = await Promise.all([getPreferences(user.id), prisma.volunteerProfile.findUnique({ where: { userId: user.id }, select: { userId: true } })]);
  const on = Object.fromEntries(OPTIONAL_GROUPS.map((g) => [g, { email: wants(prefs, "email", g), sms: wants(prefs, "sms", g) }]));
  return { on, hasPhone: !!profile };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(PreferencesSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  await savePreferences(user.id, parsed.data);
  return redirectWithFlash(request, "/me/notifications", "messages.prefs.saved");
}

export default function NotificationSettings() {
  const t = useT();
  const { on, hasPhone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  return (
    <div className="form-card">
      <h1>{t("messages.prefs.title")}</h1>
      <p className="muted">{t("messages.prefs.intro")}</p>
      <Form method="post" noValidate>
        <FormError reply={reply} />
        {OPTIONAL_GROUPS.map((g) => (
          <fieldset key={g}>
            <legend>{t(`messages.groups.${g}`)}</legend>
            <p className="muted">{t(`messages.groupHints.${g}`)}</p>
            <Checkbox name={`email_${g}`} label={t("messages.prefs.email")} reply={reply} defaultValue={on[g]!.email} />
            {g === "volunteering" ? (
              <Checkbox name={`sms_${g}`} label={hasPhone ? t("messages.prefs.sms") : `${t("messages.prefs.sms")}（${t("messages.prefs.noPhone")}）`} hint={t("messages.prefs.smsHint")} reply={reply} defaultValue={on[g]!.sms} />
            ) : null}
          </fieldset>
        ))}
        <fieldset>
          <legend>{t("messages.groups.security")}</legend>
          <p className="muted">{t("messages.groupHints.security")}</p>
        </fieldset>
        <button type="submit">{t("common.actions.save")}</button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
