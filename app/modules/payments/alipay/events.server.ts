/**
 * Alipay's messages → provider-neutral events. This is the one place that knows both Alipay's field
 * names and the port's ProviderEvent; when the port is generalised to payables, the payable
 * reference travels in passback_params (see encodePassback) and only this file changes.
 */
import { payableFromMeta, type ProviderEvent } from "../provider";
import { parseAlipayTime, tryYuanStringToFen } from "./format.server";

/** What we carry through Alipay and get back untouched in every notification. */
export type AlipayPassback = { donationId?: string; payableKind?: string; payableId?: string };

/**
 * passback_params is returned "as sent" in notifications, and Alipay requires it URL-encoded: we
 * send encodeURIComponent("donationId=…"), so a later "kind=…&id=…" fits the same shape.
 * Alipay limits it to 512 characters.
 */
export function encodePassback(p: AlipayPassback): string {
  const entries = Object.entries(p).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "");
  const encoded = encodeURIComponent(new URLSearchParams(entries).toString());
  if (encoded.length > 512) throw new RangeError("passback_params longer than Alipay's 512 characters");
  return encoded;
}

export function decodePassback(value: string | undefined): AlipayPassback {
  if (!value) return {};
  try {
    const q = new URLSearchParams(decodeURIComponent(value));
    return { donationId: q.get("donationId") ?? undefined, payableKind: q.get("payableKind") ?? undefined, payableId: q.get("payableId") ?? undefined };
  } catch {
    return {};
  }
}

/** A refund shows up as a trade_status_sync that carries refund fields (the trade stays SUCCESS, or CLOSED when fully refunded). */
function isRefundNotification(p: Record<string, string>) {
  return Boolean(p.out_biz_no || p.gmt_refund || p.refund_fee);
}

/**
 * An asynchronous notification (already verified: signature, app_id) → event.
 * - TRADE_SUCCESS / TRADE_FINISHED → payment_succeeded (FINISHED follows SUCCESS when the refund
 *   period ends: the same payment, recorded once by its trade_no);
 * - refund fields present → refund_succeeded, refundId = out_biz_no (= our out_request_no). Its
 *   refund_fee is the trade's cumulative refunded total, not this refund's amount, so no amountFen;
 * - TRADE_CLOSED without refund fields → checkout_expired (unpaid trade closed or timed out);
 * - anything else (WAIT_BUYER_PAY) → ignored.
 */
export function translateAlipayNotification(p: Record<string, string>): ProviderEvent {
  const status = p.trade_status ?? "";
  const refund = isRefundNotification(p);
  const base = {
    provider: "ALIPAY" as const,
    eventId: p.notify_id!,
    type: `${p.notify_type ?? "notify"}.${refund ? "refund" : status || "unknown"}`,
    sessionId: p.out_trade_no || undefined,
    paymentId: p.trade_no || undefined,
    donationId: decodePassback(p.passback_params).donationId,
    payable: payableFromMeta(decodePassback(p.passback_params)),
  };
  const at = (field: string | undefined) => parseAlipayTime(field) ?? parseAlipayTime(p.notify_time) ?? new Date();
  if (refund) {
    return { ...base, kind: "refund_succeeded", occurredAt: at(p.gmt_refund), refundId: p.out_biz_no || undefined, providerRefundId: p.out_biz_no || undefined, currency: "CNY" };
  }
  if (status === "TRADE_SUCCESS" || status === "TRADE_FINISHED") {
    return { ...base, kind: "payment_succeeded", occurredAt: at(p.gmt_payment), amountFen: tryYuanStringToFen(p.total_amount), currency: "CNY" };
  }
  if (status === "TRADE_CLOSED") return { ...base, kind: "checkout_expired", occurredAt: at(p.gmt_close) };
  return { ...base, kind: "ignored", occurredAt: at(undefined) };
}

/**
 * An alipay.trade.query answer → the event its notification would have been, for a payment whose
 * notification never came. The event id is derived from the trade, so asking twice is one event;
 * the payment itself is recorded once by trade_no whichever of query or notification comes first.
 */
export function translateTradeQuery(r: Record<string, unknown>): ProviderEvent {
  const s = (k: string) => (typeof r[k] === "string" && r[k] !== "" ? (r[k] as string) : undefined);
  const status = s("trade_status") ?? "UNKNOWN";
  const base = {
    provider: "ALIPAY" as const,
    eventId: `trade.query:${s("trade_no") ?? s("out_trade_no")}:${status}`,
    type: `alipay.trade.query.${status}`,
    sessionId: s("out_trade_no"),
    paymentId: s("trade_no"),
  };
  if (status === "TRADE_SUCCESS" || status === "TRADE_FINISHED") {
    return { ...base, kind: "payment_succeeded", occurredAt: parseAlipayTime(s("send_pay_date")) ?? new Date(), amountFen: tryYuanStringToFen(s("total_amount")), currency: "CNY" };
  }
  if (status === "TRADE_CLOSED") return { ...base, kind: "checkout_expired", occurredAt: new Date() };
  return { ...base, kind: "ignored", occurredAt: new Date() };
}
