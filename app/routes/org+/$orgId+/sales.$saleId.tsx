import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { deleteSale, getSale, saleFormOptions, updateSale } from "~/modules/sales/sales.server";
import { SaleSchema } from "~/modules/sales/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { SaleForm } from "./__sale-form";

export const meta = pageTitle("sales.form.editTitle");

const yuan = (fen: string) => {
  const n = BigInt(fen);
  return `${n / 100n}.${String(n % 100n).padStart(2, "0")}`;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const sale = await getSale(access.orgId, params.saleId ?? "");
  invariantResponse(sale, 404);
  const options = await saleFormOptions(access.orgId, sale);
  return { orgId: access.orgId, sale: { ...sale, amount: yuan(sale.amountFen) }, options };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop", { requireApproved: true });
  const saleId = params.saleId ?? "";
  const values = formToObject(await readFormData(request));
  if (values.intent === "delete") {
    const result = await runAction(values, () => deleteSale(access.orgId, saleId, access.user.id));
    if (!result.ok) return result.response;
    return redirectWithFlash(request, `/org/${access.orgId}/sales`, "sales.flash.deleted");
  }
  const parsed = parseWithSchema(SaleSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const result = await runAction(values, () => updateSale(access.orgId, saleId, access.user.id, parsed.data));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/sales`, "sales.flash.updated");
}

export default function EditSale() {
  const { orgId, sale, options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <section>
      <div className="page-head">
        <h2>{t("sales.form.editTitle")}</h2>
        <Link to={`/org/${orgId}/sales`}>{t("common.actions.back")}</Link>
      </div>
      <p className="muted">
        {t("sales.fields.source")}：{t(`sales.sources.${sale.source}`)}
      </p>
      {sale.editable ? (
        <>
          <SaleForm reply={reply?.values?.intent === "delete" ? undefined : reply} options={options} defaults={sale} submitLabel={t("common.actions.save")} />
          <details className="card">
            <summary>{t("sales.form.delete")}</summary>
            <Form method="post">
              {reply?.values?.intent === "delete" ? <FormError reply={reply} /> : null}
              <p>{t("sales.form.deleteConfirm")}</p>
              <input type="hidden" name="intent" value="delete" />
              <SubmitButton className="button-danger">{t("common.actions.delete")}</SubmitButton>
            </Form>
          </details>
        </>
      ) : (
        <p role="note">{t("sales.errors.notEditable")}</p>
      )}
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
