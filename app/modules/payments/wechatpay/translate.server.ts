/**
 * The one thin mapping between the payment port and WeChat Pay API v3 payloads, in both
 * directions. When the port's checkout request carries a payable (kind + id) instead of a
 * donation, only this file needs to change: our id travels as `out_trade_no` and the payable's
 * metadata in `attach`, and both come back in the transaction WeChat Pay notifies or answers.
 */
import { payableFromMeta, payableOf, type LegacyCheckoutRequest, type ProviderEvent, type ProviderEventKind, type RefundResult } from "../provider";
import type { WechatScene } from "./scene";

/** A transaction (支付订单) as the query API answers it and TRANSACTION.* notifications carry it. */
export type WechatTransaction = {
  appid?: string;
  mchid?: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  /** SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR */
  trade_state: string;
  trade_state_desc?: string;
  attach?: string;
  success_time?: string;
  payer?: { openid?: string };
  amount?: { total?: number; payer_total?: number; currency?: string; payer_currency?: string };
};

/** A refund as the refund APIs answer it and REFUND.* notifications carry it. */
export type WechatRefund = {
  mchid?: string;
  refund_id: string;
  out_refund_no: string;
  transaction_id?: string;
  out_trade_no?: string;
  /** SUCCESS, CLOSED, PROCESSING, ABNORMAL (notifications name it refund_status). */
  status?: string;
  refund_status?: string;
  success_time?: string;
  create_time?: string;
  amount?: { total?: number; refund?: number; payer_total?: number; payer_refund?: number; currency?: string };
};

/** The envelope WeChat Pay posts to notify_url; `resource` is encrypted with the API v3 key. */
export type WechatNotification = {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary?: string;
  resource: { algorithm: string; ciphertext: string; associated_data?: string; nonce: string; original_type?: string };
};

/** WeChat Pay's `attach` holds at most 128 characters, returned untouched with the transaction. */
export const ATTACH_MAX = 128;
/** Kept first when the metadata does not all fit: what maps a payment back to what was paid for. */
const ATTACH_PRIORITY = ["donationId", "payableKind", "payableId"];

/** Our metadata as a query string for `attach`, the keys that map the payment back first. */
export function encodeAttach(metadata: Record<string, string>): string {
  const keys = [...ATTACH_PRIORITY.filter((k) => k in metadata), ...Object.keys(metadata).filter((k) => !ATTACH_PRIORITY.includes(k))];
  const params = new URLSearchParams();
  for (const key of keys) {
    params.append(key, metadata[key]!);
    if (params.toString().length > ATTACH_MAX) params.delete(key);
  }
  return params.toString();
}

export function decodeAttach(attach: string | undefined | null): Record<string, string> {
  if (!attach) return {};
  try {
    return Object.fromEntries(new URLSearchParams(attach));
  } catch {
    return {};
  }
}

/** WeChat Pay's `out_trade_no` / `out_refund_no`: 6–32 (64 for refunds) of [0-9A-Za-z_-|*@]. */
export function isWechatOrderNo(id: string, max = 32): boolean {
  return id.length >= 6 && id.length <= max && /^[0-9A-Za-z_\-|*@]+$/.test(id);
}

export type OrderContext = { appId: string; mchId: string; notifyUrl: string };
export type SceneExtras = { payerClientIp?: string | null; openid?: string | null };

/** Checkout request → the body of POST /v3/pay/transactions/{native|h5|jsapi}. */
export function orderBody(req: LegacyCheckoutRequest, ctx: OrderContext, scene: WechatScene, extras: SceneExtras): Record<string, unknown> {
  const body: Record<string, unknown> = {
    appid: ctx.appId,
    mchid: ctx.mchId,
    // WeChat Pay limits the description to 127 characters.
    description: Array.from(req.description).slice(0, 127).join(""),
    out_trade_no: payableOf(req).id,
    attach: encodeAttach({ ...(payableOf(req).kind === "donation" ? { donationId: payableOf(req).id } : {}), payableKind: payableOf(req).kind, payableId: payableOf(req).id, ...req.metadata }),
    notify_url: ctx.notifyUrl,
    amount: { total: Number(req.amountFen), currency: req.currency },
  };
  if (scene === "h5") body.scene_info = { payer_client_ip: extras.payerClientIp, h5_info: { type: "Wap" } };
  if (scene === "jsapi") body.payer = { openid: extras.openid };
  return body;
}

