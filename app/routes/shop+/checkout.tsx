import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { cartView, clearCartCookie, readCart } from "~/modules/shop/cart.server";
import { pledgesForBuyer, startCheckout } from "~/modules/shop/checkout.server";
import { shopPaywayOptions } from "~/modules/shop/payway.server";
import { payerDevice } from "~/modules/payments/payway.server";
import { BUYER_KINDS, checkoutSchema } from "~/modules/shop/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, runAction } from "~/utils/responses.server";
import { getEnv } from "~/utils/env.server";
import { formatFen } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/submit-button";
import { ProviderChoice } from "~/components/provider-choice";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.checkout.title");

/** /shop/checkout — delivery details, then one transaction reserves the stock and the payment port takes over. */
export async function loader({ request }: LoaderFunctionArgs) {
  const lines = await readCart(request);
  if (!lines.length) throw redirect("/shop/cart");
  const user = await getOptionalUser(request);
  const [cart, pledges, providers] = await Promise.all([cartView(lines), user ? pledgesForBuyer(user.id) : Promise.resolve([]), shopPaywayOptions()]);
  return { cart, signedIn: Boolean(user), pledges, providers };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const values = formToObject(form);
  const parsed = parseWithSchema(checkoutSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const user = await getOptionalUser(request);
  const lines = await readCart(request);
  const origin = getEnv().APP_URL?.replace(/\/$/, "") ?? new URL(request.url).origin;
  // On any refusal (out of stock: 409 naming the product) the cart cookie is left as it was.
  const res = await runAction(values, () => startCheckout({ buyer: user, lines, data: parsed.data, origin, device: payerDevice(request) }));
  if (!res.ok) return res.response;
  return redirect(res.value.redirectUrl, { headers: { "Set-Cookie": await clearCartCookie() } });
}

export default function Checkout() {
  const { cart, signedIn, pledges, providers } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div className="cards cards-main-side">
      <Form method="post" className="card form-card" aria-label={t("shop.checkout.title")}>
        <h1>{t("shop.checkout.title")}</h1>
        <p className="muted">{t("shop.checkout.intro")}</p>
        <FormError reply={reply} />
        <TextField name="recipientName" label={t("shop.checkout.recipientName")} reply={reply} required maxLength={40} autoComplete="name" />
        <TextField name="recipientPhone" type="tel" label={t("shop.checkout.recipientPhone")} reply={reply} required maxLength={20} autoComplete="tel" />
        <TextField name="address" label={t("shop.checkout.address")} reply={reply} required maxLength={200} multiline rows={2} />
        {signedIn ? null : <TextField name="email" type="email" label={t("shop.checkout.email")} hint={t("shop.checkout.emailHint")} reply={reply} required maxLength={200} autoComplete="email" />}
        <SelectField name="buyerKind" label={t("shop.checkout.buyerKind")} reply={reply} defaultValue="INDIVIDUAL" options={BUYER_KINDS.map((k) => ({ value: k, label: t(`shop.checkout.buyerKinds.${k}`) }))} />
        {pledges.length ? (
          <SelectField
            name="pledgeId"
            label={t("shop.checkout.pledge")}
            hint={t("shop.checkout.pledgeHint")}
            reply={reply}
            emptyLabel={t("shop.checkout.pledgeNone")}
            options={pledges.map((p) => ({ value: p.id, label: `${p.unitName} · ${p.year} · ${formatFen(p.pledgedFen)}` }))}
          />
        ) : null}
        {providers.length ? <ProviderChoice providers={providers} reply={reply} testid="shop" /> : <p className="muted" data-testid="shop-pay-unavailable">{t("shop.pay.unavailableAll")}</p>}
        <SubmitButton className="button" disabled={!providers.length}>
          {t("shop.checkout.submit")}
        </SubmitButton>
      </Form>
      <section className="card" aria-label={t("shop.checkout.summary")}>
        <h2>{t("shop.checkout.summary")}</h2>
        {cart.groups.map((g) => (
          <div key={g.producerId}>
            <h3>{g.producerName}</h3>
            <ul>
              {g.lines.map((l) => (
                <li key={l.productId} className={l.enough ? undefined : "field-error"}>
                  {l.name} × {l.quantity} — {formatFen(l.lineFen)}
                  {l.certified ? <span className="tag"> {t("shop.cart.certified")}</span> : null}
                  {!l.listed ? ` (${t("shop.cart.unavailable")})` : !l.enough ? ` (${t("shop.cart.notEnough", { count: Math.max(0, l.available) })})` : null}
                </li>
              ))}
            </ul>
            <p>
              {t("shop.cart.subtotal")}：{formatFen(g.subtotalFen)}
            </p>
          </div>
        ))}
        <p>
          {t("shop.cart.total")}：<strong>{formatFen(cart.totalFen)}</strong>
        </p>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
