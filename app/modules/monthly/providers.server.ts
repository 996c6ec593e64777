/**
 * Which recurring adapter collects a gift, and which method a new gift gets. The one registry the
 * WeChat Pay / Alipay recurring adapters plug into: add them to RECURRING_ADAPTERS below.
 */
import { getEnv } from "~/utils/env.server";
import { prisma, type Db } from "~/utils/db.server";
import type { MonthlyGiftMethod, PaymentProviderName } from "~/generated/prisma/enums";
import type { RecurringProvider } from "~/modules/payments/recurring";
import { createStripeRecurringProvider } from "~/modules/payments/stripe-recurring.server";

type GiftRef = { method: MonthlyGiftMethod; merchantAccountId?: string | null };

/**
 * Adapter factories by method. Stripe uses the platform's key; the agreement methods get the
 * organization's merchant account id. The lead plugs the WeChat Pay 委托代扣 and Alipay 周期扣款
 * adapters in here, e.g. `WECHAT_CONTRACT: (accountId) => createWechatRecurringProvider(accountId)`.
 */
const RECURRING_ADAPTERS: Partial<Record<MonthlyGiftMethod, (merchantAccountId: string | null) => RecurringProvider | null>> = {
  STRIPE_SUBSCRIPTION: () => (getEnv().STRIPE_SECRET_KEY ? createStripeRecurringProvider() : null),
  // WECHAT_CONTRACT: (accountId) => …,   ← WeChat Pay recurring adapter (issue 14)
  // ALIPAY_AGREEMENT: (accountId) => …,  ← Alipay recurring adapter (issue 14)
};

/** The recurring adapter for a gift, or null (REMINDER, or no adapter registered for its method). */
export function recurringProviderFor(gift: GiftRef): RecurringProvider | null {
  const make = RECURRING_ADAPTERS[gift.method];
  return make ? make(gift.merchantAccountId ?? null) : null;
}

export const METHOD_PROVIDER: Record<MonthlyGiftMethod, PaymentProviderName | null> = {
  STRIPE_SUBSCRIPTION: "STRIPE",
  WECHAT_CONTRACT: "WECHAT_PAY",
  ALIPAY_AGREEMENT: "ALIPAY",
  REMINDER: null,
};

/**
 * The method for a new gift to an organization: Stripe subscriptions when the platform has a Stripe
 * key; else a WeChat Pay / Alipay agreement when the host has that merchant account and an adapter
 * is registered; else a monthly reminder with a pay link.
 */
export async function methodForOrg(orgId: string, db: Db = prisma): Promise<{ method: MonthlyGiftMethod; merchantAccountId: string | null }> {
  if (getEnv().STRIPE_SECRET_KEY && recurringProviderFor({ method: "STRIPE_SUBSCRIPTION" })) return { method: "STRIPE_SUBSCRIPTION", merchantAccountId: null };
  for (const [method, provider] of [["WECHAT_CONTRACT", "WECHAT_PAY"], ["ALIPAY_AGREEMENT", "ALIPAY"]] as const) {
    if (!RECURRING_ADAPTERS[method]) continue;
    const account = await db.merchantAccount.findFirst({ where: { orgId, provider, enabled: true }, select: { id: true } });
    if (account && recurringProviderFor({ method, merchantAccountId: account.id })) return { method, merchantAccountId: account.id };
  }
  return { method: "REMINDER", merchantAccountId: null };
}

/** Provider-scheduled methods (the provider charges on its own) vs platform-scheduled (our job calls `charge`). */
export function scheduleOf(gift: GiftRef): "provider" | "platform" | "reminder" {
  if (gift.method === "REMINDER") return "reminder";
  return recurringProviderFor(gift)?.schedule ?? (gift.method === "STRIPE_SUBSCRIPTION" ? "provider" : "platform");
}
