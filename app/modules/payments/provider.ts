/**
 * The payment-provider port. Donations, refunds and the ledger speak only these types; each
 * provider (Stripe today; WeChat Pay, Alipay and designated fundraising platforms later) is an
 * adapter translating to and from its own API.
 */
import type { PaymentProviderName } from "~/generated/prisma/enums";

export type ProviderName = PaymentProviderName;

/**
 * What a checkout charges for: a donation, or a shop checkout (one cart, split into one order per
 * producer). Events come back carrying it in their metadata and are dispatched by it.
 */
export type PayableKind = "donation" | "shop_checkout";
export type PayableRef = { kind: PayableKind; id: string };

export type CheckoutRequest = {
  payable: PayableRef;
  amountFen: bigint;
  currency: "CNY";
  /** What the payer sees on the payment page. */
  description: string;
  payerEmail?: string | null;
  successUrl: string;
  cancelUrl: string;
  metadata: Record<string, string>;
};

/**
 * Adapters written before payables (WeChat Pay, Alipay) also accept the older `donationId` shape;
 * this resolves either to the payable.
 */
export type LegacyCheckoutRequest = Omit<CheckoutRequest, "payable"> & { payable?: PayableRef; donationId?: string };
export function payableOf(req: LegacyCheckoutRequest): PayableRef {
  if (req.payable) return req.payable;
  if (req.donationId) return { kind: "donation", id: req.donationId };
  throw new Error("checkout request without a payable");
}

/** The payable an event carries back in its metadata (kind + id), or the older donationId. */
export function payableFromMeta(meta: { payableKind?: string | null; payableId?: string | null; donationId?: string | null }): PayableRef | undefined {
  if ((meta.payableKind === "donation" || meta.payableKind === "shop_checkout") && meta.payableId) return { kind: meta.payableKind, id: meta.payableId };
  if (meta.donationId) return { kind: "donation", id: meta.donationId };
  return undefined;
}

export type CheckoutSession = { sessionId: string; redirectUrl: string };

export type RefundRequest = { paymentId: string; amountFen: bigint; idempotencyKey: string; metadata: Record<string, string> };

export type RefundResult = { refundId: string; status: "pending" | "succeeded" | "failed" };

/** A refund to look up: by the provider's id when we have it, else by our id within the payment. */
export type RefundQuery = { providerRefundId?: string | null; paymentId: string; refundId: string };

/** expired: the session can no longer be paid; not_open: it was already paid, expired or unknown. */
export type ExpireResult = "expired" | "not_open";

/**
 * What happened, in provider-neutral terms:
 * - payment_succeeded: money was received for a checkout session;
 * - payment_failed / checkout_expired: the checkout ended without money;
 * - refund_succeeded / refund_failed: the provider settled a refund we asked for (refundId is ours);
 * - ignored: an event type we do not act on (answered 200 all the same).
 */
export type ProviderEventKind = "payment_succeeded" | "payment_failed" | "checkout_expired" | "refund_succeeded" | "refund_failed" | "ignored";

export type ProviderEvent = {
  provider: ProviderName;
  eventId: string;
  /** The provider's own event type, kept for the record. */
  type: string;
  kind: ProviderEventKind;
  occurredAt: Date;
  /** What the event is about, from the metadata we sent (or looked up by session / refund id). */
  payable?: PayableRef;
  /** Shorthand for `payable: { kind: "donation", id }` (older callers and events). */
  donationId?: string;
  sessionId?: string;
  paymentId?: string;
  amountFen?: bigint;
  /** Upper-case ISO code. */
  currency?: string;
  /** The payer's account at the provider (WeChat openid, Alipay buyer id), hashed for matching-fund signals (ADR 020). */
  payerRef?: string;
  /** Provider fee, when the provider reports one with the payment. */
  feeFen?: bigint;
  /** Our refund id (Refund, or OrderRefund for a shop checkout; sent as metadata with the refund request) and the provider's. */
  refundId?: string;
  providerRefundId?: string;
};

export interface PaymentProvider {
  readonly name: ProviderName;
  createCheckout(req: CheckoutRequest): Promise<CheckoutSession>;
  refund(req: RefundRequest): Promise<RefundResult>;
  /** The provider's current word on a refund we asked for; null when it has no such refund. */
  findRefund(q: RefundQuery): Promise<RefundResult | null>;
  /** Closes an open checkout session so it can no longer be paid (suspension). */
  expireCheckout(sessionId: string): Promise<ExpireResult>;
  /** Verifies the signature on the raw body and translates the event; throws WebhookVerificationError. */
  parseWebhook(rawBody: string, headers: Headers): ProviderEvent;
}

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

/**
 * The provider is not reachable or refused the request; the message is for logs, never for users.
 * `definite` is true only when the provider answered and refused (a 4xx): a timeout, a network error
 * or a 5xx leaves the outcome unknown, and money sent with the request may still move.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    public readonly definite = false,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}
