/**
 * The notification endpoints of merchant accounts (/api/webhooks/wechatpay/<accountId>,
 * /api/webhooks/alipay/<accountId>): build the account's adapter, verify and translate the raw
 * body, check the payment belongs to this account, then hand the event to applyProviderEvent —
 * which records it at most once. A refused signature answers 400 and writes nothing.
 *
 * Answers in each provider's dialect: WeChat Pay wants 200/204 for "received" and a 4xx/5xx with
 * {"code":"FAIL","message":…} otherwise (it retries); Alipay wants the plain text `success`, and
 * anything else (here `fail`) makes it retry.
 */
import { applyProviderEvent } from "~/modules/donations/events.server";
import { prisma } from "~/utils/db.server";
import { isAppError } from "~/utils/errors";
import { ALIPAY_NOTIFY_ACK } from "./alipay/alipay.server";
import { providerForAccount } from "./merchant-accounts.server";
import type { MerchantProvider } from "./merchant-types";
import { ProviderError, WebhookVerificationError, type ProviderEvent } from "./provider";
import { logger } from "~/utils/logger.server";

export type MerchantWebhookOutcome = "applied" | "unknown_account" | "unavailable" | "invalid_signature" | "other_account";

export type MerchantWebhookReply = { status: number; body: string; contentType: string; outcome: MerchantWebhookOutcome; result?: string };

function reply(provider: MerchantProvider, status: number, outcome: MerchantWebhookOutcome, message: string, result?: string): MerchantWebhookReply {
  if (provider === "ALIPAY") return { status, body: status === 200 ? ALIPAY_NOTIFY_ACK : "fail", contentType: "text/plain; charset=utf-8", outcome, result };
  const body = status === 200 ? { code: "SUCCESS", message: "成功" } : { code: "FAIL", message };
  return { status, body: JSON.stringify(body), contentType: "application/json; charset=utf-8", outcome, result };
}

/**
 * Does the event's payment (or refund) belong to a record paid through this account? An event
 * about a record of another account — or of none — is refused: a verified notification of one
 * merchant must not mark another organization's donation paid. Records we do not know pass on to
 * applyProviderEvent, which answers them as unknown without writing anything but the event row.
 */
async function belongsToAccount(event: ProviderEvent, accountId: string): Promise<boolean> {
  if (event.kind === "ignored") return true;
  if (event.kind === "refund_succeeded" || event.kind === "refund_failed") {
    const where = event.refundId ? { id: event.refundId } : event.providerRefundId ? { providerRefundId: event.providerRefundId } : null;
    if (!where) return true;
    const [refund, orderRefund] = await Promise.all([
      prisma.refund.findUnique({ where, select: { donation: { select: { merchantAccountId: true } } } }),
      prisma.orderRefund.findUnique({ where, select: { order: { select: { checkout: { select: { merchantAccountId: true } } } } } }),
    ]);
    return [refund?.donation.merchantAccountId, orderRefund?.order.checkout.merchantAccountId].every((m) => m === undefined || m === accountId);
  }
  const ids = [event.donationId, event.sessionId].filter((x): x is string => Boolean(x));
  if (!ids.length) return true;
  const [donations, checkouts] = await Promise.all([
    prisma.donation.findMany({ where: { OR: [{ id: { in: ids } }, { providerSessionId: { in: ids } }] }, select: { merchantAccountId: true } }),
    prisma.shopCheckout.findMany({ where: { OR: [{ id: { in: ids } }, { providerSessionId: { in: ids } }] }, select: { merchantAccountId: true } }),
  ]);
  return [...donations, ...checkouts].every((r) => r.merchantAccountId === accountId);
}

type Reply = (status: number, outcome: MerchantWebhookOutcome, message: string, result?: string) => MerchantWebhookReply;

/**
 * The steps every merchant-account endpoint takes, in order: build the account's adapter (404 for
 * no such account or another provider's, 503 when its credentials cannot be used), verify and
 * translate the raw body (400 for a bad signature, nothing written), refuse an event about another
 * account's record (acknowledged, not applied), then apply it. One-time payments and recurring
 * agreements differ only in the adapter, the check and the service — and the reply's dialect.
 */
export async function runMerchantWebhook<E extends { eventId: string }>(
  provider: MerchantProvider,
  accountId: string,
  reply: Reply,
  steps: {
    build: () => Promise<{ account: { provider: string }; parse: (rawBody: string, headers: Headers) => E }>;
    belongs: (event: E) => Promise<boolean>;
    apply: (event: E) => Promise<string>;
    /** How the log line of an event refused as another account's names it and what it is about. */
    eventName: string;
    about: string;
  },
  rawBody: string,
  headers: Headers,
): Promise<MerchantWebhookReply> {
  let built;
  try {
    built = await steps.build();
  } catch (e) {
    if (isAppError(e) && e.status === 404) return reply(404, "unknown_account", "unknown merchant account");
    if (isAppError(e)) return reply(503, "unavailable", "merchant account unavailable");
    throw e;
  }
  if (built.account.provider !== provider) return reply(404, "unknown_account", "unknown merchant account");
  let event: E;
  try {
    event = built.parse(rawBody, headers);
  } catch (e) {
    if (e instanceof WebhookVerificationError) return reply(400, "invalid_signature", "invalid signature");
    if (e instanceof ProviderError) return reply(503, "unavailable", "merchant account unavailable");
    throw e;
  }
  if (!(await steps.belongs(event))) {
    // Authentic, but not ours to apply: acknowledged so the provider stops retrying; reconciliation
    // against the merchant's statement lists the payment.
    logger().warn(`[payments] ${provider} ${steps.eventName} ${event.eventId} for merchant account ${accountId} is about ${steps.about} of another account; not applied`);
    return reply(200, "other_account", "");
  }
  return reply(200, "applied", "", await steps.apply(event));
}

export async function handleMerchantWebhook(provider: MerchantProvider, accountId: string, rawBody: string, headers: Headers, origin: string): Promise<MerchantWebhookReply> {
  return runMerchantWebhook<ProviderEvent>(
    provider,
    accountId,
    (status, outcome, message, result) => reply(provider, status, outcome, message, result),
    {
      build: async () => {
        const built = await providerForAccount(accountId, { origin });
        return { account: built.account, parse: (raw, h) => built.provider.parseWebhook(raw, h) };
      },
      belongs: (event) => belongsToAccount(event, accountId),
      apply: (event) => applyProviderEvent(event),
      eventName: "event",
      about: "a payment",
    },
    rawBody,
    headers,
  );
}
