import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { applyProviderEvent } from "~/modules/donations/events.server";
import { WebhookVerificationError, type PayableRef, type ProviderName } from "./provider";
import { assertTestCheckoutAllowed, createTestCheckoutProvider, signedTestEvent, TEST_SESSION_PREFIX } from "./test-checkout.server";
import { handleWebhook } from "./webhook.server";

export type TestSessionView = {
  payable: PayableRef;
  amountFen: bigint;
  currency: string;
  status: string;
  /** What is being paid for: a campaign or fund's name, or the shop orders' numbers. */
  title: string;
  email: string | null;
  /** The provider the donor chose when the test checkout stands in for it (WeChat Pay, Alipay); null for Stripe's own test checkout. */
  standsInFor: Exclude<ProviderName, "STRIPE"> | null;
  doneUrl: string;
  cancelUrl: string;
};

/** The pending payable (a donation or a shop checkout) behind a local test checkout session (for the test checkout page). */
export async function getTestSession(sessionId: string): Promise<TestSessionView> {
  assertTestCheckoutAllowed();
  if (!sessionId.startsWith(TEST_SESSION_PREFIX)) throw new AppError("errors.http.404", 404);
  const d = await prisma.donation.findUnique({
    where: { providerSessionId: sessionId },
    select: { id: true, amountFen: true, currency: true, status: true, provider: true, accessToken: true, donorEmail: true, campaign: { select: { id: true, title: true } }, fund: { select: { id: true, name: true } } },
  });
  if (d) {
    return {
      payable: { kind: "donation", id: d.id },
      amountFen: d.amountFen,
      currency: d.currency,
      status: d.status,
      title: d.campaign?.title ?? d.fund?.name ?? "",
      email: d.donorEmail,
      standsInFor: d.provider === "STRIPE" ? null : d.provider,
      doneUrl: `/donate/thanks/${d.accessToken}`,
      cancelUrl: d.campaign ? `/campaigns/${d.campaign.id}?cancelled=1` : `/funds/${d.fund!.id}?cancelled=1`,
    };
  }
  const c = await prisma.shopCheckout.findUnique({
    where: { providerSessionId: sessionId },
    select: { id: true, amountFen: true, currency: true, status: true, provider: true, accessToken: true, buyerEmail: true, orders: { select: { number: true }, orderBy: { number: "asc" } } },
  });
  if (!c) throw new AppError("errors.http.404", 404);
  return {
    payable: { kind: "shop_checkout", id: c.id },
    amountFen: c.amountFen,
    currency: c.currency,
    status: c.status,
    title: c.orders.map((o) => o.number).join("、"),
    email: c.buyerEmail,
    standsInFor: c.provider === "STRIPE" ? null : c.provider,
    doneUrl: `/shop/orders/${c.accessToken}`,
    cancelUrl: `/shop/cart?cancelled=1`,
  };
}

/**
 * Completes or cancels a test checkout by sending the signed event through the same handler as
 * Stripe's deliveries. Returns where the payer goes next.
 */
export async function completeTestCheckout(sessionId: string, outcome: "paid" | "expired") {
  const s = await getTestSession(sessionId);
  if (s.status !== "PENDING") throw new AppError("funding.errors.checkoutDone", 409);
  const { payload, header } = signedTestEvent({ sessionId, payable: s.payable, amountFen: s.amountFen, currency: s.currency }, outcome);
  const headers = new Headers({ "stripe-signature": header, "content-type": "application/json" });
  if (s.standsInFor) {
    // Standing in for WeChat Pay / Alipay: the event is verified exactly as Stripe's, then recorded
    // as the chosen provider's (the payment's provider must match the event's), once by its id.
    let event;
    try {
      event = createTestCheckoutProvider().parseWebhook(payload, headers);
    } catch (e) {
      if (e instanceof WebhookVerificationError) throw new AppError("funding.errors.providerFailed", 502);
      throw e;
    }
    await applyProviderEvent({ ...event, provider: s.standsInFor });
    return outcome === "paid" ? s.doneUrl : s.cancelUrl;
  }
  const reply = await handleWebhook("STRIPE", payload, headers, { inline: true });
  if (reply.status !== 200) throw new AppError("funding.errors.providerFailed", 502);
  return outcome === "paid" ? s.doneUrl : s.cancelUrl;
}
