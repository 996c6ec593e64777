/**
 * How a payer pays on this device, for any payable (#14.3): a donation (donations/payway.server.ts)
 * or a shop checkout (shop/checkout.server.ts). The payer picks among the providers the owner offers
 * (merchant-accounts.server.ts providersForOrg; null = the platform's own accounts, which the shop
 * uses), the choice is checked again here, and the checkout that fits the device is opened
 * (device.server.ts): WeChat Pay Native on our own QR page, H5 by redirect; Alipay page or wap by
 * redirect; the test checkout and Stripe as before. The QR pages follow the payment until it is
 * recorded, asking WeChat Pay itself (throttled) when the notification is late.
 */
import { AppError } from "~/utils/errors";
import { clientIp } from "~/modules/accounts/rate-limit.server";
import { applyProviderEvent } from "~/modules/donations/events.server";
import { qrPng } from "~/modules/share/qr.server";
import { alipaySceneFor, deviceKind, wechatSceneFor } from "./device.server";
import { providerForAccount, providersForOrg, type AccountProvider, type OfferedProvider } from "./merchant-accounts.server";
import type { AlipayProvider } from "./alipay/alipay.server";
import type { WechatPayProvider } from "./wechatpay/wechatpay.server";
import { providerFor } from "./payments.server";
import type { CheckoutRequest, CheckoutSession, PaymentProvider } from "./provider";
import { ProviderError } from "./provider";
import { logger } from "~/utils/logger.server";

/** The providers a payer may pick on a form (donate form, shop checkout). */
export const PAYWAY_PROVIDERS = ["WECHAT_PAY", "ALIPAY", "STRIPE"] as const;
export type PaywayProvider = (typeof PAYWAY_PROVIDERS)[number];

/** The account's adapter when it is of the provider expected (the union is keyed one level down). */
export async function wechatAdapter(accountId: string, origin: string): Promise<WechatPayProvider> {
  const built: AccountProvider = await providerForAccount(accountId, { origin });
  if (built.account.provider !== "WECHAT_PAY") throw new ProviderError("merchant account is not WeChat Pay's", true);
  return built.provider as WechatPayProvider;
}
export async function alipayAdapter(accountId: string, origin: string): Promise<AlipayProvider> {
  const built: AccountProvider = await providerForAccount(accountId, { origin });
  if (built.account.provider !== "ALIPAY") throw new ProviderError("merchant account is not Alipay's", true);
  return built.provider as AlipayProvider;
}

/** What the payer's request tells about the device: its User-Agent and address (WeChat Pay H5 requires the latter). */
export type PayerDevice = { userAgent: string | null; clientIp: string | null };

/** The payer's device from the request: the checkout that fits it is chosen from this. */
export function payerDevice(request: Request): PayerDevice {
  const ip = clientIp(request);
  return { userAgent: request.headers.get("User-Agent"), clientIp: ip === "unknown" ? null : ip.replace(/^::ffff:/, "") };
}

/** The providers a form may show, WeChat Pay first (no account ids: the page needs only names). */
export async function paywayOptions(orgId: string | null) {
  return (await providersForOrg(orgId)).map((p) => ({ provider: p.provider as PaywayProvider, testCheckout: p.testCheckout }));
}

/** The payer's choice, checked against what the owner offers now (a stale or forged form is refused). */
export async function offeredRoute(orgId: string | null, choice: PaywayProvider): Promise<OfferedProvider> {
  const all = await providersForOrg(orgId);
  // Nothing at all (production without Stripe or a merchant account): no form could have worked.
  if (!all.length) throw new AppError("funding.errors.providerUnavailable", 503);
  const offered = all.find((p) => p.provider === choice);
  if (!offered) throw new AppError("payway.errors.notOffered", 400, {}, { provider: "payway.errors.notOffered" });
  return offered;
}

/**
 * The adapter for the chosen route (built before any row is written, so an unusable account fails
 * cleanly) and how to open its checkout for the device. `qrPagePath` is our own QR page for this
 * payable (by its unguessable key, never its id), where WeChat Pay Native is shown.
 */
