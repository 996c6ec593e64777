/**
 * WeChat Pay (API v3) behind the payment port, through the `wechatpay-axios-plugin` SDK: its
 * `Wechatpay` client signs each request (WECHATPAY2-SHA256-RSA2048 with the merchant key) and
 * verifies each answer's Wechatpay-Signature with the WeChat Pay public key or platform
 * certificate; notifications are verified and decrypted in notification.server.ts; the payloads
 * are mapped in translate.server.ts.
 *
 * Configuration is explicit (per organization, from its stored credentials); nothing is read from
 * the environment. Secrets never appear in thrown messages.
 */
import type { KeyObject } from "node:crypto";
import { Formatter, Hash, Rsa, Wechatpay } from "wechatpay-axios-plugin";
import {
  ProviderError,
  WebhookVerificationError,
  payableOf,
  type CheckoutSession,
  type ExpireResult,
  type LegacyCheckoutRequest,
  type PaymentProvider,
  type ProviderEvent,
  type RefundQuery,
  type RefundRequest,
  type RefundResult,
} from "../provider";
import { buildKeyring, openNotification, type WechatVerification } from "./notification.server";
import { WECHAT_SCENES, type WechatScene } from "./scene";
import { fetchWechatTradeBill } from "./bill.server";
import type { StatementLine } from "../statement";
import { isWechatOrderNo, orderBody, refundEvent, refundResult, transactionEvent, type WechatRefund, type WechatTransaction } from "./translate.server";

export type WechatPayConfig = {
  /** The AppID bound to the merchant (official account or mini program); JSAPI payers' openids belong to it. */
  appId: string;
  mchId: string;
  /** Serial number of the merchant API certificate (商户API证书序列号). */
  merchantSerialNo: string;
  /** The merchant API private key (apiclient_key.pem), PEM. */
  merchantPrivateKey: string;
  /** The API v3 key (APIv3密钥): 32 characters, decrypts notifications. */
  apiV3Key: string;
  verification: WechatVerification;
  /** Where WeChat Pay posts payment notifications (HTTPS, publicly reachable). */
  notifyUrl: string;
  /** Where it posts refund notifications; the payment one by default. */
  refundNotifyUrl?: string;
  /** WeChat Pay's API host by default; the tests point it at a local fake. */
  baseURL?: string;
  timeoutMs?: number;
  /** Our page for a checkout: the QR code (native) or the WeixinJSBridge call (jsapi). */
  checkoutPageUrl?: (sessionId: string, scene: WechatScene) => string;
};

/** The port's request plus what WeChat Pay needs to pick and run the scene. */
export type WechatCheckoutRequest = LegacyCheckoutRequest & {
  /** From chooseWechatScene(); native (QR code) when not given. */
  channel?: WechatScene;
  /** H5 only: the donor's IP address, as WeChat Pay requires. */
  payerClientIp?: string | null;
  /** JSAPI only: the donor's openid under config.appId. */
  openid?: string | null;
};

/** What a page passes to WeixinJSBridge.invoke("getBrandWCPayRequest", …). */
export type WechatJsapiParams = { appId: string; timeStamp: string; nonceStr: string; package: string; signType: "RSA"; paySign: string };

export type WechatCheckoutSession = CheckoutSession & {
  scene: WechatScene;
  /** native: the weixin:// link to show as a QR code (valid two hours). */
  qrCodeUrl?: string;
  /** h5: WeChat Pay's page, without our return address. */
  h5Url?: string;
  /** jsapi: the prepay id and the signed parameters for WeixinJSBridge. */
  prepayId?: string;
  jsapiParams?: WechatJsapiParams;
};

/** WeChat Pay refunds need the order's total; without it the adapter asks WeChat Pay for it first. */
export type WechatRefundRequest = RefundRequest & { totalFen?: bigint };

