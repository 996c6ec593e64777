import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { addPhotos, getProducerProduct, recordStock, removePhoto, setListing, updateProduct } from "~/modules/products/products.server";
import { readProductForm } from "~/modules/products/form.server";
import { fenToYuanInput, listingSchema, productSchema, stockSchema } from "~/modules/products/schema";
import { isCertified, MAX_PRODUCT_PHOTOS, priceAboveReference } from "~/modules/products/rules";
import { parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDateTime } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { ProductForm } from "./__product-form";

export const meta = pageTitle("shop.products.edit.title", (d) => d?.product?.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "view");
  const p = await getProducerProduct(access.producer.id, params.productId ?? "");
  invariantResponse(p, 404);
  return {
    producer: { id: access.producer.id, status: access.producer.status },
    canEdit: access.via !== "staff",
    product: {
      id: p.id, name: p.name, status: p.status, takedownReason: p.takedownReason,
      onHand: p.stockOnHand, reserved: p.stockReserved, available: p.stockOnHand - p.stockReserved,
      priceWarning: priceAboveReference(p.priceFen, p.referencePriceFen),
      certified: isCertified(p), certNumber: p.certNumber, certExpiresOn: p.certExpiresOn?.toISOString().slice(0, 10) ?? null, certVerified: Boolean(p.certVerifiedAt),
      lastCertRejection: p.lastCertDecision?.action === "product.cert_rejected" ? (p.lastCertDecision.reason ?? "") : null,
      photos: p.photos,
      movements: p.movements.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    },
    defaults: {
      name: p.name, category: p.category, unit: p.unit, spec: p.spec ?? "", description: p.description ?? "", price: fenToYuanInput(p.priceFen), referencePrice: fenToYuanInput(p.referencePriceFen),
      originDistrictCode: p.originDistrictCode, originPlace: p.originPlace ?? "", season: p.season ?? "", certNumber: p.certNumber ?? "", certExpiresOn: p.certExpiresOn?.toISOString().slice(0, 10) ?? "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "manage");
  const producerId = access.producer.id;
  const productId = params.productId ?? "";
  const back = `/producer/${producerId}/products/${productId}`;
  const form = await readProductForm(request);
  if (!form.ok) return data(form.reply, { status: 400 });
  const { values, photos } = form;
  switch (values.intent) {
    case "save": {
      const parsed = parseWithSchema(productSchema, values);
      if (!parsed.ok) return data({ ...parsed.reply, intent: "save" }, { status: 400 });
      const res = await runAction(values, () => updateProduct(producerId, productId, access.user.id, parsed.data));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, res.value.certChanged ? "shop.products.flash.certCleared" : "shop.products.flash.saved");
    }
    case "listing": {
      const parsed = parseWithSchema(listingSchema, values);
      if (!parsed.ok) return data({ ...parsed.reply, intent: "listing" }, { status: 400 });
      const res = await runAction(values, () => setListing(producerId, productId, access.user.id, parsed.data.listing));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, parsed.data.listing === "LIST" ? "shop.products.flash.listed" : "shop.products.flash.unlisted");
    }
    case "photos": {
      if (!photos.length) return data({ values, intent: "photos", fieldErrors: { photo: "shop.products.errors.noPhoto" } }, { status: 400 });
      const res = await runAction(values, () => addPhotos(producerId, productId, access.user.id, photos));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "shop.products.flash.photosAdded");
    }
    case "removePhoto": {
      const res = await runAction(values, () => removePhoto(producerId, productId, access.user.id, String(values.photoId ?? "")));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "shop.products.flash.photoRemoved");
    }
    case "stock": {
      const parsed = parseWithSchema(stockSchema, values);
      if (!parsed.ok) return data({ ...parsed.reply, intent: "stock" }, { status: 400 });
      const res = await runAction(values, () => recordStock(producerId, productId, access.user.id, parsed.data));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "shop.products.flash.stockRecorded");
    }
    default:
      return data({ values, formError: "validation.choice" }, { status: 400 });
  }
}

