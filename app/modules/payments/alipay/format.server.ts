/**
 * Alipay's units at the edge: amounts are yuan strings with at most two decimals ("88.80"), times
 * are Beijing wall-clock strings ("2024-05-01 12:34:56") without a zone. We keep integer fen and
 * Date; the conversions here use no floating point.
 */

const YUAN = /^(0|[1-9]\d{0,15})(?:\.(\d{1,2}))?$/;

/** 8880n → "88.80". Alipay's total_amount / refund_amount always carry exactly two decimals from us. */
export function fenToYuanString(fen: bigint): string {
  if (typeof fen !== "bigint") throw new TypeError("amount must be integer fen (bigint)");
  if (fen < 0n) throw new RangeError("amount must not be negative");
  return `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;
}

/**
 * "88.8" / "88.80" / "88" → 8880n. Refuses anything else: more than two decimals, signs, exponents,
 * spaces, leading zeros, empty strings. Throws RangeError.
 */
export function yuanStringToFen(yuan: string): bigint {
  const m = typeof yuan === "string" ? YUAN.exec(yuan) : null;
  if (!m) throw new RangeError("not a yuan amount with at most two decimals");
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

/** Like yuanStringToFen, undefined instead of throwing (for fields of a provider message). */
export function tryYuanStringToFen(yuan: string | undefined | null): bigint | undefined {
  if (yuan == null) return undefined;
  try {
    return yuanStringToFen(yuan);
  } catch {
    return undefined;
  }
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // UTC+8 all year (no DST since 1991).
const ALIPAY_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/** "2024-05-01 12:34:56[.789]" in Asia/Shanghai → Date; undefined when it is not such a string. */
export function parseAlipayTime(text: string | undefined | null): Date | undefined {
  const m = text ? ALIPAY_TIME.exec(text) : null;
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? "").padEnd(3, "0"));
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms) - SHANGHAI_OFFSET_MS;
  const date = new Date(utc);
  // Date.UTC rolls 2024-02-30 over to March: refuse instead of guessing.
  const back = new Date(utc + SHANGHAI_OFFSET_MS);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi) return undefined;
  return date;
}

/** Date → "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai (time_expire and the like). */
export function formatAlipayTime(date: Date): string {
  const t = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
}
