import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { myOrder } from "~/modules/shop/orders.server";
import { buyerOrderAction } from "~/modules/shop/buyer-actions.server";
import { AppError } from "~/utils/errors";
import { invariantResponse, readFormData } from "~/utils/responses.server";
import type { FormReply } from "~/utils/forms";
import { BuyerOrderActions, ShopOrderCard } from "~/components/shop-order";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.orders.title", (d: { number?: string } | undefined) => d?.number);

async function own(userId: string, orderId: string) {
  try {
    return await myOrder(userId, orderId);
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, 404);
    throw e;
  }
}

/** /me/orders/:orderId — one of the signed-in buyer's own orders (anyone else's is 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return own(user.id, params.orderId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const order = await own(user.id, params.orderId ?? "");
  const form = await readFormData(request);
  return buyerOrderAction(request, form, {
    ownOrder: async (orderId) => {
      if (orderId !== order.id) throw new AppError("errors.http.404", 404);
      return order.id;
    },
    actorId: user.id,
    backTo: `/me/orders/${order.id}`,
  });
}

export default function MyOrder() {
  const order = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <p>
        <Link to="/me/orders">← {t("shop.orders.mine")}</Link>
      </p>
      <ShopOrderCard order={order}>
        <BuyerOrderActions order={order} reply={reply} />
      </ShopOrderCard>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
