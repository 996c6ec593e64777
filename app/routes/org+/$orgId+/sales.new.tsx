import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { createSale, saleFormOptions } from "~/modules/sales/sales.server";
import { SaleSchema, shanghaiToday } from "~/modules/sales/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { SaleForm } from "./__sale-form";

export const meta = pageTitle("sales.form.newTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  return { orgId: access.orgId, options: await saleFormOptions(access.orgId), today: shanghaiToday() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop", { requireApproved: true });
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(SaleSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const result = await runAction(values, () => createSale(access.orgId, access.user.id, parsed.data));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/sales`, "sales.flash.created");
}

export default function NewSale() {
  const { orgId, options, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <section>
      <div className="page-head">
        <h2>{t("sales.form.newTitle")}</h2>
        <Link to={`/org/${orgId}/sales`}>{t("common.actions.back")}</Link>
      </div>
      <SaleForm reply={reply} options={options} defaults={{ soldOn: today, buyerKind: "INDIVIDUAL" }} submitLabel={t("common.actions.save")} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
