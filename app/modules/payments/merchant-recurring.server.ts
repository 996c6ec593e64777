/**
 * The recurring-deduction adapter (WeChat Pay 委托代扣, Alipay 周期扣款) of a merchant account, built
 * from its decrypted credentials exactly as providerForAccount builds the one-time adapter.
 * Notifications go to APP_URL (else `origin`) + /api/webhooks/<wechatpay|alipay>-recurring/<accountId>.
 *
 * Besides what the one-time adapters need, recurring deduction needs:
 * - WeChat Pay: the API v2 key (secret JSON `apiV2Key`, papay is an API v2 product) and the
 *   deduction template id (public JSON `planId`);
 * - Alipay: the 周期扣款 sign scene agreed with Alipay (public JSON `signScene`).
 * Without them the account cannot collect monthly gifts: AppError("merchants.errors.unusable", 503).
 * Errors name no secret.
 */
import { getEnv } from "~/utils/env.server";
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createAlipayRecurringProvider, type AlipayRecurringProvider } from "./alipay/recurring.server";
import { decryptedAccount, wechatVerificationOf, type AlipayPublicConfig, type AlipaySecret, type WechatPublicConfig, type WechatSecret } from "./merchant-accounts.server";
import type { MerchantProvider } from "./merchant-types";
import { ProviderError } from "./provider";
import { createWechatRecurringProvider, type WechatRecurringProvider } from "./wechatpay/recurring.server";

/** Stored alongside the one-time credentials when the merchant has recurring deduction. */
export type WechatRecurringPublicConfig = WechatPublicConfig & { planId?: string };
export type WechatRecurringSecret = WechatSecret & { apiV2Key?: string };
export type AlipayRecurringPublicConfig = AlipayPublicConfig & { signScene?: string };

export type AccountRecurringProvider =
  | { account: { id: string; orgId: string | null; provider: "WECHAT_PAY"; enabled: boolean }; provider: WechatRecurringProvider }
  | { account: { id: string; orgId: string | null; provider: "ALIPAY"; enabled: boolean }; provider: AlipayRecurringProvider };

/** Where the provider posts this account's recurring notifications (sign, terminate, deduction results). */
export function recurringNotifyUrlFor(provider: MerchantProvider, accountId: string, origin?: string) {
  const base = (getEnv().APP_URL ?? origin)?.replace(/\/+$/, "");
  if (!base) throw new AppError("merchants.errors.appUrlMissing", 503);
  return `${base}/api/webhooks/${provider === "WECHAT_PAY" ? "wechatpay" : "alipay"}-recurring/${encodeURIComponent(accountId)}`;
}

/** Whether an account's stored configuration has what recurring deduction needs (no decryption: public part only). */
export function recurringConfigured(provider: MerchantProvider, publicConfig: unknown): boolean {
  const pc = (publicConfig ?? {}) as Partial<WechatRecurringPublicConfig & AlipayRecurringPublicConfig>;
  return provider === "WECHAT_PAY" ? typeof pc.planId === "string" && pc.planId !== "" : typeof pc.signScene === "string" && pc.signScene !== "";
}

export async function recurringProviderForAccount(accountId: string, opts: { origin?: string } = {}, db: Db = prisma): Promise<AccountRecurringProvider> {
  const { row, plaintext } = await decryptedAccount(accountId, db);
  const env = getEnv();
  const notifyUrl = recurringNotifyUrlFor(row.provider, row.id, opts.origin);
  const account = { id: row.id, orgId: row.orgId, enabled: row.enabled };
  try {
    if (row.provider === "WECHAT_PAY") {
      const pc = row.publicConfig as WechatRecurringPublicConfig;
      const secret = JSON.parse(plaintext) as WechatRecurringSecret;
      if (!pc.planId || !secret.apiV2Key) throw new AppError("merchants.errors.unusable", 503);
      const provider = createWechatRecurringProvider({
        appId: pc.appId,
        mchId: pc.mchId,
        merchantSerialNo: pc.merchantSerialNo,
        merchantPrivateKey: secret.merchantPrivateKey,
        apiV3Key: secret.apiV3Key,
        apiV2Key: secret.apiV2Key,
        planId: String(pc.planId),
        verification: wechatVerificationOf(pc),
        notifyUrl,
        ...(env.WECHATPAY_API_BASE ? { baseURL: env.WECHATPAY_API_BASE.replace(/\/?$/, "/") } : {}),
      });
      return { account: { ...account, provider: "WECHAT_PAY" }, provider };
    }
    const pc = row.publicConfig as AlipayRecurringPublicConfig;
    const secret = JSON.parse(plaintext) as AlipaySecret;
    if (!pc.signScene) throw new AppError("merchants.errors.unusable", 503);
    const provider = createAlipayRecurringProvider({
      appId: pc.appId,
      privateKey: secret.privateKey,
      alipayPublicKey: pc.alipayPublicKey,
      signScene: pc.signScene,
      notifyUrl,
      signType: "RSA2",
      ...(pc.sellerId ? { sellerId: pc.sellerId } : {}),
      ...(env.ALIPAY_GATEWAY ? { gateway: env.ALIPAY_GATEWAY } : {}),
    });
    return { account: { ...account, provider: "ALIPAY" }, provider };
  } catch (e) {
    // The adapters' messages never quote a key; the user-facing error carries none of them either.
    if (e instanceof ProviderError || e instanceof SyntaxError) throw new AppError("merchants.errors.unusable", 503);
    throw e;
  }
}
