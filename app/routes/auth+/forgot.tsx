import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { linkBase, requestPasswordReset } from "~/modules/accounts/email-tokens.server";
import { ForgotPasswordSchema } from "~/modules/accounts/schema";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData } from "~/utils/responses.server";

export const meta: MetaFunction = () => [{ title: "找回密码 · 善联" }];

export const loader = (_: LoaderFunctionArgs) => null;

export async function action({ request }: ActionFunctionArgs) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(ForgotPasswordSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  await requestPasswordReset(parsed.data.email, linkBase(request));
  // The same answer whether or not the address has an account.
  return { sent: true as const };
}

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  const reply = result && "sent" in result ? undefined : (result as FormReply | undefined);
  const busy = useNavigation().state === "submitting";
  return (
    <div className="form-card form-narrow">
      <h1>{t("security.accounts.forgot.title")}</h1>
      {result && "sent" in result ? (
        <p role="status">{t("security.accounts.forgot.sent")}</p>
      ) : (
        <Form method="post" noValidate>
          <p className="muted">{t("security.accounts.forgot.intro")}</p>
          <FormError reply={reply} />
          <TextField name="email" type="email" label={t("accounts.email")} reply={reply} required autoComplete="email" maxLength={254} />
          <button type="submit" disabled={busy}>
            {t("security.accounts.forgot.submit")}
          </button>
        </Form>
      )}
      <p className="muted">
        <Link to="/auth/login">{t("accounts.signUp.signInLink")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
