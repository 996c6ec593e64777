/**
 * Stripe subscriptions behind the recurring port (provider-scheduled): the donor subscribes in a
 * Checkout Session (mode "subscription", a monthly CNY price made on the fly), Stripe charges every
 * month and tells us each outcome by a signed event on the one Stripe webhook route. Our gift id
 * travels in the session's and the subscription's metadata.
 */
import type Stripe from "stripe";
import { periodOf } from "~/modules/monthly/periods";
import { providerError, stripeClient, verifyStripeEvent } from "./stripe.server";
import { ProviderError } from "./provider";
import type { RecurringEvent, RecurringProvider, RecurringSignRequest } from "./recurring";

const toFen = (n: unknown) => (typeof n === "number" && Number.isInteger(n) ? BigInt(n) : undefined);
const idOf = (v: unknown): string | undefined => (typeof v === "string" ? v : v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" ? (v as { id: string }).id : undefined);

/** The next date (unix seconds, noon Asia/Shanghai) falling on `day`, strictly after today; null when today is the day. */
function anchorFor(day: number, now = new Date()): number | null {
  const today = new Date(now.getTime() + 8 * 3600_000);
  if (today.getUTCDate() === day) return null;
  let y = today.getUTCFullYear();
  let m = today.getUTCMonth();
  if (today.getUTCDate() > day) m += 1;
  if (m > 11) (m = 0), (y += 1);
  return Math.floor((Date.UTC(y, m, day, 12) - 8 * 3600_000) / 1000);
}

type Loose = Record<string, unknown>;

/** The subscription and its metadata an invoice belongs to (current API: parent.subscription_details; older: top level). */
function invoiceSubscription(inv: Loose): { subscription?: string; giftId?: string } {
  const parent = (inv.parent as Loose | null)?.subscription_details as Loose | undefined;
  const legacy = inv.subscription_details as Loose | undefined;
  const meta = ((parent?.metadata ?? legacy?.metadata) as Record<string, string> | null) ?? undefined;
  const line = ((inv.lines as Loose | undefined)?.data as Loose[] | undefined)?.[0];
  return {
    subscription: idOf(parent?.subscription) ?? idOf(inv.subscription),
    giftId: meta?.giftId ?? (line?.metadata as Record<string, string> | undefined)?.giftId,
  };
}

function invoicePeriodStart(inv: Loose): number | undefined {
  const line = ((inv.lines as Loose | undefined)?.data as Loose[] | undefined)?.[0];
  const start = (line?.period as Loose | undefined)?.start;
  if (typeof start === "number") return start;
  return typeof inv.period_start === "number" ? inv.period_start : undefined;
}

/** Stripe event → recurring event; anything else is "ignored" (and left to the one-time path). */
export function translateStripeRecurringEvent(event: Stripe.Event): RecurringEvent {
  const base = { provider: "STRIPE" as const, eventId: event.id, type: event.type, occurredAt: new Date(event.created * 1000) };
  const obj = event.data.object as unknown as Loose;
  switch (event.type) {
    case "checkout.session.completed": {
      if (obj.mode !== "subscription") return { ...base, kind: "ignored" };
      const giftId = (obj.metadata as Record<string, string> | null)?.giftId;
      const agreementId = idOf(obj.subscription);
      if (!giftId || !agreementId) return { ...base, kind: "ignored" };
      return { ...base, kind: "agreement_signed", giftId, agreementId };
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const { subscription, giftId } = invoiceSubscription(obj);
      if (!subscription && !giftId) return { ...base, kind: "ignored" };
      const start = invoicePeriodStart(obj);
      const common = { ...base, giftId, agreementId: subscription, providerChargeId: idOf(obj.id), period: start !== undefined ? periodOf(new Date(start * 1000)) : undefined };
      if (event.type === "invoice.paid") {
        // A zero invoice (the free stretch before a future billing anchor) moves no money.
        const paid = toFen(obj.amount_paid);
        if (!paid || paid <= 0n) return { ...base, kind: "ignored" };
        return { ...common, kind: "charge_succeeded", amountFen: paid };
      }
      const pi = obj.payment_intent as Loose | undefined;
      const error = (obj.last_payment_error ?? (pi && typeof pi === "object" ? pi.last_payment_error : undefined) ?? obj.last_finalization_error) as Loose | null | undefined;
      const reason = typeof error?.message === "string" ? error.message : typeof error?.code === "string" ? error.code : "payment failed";
      const next = typeof obj.next_payment_attempt === "number" ? new Date(obj.next_payment_attempt * 1000) : undefined;
      return { ...common, kind: "charge_failed", amountFen: toFen(obj.amount_due), failureReason: reason.slice(0, 300), nextRetryAt: next };
    }
    case "customer.subscription.deleted": {
      return { ...base, kind: "agreement_terminated", agreementId: idOf(obj.id), giftId: (obj.metadata as Record<string, string> | null)?.giftId };
    }
    default:
      return { ...base, kind: "ignored" };
  }
}

export function createStripeRecurringProvider(stripe: Stripe = stripeClient()): RecurringProvider {
  return {
    name: "STRIPE",
    schedule: "provider",
    async startAgreement(req: RecurringSignRequest) {
      const anchor = anchorFor(req.dayOfMonth);
      try {
        const session = await stripe.checkout.sessions.create({
          mode: "subscription",
          line_items: [{ quantity: 1, price_data: { currency: "cny", unit_amount: Number(req.amountFen), recurring: { interval: "month" }, product_data: { name: req.description.slice(0, 250) } } }],
          customer_email: req.payerEmail ?? undefined,
          success_url: req.returnUrl,
          cancel_url: req.cancelUrl,
          metadata: { giftId: req.giftId },
          subscription_data: { metadata: { giftId: req.giftId }, ...(anchor ? { billing_cycle_anchor: anchor, proration_behavior: "none" as const } : {}) },
        });
        if (!session.url) throw new ProviderError("Stripe returned a session without a URL");
        return { sessionId: session.id, redirectUrl: session.url };
      } catch (e) {
        throw providerError("subscription checkout", e);
      }
    },
    async changeAmount(agreementId: string, amountFen: bigint) {
      try {
        const sub = await stripe.subscriptions.retrieve(agreementId);
        const item = sub.items.data[0];
        if (!item) throw new ProviderError("Stripe subscription without items", true);
        const product = idOf(item.price.product);
        if (!product) throw new ProviderError("Stripe price without product", true);
        await stripe.subscriptions.update(agreementId, {
          items: [{ id: item.id, price_data: { currency: "cny", unit_amount: Number(amountFen), recurring: { interval: "month" }, product } }],
          proration_behavior: "none",
        });
      } catch (e) {
        throw providerError("subscription amount change", e);
      }
    },
    async pause(agreementId: string) {
      try {
        await stripe.subscriptions.update(agreementId, { pause_collection: { behavior: "void" } });
      } catch (e) {
        throw providerError("subscription pause", e);
      }
    },
    async resume(agreementId: string) {
      try {
        await stripe.subscriptions.update(agreementId, { pause_collection: "" });
      } catch (e) {
        throw providerError("subscription resume", e);
      }
    },
    async cancel(agreementId: string) {
      try {
        await stripe.subscriptions.cancel(agreementId);
      } catch (e) {
        // Already cancelled or unknown at Stripe: the agreement has ended all the same.
        const status = (e as { statusCode?: number }).statusCode;
        if (status === 404 || (status === 400 && /cancel/i.test((e as Error).message))) return;
        throw providerError("subscription cancel", e);
      }
    },
    async paymentMethodUpdateUrl(agreementId: string, returnUrl: string) {
      try {
        const sub = await stripe.subscriptions.retrieve(agreementId);
        const customer = idOf(sub.customer);
        if (!customer) throw new ProviderError("Stripe subscription without customer", true);
        const portal = await stripe.billingPortal.sessions.create({ customer, return_url: returnUrl });
        return portal.url;
      } catch (e) {
        throw providerError("billing portal", e);
      }
    },
    parseRecurringWebhook(rawBody: string, headers: Headers) {
      return translateStripeRecurringEvent(verifyStripeEvent(stripe, rawBody, headers));
    },
  };
}
