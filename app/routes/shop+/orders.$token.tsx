import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ordersByToken, orderOfToken } from "~/modules/shop/orders.server";
import { buyerOrderAction } from "~/modules/shop/buyer-actions.server";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { AppError } from "~/utils/errors";
import { invariantResponse, readFormData } from "~/utils/responses.server";
import { formatDateTime, formatFen } from "~/utils/format";
import type { FormReply } from "~/utils/forms";
import { BuyerOrderActions, ShopOrderCard } from "~/components/shop-order";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.orders.guestTitle");

/** /shop/orders/:token — the buyer's orders of one checkout, by its unguessable token (guests and signed-in alike). */
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    return await ordersByToken(params.token ?? "");
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, 404);
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  try {
    await ordersByToken(token);
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, 404);
    throw e;
  }
  const form = await readFormData(request);
  const user = await getOptionalUser(request);
  return buyerOrderAction(request, form, { ownOrder: (orderId) => orderOfToken(token, orderId), actorId: user?.id ?? null, backTo: `/shop/orders/${token}` });
}

export default function GuestOrders() {
  const { checkout, orders } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("shop.orders.guestTitle")}</h1>
      <p className="muted">{t("shop.orders.guestIntro")}</p>
      <p>
        {t("shop.cart.total")}：<strong>{formatFen(checkout.amountFen)}</strong>
      </p>
      {checkout.status === "PENDING" ? <p className="muted">{t("shop.orders.pendingHint", { until: formatDateTime(checkout.reservedUntil, locale) })}</p> : null}
      {orders.map((o) => (
        <ShopOrderCard key={o.id} order={o}>
          <BuyerOrderActions order={o} reply={reply} />
        </ShopOrderCard>
      ))}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
