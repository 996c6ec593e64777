/**
 * Keyless local test checkout: without STRIPE_SECRET_KEY (and never in production) donations go to
 * /checkout/test/<sessionId>, where the donor completes or cancels. The outcome is a Stripe-shaped
 * event signed with the SDK's own test-header helper and fed through the SAME webhook handler as
 * real Stripe deliveries, so the whole recording path is exercised.
 */
import { randomBytes } from "node:crypto";
import { getEnv } from "~/utils/env.server";
import { AppError } from "~/utils/errors";
import { createStripeProvider, payableMetadata, stripeClient, webhookSecret } from "./stripe.server";
import type { CheckoutRequest, PayableRef, PaymentProvider, RefundRequest } from "./provider";

export const TEST_SESSION_PREFIX = "cs_test_local_";

export function assertTestCheckoutAllowed() {
  // Production refuses it unless in demo mode (a local install with demo data, no real money).
  const env = getEnv();
  if (env.NODE_ENV === "production" && !env.DEMO_MODE) throw new AppError("funding.errors.testCheckoutDisabled", 404);
}

const token = (n = 12) => randomBytes(n).toString("hex");

export function createTestCheckoutProvider(): PaymentProvider {
  const stripe = createStripeProvider(stripeClient());
  return {
    name: "STRIPE",
    async createCheckout(req: CheckoutRequest) {
      assertTestCheckoutAllowed();
      const sessionId = `${TEST_SESSION_PREFIX}${token()}`;
      return { sessionId, redirectUrl: `/checkout/test/${sessionId}` };
    },
    async refund(_req: RefundRequest) {
      assertTestCheckoutAllowed();
      return { refundId: `re_test_local_${token()}`, status: "succeeded" as const };
    },
    // Local refunds settle at once, so there is never one to look up.
    async findRefund() {
      assertTestCheckoutAllowed();
      return null;
    },
    // The session lives only in our row: the caller cancels the donation (or shop checkout), after
    // which the test checkout page refuses to complete it (completeTestCheckout requires PENDING).
    async expireCheckout(sessionId: string) {
      assertTestCheckoutAllowed();
      return sessionId.startsWith(TEST_SESSION_PREFIX) ? ("expired" as const) : ("not_open" as const);
    },
    // Events are Stripe-format and Stripe-signed: verification is exactly the real adapter's.
    parseWebhook: stripe.parseWebhook,
  };
}

/** The payable of the session (`donationId` alone still means a donation). */
export type TestSession = { sessionId: string; payable?: PayableRef; donationId?: string; amountFen: bigint; currency: string };

/** Builds and signs the event a real Stripe would send for this outcome. */
export function signedTestEvent(session: TestSession, outcome: "paid" | "expired") {
  assertTestCheckoutAllowed();
  const now = Math.floor(Date.now() / 1000);
  const paid = outcome === "paid";
  const payable: PayableRef = session.payable ?? { kind: "donation", id: session.donationId ?? "" };
  const payload = JSON.stringify({
    id: `evt_test_local_${token()}`,
    object: "event",
    api_version: null,
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: paid ? "checkout.session.completed" : "checkout.session.expired",
    data: {
      object: {
        id: session.sessionId,
        object: "checkout.session",
        mode: "payment",
        amount_total: Number(session.amountFen),
        currency: session.currency.toLowerCase(),
        client_reference_id: payable.id,
        metadata: payableMetadata(payable),
        payment_intent: paid ? `pi_test_local_${token()}` : null,
        payment_status: paid ? "paid" : "unpaid",
        status: paid ? "complete" : "expired",
      },
    },
  });
  const header = stripeClient().webhooks.generateTestHeaderString({ payload, secret: webhookSecret() });
  return { payload, header };
}