export async function checkoutRoute(route: OfferedProvider, origin: string) {
  const adapter: PaymentProvider = await providerFor(route.testCheckout ? { provider: route.provider, merchantAccountId: null } : route, { origin });
  async function open(req: CheckoutRequest, device: PayerDevice, qrPagePath: string): Promise<CheckoutSession> {
    if (route.merchantAccountId && route.provider === "WECHAT_PAY") {
      const scene = wechatSceneFor(device.userAgent);
      const session = await (await wechatAdapter(route.merchantAccountId, origin)).createCheckout({ ...req, channel: scene, payerClientIp: device.clientIp });
      return { sessionId: session.sessionId, redirectUrl: scene === "h5" ? session.redirectUrl : qrPagePath };
    }
    if (route.merchantAccountId && route.provider === "ALIPAY") {
      return (await alipayAdapter(route.merchantAccountId, origin)).createCheckout({ ...req, channel: alipaySceneFor(device.userAgent) });
    }
    return adapter.createCheckout(req);
  }
  return { adapter, open };
}

/** How often a QR page may ask WeChat Pay about a payment whose notification has not come. */
export const QUERY_INTERVAL_MS = 10_000;

/**
 * A pending payment whose notification is late: when `claim` wins (a conditional update on the
 * payable's row — the across-processes throttle, at most once per QUERY_INTERVAL_MS), ask WeChat
 * Pay for the order and apply its answer through the normal event path. The event id is stable per
 * state, and applyProviderEvent records a payment once however many events say so.
 */
export async function catchUpWechatPayment(p: { merchantAccountId: string | null; outTradeNo: string; label: string }, claim: () => Promise<boolean>, origin: string) {
  if (!p.merchantAccountId) return;
  if (!(await claim())) return;
  try {
    const event = await (await wechatAdapter(p.merchantAccountId, origin)).queryOrder(p.outTradeNo);
    if (event && event.kind !== "ignored") await applyProviderEvent(event);
  } catch (e) {
    // The page keeps waiting; the notification or the next query will tell.
    if (e instanceof ProviderError || e instanceof AppError) logger().warn(`[payments] WeChat Pay order query for ${p.label} failed: ${e.message}`);
    else throw e;
  }
}

/**
 * The order's code_url for a QR page (WeChat Pay answers a repeated, identical order with the same
 * one, so nothing is stored); null when WeChat Pay cannot be reached or no longer takes the order.
 */
export async function wechatQrCodeUrl(merchantAccountId: string, req: CheckoutRequest, label: string, origin: string): Promise<string | null> {
  try {
    const session = await (await wechatAdapter(merchantAccountId, origin)).createCheckout({ ...req, channel: "native" });
    return session.qrCodeUrl ?? null;
  } catch (e) {
    if (e instanceof ProviderError || e instanceof AppError) logger().warn(`[payments] WeChat Pay code for ${label} unavailable: ${e.message}`);
    else throw e;
    return null;
  }
}

export type WechatPageState = "paid" | "pending" | "closed";

/** What a QR page's service answers: where the payment stands, and (for the page) what is paid for and the code. */
export type WechatPageStatus = { state: WechatPageState; thanksUrl: string };
export type WechatPage = WechatPageStatus & { title: string; amountFen: string; backUrl: string; qrCodeUrl: string | null };

/**
 * A QR page's loader data, for any payable: `?poll=1` answers where the payment stands; otherwise
 * the page (paid: `redirectTo` the thanks / order page). The code is an image, so that inside
 * WeChat a long press recognises it.
 */
export async function wechatQrPageData(request: Request, svc: { status: () => Promise<WechatPageStatus>; page: () => Promise<WechatPage> }) {
  if (new URL(request.url).searchParams.get("poll") === "1") {
    const s = await svc.status();
    return { redirectTo: null, data: { poll: true as const, state: s.state, thanksUrl: s.thanksUrl, title: "", amountFen: "0", backUrl: "", qrImage: null as string | null, inWechat: false } };
  }
  const page = await svc.page();
  if (page.state === "paid") return { redirectTo: page.thanksUrl, data: null };
  return {
    redirectTo: null,
    data: {
      poll: false as const,
      state: page.state,
      thanksUrl: page.thanksUrl,
      title: page.title,
      amountFen: page.amountFen,
      backUrl: page.backUrl,
      qrImage: page.qrCodeUrl ? `data:image/png;base64,${qrPng(page.qrCodeUrl, 6).toString("base64")}` : null,
      inWechat: deviceKind(request.headers.get("User-Agent")) === "wechat",
    },
  };
}
