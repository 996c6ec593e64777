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
    SESSION_SECRET: z.string().min(16).optional(),
    /** Key for the HMAC of resident ID numbers (de-duplication without storing the number). */
    ID_HASH_KEY: z.string().min(16).optional(),
    APP_URL: z.string().url().optional(),
    MEILI_HOST: z.string().url().optional(),
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
      for (const key of ["SESSION_SECRET", "ID_HASH_KEY"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required in production` });
      }
    }
  });

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
