import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { cartSetCookie, cartView, changeCart, readCart } from "~/modules/shop/cart.server";
import { cartActionSchema, MAX_LINE_QUANTITY, normaliseCartForm } from "~/modules/shop/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, runAction } from "~/utils/responses.server";
import { setFlash } from "~/utils/flash.server";
import { formatFen } from "~/utils/format";
import { safeRedirect } from "~/utils/redirect";
import { FormError } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/submit-button";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.cart.title");

/** /shop/cart — the cart kept in a signed cookie; works without JavaScript (plain forms). */
export async function loader({ request }: LoaderFunctionArgs) {
  const lines = await readCart(request);
  return cartView(lines);
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const values = formToObject(form);
  const parsed = parseWithSchema(cartActionSchema, values.intent ? values : normaliseCartForm(values));
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const lines = await readCart(request);
  const res = await runAction(values, () => changeCart(lines, parsed.data));
  if (!res.ok) return res.response;
  const headers = new Headers();
  headers.append("Set-Cookie", await cartSetCookie(res.value));
  headers.append("Set-Cookie", await setFlash(request, { messageKey: parsed.data.intent === "add" ? "shop.cart.flash.added" : "shop.cart.flash.updated" }));
  // A product page may send the buyer back where they were (same-site paths only).
  const back = typeof values.redirectTo === "string" && values.redirectTo ? safeRedirect(values.redirectTo, "/shop/cart") : "/shop/cart";
  return redirect(back, { headers });
}

export default function Cart() {
  const cart = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const [params] = useSearchParams();
  const t = useT();
  return (
    <div>
      <h1>{t("shop.cart.title")}</h1>
      {params.get("cancelled") ? <p className="flash flash-error">{t("shop.cart.cancelled")}</p> : null}
      <FormError reply={reply} />
      {cart.groups.length === 0 ? (
        <p className="muted">
          {t("shop.cart.empty")} · <Link to="/shop">{t("shop.cart.browse")}</Link>
        </p>
      ) : (
        <>
          <p className="muted">{t("shop.cart.split")}</p>
          {cart.groups.map((g) => (
            <section key={g.producerId} className="card" data-testid="cart-group">
              <h2>
                {t("shop.cart.producer")}：{g.producerName}
              </h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t("shop.cart.product")}</th>
                      <th>{t("shop.cart.price")}</th>
                      <th>{t("shop.cart.quantity")}</th>
                      <th>{t("shop.cart.lineTotal")}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {g.lines.map((l) => (
                      <tr key={l.productId}>
                        <td>
                          <Link to={`/shop/products/${l.productId}`}>{l.name}</Link>
                          {l.spec ? <span className="muted"> {l.spec}</span> : null}
                          {l.certified ? <span className="tag"> {t("shop.cart.certified")}</span> : null}
                          <br />
                          <small className={l.enough ? "muted" : "field-error"}>{!l.listed ? t("shop.cart.unavailable") : l.enough ? t("shop.cart.available", { count: l.available }) : t("shop.cart.notEnough", { count: Math.max(0, l.available) })}</small>
                        </td>
                        <td>
                          {formatFen(l.priceFen)}/{l.unit}
                        </td>
                        <td>
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="update" />
                            <input type="hidden" name="productId" value={l.productId} />
                            <input type="number" name="quantity" min={1} max={MAX_LINE_QUANTITY} defaultValue={l.quantity} aria-label={t("shop.cart.quantity")} style={{ width: "5em" }} />
                            <SubmitButton className="button button-small button-secondary">{t("shop.cart.update")}</SubmitButton>
                          </Form>
                        </td>
                        <td>{formatFen(l.lineFen)}</td>
                        <td>
                          <Form method="post">
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="productId" value={l.productId} />
                            <SubmitButton className="button button-small button-secondary">{t("shop.cart.remove")}</SubmitButton>
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p>
                {t("shop.cart.subtotal")}：<strong>{formatFen(g.subtotalFen)}</strong>
              </p>
            </section>
          ))}
          <section className="card">
            <p>
              {t("shop.cart.total")}：<strong data-testid="cart-total">{formatFen(cart.totalFen)}</strong>
            </p>
            <div className="button-row">
              <Link to="/shop/checkout" className="button">
                {t("shop.cart.checkout")}
              </Link>
              <Form method="post">
                <input type="hidden" name="intent" value="clear" />
                <SubmitButton className="button button-secondary">{t("shop.cart.clear")}</SubmitButton>
              </Form>
            </div>
          </section>
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
