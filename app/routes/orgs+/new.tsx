import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { registerOrganization } from "~/modules/organizations/organizations.server";
import { readOrganizationForm } from "~/modules/organizations/form.server";
import { OrganizationForm } from "~/components/org-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { redirectWithFlash, runAction } from "~/utils/responses.server";
import type { FormReply } from "~/utils/forms";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("orgs.form.registerTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readOrganizationForm(request);
  if (!form.ok) return data(form.reply, { status: 400 });
  const result = await runAction(form.values, () => registerOrganization(user.id, form.data, form.logo));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${result.value.id}`, "orgs.form.submitted");
}

export default function NewOrganization() {
  const t = useT();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  return (
    <div className="form-card">
      <h1>{t("orgs.form.registerTitle")}</h1>
      <p className="muted">{t("orgs.form.registerIntro")}</p>
      <OrganizationForm reply={reply} submitLabel={t("orgs.form.submit")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
