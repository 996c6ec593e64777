import { z } from "zod";

/**
 * Server configuration, parsed once at start-up. Every variable is documented in README.md.
 * Secrets have development defaults so `npm start` works on a fresh clone; in production
 * they are required.
 */
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().min(1),
    /**
     * Optional read replica (streaming standby or logical subscriber of DATABASE_URL): statistics,
     * exports and search counts read from it; everything else uses DATABASE_URL (README, "Read replica").
     */
    DATABASE_REPLICA_URL: z
      .string()
      .optional()
      .transform((v) => v || undefined),
    SESSION_SECRET: z.string().min(16).optional(),
    /** Key for the HMAC of resident ID numbers (de-duplication without storing the number). */
    ID_HASH_KEY: z.string().min(16).optional(),
    /**
     * AES-256-GCM key (32 bytes, base64/base64url or 64 hex characters) for the ID numbers volunteers
     * consent to report to the national volunteer-system (see modules/accounts/id-cipher.server.ts).
     * Generated into secrets.json with the embedded database; required in production.
     */
    ID_ENCRYPTION_KEY: z
      .string()
      .optional()
      .refine((v) => !v || isMerchantKeyText(v), { message: "must be 32 bytes, base64 or 64 hex characters" }),
    /** The key generation written into new ID ciphertexts (`v<n>:…`, 1-255); raise it when the key is rotated. */
    ID_ENCRYPTION_KEY_VERSION: z.coerce.number().int().min(1).max(255).default(1),
    /** Earlier ID keys still needed to read older ciphertexts during a rotation: `version:key,version:key` (then `npm run ids:rekey`). */
    ID_ENCRYPTION_PREVIOUS_KEYS: previousKeysText(),
    APP_URL: z.string().url().optional(),
    MEILI_HOST: z.string().url().optional(),
    /**
     * Object storage (S3-compatible: AWS S3, MinIO, Aliyun OSS, Tencent COS). Without S3_BUCKET uploads
     * stay in the database. S3_PUBLIC_ENDPOINT is the address browsers use for signed links when it
     * differs from the one the app reaches (e.g. http://minio:9000 inside compose).
     */
    S3_BUCKET: z.string().min(1).optional(),
    S3_ENDPOINT: z.string().url().optional(),
    S3_PUBLIC_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: z
      .enum(["true", "false", "1", "0"])
      .optional()
      .transform((v) => v === "true" || v === "1"),
    /** Lifetime of a signed link to a private file, in seconds. */
    S3_SIGNED_URL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    MEILI_API_KEY: z.string().optional(),
    STRIPE_SECRET_KEY: z.string().optional(),
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
    STRIPE_API_BASE: z.string().url().optional(),
    /** How long one Stripe API call may take before the SDK gives up (a refund then stays pending). */
    STRIPE_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
    /**
     * Paired purchasing: the share of a budget unit's yearly canteen food budget it must pledge to
     * produce of aided areas, in basis points (1000 = 10%, the national floor; some cities ask 15%).
     */
    CANTEEN_SHARE_BP: z.coerce.number().int().min(1000).max(10_000).default(1000),
    /**
     * AES-256-GCM key (32 bytes, base64/base64url or 64 hex characters) that encrypts the secret part
     * of organizations' merchant credentials (WeChat Pay, Alipay). Generated into secrets.json with the
     * embedded database; without it credentials can be neither saved nor used, and in production the
     * server refuses to start once any merchant account exists (see merchant-accounts.server.ts).
     */
    MERCHANT_SECRETS_KEY: z
      .string()
      .optional()
      .refine((v) => !v || isMerchantKeyText(v), { message: "must be 32 bytes, base64 or 64 hex characters" }),
    /** The version byte written with new ciphertexts (1-255); raise it when the key is rotated. */
    MERCHANT_SECRETS_KEY_VERSION: z.coerce.number().int().min(1).max(255).default(1),
    /** Earlier keys still needed to read older ciphertexts during a rotation: `version:key,version:key`. */
    MERCHANT_SECRETS_PREVIOUS_KEYS: previousKeysText(),
    /** WeChat Pay's API host (api.mch.weixin.qq.com by default); the tests point it at a local fake. */
    WECHATPAY_API_BASE: z.string().url().optional(),
    /** Alipay's OpenAPI v2 gateway (openapi.alipay.com by default; the sandbox or a local fake otherwise). */
    ALIPAY_GATEWAY: z.string().url().optional(),
    // privacy: retention (issue 15.6) — how long personal data is kept once it has served its purpose,
    // in days; enforced by `npm run jobs:retention` (app/modules/privacy/retention.server.ts).
    /** Closed, referred or converted help requests: contact, medical and child details erased after this. */
    RETENTION_HELP_REQUEST_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
    /** Delivered or cancelled shop orders: recipient name, phone and address erased after this. */
    RETENTION_DELIVERY_ADDRESS_DAYS: z.coerce.number().int().min(1).max(36_500).default(180),
    /** Private verification documents of decided qualification requests and rejected registrations. */
    RETENTION_VERIFICATION_DOCUMENT_DAYS: z.coerce.number().int().min(1).max(36_500).default(1095),
    // end privacy: retention
    // messages: delivery (issue 16.2) — app/modules/messages/, README "Messages".
    /** SMTP server for e-mail, e.g. smtp://user:pass@host:587 (smtps:// for TLS on 465). Unset in development: the local catcher. */
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
    /** The From address of e-mail, e.g. "善联 <noreply@example.cn>"; required with SMTP_URL. */
    MAIL_FROM: z.string().min(3).optional(),
    SMS_PROVIDER: z.enum(["aliyun", "tencent"]).optional(),
    SMS_ACCESS_KEY_ID: z.string().optional(),
    SMS_ACCESS_KEY_SECRET: z.string().optional(),
    SMS_SIGN_NAME: z.string().optional(),
    /** JSON object kind → provider template code, e.g. {"volunteering.reminder":"SMS_123"}. */
    SMS_TEMPLATES: z
      .string()
      .optional()
      .refine((v) => {
        if (!v) return true;
        try {
          const o: unknown = JSON.parse(v);
          return !!o && typeof o === "object" && Object.values(o).every((x) => typeof x === "string");
        } catch {
          return false;
        }
      }, "must be a JSON object of kind → template code"),
    SMS_ENDPOINT: z.string().url().optional(),
    SMS_REGION: z.string().optional(),
    /** Tencent Cloud only: the SMS application id. */
    SMS_SDK_APP_ID: z.string().optional(),
    // end messages: delivery
    /**
     * Demo mode: a local install showing demo data. `npm start` turns it on with the embedded
     * database or SEED_DEMO=1 (scripts/lib/bootstrap.ts); off otherwise. With no payment provider
     * configured it lets the local test checkout run even when NODE_ENV=production.
     */
    DEMO_MODE: z
      .enum(["", "0", "1", "false", "true"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production") {
      for (const key of ["SESSION_SECRET", "ID_HASH_KEY", "ID_ENCRYPTION_KEY"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required in production` });
      }
    }
  });

/** 64 hex characters, or base64/base64url text of exactly 32 bytes. */
export function decodeMerchantKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t)) return null;
  const bytes = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === 32 ? bytes : null;
}

function isMerchantKeyText(text: string) {
  return decodeMerchantKey(text) !== null;
}

/** `version:key,version:key` (earlier keys kept readable during a rotation), each key as decodeMerchantKey reads it. */
function previousKeysText() {
  return z
    .string()
    .optional()
    .refine((v) => !v || v.split(",").every((p) => /^\d{1,3}:/.test(p.trim()) && isMerchantKeyText(p.trim().replace(/^\d{1,3}:/, ""))), {
      message: "must be version:key pairs separated by commas",
    });
}

/**
 * A rotatable AES key: the current key and the generation it writes, and the earlier generations'
 * keys still read. Merchant credentials (payments/merchant-secrets.server.ts) and consented ID
 * numbers (accounts/id-cipher.server.ts) each keep one.
 */
export type Keyring = { version: number; key: Buffer; previous: Map<number, Buffer> };

/** The keyring from a key, its generation and the `version:key,…` list of earlier ones; null without a valid key. */
export function keyringFrom(keyText: string | undefined, version: number | undefined, previousText: string | undefined): Keyring | null {
  const key = keyText ? decodeMerchantKey(keyText) : null;
  if (!key) return null;
  const previous = new Map<number, Buffer>();
  for (const pair of (previousText ?? "").split(",")) {
    const m = /^(\d{1,3}):(.+)$/.exec(pair.trim());
    const old = m ? decodeMerchantKey(m[2]!) : null;
    if (m && old) previous.set(Number(m[1]), old);
  }
  return { version: version ?? 1, key, previous };
}

export type ServerEnv = z.infer<typeof schema> & { SESSION_SECRET: string; ID_HASH_KEY: string };

let cached: ServerEnv | undefined;

// Development-only fallbacks: stable across restarts so sessions and ID hashes stay valid.
const DEV_SESSION_SECRET = "shanlian-dev-session-secret-not-for-production";
const DEV_ID_HASH_KEY = "shanlian-dev-id-hash-key-not-for-production";

export function getEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${lines}`);
  }
  cached = {
    ...parsed.data,
    SESSION_SECRET: parsed.data.SESSION_SECRET ?? DEV_SESSION_SECRET,
    ID_HASH_KEY: parsed.data.ID_HASH_KEY ?? DEV_ID_HASH_KEY,
  };
  return cached;
}

export const isProduction = () => getEnv().NODE_ENV === "production";

/**
 * How donations are paid: `stripe` with a key; the keyless local `test` checkout outside
 * production or in demo mode; `none` in production with no provider (the donate form is then
 * replaced by a notice, and the service answers 503).
 */
export type PaymentMode = "stripe" | "test" | "none";

export function paymentMode(): PaymentMode {
  const env = getEnv();
  if (env.STRIPE_SECRET_KEY) return "stripe";
  if (env.NODE_ENV !== "production" || env.DEMO_MODE) return "test";
  return "none";
}

/** The explicit whitelist of configuration the browser may see. */
export function getPublicEnv() {
  const env = getEnv();
  const payments = paymentMode();
  return { MODE: env.NODE_ENV, DEMO_MODE: env.DEMO_MODE, PAYMENTS: payments, STRIPE_TEST_CHECKOUT: payments === "test" };
}
