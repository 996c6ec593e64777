/**
 * Merchant accounts: each host organization's own WeChat Pay / Alipay credentials (orgId null: the
 * platform's own account, used by the shop). The public part (ids, public keys, certificates) is
 * stored as JSON; the secret part (private keys, API v3 key) encrypted (merchant-secrets.server.ts)
 * and decrypted only in providerForAccount, straight into the adapter's factory. Audit rows, pages
 * and errors carry the provider, label and the last four characters, never a secret.
 */
import { recordAudit } from "~/modules/audit/audit.server";
import { getEnv } from "~/utils/env.server";
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createAlipayProvider, type AlipayProvider } from "./alipay/alipay.server";
import type { AlipayCredentials, StoredCertificate, WechatPayCredentials } from "./merchant-schema.server";
import { decryptMerchantSecret, encryptMerchantSecret, merchantKeyring, merchantKeyringFrom, secretContext, secretHint, MerchantSecretError, type MerchantKeyring } from "./merchant-secrets.server";
import type { MerchantAccountView, MerchantProvider } from "./merchant-types";
import { ProviderError, type ProviderName } from "./provider";
import { createWechatPayProvider, type WechatPayProvider } from "./wechatpay/wechatpay.server";
import type { WechatVerification } from "./wechatpay/notification.server";

export type WechatPublicConfig = {
  appId: string;
  mchId: string;
  merchantSerialNo: string;
  verification: { mode: "publicKey"; publicKeyId: string; publicKey: string } | { mode: "platformCertificate"; certificates: StoredCertificate[] };
};
export type WechatSecret = { merchantPrivateKey: string; apiV3Key: string };
export type AlipayPublicConfig = { appId: string; alipayPublicKey: string; sellerId?: string };
export type AlipaySecret = { privateKey: string };

export type MerchantCredentials = { provider: "WECHAT_PAY"; input: WechatPayCredentials } | { provider: "ALIPAY"; input: AlipayCredentials };

/** Who owns the account: an organization, or the platform itself (orgId null). */
export type MerchantOwner = { orgId: string | null };

function split(c: MerchantCredentials): { publicConfig: WechatPublicConfig | AlipayPublicConfig; secret: WechatSecret | AlipaySecret; hint: string; label: string | null } {
  if (c.provider === "WECHAT_PAY") {
    const v = c.input;
    return {
      // Recurring deduction: the template id is public, the API v2 key secret (only its hint is public).
      publicConfig: { appId: v.appId, mchId: v.mchId, merchantSerialNo: v.merchantSerialNo, verification: v.verification, ...(v.apiV2Key && v.planId ? { planId: v.planId, apiV2KeyHint: secretHint(v.apiV2Key) } : {}) },
      secret: { merchantPrivateKey: v.merchantPrivateKey, apiV3Key: v.apiV3Key, ...(v.apiV2Key && v.planId ? { apiV2Key: v.apiV2Key } : {}) },
      hint: secretHint(v.apiV3Key),
      label: v.label ?? null,
    };
  }
  const v = c.input;
  return {
    publicConfig: { appId: v.appId, alipayPublicKey: v.alipayPublicKey.pem, ...(v.sellerId ? { sellerId: v.sellerId } : {}), ...(v.signScene ? { signScene: v.signScene } : {}) },
    secret: { privateKey: v.privateKey.pem },
    hint: secretHint(v.privateKey.material),
    label: v.label ?? null,
  };
}

/** The identifiers an audit row may carry: public ids, label, the hint. */
function auditSummary(a: { provider: string; label: string | null; secretHint: string; keyVersion: number; enabled: boolean; publicConfig: unknown }) {
  const pc = (a.publicConfig ?? {}) as Partial<WechatPublicConfig & AlipayPublicConfig>;
  return { provider: a.provider, label: a.label, secretHint: a.secretHint, keyVersion: a.keyVersion, enabled: a.enabled, appId: pc.appId ?? null, mchId: pc.mchId ?? null };
}

const accountSelect = { id: true, orgId: true, provider: true, label: true, publicConfig: true, secretHint: true, keyVersion: true, enabled: true, updatedAt: true } as const;

