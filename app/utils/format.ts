/** Display helpers. Dates are shown in Asia/Shanghai whatever the server's zone. */
export const TIME_ZONE = "Asia/Shanghai";

export function formatDate(value: string | Date | null | undefined, locale = "zh-CN") {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "zh-CN", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

export function formatDateTime(value: string | Date | null | undefined, locale = "zh-CN") {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "zh-CN", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(d);
}

/** YYYY-MM-DD of a Date in Asia/Shanghai (for date inputs). */
export function isoDate(value: Date | string | null | undefined) {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
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
