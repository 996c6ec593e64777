import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { clientIp } from "~/modules/accounts/rate-limit.server";
import { getPublicProduct, reportProduct } from "~/modules/products/catalogue.server";
import { reportSchema } from "~/modules/products/schema.server";
import { districtName } from "~/modules/districts/districts";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatFen } from "~/utils/format";
import { FormError, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { ReportLink } from "~/components/safeguards";

export const meta = pageTitle("shop.catalogue.title", (d) => d?.product?.name);

/** A listed product of an approved producer; 404 for anything else (draft, unlisted, taken down, suspended producer). */
export async function loader({ params }: LoaderFunctionArgs) {
  const product = await getPublicProduct(params.productId ?? "");
  invariantResponse(product, 404);
  return { product };
}

/** The public "report this product" form (throttled per address); staff see reports in their queue. */
export async function action({ request, params }: ActionFunctionArgs) {
  const productId = params.productId ?? "";
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(reportSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const user = await getOptionalUser(request);
  const res = await runAction(values, () => reportProduct(productId, parsed.data.reason, user?.id ?? null, clientIp(request)));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/shop/products/${productId}`, "shop.catalogue.report.thanks");
}

export default function ProductPage() {
  const { product: p } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <article>
      <p>
        <Link to="/shop">← {t("shop.catalogue.back")}</Link>
      </p>
      <div className="page-head">
        <h1>{p.name}</h1>
        {p.certified ? (
          <span className="cert-badge" data-testid="cert-badge">
            {t("shop.catalogue.certifiedBadge")}
          </span>
        ) : null}
      </div>
      <div className="cards cards-main-side">
        <div>
          {p.photos.length ? (
            <div className="product-photos">
              {p.photos.map((ph, i) => (
                <img key={ph.id} className="product-photo" src={`/files/${ph.fileId}`} alt={t("shop.products.photos.alt", { name: p.name, n: i + 1 })} loading={i ? "lazy" : undefined} />
              ))}
            </div>
          ) : (
            <span className="product-photo product-photo-empty">{t("shop.catalogue.noPhoto")}</span>
          )}
          {p.description ? <p className="prewrap">{p.description}</p> : null}
        </div>
        <div>
          <section className="card">
            <p>
              <span className="product-price" data-testid="price">
                {formatFen(p.priceFen, locale)}
              </span>
              <span className="muted">{t("shop.catalogue.perUnit", { unit: p.unit })}</span>
            </p>
            {p.referencePriceFen ? <p className="muted">{t("shop.catalogue.referencePrice", { price: formatFen(p.referencePriceFen, locale) })}</p> : null}
            {p.priceWarning ? (
              <p className="price-warning" role="note" data-testid="price-warning">
                {t("shop.catalogue.priceWarning")}
              </p>
            ) : null}
            <p data-testid="cert-line">{p.certified ? t("shop.catalogue.cert", { number: p.certNumber ?? "", date: p.certExpiresOn ?? "" }) : <span className="muted">{t("shop.catalogue.notCertified")}</span>}</p>
            <dl className="dl">
              {p.spec ? (
                <>
                  <dt>{t("shop.catalogue.spec")}</dt>
                  <dd>{p.spec}</dd>
                </>
              ) : null}
              <dt>{t("shop.catalogue.origin")}</dt>
              <dd>
                {districtName(p.originDistrictCode, locale)}
                {p.originPlace ? ` ${p.originPlace}` : ""}
              </dd>
              {p.season ? (
                <>
                  <dt>{t("shop.catalogue.season")}</dt>
                  <dd>{p.season}</dd>
                </>
              ) : null}
              <dt>{t("shop.catalogue.producer")}</dt>
              <dd>
                <Link to={`/producers/${p.producer.id}`}>{p.producer.name}</Link>
              </dd>
            </dl>
            <p data-testid="availability">{p.available > 0 ? t("shop.catalogue.stock.inStock", { count: p.available, unit: p.unit }) : t("shop.catalogue.stock.outOfStock")}</p>
            {p.available > 0 ? (
              <Form method="post" action="/shop/cart" className="button-row" aria-label={t("shop.catalogue.addToCart")}>
                <input type="hidden" name="productId" value={p.id} />
                <label htmlFor="cart-quantity">{t("shop.catalogue.quantity")}</label>
                <input id="cart-quantity" type="number" name="quantity" min={1} max={p.available} step={1} defaultValue={1} required />
                <SubmitButton className="button">{t("shop.catalogue.addToCart")}</SubmitButton>
              </Form>
            ) : null}
          </section>
          <ReportLink type="product" id={p.id} />
          <details className="card" open={Boolean(reply)}>
            <summary>{t("shop.catalogue.report.title")}</summary>
            <p className="muted">{t("shop.catalogue.report.intro")}</p>
            <Form method="post" aria-label={t("shop.catalogue.report.title")}>
              <FormError reply={reply} />
              <TextField name="reason" label={t("shop.catalogue.report.reason")} reply={reply} multiline rows={3} maxLength={500} required />
              <SubmitButton className="button button-secondary">{t("shop.catalogue.report.submit")}</SubmitButton>
            </Form>
          </details>
        </div>
      </div>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
