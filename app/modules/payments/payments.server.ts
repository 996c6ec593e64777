import { getEnv, paymentMode } from "~/utils/env.server";
import { AppError } from "~/utils/errors";
import { createStripeProvider } from "./stripe.server";
import { createTestCheckoutProvider } from "./test-checkout.server";
import type { PaymentProvider, ProviderName } from "./provider";

/** True when donations go through the local test checkout (no Stripe key; not production, or demo mode). */
export function usingTestCheckout() {
  return paymentMode() === "test";
}

/**
 * The adapter for a provider. STRIPE is the real SDK when a key is configured, the local test
 * checkout otherwise (refused in production). WeChat Pay and Alipay adapters are not written yet;
 * OFFLINE donations never pass through a provider (see ledger/offline.server.ts).
 */
export function getPaymentProvider(name: ProviderName = "STRIPE"): PaymentProvider {
  if (name !== "STRIPE") throw new AppError("funding.errors.providerUnavailable", 503);
  const env = getEnv();
  if (env.STRIPE_SECRET_KEY) return createStripeProvider();
  if (paymentMode() !== "test") throw new AppError("funding.errors.providerUnavailable", 503);
  return createTestCheckoutProvider();
}
