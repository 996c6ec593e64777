import Stripe from "stripe";
import { getEnv } from "~/utils/env.server";
import { ProviderError, WebhookVerificationError, type CheckoutRequest, type PayableRef, type PaymentProvider, type ProviderEvent, type RefundQuery, type RefundRequest, type RefundResult } from "./provider";

/** Used only when no webhook secret is configured outside production (local test checkout). */
export const DEV_WEBHOOK_SECRET = "whsec_shanlian_local_test_checkout_secret";

export function webhookSecret(): string {
  const env = getEnv();
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  if (env.NODE_ENV === "production") throw new ProviderError("STRIPE_WEBHOOK_SECRET is not configured");
  return DEV_WEBHOOK_SECRET;
}

let client: Stripe | undefined;
let clientKey: string | undefined;

/**
 * The Stripe SDK client. STRIPE_API_BASE (e.g. http://127.0.0.1:12111) points it at another host,
 * which the tests use for a local fake of the endpoints we call.
 */
export function stripeClient(): Stripe {
  const env = getEnv();
  const key = env.STRIPE_SECRET_KEY ?? "sk_test_shanlian_local_no_network";
  if (client && clientKey === key) return client;
  const config: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: env.STRIPE_TIMEOUT_MS, appInfo: { name: "shanlian" } };
  if (env.STRIPE_API_BASE) {
    const base = new URL(env.STRIPE_API_BASE);
    config.host = base.hostname;
    config.port = base.port || (base.protocol === "http:" ? 80 : 443);
    config.protocol = base.protocol === "http:" ? "http" : "https";
  }
  client = new Stripe(key, config);
  clientKey = key;
  return client;
}

/**
 * Stripe's error as our ProviderError. Only an answer with a 4xx status is a definite refusal; a
 * timeout or connection error has no status and a 5xx may have done the work. 409 (a concurrent
 * request with the same idempotency key) and 429 (rate limited) say "not now", not "no".
 */
export function providerError(what: string, e: unknown): ProviderError {
  if (e instanceof ProviderError) return e;
  const status = (e as { statusCode?: number }).statusCode;
  const definite = typeof status === "number" && status >= 400 && status < 500 && status !== 409 && status !== 429;
  return new ProviderError(`Stripe ${what} failed: ${(e as Error).message}`, definite);
}

function refundResult(refund: Stripe.Refund): RefundResult {
  const status = refund.status === "succeeded" ? "succeeded" : refund.status === "failed" || refund.status === "canceled" ? "failed" : "pending";
  return { refundId: refund.id, status };
}

const toFen = (n: number | null | undefined) => (typeof n === "number" && Number.isInteger(n) ? BigInt(n) : undefined);

/** Metadata keys naming the payable: shop checkouts carry `payableKind` + `checkoutId`; donations `donationId`. */
export function payableMetadata(p: PayableRef): Record<string, string> {
  return p.kind === "shop_checkout" ? { payableKind: "shop_checkout", checkoutId: p.id } : { donationId: p.id };
}

/** The payable named by an object's metadata (a session's client_reference_id as the last resort for donations). */
export function payableFromMetadata(metadata: Record<string, string> | null | undefined, clientReferenceId?: string | null): PayableRef | undefined {
  if (metadata?.payableKind === "shop_checkout" || metadata?.checkoutId) {
    const id = metadata.checkoutId ?? clientReferenceId;
    return id ? { kind: "shop_checkout", id } : undefined;
  }
  const id = metadata?.donationId ?? clientReferenceId;
  return id ? { kind: "donation", id } : undefined;
}