export default function EditProduct() {
  const { producer, canEdit, product: p, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as (FormReply & { intent?: string }) | undefined;
  const t = useT();
  const locale = useLocale();
  const replyFor = (intent: string) => (actionData && (actionData.intent ?? actionData.values?.intent) === intent ? actionData : undefined);
  const certLine = p.certified
    ? t("shop.products.cert.verified", { date: p.certExpiresOn ?? "" })
    : p.certNumber && p.certVerified
      ? t("shop.products.cert.expired", { date: p.certExpiresOn ?? "" })
      : p.certNumber
        ? t("shop.products.cert.pending")
        : t("shop.products.cert.none");
  return (
    <section>
      <p>
        <Link to={`/producer/${producer.id}/products`}>← {t("shop.products.edit.back")}</Link>
      </p>
      <div className="page-head">
        <h2>{p.name}</h2>
        <span className={`status status-${p.status}`} data-testid="product-status">
          {t(`shop.products.statuses.${p.status}`)}
        </span>
      </div>
      {actionData?.formError && !actionData.intent ? <FormError reply={actionData} /> : null}
      {p.status === "TAKEN_DOWN" ? <p className="form-error">{t("shop.products.listing.takenDown", { reason: p.takedownReason ?? "" })}</p> : null}
      <p data-testid="cert-status">
        {p.certified ? <span className="cert-badge">{t("shop.catalogue.certifiedBadge")}</span> : null} {certLine}
      </p>
      {p.lastCertRejection !== null && !p.certNumber ? <p className="form-error">{t("shop.products.cert.rejected", { reason: p.lastCertRejection })}</p> : null}

      {canEdit ? (
        <section className="card">
          <h3>{t("shop.products.listing.title")}</h3>
          <FormError reply={replyFor("listing")} />
          {p.status === "TAKEN_DOWN" ? null : p.status === "LISTED" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="listing" />
              <SubmitButton name="listing" value="UNLIST" className="button button-secondary">
                {t("shop.products.listing.unlist")}
              </SubmitButton>{" "}
              <Link to={`/shop/products/${p.id}`}>{t("shop.products.edit.publicPage")}</Link>
            </Form>
          ) : producer.status === "APPROVED" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="listing" />
              <SubmitButton name="listing" value="LIST" className="button">
                {t("shop.products.listing.list")}
              </SubmitButton>
            </Form>
          ) : (
            <p className="muted">{t("shop.products.listing.notApproved")}</p>
          )}
        </section>
      ) : null}

      <section>
        <h3>{t("shop.products.edit.title")}</h3>
        {canEdit ? (
          <ProductForm reply={replyFor("save")} defaults={defaults} submitLabel={t("shop.products.edit.save")} priceWarning={p.priceWarning} />
        ) : p.priceWarning ? (
          <p className="price-warning" data-testid="price-warning">
            {t("shop.products.priceWarning")}
          </p>
        ) : null}
      </section>

      <section className="card">
        <h3>{t("shop.products.photos.title")}</h3>
        {p.photos.length ? (
          <div className="product-photos">
            {p.photos.map((ph, i) => (
              <div key={ph.id}>
                <img className="product-photo" src={`/files/${ph.fileId}`} alt={t("shop.products.photos.alt", { name: p.name, n: i + 1 })} loading="lazy" />
                {canEdit ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="removePhoto" />
                    <input type="hidden" name="photoId" value={ph.id} />
                    <SubmitButton className="button-small button-secondary">{t("shop.products.photos.remove")}</SubmitButton>
                  </Form>
                ) : null}
              </div>
            ))}
          </div>
        ) : (
          <p className="muted">{t("shop.products.photos.none")}</p>
        )}
        {canEdit && p.photos.length < MAX_PRODUCT_PHOTOS ? (
          <Form method="post" encType="multipart/form-data" aria-label={t("shop.products.photos.add")}>
            <input type="hidden" name="intent" value="photos" />
            <FormError reply={replyFor("photos")} />
            <div className={`field${replyFor("photos")?.fieldErrors?.photo ? " field-invalid" : ""}`}>
              <label htmlFor="product-photo">{t("shop.products.fields.photo")}</label>
              <input id="product-photo" type="file" name="photo" accept="image/png,image/jpeg,image/webp" multiple />
              <p className="field-hint">{t("shop.products.hints.photos", { max: MAX_PRODUCT_PHOTOS })}</p>
              {replyFor("photos")?.fieldErrors?.photo ? (
                <p className="field-error" role="alert">
                  {t(replyFor("photos")!.fieldErrors!.photo!)}
                </p>
              ) : null}
            </div>
            <SubmitButton className="button">{t("shop.products.photos.add")}</SubmitButton>
          </Form>
        ) : null}
      </section>

      <section className="card">
        <h3>{t("shop.products.stock.title")}</h3>
        <p data-testid="stock-summary">{t("shop.products.stock.summary", { onHand: p.onHand, reserved: p.reserved, available: p.available })}</p>
        {canEdit ? (
          <Form method="post" aria-label={t("shop.products.stock.title")}>
            <input type="hidden" name="intent" value="stock" />
            <FormError reply={replyFor("stock")} />
            <div className="form-grid">
              <SelectField name="kind" label={t("shop.products.stock.kind")} reply={replyFor("stock")} defaultValue="RECEIVED" options={(["RECEIVED", "ADJUSTED"] as const).map((k) => ({ value: k, label: t(`shop.products.movementKinds.${k}`) }))} />
              <TextField name="quantity" type="number" step={1} label={t("shop.products.stock.quantity")} hint={t("shop.products.stock.quantityHint")} reply={replyFor("stock")} required />
              <TextField name="note" label={t("shop.products.stock.note")} reply={replyFor("stock")} maxLength={200} />
            </div>
            <SubmitButton className="button">{t("shop.products.stock.submit")}</SubmitButton>
          </Form>
        ) : null}
        {p.movements.length ? (
          <>
            <h4>{t("shop.products.stock.history")}</h4>
            <div className="table-wrap">
              <table>
                <tbody>
                  {p.movements.map((m) => (
                    <tr key={m.id}>
                      <td>{formatDateTime(m.createdAt, locale)}</td>
                      <td>{t(`shop.products.movementKinds.${m.kind}`)}</td>
                      <td className="num">{m.quantity}</td>
                      <td>{m.note === "initial" || m.note === "factory" ? "" : m.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </section>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
