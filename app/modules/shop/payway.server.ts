/**
 * How a buyer pays for a shop checkout on this device (#14.3, shop side): the same choice and
 * checkouts as the donate form (payments/payway.server.ts) among the platform's own providers
 * (providersForOrg(null): one cart pays several producers). WeChat Pay's QR code is shown on
 * /checkout/wechat/shop/<token> (the checkout's unguessable access token, never its id), which
 * follows the payment until it is recorded — asking WeChat Pay itself when the notification is late.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { catchUpWechatPayment, paywayOptions, QUERY_INTERVAL_MS, wechatQrCodeUrl, type WechatPage, type WechatPageState, type WechatPageStatus } from "~/modules/payments/payway.server";
import { shopCheckoutRequest } from "./checkout.server";

/** The providers the checkout form may show: the platform's own (WeChat Pay first). */
export const shopPaywayOptions = () => paywayOptions(null);

const select = {
  id: true,
  status: true,
  amountFen: true,
  accessToken: true,
  buyerEmail: true,
  merchantAccountId: true,
  orders: { select: { number: true }, orderBy: { number: "asc" } },
} as const;

async function wechatShopCheckout(token: string) {
  const co = token ? await prisma.shopCheckout.findFirst({ where: { accessToken: token, provider: "WECHAT_PAY", merchantAccountId: { not: null } }, select }) : null;
  if (!co) throw new AppError("errors.http.404", 404);
  return co;
}

/** A pending payment whose notification is late: ask WeChat Pay, at most once per QUERY_INTERVAL_MS per checkout. */
async function catchUp(co: { id: string; merchantAccountId: string | null }, origin: string) {
  const claim = async () =>
    (await prisma.shopCheckout.updateMany({ where: { id: co.id, status: "PENDING", updatedAt: { lt: new Date(Date.now() - QUERY_INTERVAL_MS) } }, data: { updatedAt: new Date() } })).count > 0;
  await catchUpWechatPayment({ merchantAccountId: co.merchantAccountId, outTradeNo: co.id, label: `shop checkout ${co.id}` }, claim, origin);
}

const stateOf = (status: string): WechatPageState => (status === "PAID" ? "paid" : status === "PENDING" ? "pending" : "closed");
const orderPage = (accessToken: string) => `/shop/orders/${encodeURIComponent(accessToken)}`;

/** The page's poll: where the payment stands now (asking WeChat Pay when the notification is late). */
export async function wechatShopCheckoutStatus(token: string, origin: string): Promise<WechatPageStatus> {
  let co = await wechatShopCheckout(token);
  if (co.status === "PENDING") {
    await catchUp(co, origin);
    co = await wechatShopCheckout(token);
  }
  return { state: stateOf(co.status), thanksUrl: orderPage(co.accessToken) };
}

/** The QR page: for a pending payment, the order's code_url, with the order numbers paid for. */
export async function wechatShopCheckoutPage(token: string, origin: string): Promise<WechatPage> {
  const { state, thanksUrl } = await wechatShopCheckoutStatus(token, origin);
  const co = await wechatShopCheckout(token);
  const orderNumbers = co.orders.map((o) => o.number);
  const base = { state, thanksUrl, backUrl: "/shop/cart", title: orderNumbers.join("、"), amountFen: co.amountFen.toString() };
  if (state !== "pending") return { ...base, qrCodeUrl: null };
  const qrCodeUrl = await wechatQrCodeUrl(co.merchantAccountId!, shopCheckoutRequest({ ...co, orderNumbers }, origin), `shop checkout ${co.id}`, origin);
  return { ...base, qrCodeUrl };
}
