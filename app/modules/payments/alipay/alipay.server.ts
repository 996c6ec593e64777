/**
 * Alipay behind the payment port, through the official alipay-sdk (v4, `AlipaySdk`), public-key
 * mode, RSA2:
 * - checkout: 电脑网站支付 alipay.trade.page.pay (FAST_INSTANT_TRADE_PAY) or 手机网站支付
 *   alipay.trade.wap.pay (QUICK_WAP_WAY), as the signed GET URL `pageExecute` builds — the route
 *   redirects the browser to it (no HTML form to render);
 * - alipay.trade.refund / fastpay.refund.query / close / query through `exec` on the OpenAPI v2
 *   gateway (gateway.do), with the answer's signature verified (`validateSign`). v2 rather than
 *   the SDK's v3 `curl`: the page payments and the notifications exist only in the v2 protocol,
 *   so one gateway and one signature scheme serve every call;
 * - notifications: form-encoded, verified with `checkNotifySignV2` (see parseWebhook).
 *
 * Configuration comes from the caller (per-organisation credentials), never from the environment.
 */
import { AlipaySdk, type AlipaySdkCommonResult } from "alipay-sdk";
import { ProviderError, WebhookVerificationError, type CheckoutRequest, type CheckoutSession, type LegacyCheckoutRequest, payableOf, type PaymentProvider, type ProviderEvent, type RefundQuery, type RefundRequest, type RefundResult } from "../provider";
import { AlipayRefusal, noAnswer, refusal, scrub } from "./errors.server";
import { encodePassback, translateAlipayNotification, translateTradeQuery } from "./events.server";
import { fenToYuanString, formatAlipayTime } from "./format.server";
import { verifyAlipayNotification } from "./notify.server";
import { keyMaterial, normalisePrivateKey, normalisePublicKey } from "./keys.server";
import { fetchAlipayTradeBill } from "./bill.server";
import type { StatementLine } from "../statement";

export type AlipayConfig = {
  appId: string;
  /**
   * The app private key (应用私钥): PKCS#1 ("BEGIN RSA PRIVATE KEY") or PKCS#8 ("BEGIN PRIVATE KEY"),
   * PEM or the bare base64 of Alipay's key tool. It is handed to the SDK as PKCS#8 PEM with
   * keyType "PKCS8" (the SDK's default, PKCS1, would mangle a PKCS#8 key).
   */
  privateKey: string;
  /** 支付宝公钥 (public-key mode; certificate mode is not supported here), PEM or bare base64. */
  alipayPublicKey: string;
  /** Where Alipay posts the asynchronous notifications (must be reachable from the internet). */
  notifyUrl: string;
  /** Where the browser returns after paying, when the checkout request gives no successUrl. */
  returnUrl?: string;
  /** The OpenAPI v2 gateway; https://openapi.alipay.com/gateway.do by default (the sandbox or a test fake otherwise). */
  gateway?: string;
  signType?: "RSA2";
  /** The merchant's PID (seller_id, 2088…): when set, notifications for another seller are refused. */
  sellerId?: string;
  /** Per-call timeout of the SDK, ms (default 5000). */
  timeoutMs?: number;
  /** A checkout can be paid for this long (time_expire), default 120 minutes; Alipay allows 1 min to 15 days. */
  checkoutTtlMinutes?: number;
};

export type AlipayScene = "page" | "wap";

/** 电脑网站支付 on a desktop browser, 手机网站支付 on a phone's browser. */
export function chooseAlipayScene(isMobile: boolean): AlipayScene {
  return isMobile ? "wap" : "page";
}

/**
 * The checkout request plus what only Alipay needs: the scene (default "page"), the out_trade_no
 * (default: the donation id, so Alipay itself refuses to take one donation's money twice) and an
 * absolute expiry.
 */
export type AlipayCheckoutRequest = LegacyCheckoutRequest & { channel?: AlipayScene; outTradeNo?: string; expiresAt?: Date };

export interface AlipayProvider extends PaymentProvider {
  createCheckout(req: AlipayCheckoutRequest): Promise<CheckoutSession>;
  /** alipay.trade.query: the trade as an event (for a notification that never came); null when Alipay has no such trade. */
  queryTrade(outTradeNo: string): Promise<ProviderEvent | null>;
  /** The day's trade bill (业务明细) as statement lines (reconciliation). */
  tradeBill(date: string): Promise<StatementLine[]>;
}

