import { getEnv, paymentMode } from "~/utils/env.server";
import { AppError } from "~/utils/errors";
import { createStripeProvider } from "./stripe.server";
import { providerForAccount } from "./merchant-accounts.server";
import { assertTestCheckoutAllowed, createTestCheckoutProvider } from "./test-checkout.server";
import type { PaymentProvider, ProviderName } from "./provider";

/** True when donations go through the local test checkout (no Stripe key; not production, or demo mode). */
export function usingTestCheckout() {
  return paymentMode() === "test";
}

/**
 * The adapter for a provider. STRIPE is the real SDK when a key is configured, the local test
 * checkout otherwise (refused in production). WeChat Pay and Alipay go through an organization's
 * merchant account (providerFor); OFFLINE donations never pass through a provider (see
 * ledger/offline.server.ts).
 */
export function getPaymentProvider(name: ProviderName = "STRIPE"): PaymentProvider {
  if (name !== "STRIPE") throw new AppError("funding.errors.providerUnavailable", 503);
  const env = getEnv();
  if (env.STRIPE_SECRET_KEY) return createStripeProvider();
  if (paymentMode() !== "test") throw new AppError("funding.errors.providerUnavailable", 503);
  return createTestCheckoutProvider();
}

/** What a payment was made through: its provider and, for WeChat Pay / Alipay, the merchant account. */
export type PaymentRoute = { provider: ProviderName; merchantAccountId: string | null };

/**
 * The adapter that serves a payment already made (refund, expiry, lookup) or about to be made: the
 * merchant account's own adapter when it went through one; the local test checkout when it stood
 * in for WeChat Pay or Alipay (refused in production outside demo mode); Stripe as getPaymentProvider.
 */
export async function providerFor(route: PaymentRoute, opts: { origin?: string } = {}): Promise<PaymentProvider> {
  if (route.merchantAccountId) return (await providerForAccount(route.merchantAccountId, opts)).provider;
  if (route.provider === "WECHAT_PAY" || route.provider === "ALIPAY") {
    assertTestCheckoutAllowed();
    return createTestCheckoutProvider();
  }
  return getPaymentProvider(route.provider);
}
