import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { wechatShopCheckoutPage, wechatShopCheckoutStatus } from "~/modules/shop/payway.server";
import { wechatQrPageData } from "~/modules/payments/payway.server";
import { publicOrigin } from "~/modules/share/urls.server";
import { invariantResponse } from "~/utils/responses.server";
import { AppError } from "~/utils/errors";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { WechatQrCheckout, type WechatQrLabels } from "~/components/wechat-qr-checkout";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("payway.wechat.title");

const LABELS: WechatQrLabels = { for: "shop.pay.for", paid: "shop.pay.paid", closed: "shop.pay.closed", unavailable: "shop.pay.unavailable", back: "shop.pay.back" };

/**
 * WeChat Pay Native for a shop checkout, by its unguessable access token. `?poll=1` answers where
 * the payment stands (WeChat Pay is asked itself, at most every ~10 s, when the notification is
 * late). Paid: on to the order page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const origin = publicOrigin(request);
  try {
    const res = await wechatQrPageData(request, { status: () => wechatShopCheckoutStatus(token, origin), page: () => wechatShopCheckoutPage(token, origin) });
    if (res.redirectTo) throw redirect(res.redirectTo);
    return res.data!;
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, 404);
    throw e;
  }
}

export default function ShopWechatCheckout() {
  const d = useLoaderData<typeof loader>();
  const token = encodeURIComponent(useParams().token ?? "");
  return <WechatQrCheckout data={d} pollUrl={`/checkout/wechat/shop/${token}?poll=1`} labels={LABELS} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
