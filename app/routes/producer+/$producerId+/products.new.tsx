import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { createProduct } from "~/modules/products/products.server";
import { newProductSchema } from "~/modules/products/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { ProductForm } from "./__product-form";

export const meta = pageTitle("shop.products.edit.newTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "manage");
  return { defaults: { originDistrictCode: access.producer.districtCode } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "manage");
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(newProductSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => createProduct(access.producer.id, access.user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/producer/${access.producer.id}/products/${res.value.id}`, "shop.products.flash.created");
}

export default function NewProduct() {
  const { defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <section>
      <h2>{t("shop.products.edit.newTitle")}</h2>
      <ProductForm reply={reply} defaults={defaults} isNew submitLabel={t("shop.products.edit.create")} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