/** Stripe event → provider-neutral event: checkout sessions move money in, refund updates settle refunds. */
export function translateStripeEvent(event: Stripe.Event): ProviderEvent {
  const base = { provider: "STRIPE" as const, eventId: event.id, type: event.type, occurredAt: new Date(event.created * 1000) };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const s = event.data.object;
      const paymentId = typeof s.payment_intent === "string" ? s.payment_intent : (s.payment_intent?.id ?? undefined);
      const payable = payableFromMetadata(s.metadata, s.client_reference_id);
      const common = {
        ...base,
        sessionId: s.id,
        payable,
        donationId: payable?.kind === "donation" ? payable.id : undefined,
        paymentId,
        amountFen: toFen(s.amount_total),
        currency: s.currency?.toUpperCase(),
      };
      if (event.type === "checkout.session.expired") return { ...common, kind: "checkout_expired" };
      if (event.type === "checkout.session.async_payment_failed") return { ...common, kind: "payment_failed" };
      // `completed` with a delayed method (bank transfer…) is not paid yet: wait for async_payment_succeeded.
      if (s.payment_status !== "paid") return { ...common, kind: "ignored" };
      return { ...common, kind: "payment_succeeded" };
    }
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated": {
      const r = event.data.object as Stripe.Refund;
      const payable = payableFromMetadata(r.metadata);
      const common = { ...base, refundId: r.metadata?.refundId ?? undefined, providerRefundId: r.id, payable, donationId: payable?.kind === "donation" ? payable.id : undefined, amountFen: toFen(r.amount), currency: r.currency?.toUpperCase() };
      if (r.status === "succeeded") return { ...common, kind: "refund_succeeded" };
      if (r.status === "failed" || r.status === "canceled") return { ...common, kind: "refund_failed" };
      return { ...common, kind: "ignored" };
    }
    default:
      return { ...base, kind: "ignored" };
  }
}

/** Checks the Stripe-Signature header on the raw body and returns the event; throws WebhookVerificationError. */
export function verifyStripeEvent(stripe: Stripe, rawBody: string, headers: Headers): Stripe.Event {
  const signature = headers.get("stripe-signature");
  if (!signature) throw new WebhookVerificationError("missing Stripe-Signature header");
  try {
    return stripe.webhooks.constructEvent(rawBody, signature, webhookSecret());
  } catch (e) {
    throw new WebhookVerificationError((e as Error).message);
  }
}

export function createStripeProvider(stripe: Stripe = stripeClient()): PaymentProvider {
  return {
    name: "STRIPE",
    async createCheckout(req: CheckoutRequest) {
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: "payment",
            currency: "cny",
            line_items: [{ quantity: 1, price_data: { currency: "cny", unit_amount: Number(req.amountFen), product_data: { name: req.description.slice(0, 250) } } }],
            client_reference_id: req.payable.id,
            customer_email: req.payerEmail ?? undefined,
            success_url: req.successUrl,
            cancel_url: req.cancelUrl,
            metadata: req.metadata,
            payment_intent_data: { metadata: req.metadata, description: req.description.slice(0, 250) },
            submit_type: req.payable.kind === "donation" ? "donate" : "pay",
          },
          // Donations keep their original key; other payables are prefixed by kind.
          { idempotencyKey: req.payable.kind === "donation" ? `checkout-${req.payable.id}` : `checkout-${req.payable.kind}-${req.payable.id}` },
        );
        if (!session.url) throw new ProviderError("Stripe returned a session without a URL");
        return { sessionId: session.id, redirectUrl: session.url };
      } catch (e) {
        throw providerError("checkout", e);
      }
    },
    async refund(req: RefundRequest) {
      try {
        const refund = await stripe.refunds.create({ payment_intent: req.paymentId, amount: Number(req.amountFen), metadata: req.metadata }, { idempotencyKey: req.idempotencyKey });
        return refundResult(refund);
      } catch (e) {
        throw providerError("refund", e);
      }
    },
    async findRefund(q: RefundQuery) {
      try {
        if (q.providerRefundId) return refundResult(await stripe.refunds.retrieve(q.providerRefundId));
        // No id yet (the create call timed out): our refund id travels in the metadata.
        for await (const refund of stripe.refunds.list({ payment_intent: q.paymentId, limit: 100 })) {
          if (refund.metadata?.refundId === q.refundId) return refundResult(refund);
        }
        return null;
      } catch (e) {
        const err = providerError("refund lookup", e);
        if (err.definite && (e as { statusCode?: number }).statusCode === 404) return null;
        throw err;
      }
    },
    async expireCheckout(sessionId: string) {
      try {
        await stripe.checkout.sessions.expire(sessionId);
        return "expired";
      } catch (e) {
        const err = providerError("checkout expiry", e);
        // Stripe refuses to expire a session that is complete or already expired.
        if (err.definite) return "not_open";
        throw err;
      }
    },
    parseWebhook(rawBody: string, headers: Headers) {
      return translateStripeEvent(verifyStripeEvent(stripe, rawBody, headers));
    },
  };
}
