/**
 * How a donor pays on this device (#14.3, donor side): the provider they picked among those the
 * host offers (merchant-accounts.server.ts providersForOrg), and the checkout that fits the device
 * (payments/device.server.ts). WeChat Pay's QR code is shown on our own page, /checkout/wechat/<token>
 * (the donation's unguessable access token, never its id), which follows the payment until it is
 * recorded — asking WeChat Pay itself when the notification is late.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { catchUpWechatPayment, offeredRoute as offered, QUERY_INTERVAL_MS, paywayOptions, wechatQrCodeUrl, type PayerDevice, type WechatPageState } from "~/modules/payments/payway.server";
import type { CheckoutRequest } from "~/modules/payments/provider";
import type { DonateProvider } from "./schema";

export { checkoutRoute, QUERY_INTERVAL_MS, type WechatPageState } from "~/modules/payments/payway.server";

/** What the donor's request tells about the device (payments/payway.server.ts). */
export type DonorDevice = PayerDevice;

/** The providers the donate form may show (no account ids: the page needs only names). */
export const donateOptions = (orgId: string) => paywayOptions(orgId);

/** The donor's choice, checked against what the host offers now (a stale or forged form is refused). */
export const offeredRoute = (orgId: string, choice: DonateProvider) => offered(orgId, choice);

/** The donation's checkout, the same each time it is asked for (WeChat Pay then answers with the same order). */
export function donationCheckoutRequest(
  d: { id: string; amountFen: bigint; orgId: string; campaignId: string | null; fundId: string | null; accessToken: string; donorEmail: string | null },
  title: string,
  origin: string,
): CheckoutRequest {
  const backUrl = d.campaignId ? `/campaigns/${d.campaignId}` : `/funds/${d.fundId}`;
  return {
    payable: { kind: "donation", id: d.id },
    amountFen: d.amountFen,
    currency: "CNY",
    description: `善联 · ${title}`,
    payerEmail: d.donorEmail,
    successUrl: `${origin}/donate/thanks/${d.accessToken}`,
    cancelUrl: `${origin}${backUrl}?cancelled=1`,
    metadata: { donationId: d.id, ...(d.campaignId ? { campaignId: d.campaignId } : { fundId: d.fundId! }), orgId: d.orgId },
  };
}

export const wechatPagePath = (accessToken: string) => `/checkout/wechat/${encodeURIComponent(accessToken)}`;

const wechatSelect = {
  id: true,
  status: true,
  amountFen: true,
  orgId: true,
  campaignId: true,
  fundId: true,
  accessToken: true,
  donorEmail: true,
  merchantAccountId: true,
  updatedAt: true,
  campaign: { select: { title: true } },
  fund: { select: { name: true } },
} as const;

async function wechatDonation(token: string) {
  const d = token ? await prisma.donation.findFirst({ where: { accessToken: token, provider: "WECHAT_PAY", merchantAccountId: { not: null } }, select: wechatSelect }) : null;
  if (!d) throw new AppError("errors.http.404", 404);
  return d;
}

/** A pending payment whose notification is late: ask WeChat Pay, at most once per QUERY_INTERVAL_MS per donation. */
async function catchUp(d: { id: string; merchantAccountId: string | null }, origin: string) {
  const claim = async () =>
    (await prisma.donation.updateMany({ where: { id: d.id, status: "PENDING", updatedAt: { lt: new Date(Date.now() - QUERY_INTERVAL_MS) } }, data: { updatedAt: new Date() } })).count > 0;
  await catchUpWechatPayment({ merchantAccountId: d.merchantAccountId, outTradeNo: d.id, label: `donation ${d.id}` }, claim, origin);
}

const settledStates = ["PAID", "PARTLY_REFUNDED", "REFUNDED"];

const stateOf = (status: string): WechatPageState => (settledStates.includes(status) ? "paid" : status === "PENDING" ? "pending" : "closed");

/** The page's poll: where the payment stands now (asking WeChat Pay when the notification is late). */
export async function wechatCheckoutStatus(token: string, origin: string) {
  let d = await wechatDonation(token);
  if (d.status === "PENDING") {
    await catchUp(d, origin);
    d = await wechatDonation(token);
  }
  return { state: stateOf(d.status), thanksUrl: `/donate/thanks/${encodeURIComponent(d.accessToken)}` };
}

/**
 * The QR page: for a pending payment, the order's code_url (WeChat Pay answers a repeated,
 * identical order with the same one, so nothing is stored), with what is paid for. qrCodeUrl is
 * null when WeChat Pay cannot be reached or no longer takes the order.
 */
export async function wechatCheckoutPage(token: string, origin: string) {
  const { state, thanksUrl } = await wechatCheckoutStatus(token, origin);
  const d = await wechatDonation(token);
  const title = d.campaign?.title ?? d.fund?.name ?? "";
  const backUrl = d.campaignId ? `/campaigns/${d.campaignId}` : `/funds/${d.fundId}`;
  const base = { state, thanksUrl, backUrl, title, amountFen: d.amountFen.toString() };
  if (state !== "pending") return { ...base, qrCodeUrl: null };
  const qrCodeUrl = await wechatQrCodeUrl(d.merchantAccountId!, donationCheckoutRequest(d, title, origin), `donation ${d.id}`, origin);
  return { ...base, qrCodeUrl };
}
