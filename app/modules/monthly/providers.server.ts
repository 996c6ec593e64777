/**
 * Which recurring adapter collects a gift, and which method a new gift gets. The one registry the
 * recurring adapters plug into: Stripe subscriptions (the platform's key), WeChat Pay 委托代扣 and
 * Alipay 周期扣款 (the host's merchant account, built from its decrypted credentials).
 */
import { getEnv } from "~/utils/env.server";
import { prisma, type Db } from "~/utils/db.server";
import { isAppError } from "~/utils/errors";
import type { MonthlyGiftMethod, PaymentProviderName } from "~/generated/prisma/enums";
import type { RecurringProvider } from "~/modules/payments/recurring";
import { createStripeRecurringProvider } from "~/modules/payments/stripe-recurring.server";
import { recurringConfigured, recurringProviderForAccount } from "~/modules/payments/merchant-recurring.server";

type GiftRef = { method: MonthlyGiftMethod; merchantAccountId?: string | null };

/** Where the adapter's notifications go when APP_URL is not set (the request's origin). */
export type AdapterOptions = { origin?: string };

type AdapterFactory = (merchantAccountId: string | null, opts: AdapterOptions) => Promise<RecurringProvider | null>;

/** A merchant account's recurring adapter, or null when the account is gone or cannot deduct (no secret is ever in the reason). */
async function merchantAdapter(merchantAccountId: string | null, provider: "WECHAT_PAY" | "ALIPAY", opts: AdapterOptions): Promise<RecurringProvider | null> {
  if (!merchantAccountId) return null;
  try {
    const built = await recurringProviderForAccount(merchantAccountId, opts);
    return built.account.provider === provider ? built.provider : null;
  } catch (e) {
    if (isAppError(e)) return null;
    throw e;
  }
}

/** The platform's Stripe adapter (provider-scheduled), when a Stripe key is configured. */
export function stripeRecurringProvider(): RecurringProvider | null {
  return getEnv().STRIPE_SECRET_KEY ? createStripeRecurringProvider() : null;
}

/** Adapter factories by method. */
const RECURRING_ADAPTERS: Partial<Record<MonthlyGiftMethod, AdapterFactory>> = {
  STRIPE_SUBSCRIPTION: async () => stripeRecurringProvider(),
  WECHAT_CONTRACT: (accountId, opts) => merchantAdapter(accountId, "WECHAT_PAY", opts),
  ALIPAY_AGREEMENT: (accountId, opts) => merchantAdapter(accountId, "ALIPAY", opts),
};

/** The recurring adapter for a gift, or null (REMINDER, or its adapter cannot be built). */
export async function recurringProviderFor(gift: GiftRef, opts: AdapterOptions = {}): Promise<RecurringProvider | null> {
  const make = RECURRING_ADAPTERS[gift.method];
  return make ? make(gift.merchantAccountId ?? null, opts) : null;
}

export const METHOD_PROVIDER: Record<MonthlyGiftMethod, PaymentProviderName | null> = {
  STRIPE_SUBSCRIPTION: "STRIPE",
  WECHAT_CONTRACT: "WECHAT_PAY",
  ALIPAY_AGREEMENT: "ALIPAY",
  REMINDER: null,
};

/**
 * The method for a new gift to an organization: Stripe subscriptions when the platform has a Stripe
 * key; else a WeChat Pay / Alipay agreement when the host has that merchant account enabled and its
 * stored configuration has what deduction needs (and the adapter builds); else a monthly reminder
 * with a pay link.
 */
export async function methodForOrg(orgId: string, db: Db = prisma, opts: AdapterOptions = {}): Promise<{ method: MonthlyGiftMethod; merchantAccountId: string | null }> {
  if (stripeRecurringProvider()) return { method: "STRIPE_SUBSCRIPTION", merchantAccountId: null };
  for (const [method, provider] of [["WECHAT_CONTRACT", "WECHAT_PAY"], ["ALIPAY_AGREEMENT", "ALIPAY"]] as const) {
    const accounts = await db.merchantAccount.findMany({ where: { orgId, provider, enabled: true }, select: { id: true, publicConfig: true }, orderBy: { createdAt: "asc" } });
    for (const account of accounts) {
      if (!recurringConfigured(provider, account.publicConfig)) continue;
      if (await recurringProviderFor({ method, merchantAccountId: account.id }, opts)) return { method, merchantAccountId: account.id };
    }
  }
  return { method: "REMINDER", merchantAccountId: null };
}

/** Provider-scheduled methods (the provider charges on its own) vs platform-scheduled (our job calls `charge`). */
export function scheduleOf(gift: GiftRef): "provider" | "platform" | "reminder" {
  if (gift.method === "REMINDER") return "reminder";
  return gift.method === "STRIPE_SUBSCRIPTION" ? "provider" : "platform";
}
