import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { registerProducer } from "~/modules/producers/producers.server";
import { parseProducerForm } from "~/modules/producers/form";
import { formToObject, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ProducerForm } from "~/components/producer-form";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("producers.form.newTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  return {
    orgApproved: access.orgStatus === "APPROVED",
    viaStaff: access.viaStaff,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop", {
    requireApproved: true,
  });
  const values = formToObject(await readFormData(request));
  const parsed = parseProducerForm(values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => registerProducer(access.orgId, access.user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/producer/${res.value.id}`, "producers.flash.registered", { name: res.value.name });
}

export default function NewProducer() {
  const { orgApproved, viaStaff } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h2>{t("producers.form.newTitle")}</h2>
      <p className="muted">{t("producers.form.intro")}</p>
      {!orgApproved ? <p className="form-error">{t("producers.errors.orgNotApproved")}</p> : viaStaff ? null : <ProducerForm reply={reply} withHouseholds submitLabel={t("producers.form.submit")} />}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