export interface WechatPayProvider extends PaymentProvider {
  createCheckout(req: WechatCheckoutRequest): Promise<WechatCheckoutSession>;
  refund(req: WechatRefundRequest): Promise<RefundResult>;
  /** The transaction's current state as an event, for a payment whose notification never came; null when WeChat Pay has no such order. */
  queryOrder(outTradeNo: string): Promise<ProviderEvent | null>;
  /** Fresh signed WeixinJSBridge parameters for a prepay id (a page reloaded within its two hours). */
  jsapiParams(prepayId: string): WechatJsapiParams;
  /** The day's trade bill (bill_type ALL) as statement lines (reconciliation). */
  tradeBill(date: string): Promise<StatementLine[]>;
}

const DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com/";

const defaultCheckoutPage = (sessionId: string, scene: WechatScene) => `/checkout/wechat/${encodeURIComponent(sessionId)}${scene === "jsapi" ? "?scene=jsapi" : ""}`;

type AxiosLikeError = { isAxiosError?: boolean; code?: string; message?: string; response?: { status?: number; data?: unknown } };

export function createWechatPayProvider(config: WechatPayConfig): WechatPayProvider {
  if (Buffer.byteLength(config.apiV3Key ?? "") !== 32) throw new ProviderError("WeChat Pay API v3 key must be 32 bytes", true);
  let privateKey: KeyObject;
  try {
    privateKey = Rsa.from(config.merchantPrivateKey, Rsa.KEY_TYPE_PRIVATE);
  } catch {
    throw new ProviderError("WeChat Pay merchant private key could not be read", true);
  }
  const apiV3Key = Hash.keyObjectFrom(Buffer.from(config.apiV3Key));
  const ring = buildKeyring(config.verification);
  if (ring.has(config.merchantSerialNo)) throw new ProviderError("WeChat Pay verification serial must not be the merchant's own", true);
  const checkoutPage = config.checkoutPageUrl ?? defaultCheckoutPage;

  // A fresh object: the SDK replaces the keys in the config it is given by KeyObjects.
  const wxpay = new Wechatpay({
    mchid: config.mchId,
    serial: config.merchantSerialNo,
    privateKey: config.merchantPrivateKey,
    certs: Object.fromEntries(ring),
    baseURL: config.baseURL ?? DEFAULT_BASE_URL,
    timeout: config.timeoutMs ?? 10_000,
  });

  /** Whatever a message says, the keys are cut out of it. */
  const secretFragments = [config.apiV3Key, ...pemBodyLines(config.merchantPrivateKey)].filter((s) => s.length >= 16);
  const redact = (text: string) => secretFragments.reduce((t, s) => t.split(s).join("[redacted]"), text).slice(0, 300);

  /**
   * The SDK's (axios) failure as our ProviderError. Only a 4xx answer is a definite refusal; a
   * timeout, a network error, a 5xx, a 429 (rate limited) or an answer whose signature did not
   * verify leave the outcome unknown.
   */
  function providerError(what: string, e: unknown): ProviderError {
    if (e instanceof ProviderError) return e;
    const err = (e ?? {}) as AxiosLikeError;
    if (typeof err.code === "string" && err.code.startsWith("EV3_RES_")) {
      return new ProviderError(`WeChat Pay ${what}: the answer's signature could not be verified (${err.code})`, false);
    }
    const status = err.response?.status;
    if (typeof status === "number") {
      const data = (err.response?.data ?? {}) as { code?: string; message?: string };
      const definite = status >= 400 && status < 500 && status !== 429;
      const detail = [data.code, data.message].filter(Boolean).join(": ");
      return new ProviderError(redact(`WeChat Pay ${what} ${definite ? "refused" : "failed"}: HTTP ${status}${detail ? ` ${detail}` : ""}`), definite);
    }
    const reason = err.isAxiosError ? `${err.code ?? "network error"}: ${err.message ?? ""}` : `${(e as Error)?.name ?? "Error"}`;
    return new ProviderError(redact(`WeChat Pay ${what} failed: ${reason}`), false);
  }

  /** The SDK's chained call for a literal path; `{name}` placeholders are filled from `config`. */
  async function get<T>(path: string, config: Record<string, unknown>): Promise<T> {
    const res: { data: unknown } = await wxpay.chain(path).get(config);
    return res.data as T;
  }
  async function post<T>(path: string, body: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<T> {
    const res: { data: unknown } = await wxpay.chain(path).post(body, config);
    return res.data as T;
  }

  const statusOf = (e: unknown) => (e as AxiosLikeError)?.response?.status;

  async function getTransaction(path: string, params: Record<string, string>): Promise<WechatTransaction | null> {
    try {
      return await get<WechatTransaction>(path, { params: { mchid: config.mchId }, ...params });
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  function jsapiParams(prepayId: string): WechatJsapiParams {
    const timeStamp = String(Formatter.timestamp());
    const nonceStr = Formatter.nonce();
    const pkg = `prepay_id=${prepayId}`;
    const paySign = Rsa.sign(Formatter.joinedByLineFeed(config.appId, timeStamp, nonceStr, pkg), privateKey);
    return { appId: config.appId, timeStamp, nonceStr, package: pkg, signType: "RSA", paySign };
  }

  return {
    name: "WECHAT_PAY",

    async createCheckout(req: WechatCheckoutRequest): Promise<WechatCheckoutSession> {
      const scene = req.channel ?? "native";
      if (!WECHAT_SCENES.includes(scene)) throw new ProviderError(`WeChat Pay has no ${String(scene)} checkout`, true);
      if (!isWechatOrderNo(payableOf(req).id)) throw new ProviderError("WeChat Pay out_trade_no must be 6-32 letters, digits or _-|*", true);
      if (req.currency !== "CNY" || req.amountFen <= 0n || req.amountFen > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProviderError("WeChat Pay amount must be a positive CNY amount in fen", true);
      if (scene === "h5" && !req.payerClientIp) throw new ProviderError("WeChat Pay H5 checkout needs the payer's IP address", true);
      if (scene === "jsapi" && !req.openid) throw new ProviderError("WeChat Pay JSAPI checkout needs the payer's openid", true);
      const body = orderBody(req, { appId: config.appId, mchId: config.mchId, notifyUrl: config.notifyUrl }, scene, req);
      let data: { code_url?: string; h5_url?: string; prepay_id?: string };
      try {
        data = await post(`v3/pay/transactions/${scene}`, body);
      } catch (e) {
        throw providerError("checkout", e);
      }
      const sessionId = payableOf(req).id;
      if (scene === "native") {
        if (!data?.code_url) throw new ProviderError("WeChat Pay returned no code_url", false);
        return { sessionId, scene, redirectUrl: checkoutPage(sessionId, scene), qrCodeUrl: data.code_url };
      }
      if (scene === "h5") {
        if (!data?.h5_url) throw new ProviderError("WeChat Pay returned no h5_url", false);
        // WeChat Pay's H5 page sends the donor back to redirect_url once the WeChat app is done.
        const redirectUrl = `${data.h5_url}${data.h5_url.includes("?") ? "&" : "?"}redirect_url=${encodeURIComponent(req.successUrl)}`;
        return { sessionId, scene, redirectUrl, h5Url: data.h5_url };
      }
      if (!data?.prepay_id) throw new ProviderError("WeChat Pay returned no prepay_id", false);
      return { sessionId, scene, redirectUrl: checkoutPage(sessionId, scene), prepayId: data.prepay_id, jsapiParams: jsapiParams(data.prepay_id) };
    },

    async refund(req: WechatRefundRequest): Promise<RefundResult> {
      // out_refund_no is our Refund id: WeChat Pay answers a repeated one with the same refund.
      const outRefundNo = req.metadata.refundId ?? req.idempotencyKey;
      if (!isWechatOrderNo(outRefundNo, 64)) throw new ProviderError("WeChat Pay out_refund_no must be 6-64 letters, digits or _-|*@", true);
      if (req.amountFen <= 0n) throw new ProviderError("WeChat Pay refund amount must be positive", true);
      try {
        let total = req.totalFen;
        if (total === undefined) {
          const tx = await getTransaction("v3/pay/transactions/id/{transaction_id}", { transaction_id: encodeURIComponent(req.paymentId) });
          if (!tx || typeof tx.amount?.total !== "number") throw new ProviderError("WeChat Pay has no such transaction to refund", true);
          total = BigInt(tx.amount.total);
        }
        const data = await post<WechatRefund>("v3/refund/domestic/refunds", {
          transaction_id: req.paymentId,
          out_refund_no: outRefundNo,
          notify_url: config.refundNotifyUrl ?? config.notifyUrl,
          amount: { refund: Number(req.amountFen), total: Number(total), currency: "CNY" },
        });
        return refundResult(data);
      } catch (e) {
        throw providerError("refund", e);
      }
    },

    async findRefund(q: RefundQuery): Promise<RefundResult | null> {
      try {
        return refundResult(await get<WechatRefund>("v3/refund/domestic/refunds/{out_refund_no}", { out_refund_no: encodeURIComponent(q.refundId) }));
      } catch (e) {
        if (statusOf(e) === 404) return null;
        throw providerError("refund lookup", e);
      }
    },

    async expireCheckout(sessionId: string): Promise<ExpireResult> {
      const no = encodeURIComponent(sessionId);
      try {
        // Only an unpaid order is open; a paid, closed or unknown one has nothing to close.
        const tx = await getTransaction("v3/pay/transactions/out-trade-no/{out_trade_no}", { out_trade_no: no });
        if (!tx || (tx.trade_state !== "NOTPAY" && tx.trade_state !== "USERPAYING")) return "not_open";
        await post("v3/pay/transactions/out-trade-no/{out_trade_no}/close", { mchid: config.mchId }, { out_trade_no: no });
        return "expired";
      } catch (e) {
        const err = providerError("order close", e);
        // Paid (or closed) between the query and the close: WeChat Pay refuses with a 4xx.
        if (err.definite) return "not_open";
        throw err;
      }
    },

    async queryOrder(outTradeNo: string): Promise<ProviderEvent | null> {
      try {
        const tx = await getTransaction("v3/pay/transactions/out-trade-no/{out_trade_no}", { out_trade_no: encodeURIComponent(outTradeNo) });
        if (!tx) return null;
        if (tx.mchid && tx.mchid !== config.mchId) throw new ProviderError("WeChat Pay answered for another merchant", false);
        // Stable per state: querying again (or the late notification) changes nothing more.
        const eventId = `query:${tx.transaction_id || tx.out_trade_no}:${tx.trade_state}`;
        return transactionEvent({ eventId, type: `QUERY.${tx.trade_state}`, occurredAt: new Date() }, tx);
      } catch (e) {
        throw providerError("order query", e);
      }
    },

    jsapiParams,

    async tradeBill(date: string): Promise<StatementLine[]> {
      try {
        return await fetchWechatTradeBill({ get }, date);
      } catch (e) {
        throw providerError("trade bill", e);
      }
    },

    parseWebhook(rawBody: string, headers: Headers): ProviderEvent {
      const { envelope, resource } = openNotification(rawBody, headers, ring, apiV3Key);
      if (typeof resource?.mchid === "string" && resource.mchid !== config.mchId) throw new WebhookVerificationError("notification for another merchant");
      const created = new Date(envelope.create_time);
      const base = { eventId: envelope.id, type: envelope.event_type, occurredAt: Number.isNaN(created.getTime()) ? new Date() : created };
      if (envelope.event_type === "TRANSACTION.SUCCESS") return transactionEvent(base, resource as unknown as WechatTransaction);
      if (envelope.event_type.startsWith("REFUND.")) return refundEvent(base, resource as unknown as WechatRefund);
      return { provider: "WECHAT_PAY", ...base, kind: "ignored" };
    },
  };
}

/** The base64 lines of a PEM, to cut them out of any message that might echo them. */
function pemBodyLines(pem: string): string[] {
  return (pem ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("-----"));
}
