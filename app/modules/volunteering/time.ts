/**
 * Time helpers for volunteering. Forms speak Beijing time (UTC+8, no daylight saving); the database
 * holds instants (timestamptz) for shifts and calendar dates (@db.Date, UTC midnight) for days.
 */
import { dateTimeFormat, isoDate } from "~/utils/format";

const HOUR_MINUTE: Intl.DateTimeFormatOptions = { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false };

const OFFSET = "+08:00";

/** "2024-05-04" + "09:30" in Beijing time → the instant. */
export const beijingInstant = (date: string, time: string) => new Date(`${date}T${time}:00${OFFSET}`);

/** "2024-05-04" → the @db.Date value (UTC midnight). */
export const calendarDate = (date: string) => new Date(`${date}T00:00:00Z`);

/** The Beijing calendar day of an instant, as a @db.Date value. */
export const beijingDay = (instant: Date) => calendarDate(isoDate(instant));

/** Today's date in Beijing, "YYYY-MM-DD". */
export const beijingToday = () => isoDate(new Date());

/** "HH:MM" of an instant in Beijing time. */
export function beijingTime(instant: Date | string) {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  return dateTimeFormat("en-GB", HOUR_MINUTE).format(d);
}

export function addDays(date: string, days: number) {
  const d = calendarDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Completed years of age on a given day. */
export function ageOn(birthDate: Date, day: Date) {
  let age = day.getUTCFullYear() - birthDate.getUTCFullYear();
  const m = day.getUTCMonth() - birthDate.getUTCMonth();
  if (m < 0 || (m === 0 && day.getUTCDate() < birthDate.getUTCDate())) age--;
  return age;
}

/** The instants a project's calendar dates cover in Beijing: [start 00:00, day after end 00:00). */
export function projectWindow(startDate: Date, endDate: Date) {
  const EIGHT_HOURS = 8 * 3600_000;
  return { from: new Date(startDate.getTime() - EIGHT_HOURS), to: new Date(endDate.getTime() + 86_400_000 - EIGHT_HOURS) };
}