/**
 * Alipay keeps notifying (up to 8 times over about a day) until the notify URL answers exactly
 * this, as text/plain with status 200. The route must answer it once the event is applied
 * (including a duplicate or an ignored event) and anything else ("fail", status 4xx/5xx) when the
 * signature is refused or processing failed.
 */
export const ALIPAY_NOTIFY_ACK = "success";

const SCENES = {
  page: { method: "alipay.trade.page.pay", productCode: "FAST_INSTANT_TRADE_PAY" },
  wap: { method: "alipay.trade.wap.pay", productCode: "QUICK_WAP_WAY" },
} as const;

const OUT_NO = /^[A-Za-z0-9_]{1,64}$/;
const REQUEST_NO = /^[\x21-\x7e]{1,64}$/;
/** 0.01 … 100,000,000.00 yuan. */
const MAX_FEN = 10_000_000_000n;

/** Alipay's subject may not contain / = & and is at most 256 characters. */
function subjectOf(description: string) {
  const s = description.replace(/[/=&\u0000-\u001f]/g, " ").replace(/\s+/g, " ").trim();
  return (s || "Donation").slice(0, 256);
}

/**
 * The SDK client for an app (public-key mode, RSA2, OpenAPI v2 gateway) and the strings no message
 * may ever carry. Shared by the one-time and the recurring adapters.
 */
export function alipaySdkFor(config: Pick<AlipayConfig, "appId" | "privateKey" | "alipayPublicKey" | "gateway" | "timeoutMs">): { sdk: AlipaySdk; secrets: string[] } {
  const privateKey = normalisePrivateKey(config.privateKey);
  const alipayPublicKey = normalisePublicKey(config.alipayPublicKey);
  // Whatever a message might echo, these never leave in it.
  const secrets = [config.privateKey, keyMaterial(config.privateKey), privateKey, keyMaterial(privateKey)];
  const sdk = new AlipaySdk({
    appId: config.appId,
    privateKey,
    keyType: "PKCS8",
    alipayPublicKey,
    signType: "RSA2",
    ...(config.gateway ? { gateway: config.gateway } : {}),
    timeout: config.timeoutMs ?? 5000,
    // Keep Alipay's snake_case field names, as documented.
    camelcase: false,
  });
  return { sdk, secrets };
}

