/**
 * Numbers written the way the bureau's reports write them (extends formatChineseLarge in
 * app/utils/format.ts): 4.94亿元, 340.65万元, 48.3万人次, 近30万人次, 2188次.
 */
import { formatChineseLarge } from "~/utils/format";

const trim = (x: number, digits: number) => {
  const s = x.toFixed(digits);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
};

/** Person-times (人次) and people: 近30万 when just under a round figure, else 48.3万, else 2188. */
export function reportPeople(n: number, locale = "zh-CN"): string {
  if (locale === "en") return reportPeopleEn(n);
  if (n < 1e4) return String(Math.round(n));
  const step = n >= 1e5 ? 1e5 : 1e4;
  const round = Math.ceil(n / step) * step;
  if (round > n && (round - n) / round <= 0.03) return `近${trim(round / 1e4, 0)}万`;
  return `${trim(n / 1e4, 1)}万`;
}

/** Counts of things (projects 个, activities 次): plain below 100,000, then 万. */
export function reportCount(n: number, locale = "zh-CN"): string {
  if (locale === "en") return n.toLocaleString("en");
  if (n < 1e5) return String(Math.round(n));
  return `${formatChineseLarge(n, 2)}`;
}

/** Money in fen → 4.94亿元 / 340.65万元 / 1234.5元. */
export function reportMoney(fen: number, locale = "zh-CN"): string {
  const yuan = fen / 100;
  if (locale === "en") {
    if (Math.abs(yuan) >= 1e8) return `¥${trim(yuan / 1e8, 2)} hundred million`;
    if (Math.abs(yuan) >= 1e6) return `¥${trim(yuan / 1e6, 2)} million`;
    return `¥${yuan.toLocaleString("en", { maximumFractionDigits: 2 })}`;
  }
  if (Math.abs(yuan) >= 1e8) return `${trim(yuan / 1e8, 2)}亿元`;
  if (Math.abs(yuan) >= 1e4) return `${trim(yuan / 1e4, 2)}万元`;
  return `${trim(yuan, 2)}元`;
}

/**
 * Money stated as "over" a round figure, the way reports round support totals: 130余万元 for
 * 1,304,500 yuan (floored to whole 万, 余 only when something is left over), 1.3亿余元 above 1亿,
 * the exact 元 below 1万. English: "over ¥1.3 million".
 */
export function reportMoneyOver(fen: number, locale = "zh-CN"): string {
  const yuan = fen / 100;
  if (locale === "en") {
    if (yuan >= 1e6) {
      const m = Math.floor(yuan / 1e5) / 10;
      return `${m * 1e6 < yuan ? "over " : ""}¥${trim(m, 1)} million`;
    }
    if (yuan >= 1e4) {
      const k = Math.floor(yuan / 1e3);
      return `${k * 1e3 < yuan ? "over " : ""}¥${k.toLocaleString("en")} thousand`;
    }
    return reportMoney(fen, locale);
  }
  if (yuan >= 1e8) {
    const y = Math.floor(yuan / 1e6) / 100;
    return y * 1e8 < yuan ? `${trim(y, 2)}亿余元` : `${trim(y, 2)}亿元`;
  }
  if (yuan >= 1e4) {
    const w = Math.floor(yuan / 1e4);
    return w * 1e4 < yuan ? `${w}余万元` : `${w}万元`;
  }
  return reportMoney(fen, locale);
}

/** Hours: 12.5万小时 / 3520小时. */
export function reportHours(hours: number, locale = "zh-CN"): string {
  if (locale === "en") return `${hours.toLocaleString("en", { maximumFractionDigits: 1 })} hours`;
  if (hours >= 1e4) return `${trim(hours / 1e4, 2)}万小时`;
  return `${trim(hours, 1)}小时`;
}

function reportPeopleEn(n: number) {
  if (n < 1e4) return n.toLocaleString("en");
  const step = n >= 1e5 ? 1e5 : 1e4;
  const round = Math.ceil(n / step) * step;
  if (round > n && (round - n) / round <= 0.03) return `nearly ${round.toLocaleString("en")}`;
  return n >= 1e6 ? `${trim(n / 1e6, 2)} million` : `${trim(n / 1e3, 1)} thousand`;
}
