/**
 * The recurring-notification endpoints of merchant accounts (/api/webhooks/wechatpay-recurring/<id>,
 * /api/webhooks/alipay-recurring/<id>): build the account's recurring adapter, verify and translate
 * the raw body (WeChat Pay: v2 XML signed with the API v2 key; Alipay: form-encoded, RSA2), check
 * the gift belongs to this account, then hand the event to the monthly service's applyRecurringEvent
 * — the same function Stripe's subscription events go through — which records it at most once.
 * A refused signature answers 400 and writes nothing.
 *
 * Answers in each provider's dialect: WeChat Pay wants WECHAT_PAPAY_ACK (XML SUCCESS) and retries on
 * anything else; Alipay wants ALIPAY_NOTIFY_ACK (`success`), else (`fail`) it retries.
 */
import { applyRecurringEvent } from "~/modules/monthly/charges.server";
import { prisma } from "~/utils/db.server";
import { ALIPAY_NOTIFY_ACK } from "./alipay/alipay.server";
import { recurringConfigured, recurringProviderForAccount } from "./merchant-recurring.server";
import type { MerchantProvider } from "./merchant-types";
import type { RecurringEvent } from "./recurring";
import { WECHAT_PAPAY_ACK } from "./wechatpay/recurring.server";
import { runMerchantWebhook, type MerchantWebhookOutcome, type MerchantWebhookReply } from "./merchant-webhook.server";

const xmlEscape = (s: string) => s.replace(/[<>&]/g, "");

function reply(provider: MerchantProvider, status: number, outcome: MerchantWebhookOutcome, message: string, result?: string): MerchantWebhookReply {
  if (provider === "ALIPAY") return { status, body: status === 200 ? ALIPAY_NOTIFY_ACK : "fail", contentType: "text/plain; charset=utf-8", outcome, result };
  const body = status === 200 ? WECHAT_PAPAY_ACK : `<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[${xmlEscape(message)}]]></return_msg></xml>`;
  return { status, body, contentType: "text/xml; charset=utf-8", outcome, result };
}

/** Is the event's gift (by id, else by agreement) collected through this account? Unknown gifts pass on (recorded as unknown). */
async function belongsToAccount(event: RecurringEvent, accountId: string): Promise<boolean> {
  if (event.kind === "ignored") return true;
  const where = event.giftId ? { id: event.giftId } : event.agreementId ? { providerAgreementId: event.agreementId } : null;
  const gift = where ? await prisma.monthlyGift.findUnique({ where, select: { merchantAccountId: true } }) : null;
  return !gift || gift.merchantAccountId === accountId;
}

export async function handleMerchantRecurringWebhook(provider: MerchantProvider, accountId: string, rawBody: string, headers: Headers, origin: string): Promise<MerchantWebhookReply> {
  // An account without recurring deduction has no recurring endpoint.
  const row = await prisma.merchantAccount.findUnique({ where: { id: accountId.slice(0, 64) }, select: { provider: true, publicConfig: true } });
  if (!row || row.provider !== provider || !recurringConfigured(provider, row.publicConfig)) return reply(provider, 404, "unknown_account", "unknown merchant account");
  return runMerchantWebhook<RecurringEvent>(
    provider,
    accountId,
    (status, outcome, message, result) => reply(provider, status, outcome, message, result),
    {
      build: async () => {
        const built = await recurringProviderForAccount(accountId, { origin });
        return { account: built.account, parse: (raw, h) => built.provider.parseRecurringWebhook(raw, h) };
      },
      belongs: (event) => belongsToAccount(event, accountId),
      apply: async (event) => (event.kind === "ignored" ? "ignored" : applyRecurringEvent(event)),
      eventName: "recurring event",
      about: "a gift",
    },
    rawBody,
    headers,
  );
}
