import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { postNeed } from "~/modules/needs/needs.server";
import { NEED_ARRAY_FIELDS, NeedSchema } from "~/modules/needs/schema";
import { NeedForm } from "~/components/need-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("needs.staff.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const values = formToObject(await readFormData(request), NEED_ARRAY_FIELDS);
  const parsed = parseWithSchema(NeedSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const result = await runAction(values, () => postNeed(staff.id, parsed.data));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/staff/needs/${result.value.id}`, "needs.flash.posted");
}

export default function NewNeed() {
  const t = useT();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  return (
    <section className="form-card">
      <h1>{t("needs.staff.newTitle")}</h1>
      <NeedForm reply={reply} submitLabel={t("needs.staff.submit")} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
