import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { safeRedirect } from "~/utils/redirect";
import { signIn } from "~/modules/accounts/accounts.server";
import { clientIp } from "~/modules/accounts/rate-limit.server";
import { SignInSchema } from "~/modules/accounts/schema";
import { createSession } from "~/modules/accounts/session.server";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { runAction, readFormData } from "~/utils/responses.server";
import { setFlash } from "~/utils/flash.server";
import { SubmitButton } from "~/components/submit-button";

export const meta: MetaFunction = () => [{ title: "登录 · 善联" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/me"));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(SignInSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const { password: _p, ...kept } = values;
  const result = await runAction(kept, () => signIn(parsed.data, clientIp(request)));
  if (!result.ok) return result.response;
  const headers = new Headers();
  headers.append("Set-Cookie", await createSession(result.value.id, request));
  headers.append("Set-Cookie", await setFlash(request, { messageKey: "common.flash.signedIn", params: { name: result.value.displayName } }));
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), { headers });
}

export default function Login() {
  const t = useT();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="form-card form-narrow">
      <h1>{t("accounts.signIn.title")}</h1>
      <Form method="post" noValidate>
        <FormError reply={reply} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField name="email" type="email" label={t("accounts.email")} reply={reply} required autoComplete="email" maxLength={254} />
        <TextField name="password" type="password" label={t("accounts.password")} reply={reply} required autoComplete="current-password" />
        <p className="field-hint">
          <Link to="/auth/forgot">{t("security.accounts.forgot.link")}</Link>
        </p>
        <SubmitButton disabled={busy}>{t("accounts.signIn.submit")}</SubmitButton>
      </Form>
      <p className="muted">
        {t("accounts.signIn.noAccount")} <Link to={`/auth/signup${params.get("redirectTo") ? `?redirectTo=${encodeURIComponent(params.get("redirectTo")!)}` : ""}`}>{t("accounts.signIn.signUpLink")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