/**
 * Saves the owner's account for a provider, replacing the credentials of an existing one (and
 * enabling it). Refused (503) without MERCHANT_SECRETS_KEY. Audited without secrets.
 */
export async function saveMerchantAccount(owner: MerchantOwner, actorId: string, credentials: MerchantCredentials, db: Db = prisma) {
  const ring = merchantKeyring();
  const { publicConfig, secret, hint, label } = split(credentials);
  const { ciphertext, keyVersion } = encryptMerchantSecret(JSON.stringify(secret), ring, secretContext(credentials.provider, owner.orgId));
  return inTransaction(db, async (tx) => {
    // (orgId, provider) is unique, but NULLs are distinct for PostgreSQL: serialise the platform's too.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`merchant-account:${owner.orgId ?? "platform"}:${credentials.provider}`}))`;
    const existing = await tx.merchantAccount.findFirst({ where: { orgId: owner.orgId, provider: credentials.provider }, select: accountSelect });
    const data = { label, publicConfig, secretCiphertext: ciphertext, secretHint: hint, keyVersion, enabled: true };
    const saved = existing
      ? await tx.merchantAccount.update({ where: { id: existing.id }, data, select: accountSelect })
      : await tx.merchantAccount.create({ data: { ...data, orgId: owner.orgId, provider: credentials.provider, createdById: actorId }, select: accountSelect });
    await recordAudit(
      {
        actorId,
        action: existing ? "merchant_account.replaced" : "merchant_account.created",
        entityType: "MerchantAccount",
        entityId: saved.id,
        orgId: owner.orgId,
        before: existing ? auditSummary(existing) : undefined,
        after: auditSummary(saved),
      },
      tx,
    );
    return saved;
  });
}

/** Stops (or resumes) offering the account's provider for new payments; notifications keep arriving. */
export async function setMerchantAccountEnabled(owner: MerchantOwner, actorId: string, accountId: string, enabled: boolean, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const account = await tx.merchantAccount.findFirst({ where: { id: accountId, orgId: owner.orgId }, select: accountSelect });
    if (!account) throw new AppError("merchants.errors.notFound", 404);
    if (account.enabled === enabled) return account;
    const saved = await tx.merchantAccount.update({ where: { id: account.id }, data: { enabled }, select: accountSelect });
    await recordAudit(
      { actorId, action: enabled ? "merchant_account.enabled" : "merchant_account.disabled", entityType: "MerchantAccount", entityId: account.id, orgId: owner.orgId, before: auditSummary(account), after: auditSummary(saved) },
      tx,
    );
    return saved;
  });
}

function toView(a: { id: string; provider: ProviderName; label: string | null; enabled: boolean; secretHint: string; updatedAt: Date; publicConfig: unknown }): MerchantAccountView {
  const pc = (a.publicConfig ?? {}) as Partial<WechatPublicConfig & AlipayPublicConfig & { planId: string; apiV2KeyHint: string; signScene: string }>;
  const v = pc.verification;
  return {
    id: a.id,
    provider: a.provider as MerchantProvider,
    label: a.label,
    enabled: a.enabled,
    secretHint: a.secretHint,
    updatedAt: a.updatedAt.toISOString(),
    appId: pc.appId ?? "",
    mchId: pc.mchId ?? null,
    merchantSerialNo: pc.merchantSerialNo ?? null,
    sellerId: pc.sellerId ?? null,
    verificationMode: v?.mode ?? null,
    publicKeyId: v?.mode === "publicKey" ? v.publicKeyId : null,
    certificates: v?.mode === "platformCertificate" ? v.certificates.map((c) => ({ serial: c.serial, validTo: c.validTo })) : [],
    planId: pc.planId ?? null,
    apiV2KeyHint: pc.planId ? (pc.apiV2KeyHint ?? null) : null,
    signScene: pc.signScene ?? null,
    recurringNotifyUrl: null,
  };
}

