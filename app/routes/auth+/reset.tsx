import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isResetTokenLive, resetPassword } from "~/modules/accounts/email-tokens.server";
import { ResetPasswordSchema } from "~/modules/accounts/schema";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";

export const meta: MetaFunction = () => [{ title: "设置新密码 · 善联" }, { name: "referrer", content: "no-referrer" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = (new URL(request.url).searchParams.get("token") ?? "").slice(0, 100);
  // Looking does not use the link up; only saving a new password does.
  return { token, live: await isResetTokenLive(token) };
}

export async function action({ request }: ActionFunctionArgs) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(ResetPasswordSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction({ token: parsed.data.token }, () => resetPassword(parsed.data.token, parsed.data.newPassword));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, "/auth/login", "security.accounts.reset.done");
}

export default function ResetPassword() {
  const { token, live } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div className="form-card form-narrow">
      <h1>{t("security.accounts.reset.title")}</h1>
      {live ? (
        <Form method="post" noValidate>
          <FormError reply={reply} />
          <input type="hidden" name="token" value={token} />
          <TextField name="newPassword" type="password" label={t("accounts.newPassword")} hint={t("accounts.passwordHint")} reply={reply} required autoComplete="new-password" />
          <TextField name="confirmPassword" type="password" label={t("accounts.confirmPassword")} reply={reply} required autoComplete="new-password" />
          <button type="submit">{t("security.accounts.reset.submit")}</button>
        </Form>
      ) : (
        <p role="alert">
          {t("security.accounts.linkInvalid")} <Link to="/auth/forgot">{t("security.accounts.forgot.link")}</Link>
        </p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
