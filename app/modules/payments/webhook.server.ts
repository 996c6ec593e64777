import { applyRecurringEvent, recurringParserFor } from "~/modules/monthly/charges.server";
import { getPaymentProvider } from "./payments.server";
import { applyOrQueue } from "./inbox.server";
import { ProviderError, WebhookVerificationError, type ProviderName } from "./provider";

export type WebhookReply = { status: number; body: { received: boolean; result?: string; error?: string } };

/**
 * The one entry for provider events: the HTTP webhook route and the local test checkout both call
 * it. Signature verification happens on the raw body before anything is read or written; a bad
 * signature answers 400 and leaves no trace in the database. A verified one-time payment event is
 * applied at once, or — the process busy with others — committed to the payment inbox and answered
 * `queued` (inbox.server.ts); `inline` (the test checkout, whose payer waits for the outcome) always
 * applies it at once.
 */
export async function handleWebhook(providerName: ProviderName, rawBody: string, headers: Headers, opts: { inline?: boolean } = {}): Promise<WebhookReply> {
  let provider;
  try {
    provider = getPaymentProvider(providerName);
  } catch {
    return { status: 503, body: { received: false, error: "provider not configured" } };
  }
  let event;
  try {
    event = provider.parseWebhook(rawBody, headers);
  } catch (e) {
    if (e instanceof WebhookVerificationError) return { status: 400, body: { received: false, error: "invalid signature" } };
    if (e instanceof ProviderError) return { status: 503, body: { received: false, error: "provider not configured" } };
    throw e;
  }
  // Monthly giving (subscriptions, agreements) shares the provider's route: its events go to the
  // monthly service; everything else stays on the one-time path.
  const recurring = recurringParserFor(providerName);
  if (recurring) {
    const monthly = recurring.parseRecurringWebhook(rawBody, headers);
    if (monthly.kind !== "ignored") return { status: 200, body: { received: true, result: await applyRecurringEvent(monthly) } };
  }
  const result = await applyOrQueue(event, opts);
  return { status: 200, body: { received: true, result } };
}
