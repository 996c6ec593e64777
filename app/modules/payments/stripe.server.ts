import Stripe from "stripe";
import { getEnv } from "~/utils/env.server";
import { ProviderError, WebhookVerificationError, type CheckoutRequest, type PaymentProvider, type ProviderEvent, type RefundRequest } from "./provider";

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
  const config: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: "shanlian" } };
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

const toFen = (n: number | null | undefined) => (typeof n === "number" && Number.isInteger(n) ? BigInt(n) : undefined);

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
      const common = {
        ...base,
        sessionId: s.id,
        donationId: s.metadata?.donationId ?? s.client_reference_id ?? undefined,
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
      const common = { ...base, refundId: r.metadata?.refundId ?? undefined, providerRefundId: r.id, donationId: r.metadata?.donationId ?? undefined, amountFen: toFen(r.amount), currency: r.currency?.toUpperCase() };
      if (r.status === "succeeded") return { ...common, kind: "refund_succeeded" };
      if (r.status === "failed" || r.status === "canceled") return { ...common, kind: "refund_failed" };
      return { ...common, kind: "ignored" };
    }
    default:
      return { ...base, kind: "ignored" };
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
            client_reference_id: req.donationId,
            customer_email: req.donorEmail ?? undefined,
            success_url: req.successUrl,
            cancel_url: req.cancelUrl,
            metadata: req.metadata,
            payment_intent_data: { metadata: req.metadata, description: req.description.slice(0, 250) },
            submit_type: "donate",
          },
          { idempotencyKey: `checkout-${req.donationId}` },
        );
        if (!session.url) throw new ProviderError("Stripe returned a session without a URL");
        return { sessionId: session.id, redirectUrl: session.url };
      } catch (e) {
        if (e instanceof ProviderError) throw e;
        throw new ProviderError(`Stripe checkout failed: ${(e as Error).message}`);
      }
    },
    async refund(req: RefundRequest) {
      try {
        const refund = await stripe.refunds.create({ payment_intent: req.paymentId, amount: Number(req.amountFen), metadata: req.metadata }, { idempotencyKey: req.idempotencyKey });
        const status = refund.status === "succeeded" ? "succeeded" : refund.status === "failed" || refund.status === "canceled" ? "failed" : "pending";
        return { refundId: refund.id, status };
      } catch (e) {
        throw new ProviderError(`Stripe refund failed: ${(e as Error).message}`);
      }
    },
    parseWebhook(rawBody: string, headers: Headers) {
      const signature = headers.get("stripe-signature");
      if (!signature) throw new WebhookVerificationError("missing Stripe-Signature header");
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, webhookSecret());
      } catch (e) {
        throw new WebhookVerificationError((e as Error).message);
      }
      return translateStripeEvent(event);
    },
  };
}