/** The owner's accounts as pages may show them: public identifiers and the hint, never a secret. */
export async function listMerchantAccounts(owner: MerchantOwner, db: Db = prisma): Promise<MerchantAccountView[]> {
  const rows = await db.merchantAccount.findMany({
    where: { orgId: owner.orgId, provider: { in: ["WECHAT_PAY", "ALIPAY"] } },
    select: { id: true, provider: true, label: true, enabled: true, secretHint: true, updatedAt: true, publicConfig: true },
    orderBy: [{ provider: "asc" }, { id: "asc" }],
  });
  return rows.map(toView);
}

/** Whether the local test checkout may stand in for a provider (outside production, or in demo mode). */
export function testCheckoutStandsIn() {
  const env = getEnv();
  return env.NODE_ENV !== "production" || env.DEMO_MODE;
}

/**
 * A provider a campaign or fund of this host can offer: through the host's own merchant account,
 * or the local test checkout standing in for it (never in production outside demo mode).
 */
export type OfferedProvider = { provider: ProviderName; merchantAccountId: string | null; testCheckout: boolean };

/**
 * Which providers the owner's campaigns and funds (orgId null: the platform's shop) can offer:
 * WeChat Pay and Alipay through its enabled accounts — or the test checkout standing in for each
 * where it has none — and Stripe as the platform configures it today (payments.server.ts).
 */
export async function providersForOrg(orgId: string | null, db: Db = prisma): Promise<OfferedProvider[]> {
  const keyReady = merchantKeyringFrom(getEnv()) !== null;
  const accounts = keyReady ? await db.merchantAccount.findMany({ where: { orgId, enabled: true, provider: { in: ["WECHAT_PAY", "ALIPAY"] } }, select: { id: true, provider: true } }) : [];
  const standIn = testCheckoutStandsIn();
  const out: OfferedProvider[] = [];
  for (const provider of ["WECHAT_PAY", "ALIPAY"] as const) {
    const account = accounts.find((a) => a.provider === provider);
    if (account) out.push({ provider, merchantAccountId: account.id, testCheckout: false });
    else if (standIn) out.push({ provider, merchantAccountId: null, testCheckout: true });
  }
  if (getEnv().STRIPE_SECRET_KEY) out.push({ provider: "STRIPE", merchantAccountId: null, testCheckout: false });
  else if (standIn) out.push({ provider: "STRIPE", merchantAccountId: null, testCheckout: true });
  return out;
}

/** Where the provider posts this account's notifications. */
export function notifyUrlFor(provider: MerchantProvider, accountId: string, origin?: string) {
  const base = (getEnv().APP_URL ?? origin)?.replace(/\/+$/, "");
  if (!base) throw new AppError("merchants.errors.appUrlMissing", 503);
  return `${base}/api/webhooks/${provider === "WECHAT_PAY" ? "wechatpay" : "alipay"}/${encodeURIComponent(accountId)}`;
}

export type AccountProvider =
  | { account: { id: string; orgId: string | null; provider: "WECHAT_PAY"; enabled: boolean }; provider: WechatPayProvider }
  | { account: { id: string; orgId: string | null; provider: "ALIPAY"; enabled: boolean }; provider: AlipayProvider };

/**
 * An account's row and its decrypted secret JSON (plaintext), for an adapter factory only: 404 for no
 * such WeChat Pay / Alipay account, 503 when the key is missing or the ciphertext cannot be read.
 */
export async function decryptedAccount(accountId: string, db: Db = prisma) {
  const row = await db.merchantAccount.findUnique({
    where: { id: accountId },
    select: { id: true, orgId: true, provider: true, enabled: true, publicConfig: true, secretCiphertext: true },
  });
  if (!row || (row.provider !== "WECHAT_PAY" && row.provider !== "ALIPAY")) throw new AppError("merchants.errors.notFound", 404);
  const ring = merchantKeyring();
  let plaintext: string;
  try {
    plaintext = decryptMerchantSecret(row.secretCiphertext, ring, secretContext(row.provider, row.orgId));
  } catch (e) {
    if (e instanceof MerchantSecretError) throw new AppError("merchants.errors.unreadable", 503);
    throw e;
  }
  return { row: { ...row, provider: row.provider as MerchantProvider }, plaintext };
}

