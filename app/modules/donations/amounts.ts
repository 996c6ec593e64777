/**
 * Donation amounts and providers without Zod, so the donate form (a client component) can use them
 * without bringing the schema library into the browser. schema.ts re-exports them.
 */
export const MIN_DONATION_FEN = 100n;
/** Stripe's upper bound for a CNY charge (999,999.99 yuan). */
export const MAX_DONATION_FEN = 99_999_999n;
export const PRESET_YUAN = [20, 50, 100, 200, 500] as const;

/** "50", "50.5", "50.05" yuan → integer fen, without floating point. */
export function yuanToFen(input: string): bigint | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(input.trim().replace(/,/g, ""));
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

/** The providers a donor may pick on the donate form; which of them a host offers is checked by the service. */
export const DONATE_PROVIDERS = ["WECHAT_PAY", "ALIPAY", "STRIPE"] as const;
export type DonateProvider = (typeof DONATE_PROVIDERS)[number];
