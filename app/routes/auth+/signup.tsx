import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { safeRedirect } from "~/utils/redirect";
import { signUp } from "~/modules/accounts/accounts.server";
import { SignUpSchema } from "~/modules/accounts/schema";
import { createSession } from "~/modules/accounts/session.server";
import { linkBase } from "~/modules/accounts/email-tokens.server";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { runAction, readFormData } from "~/utils/responses.server";
import { setFlash } from "~/utils/flash.server";
import { SubmitButton } from "~/components/submit-button";

export const meta: MetaFunction = () => [{ title: "注册 · 善联" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/me");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(SignUpSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const { password: _p, confirmPassword: _c, ...kept } = values;
  const result = await runAction(kept, () => signUp(parsed.data, linkBase(request)));
  if (!result.ok) return result.response;
  const headers = new Headers();
  headers.append("Set-Cookie", await createSession(result.value.id, request));
  headers.append("Set-Cookie", await setFlash(request, { messageKey: "common.flash.signedUp" }));
  return redirect(safeRedirect(parsed.data.redirectTo, "/me"), { headers });
}

export default function SignUp() {
  const t = useT();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="form-card form-narrow">
      <h1>{t("accounts.signUp.title")}</h1>
      <Form method="post" noValidate>
        <FormError reply={reply} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField name="email" type="email" label={t("accounts.email")} reply={reply} required autoComplete="email" maxLength={254} />
        <TextField name="displayName" label={t("accounts.displayName")} reply={reply} required maxLength={40} autoComplete="nickname" />
        <TextField name="password" type="password" label={t("accounts.password")} hint={t("accounts.passwordHint")} reply={reply} required autoComplete="new-password" />
        <TextField name="confirmPassword" type="password" label={t("accounts.confirmPassword")} reply={reply} required autoComplete="new-password" />
        <SubmitButton disabled={busy}>{t("accounts.signUp.submit")}</SubmitButton>
      </Form>
      <p className="muted">
        {t("accounts.signUp.haveAccount")} <Link to="/auth/login">{t("accounts.signUp.signInLink")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
