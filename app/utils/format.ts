/** Display helpers. Dates are shown in Asia/Shanghai whatever the server's zone. */
export const TIME_ZONE = "Asia/Shanghai";

/**
 * Making an Intl.DateTimeFormat costs far more than using one (ICU loads the locale and zone), and
 * pages format hundreds of dates: one formatter per (locale, options) for the process. Bounded: the
 * callers below use a fixed handful of combinations.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** The same formatters by the options object itself: the callers pass module constants, so the JSON key is built once per object and locale. */
const byOptions = new WeakMap<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>();
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let perLocale = byOptions.get(options);
  const known = perLocale?.get(locale);
  if (known) return known;
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    if (formatters.size >= 64) formatters.clear(); // never reached by the fixed callers; a bound all the same
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  if (!perLocale) byOptions.set(options, (perLocale = new Map()));
  perLocale.set(locale, f);
  return f;
}
const DAY: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" };
const MINUTE: Intl.DateTimeFormatOptions = { ...DAY, hour: "2-digit", minute: "2-digit", hour12: false };

export function formatDate(value: string | Date | null | undefined, locale = "zh-CN") {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return dateTimeFormat(locale === "en" ? "en-CA" : "zh-CN", DAY).format(d);
}

export function formatDateTime(value: string | Date | null | undefined, locale = "zh-CN") {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return dateTimeFormat(locale === "en" ? "en-CA" : "zh-CN", MINUTE).format(d);
}

/**
 * Asia/Shanghai has kept UTC+8 without daylight saving since 15 September 1991: from 1992 on, the
 * day there is the UTC day of the instant plus eight hours, which costs far less than ICU's zone
 * rules (every card on a listing asks for today's date). Earlier dates (birth dates) go through
 * Intl, which knows the 1986–1991 summers.
 */
const FIXED_OFFSET_FROM = Date.UTC(1992, 0, 1);
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** YYYY-MM-DD of a Date in Asia/Shanghai (for date inputs). */
export function isoDate(value: Date | string | null | undefined) {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  const t = d.getTime();
  if (t >= FIXED_OFFSET_FROM) return new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  return dateTimeFormat("en-CA", DAY).format(d);
}

/** Integer fen → "1,234.56" yuan. Money never passes through floating point on the way in. */
export function formatFen(fen: number | bigint | string, locale = "zh-CN") {
  const n = BigInt(fen);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, "0");
  const grouped = yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${locale === "en" ? "¥" : "¥"}${grouped}.${cents}`;
}

/** Large figures the way the bureau's reports write them: 4.94亿, 340.65万. */
export function formatChineseLarge(n: number, digits = 2) {
  const abs = Math.abs(n);
  const trim = (x: number) => x.toFixed(digits).replace(/\.?0+$/, "");
  if (abs >= 1e8) return `${trim(n / 1e8)}亿`;
  if (abs >= 1e4) return `${trim(n / 1e4)}万`;
  return String(n);
}