/** The WeChat Pay verification the adapters take, from the stored public config. */
export function wechatVerificationOf(pc: WechatPublicConfig): WechatVerification {
  return pc.verification.mode === "publicKey" ? pc.verification : { mode: "platformCertificate", certificates: pc.verification.certificates.map((c) => ({ serial: c.serial, pem: c.pem })) };
}

/**
 * The adapter for an account, built from its decrypted credentials; notifications go to
 * APP_URL (else `origin`, the request's) + /api/webhooks/<provider>/<accountId>. Errors: 404 for
 * no such account; 503 when the key is missing or the credentials cannot be read or used — the
 * messages name no secret.
 */
export async function providerForAccount(accountId: string, opts: { origin?: string } = {}, db: Db = prisma): Promise<AccountProvider> {
  const { row, plaintext } = await decryptedAccount(accountId, db);
  const env = getEnv();
  const notifyUrl = notifyUrlFor(row.provider, row.id, opts.origin);
  try {
    if (row.provider === "WECHAT_PAY") {
      const pc = row.publicConfig as WechatPublicConfig;
      const secret = JSON.parse(plaintext) as WechatSecret;
      const verification = wechatVerificationOf(pc);
      const provider = createWechatPayProvider({
        appId: pc.appId,
        mchId: pc.mchId,
        merchantSerialNo: pc.merchantSerialNo,
        merchantPrivateKey: secret.merchantPrivateKey,
        apiV3Key: secret.apiV3Key,
        verification,
        notifyUrl,
        ...(env.WECHATPAY_API_BASE ? { baseURL: env.WECHATPAY_API_BASE.replace(/\/?$/, "/") } : {}),
      });
      return { account: { id: row.id, orgId: row.orgId, provider: "WECHAT_PAY", enabled: row.enabled }, provider };
    }
    const pc = row.publicConfig as AlipayPublicConfig;
    const secret = JSON.parse(plaintext) as AlipaySecret;
    const provider = createAlipayProvider({
      appId: pc.appId,
      privateKey: secret.privateKey,
      alipayPublicKey: pc.alipayPublicKey,
      notifyUrl,
      signType: "RSA2",
      ...(pc.sellerId ? { sellerId: pc.sellerId } : {}),
      ...(env.ALIPAY_GATEWAY ? { gateway: env.ALIPAY_GATEWAY } : {}),
    });
    return { account: { id: row.id, orgId: row.orgId, provider: "ALIPAY", enabled: row.enabled }, provider };
  } catch (e) {
    // The adapters' messages never quote a key; the user-facing error carries none of them either.
    if (e instanceof ProviderError || e instanceof SyntaxError) throw new AppError("merchants.errors.unusable", 503);
    throw e;
  }
}

/**
 * Production start-up check: once any merchant account holds encrypted credentials, the server
 * needs MERCHANT_SECRETS_KEY (and the keys of every version those credentials were written with).
 */
export async function assertMerchantKeyConfigured(db: Db = prisma): Promise<void> {
  const env = getEnv();
  if (env.NODE_ENV !== "production") return;
  const versions = await db.merchantAccount.groupBy({ by: ["keyVersion"], _count: { _all: true } });
  const problem = merchantKeyProblem(merchantKeyringFrom(env), versions.map((v) => ({ keyVersion: v.keyVersion, count: v._count._all })));
  if (problem) throw new Error(problem);
}

/** What is wrong with the keyring for the stored accounts (count per key version), or null. */
export function merchantKeyProblem(ring: MerchantKeyring | null, versions: { keyVersion: number; count: number }[]): string | null {
  const count = versions.reduce((n, v) => n + v.count, 0);
  if (!count) return null;
  if (!ring) return `MERCHANT_SECRETS_KEY is required: ${count} merchant account(s) hold encrypted credentials`;
  const missing = versions.map((v) => v.keyVersion).filter((v) => v !== ring.version && !ring.previous.has(v));
  return missing.length ? `MERCHANT_SECRETS_PREVIOUS_KEYS lacks key version(s) ${missing.join(", ")} that merchant credentials were written with` : null;
}
