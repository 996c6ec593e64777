import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { assertTestCheckoutAllowed, signedTestEvent, TEST_SESSION_PREFIX } from "./test-checkout.server";
import { handleWebhook } from "./webhook.server";

/** The pending donation behind a local test checkout session (for the test checkout page). */
export async function getTestSession(sessionId: string) {
  assertTestCheckoutAllowed();
  if (!sessionId.startsWith(TEST_SESSION_PREFIX)) throw new AppError("errors.http.404", 404);
  const d = await prisma.donation.findUnique({
    where: { providerSessionId: sessionId },
    select: { id: true, amountFen: true, currency: true, status: true, accessToken: true, donorEmail: true, campaign: { select: { id: true, title: true } }, fund: { select: { id: true, name: true } } },
  });
  if (!d) throw new AppError("errors.http.404", 404);
  return d;
}

/**
 * Completes or cancels a test checkout by sending the signed event through the same handler as
 * Stripe's deliveries. Returns where the donor goes next.
 */
export async function completeTestCheckout(sessionId: string, outcome: "paid" | "expired") {
  const d = await getTestSession(sessionId);
  if (d.status !== "PENDING") throw new AppError("funding.errors.checkoutDone", 409);
  const { payload, header } = signedTestEvent({ sessionId, donationId: d.id, amountFen: d.amountFen, currency: d.currency }, outcome);
  const reply = await handleWebhook("STRIPE", payload, new Headers({ "stripe-signature": header, "content-type": "application/json" }));
  if (reply.status !== 200) throw new AppError("funding.errors.providerFailed", 502);
  if (outcome === "paid") return `/donate/thanks/${d.accessToken}`;
  return d.campaign ? `/campaigns/${d.campaign.id}?cancelled=1` : `/funds/${d.fund!.id}?cancelled=1`;
}
