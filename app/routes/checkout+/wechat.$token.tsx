import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { wechatCheckoutPage, wechatCheckoutStatus } from "~/modules/donations/payway.server";
import { wechatQrPageData } from "~/modules/payments/payway.server";
import { publicOrigin } from "~/modules/share/urls.server";
import { invariantResponse } from "~/utils/responses.server";
import { AppError } from "~/utils/errors";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DONATION_WECHAT_LABELS, WechatQrCheckout } from "~/components/wechat-qr-checkout";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("payway.wechat.title");

/**
 * WeChat Pay Native: the order's QR code for a donation, by its unguessable access token. `?poll=1`
 * answers where the payment stands (the page asks every few seconds; the service asks WeChat Pay
 * itself, at most every ~10 s, when the notification is late). Paid: on to the thanks page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const origin = publicOrigin(request);
  try {
    const res = await wechatQrPageData(request, { status: () => wechatCheckoutStatus(token, origin), page: () => wechatCheckoutPage(token, origin) });
    if (res.redirectTo) throw redirect(res.redirectTo);
    return res.data!;
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, 404);
    throw e;
  }
}

export default function WechatCheckout() {
  const d = useLoaderData<typeof loader>();
  const token = encodeURIComponent(useParams().token ?? "");
  return <WechatQrCheckout data={d} pollUrl={`/checkout/wechat/${token}?poll=1`} labels={DONATION_WECHAT_LABELS} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
