/** The keyless test checkout exists only outside production. */
import { beforeAll, expect, it } from "vitest";

beforeAll(() => {
  // Configuration is read once per process: set production before any app module loads.
  process.env.NODE_ENV = "production";
  process.env.SESSION_SECRET = "production-like-session-secret-0123456789";
  process.env.ID_HASH_KEY = "production-like-id-hash-key-0123456789";
  process.env.ID_ENCRYPTION_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  process.env.DATABASE_URL ??= "postgresql://127.0.0.1:1/unused";
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
});

it("refuses the test checkout, its signed events and keyless payments in production", async () => {
  const { AppError } = await import("~/utils/errors");
  const { createTestCheckoutProvider, signedTestEvent } = await import("~/modules/payments/test-checkout.server");
  const { getPaymentProvider, usingTestCheckout } = await import("~/modules/payments/payments.server");
  const { handleWebhook } = await import("~/modules/payments/webhook.server");
  expect(usingTestCheckout()).toBe(false);
  expect(() => getPaymentProvider("STRIPE")).toThrow(AppError);
  await expect(createTestCheckoutProvider().createCheckout({ payable: { kind: "donation", id: "d" }, amountFen: 100n, currency: "CNY", description: "x", successUrl: "/", cancelUrl: "/", metadata: {} })).rejects.toBeInstanceOf(AppError);
  expect(() => signedTestEvent({ sessionId: "cs_test_local_x", donationId: "d", amountFen: 100n, currency: "CNY" }, "paid")).toThrow(AppError);
  // Without a configured provider the webhook answers 503 before reading anything.
  expect((await handleWebhook("STRIPE", "{}", new Headers({ "stripe-signature": "t=1,v1=x" }))).status).toBe(503);
});