export function createAlipayProvider(config: AlipayConfig): AlipayProvider {
  if (!config.appId || !/^\d+$/.test(config.appId)) throw new ProviderError("Alipay appId is missing or malformed", true);
  if (!config.notifyUrl) throw new ProviderError("Alipay notifyUrl is missing", true);
  if (config.signType && config.signType !== "RSA2") throw new ProviderError("Alipay signType must be RSA2", true);
  const { sdk, secrets } = alipaySdkFor(config);
  const ttlMs = (config.checkoutTtlMinutes ?? 120) * 60_000;

  async function call(what: string, method: string, bizContent: Record<string, unknown>): Promise<AlipaySdkCommonResult> {
    let res: AlipaySdkCommonResult;
    try {
      res = await sdk.exec(method, { bizContent }, { validateSign: true });
    } catch (e) {
      throw noAnswer(what, e, secrets);
    }
    if (res.code !== "10000") throw refusal(what, res, secrets);
    return res;
  }

  const notFound = (e: unknown) => e instanceof AlipayRefusal && e.subCode?.replace(/^aop\./, "") === "ACQ.TRADE_NOT_EXIST";

  async function findRefund(q: RefundQuery): Promise<RefundResult | null> {
    const outRequestNo = q.providerRefundId ?? q.refundId;
    let res: AlipaySdkCommonResult;
    try {
      res = await call("refund lookup", "alipay.trade.fastpay.refund.query", { trade_no: q.paymentId, out_request_no: outRequestNo, query_options: ["gmt_refund_pay"] });
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
    // Alipay answers 10000 without refund fields when it has no such refund (never made, or not
    // made yet): the refund may be sent again with the same out_request_no.
    if (!res.out_request_no && !res.refund_amount) return null;
    const status = res.refund_status;
    // Documented: data returned with refund_status empty or REFUND_SUCCESS means refunded.
    return { refundId: outRequestNo, status: !status || status === "REFUND_SUCCESS" ? "succeeded" : "pending" };
  }

  return {
    name: "ALIPAY",

    async createCheckout(req: AlipayCheckoutRequest) {
      const scene = SCENES[req.channel ?? "page"];
      if (!scene) throw new ProviderError("Alipay checkout: unknown channel", true);
      const payable = payableOf(req);
      const outTradeNo = req.outTradeNo ?? payable.id;
      if (!OUT_NO.test(outTradeNo)) throw new ProviderError("Alipay checkout: out_trade_no must be 1-64 letters, digits or _", true);
      if (req.currency !== "CNY") throw new ProviderError("Alipay checkout: only CNY", true);
      if (req.amountFen < 1n || req.amountFen > MAX_FEN) throw new ProviderError("Alipay checkout: amount out of range", true);
      const bizContent: Record<string, string> = {
        out_trade_no: outTradeNo,
        product_code: scene.productCode,
        total_amount: fenToYuanString(req.amountFen),
        subject: subjectOf(req.description),
        passback_params: encodePassback(payable.kind === "donation" ? { donationId: payable.id } : { payableKind: payable.kind, payableId: payable.id }),
        time_expire: formatAlipayTime(req.expiresAt ?? new Date(Date.now() + ttlMs)),
      };
      if (req.channel === "wap" && req.cancelUrl) bizContent.quit_url = req.cancelUrl;
      // Undefined fields would be signed as the text "undefined": add only what is there.
      const params: Record<string, unknown> = { bizContent, notifyUrl: config.notifyUrl };
      const returnUrl = req.successUrl || config.returnUrl;
      if (returnUrl) params.returnUrl = returnUrl;
      let redirectUrl: string;
      try {
        redirectUrl = sdk.pageExecute(scene.method, "GET", params);
      } catch (e) {
        // Signing is local: nothing reached Alipay.
        throw new ProviderError(scrub(`Alipay checkout could not be signed (${(e as Error).name})`, secrets), true);
      }
      return { sessionId: outTradeNo, redirectUrl };
    },

    async refund(req: RefundRequest) {
      // Alipay has no refund id of its own: a refund is (trade_no, out_request_no), and repeating
      // the same out_request_no never refunds twice. Our refund id is that number.
      const outRequestNo = req.metadata.refundId ?? req.idempotencyKey;
      if (!REQUEST_NO.test(outRequestNo)) throw new ProviderError("Alipay refund: out_request_no must be 1-64 characters", true);
      if (req.amountFen < 1n) throw new ProviderError("Alipay refund: amount must be positive", true);
      const res = await call("refund", "alipay.trade.refund", { trade_no: req.paymentId, refund_amount: fenToYuanString(req.amountFen), out_request_no: outRequestNo });
      if (res.fund_change === "Y") return { refundId: outRequestNo, status: "succeeded" as const };
      // "N": this request moved no money now — a repeat of a refund already made, or one still in
      // progress. Alipay's documented answer is to ask.
      return (await findRefund({ providerRefundId: outRequestNo, paymentId: req.paymentId, refundId: outRequestNo })) ?? { refundId: outRequestNo, status: "pending" as const };
    },

    findRefund,

    async tradeBill(date: string) {
      try {
        return await fetchAlipayTradeBill(sdk as never, date, { timeoutMs: (config.timeoutMs ?? 5000) * 6 });
      } catch (e) {
        if (e instanceof ProviderError) throw new ProviderError(scrub(e.message, secrets), e.definite);
        throw noAnswer("trade bill", e, secrets);
      }
    },

    async expireCheckout(sessionId: string) {
      try {
        await call("checkout expiry", "alipay.trade.close", { out_trade_no: sessionId });
        return "expired" as const;
      } catch (e) {
        // TRADE_STATUS_ERROR: already paid, finished or closed. TRADE_NOT_EXIST: the buyer never
        // opened the cashier, so Alipay has no trade to close — the URL stays payable until its
        // time_expire, so it is not "expired" (a payment arriving later is recorded, or held).
        if (e instanceof AlipayRefusal && e.definite && /TRADE_STATUS_ERROR|TRADE_NOT_EXIST|TRADE_HAS_CLOSE|TRADE_HAS_FINISHED/.test(e.subCode ?? "")) return "not_open" as const;
        throw e;
      }
    },

    async queryTrade(outTradeNo: string) {
      try {
        return translateTradeQuery(await call("trade query", "alipay.trade.query", { out_trade_no: outTradeNo }));
      } catch (e) {
        if (notFound(e)) return null;
        throw e;
      }
    },

    /** The asynchronous notification, verified as verifyAlipayNotification documents; seller_id ours when configured. */
    parseWebhook(rawBody: string, headers: Headers) {
      const params = verifyAlipayNotification(sdk, config.appId, rawBody, headers);
      if (config.sellerId && params.seller_id !== config.sellerId) throw new WebhookVerificationError("notification for another seller_id");
      return translateAlipayNotification(params);
    },
  };
}
