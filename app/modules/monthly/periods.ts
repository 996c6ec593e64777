/**
 * Calendar arithmetic for monthly gifts, in Asia/Shanghai calendar dates (YYYY-MM-DD strings and
 * @db.Date columns stored as UTC midnight of that day). Days are 1–28 so every month has one.
 */
import { isoDate } from "~/utils/format";

export const MAX_GIFT_DAY = 28;

/** Today's date (Asia/Shanghai), YYYY-MM-DD. */
export const todayDate = (now = new Date()) => isoDate(now);

/** YYYY-MM of a date string or Date (a Date is read in Asia/Shanghai). */
export function periodOf(value: Date | string): string {
  const s = typeof value === "string" ? value : isoDate(value);
  return s.slice(0, 7);
}

/** The @db.Date value of a YYYY-MM-DD string. */
export const dbDate = (ymd: string) => new Date(`${ymd}T00:00:00Z`);

/** YYYY-MM-DD of a @db.Date value. */
export const ymdOf = (d: Date | string) => (typeof d === "string" ? d : d.toISOString()).slice(0, 10);

/** The period `n` months after `period`. */
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** The charge date of a gift in a period. */
export const chargeDate = (period: string, day: number) => `${period}-${String(day).padStart(2, "0")}`;

/** The first charge date on or after `today` falling on `day`. */
export function firstChargeOn(day: number, today = todayDate()): string {
  const thisMonth = chargeDate(periodOf(today), day);
  return thisMonth >= today ? thisMonth : chargeDate(addMonths(periodOf(today), 1), day);
}

/** The default day for a new gift: today's, capped at 28. */
export const defaultGiftDay = (today = todayDate()) => Math.min(Number(today.slice(8, 10)), MAX_GIFT_DAY);

export const isPeriod = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** Days after a failed platform-scheduled charge when it is tried again. */
export const RETRY_DAYS = [1, 3, 7] as const;