const toFen = (n: unknown) => (typeof n === "number" && Number.isSafeInteger(n) ? BigInt(n) : undefined);
const toDate = (s: string | undefined, fallback: Date) => {
  const d = s ? new Date(s) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : fallback;
};

type EventBase = { eventId: string; type: string; occurredAt: Date };

/** A transaction's state in port terms. REFUND means it was paid and later (partly) refunded. */
export function transactionKind(tradeState: string): ProviderEventKind {
  switch (tradeState) {
    case "SUCCESS":
    case "REFUND":
      return "payment_succeeded";
    case "CLOSED":
      return "checkout_expired";
    case "PAYERROR":
    case "REVOKED":
      return "payment_failed";
    default:
      // NOTPAY, USERPAYING: nothing has happened yet.
      return "ignored";
  }
}

export function transactionEvent(base: EventBase, tx: WechatTransaction): ProviderEvent {
  const meta = decodeAttach(tx.attach);
  return {
    provider: "WECHAT_PAY",
    eventId: base.eventId,
    type: base.type,
    kind: transactionKind(tx.trade_state),
    occurredAt: toDate(tx.success_time, base.occurredAt),
    payable: payableFromMeta(meta) ?? { kind: "donation", id: tx.out_trade_no },
    donationId: (payableFromMeta(meta) ?? { kind: "donation", id: tx.out_trade_no }).kind === "donation" ? meta.donationId ?? meta.payableId ?? tx.out_trade_no : undefined,
    sessionId: tx.out_trade_no,
    paymentId: tx.transaction_id || undefined,
    // The order's total: what we asked for (the payer may have paid less with a WeChat coupon).
    amountFen: toFen(tx.amount?.total),
    currency: tx.amount?.currency?.toUpperCase(),
    // Hashed before it is kept (matching-fund signals, ADR 020).
    ...(tx.payer?.openid ? { payerRef: `wechat:${tx.payer.openid}` } : {}),
  };
}

/** REFUND.SUCCESS settles a refund; REFUND.ABNORMAL (the money could not reach the payer) and REFUND.CLOSED do not. */
export function refundEventKind(eventType: string): ProviderEventKind {
  if (eventType === "REFUND.SUCCESS") return "refund_succeeded";
  if (eventType === "REFUND.ABNORMAL" || eventType === "REFUND.CLOSED") return "refund_failed";
  return "ignored";
}

export function refundEvent(base: EventBase, refund: WechatRefund): ProviderEvent {
  return {
    provider: "WECHAT_PAY",
    eventId: base.eventId,
    type: base.type,
    kind: refundEventKind(base.type),
    occurredAt: toDate(refund.success_time, base.occurredAt),
    sessionId: refund.out_trade_no,
    paymentId: refund.transaction_id,
    // out_refund_no is our Refund id; refund_id is WeChat Pay's.
    refundId: refund.out_refund_no,
    providerRefundId: refund.refund_id,
    amountFen: toFen(refund.amount?.refund),
    // Refund notifications carry no currency: domestic WeChat Pay refunds are in CNY.
    currency: (refund.amount?.currency ?? "CNY").toUpperCase(),
  };
}

export function refundResult(refund: WechatRefund): RefundResult {
  const status = refund.status ?? refund.refund_status;
  return { refundId: refund.refund_id, status: status === "SUCCESS" ? "succeeded" : status === "CLOSED" || status === "ABNORMAL" ? "failed" : "pending" };
}
