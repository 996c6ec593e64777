/**
 * How a donor pays on this device (#14.3, donor side): the provider they picked among those the
 * host offers (merchant-accounts.server.ts providersForOrg), and the checkout that fits the device
 * (payments/device.server.ts). WeChat Pay's QR code is shown on our own page, /checkout/wechat/<token>
 * (the donation's unguessable access token, never its id), which follows the payment until it is
 * recorded — asking WeChat Pay itself when the notification is late.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { alipaySceneFor, wechatSceneFor } from "~/modules/payments/device.server";
import { providerForAccount, providersForOrg, type AccountProvider, type OfferedProvider } from "~/modules/payments/merchant-accounts.server";
import type { AlipayProvider } from "~/modules/payments/alipay/alipay.server";
import type { WechatPayProvider } from "~/modules/payments/wechatpay/wechatpay.server";
import { providerFor } from "~/modules/payments/payments.server";
import type { CheckoutRequest, CheckoutSession, PaymentProvider } from "~/modules/payments/provider";
import { ProviderError } from "~/modules/payments/provider";
import type { DonateProvider } from "./schema";
import { applyProviderEvent } from "./events.server";

/** The account's adapter when it is of the provider expected (the union is keyed one level down). */
async function wechatAdapter(accountId: string, origin: string): Promise<WechatPayProvider> {
  const built: AccountProvider = await providerForAccount(accountId, { origin });
  if (built.account.provider !== "WECHAT_PAY") throw new ProviderError("merchant account is not WeChat Pay's", true);
  return built.provider as WechatPayProvider;
}
async function alipayAdapter(accountId: string, origin: string): Promise<AlipayProvider> {
  const built: AccountProvider = await providerForAccount(accountId, { origin });
  if (built.account.provider !== "ALIPAY") throw new ProviderError("merchant account is not Alipay's", true);
  return built.provider as AlipayProvider;
}

/** What the donor's request tells about the device: its User-Agent and address (WeChat Pay H5 requires the latter). */
export type DonorDevice = { userAgent: string | null; clientIp: string | null };

/** The providers the donate form may show (no account ids: the page needs only names). */
export async function donateOptions(orgId: string) {
  return (await providersForOrg(orgId)).map((p) => ({ provider: p.provider as DonateProvider, testCheckout: p.testCheckout }));
}

/** The donor's choice, checked against what the host offers now (a stale or forged form is refused). */
export async function offeredRoute(orgId: string, choice: DonateProvider): Promise<OfferedProvider> {
  const all = await providersForOrg(orgId);
  // Nothing at all (production without Stripe or a merchant account): no form could have worked.
  if (!all.length) throw new AppError("funding.errors.providerUnavailable", 503);
  const offered = all.find((p) => p.provider === choice);
  if (!offered) throw new AppError("payway.errors.notOffered", 400, {}, { provider: "payway.errors.notOffered" });
  return offered;
}

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

/**
 * The adapter for the chosen route (built before any row is written, so an unusable account fails
 * cleanly) and how to open its checkout for the device: WeChat Pay Native on our QR page, H5 by
 * redirect; Alipay page or wap by redirect; the test checkout and Stripe as before.
 */
export async function checkoutRoute(route: OfferedProvider, origin: string) {
  const adapter: PaymentProvider = await providerFor(route.testCheckout ? { provider: route.provider, merchantAccountId: null } : route, { origin });
  async function open(req: CheckoutRequest, device: DonorDevice, accessToken: string): Promise<CheckoutSession> {
    if (route.merchantAccountId && route.provider === "WECHAT_PAY") {
      const scene = wechatSceneFor(device.userAgent);
      const session = await (await wechatAdapter(route.merchantAccountId, origin)).createCheckout({ ...req, channel: scene, payerClientIp: device.clientIp });
      return { sessionId: session.sessionId, redirectUrl: scene === "h5" ? session.redirectUrl : wechatPagePath(accessToken) };
    }
    if (route.merchantAccountId && route.provider === "ALIPAY") {
      return (await alipayAdapter(route.merchantAccountId, origin)).createCheckout({ ...req, channel: alipaySceneFor(device.userAgent) });
    }
    return adapter.createCheckout(req);
  }
  return { adapter, open };
}

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

/** How often the page may ask WeChat Pay about a payment whose notification has not come. */
export const QUERY_INTERVAL_MS = 10_000;

/**
 * A pending payment whose notification is late: at most once per QUERY_INTERVAL_MS per donation
 * (a conditional update on the row is the across-processes throttle), ask WeChat Pay for the
 * order and apply its answer through the normal event path. The event id is stable per state, and
 * applyProviderEvent records a payment once however many events say so.
 */
async function catchUp(d: { id: string; merchantAccountId: string | null; updatedAt: Date }, origin: string) {
  if (!d.merchantAccountId) return;
  const claimed = await prisma.donation.updateMany({
    where: { id: d.id, status: "PENDING", updatedAt: { lt: new Date(Date.now() - QUERY_INTERVAL_MS) } },
    data: { updatedAt: new Date() },
  });
  if (!claimed.count) return;
  try {
    const event = await (await wechatAdapter(d.merchantAccountId, origin)).queryOrder(d.id);
    if (event && event.kind !== "ignored") await applyProviderEvent(event);
  } catch (e) {
    // The page keeps waiting; the notification or the next query will tell.
    if (e instanceof ProviderError || e instanceof AppError) console.warn(`[payments] WeChat Pay order query for donation ${d.id} failed: ${e.message}`);
    else throw e;
  }
}

const settledStates = ["PAID", "PARTLY_REFUNDED", "REFUNDED"];

export type WechatPageState = "paid" | "pending" | "closed";

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
  let qrCodeUrl: string | null = null;
  try {
    const session = await (await wechatAdapter(d.merchantAccountId!, origin)).createCheckout({ ...donationCheckoutRequest(d, title, origin), channel: "native" });
    qrCodeUrl = session.qrCodeUrl ?? null;
  } catch (e) {
    if (e instanceof ProviderError || e instanceof AppError) console.warn(`[payments] WeChat Pay code for donation ${d.id} unavailable: ${e.message}`);
    else throw e;
  }
  return { ...base, qrCodeUrl };
}
