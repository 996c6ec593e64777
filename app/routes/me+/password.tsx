import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { changePassword } from "~/modules/accounts/accounts.server";
import { createSession } from "~/modules/accounts/session.server";
import { ChangePasswordSchema } from "~/modules/accounts/schema";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("accounts.password_.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(ChangePasswordSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction({}, () => changePassword(user.id, parsed.data.currentPassword, parsed.data.newPassword));
  if (!res.ok) return res.response;
  // Every session ended with the change; this device continues on a new token.
  const response = await redirectWithFlash(request, "/me", "accounts.password_.changed");
  response.headers.append("Set-Cookie", await createSession(user.id, request));
  return response;
}

export default function ChangePassword() {
  const t = useT();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  return (
    <div className="form-card form-narrow">
      <h1>{t("accounts.password_.title")}</h1>
      <Form method="post" noValidate>
        <FormError reply={reply} />
        <TextField name="currentPassword" type="password" label={t("accounts.currentPassword")} reply={reply} required autoComplete="current-password" />
        <TextField name="newPassword" type="password" label={t("accounts.newPassword")} hint={t("accounts.passwordHint")} reply={reply} required autoComplete="new-password" />
        <TextField name="confirmPassword" type="password" label={t("accounts.confirmPassword")} reply={reply} required autoComplete="new-password" />
        <button type="submit">{t("common.actions.save")}</button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
