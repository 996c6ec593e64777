/**
 * A flag's detail in words (issue 15.1): the i18n key under `review.flags` and its parameters.
 * Pure, so the review pages (server and browser) share it.
 */
import { beijingTime } from "./time";
import { minutesToHours } from "./types";

type Detail = Record<string, unknown>;

const num = (v: unknown) => (typeof v === "number" ? v : 0);
const str = (v: unknown) => (typeof v === "string" ? v : "");

export function flagText(kind: string, detail: unknown): { key: string; params: Record<string, string | number> } {
  const d = (detail ?? {}) as Detail;
  switch (kind) {
    case "OVERLAP":
      return { key: "review.flags.OVERLAP", params: { records: num(d.records), from: d.from ? beijingTime(str(d.from)) : "", to: d.to ? beijingTime(str(d.to)) : "" } };
    case "DAY_OVER_12H":
      return { key: "review.flags.DAY_OVER_12H", params: { date: str(d.date), hours: minutesToHours(num(d.minutes)) } };
    case "LATE_BULK_ENTRY":
      return { key: "review.flags.LATE_BULK_ENTRY", params: { days: num(d.days), records: num(d.records), window: num(d.windowMinutes) } };
    case "SHARED_DEVICE":
      return { key: "review.flags.SHARED_DEVICE", params: { users: num(d.users) } };
    case "OUTSIDE_PLACE":
      return d.distance === null || d.distance === undefined
        ? { key: "review.flags.OUTSIDE_PLACE_UNKNOWN", params: {} }
        : { key: "review.flags.OUTSIDE_PLACE", params: { radius: num(d.radius), distance: num(d.distance) } };
    default:
      return { key: "review.title", params: {} };
  }
}
