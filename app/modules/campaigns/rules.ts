import { isoDate } from "~/utils/format";

/** YYYY-MM-DD of a @db.Date column (stored as UTC midnight of that calendar day). */
export const dateOnly = (d: Date | string) => (typeof d === "string" ? d : d.toISOString()).slice(0, 10);

/** Today's calendar date in Asia/Shanghai. */
export const todayInChina = () => isoDate(new Date());

/** Whole days from today (Asia/Shanghai) to the deadline, the deadline day included; 0 once past. */
export function daysLeft(deadline: Date | string, today = todayInChina()) {
  const ms = Date.parse(`${dateOnly(deadline)}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return ms < 0 ? 0 : Math.round(ms / 86_400_000) + 1;
}

export const deadlinePassed = (deadline: Date | string, today = todayInChina()) => dateOnly(deadline) < today;

/** A campaign takes donations while published, not yet funded and before its deadline. */
export function campaignAcceptsDonations(c: { status: string; deadline: Date | string; org: { status: string; publicFundraising: boolean } }) {
  return c.status === "APPROVED" && !deadlinePassed(c.deadline) && c.org.status === "APPROVED" && c.org.publicFundraising;
}

/** Funds take donations at any time while active; online only for a qualified organization. */
export function fundAcceptsDonations(f: { status: string; org: { status: string; publicFundraising: boolean } }) {
  return f.status === "ACTIVE" && f.org.status === "APPROVED" && f.org.publicFundraising;
}

/** Progress in percent (0–100) of net raised against the goal. */
export function progressPercent(netRaisedFen: bigint | string, goalFen: bigint | string) {
  const goal = BigInt(goalFen);
  if (goal <= 0n) return 0;
  const pct = Number((BigInt(netRaisedFen) * 1000n) / goal) / 10;
  return Math.max(0, Math.min(100, pct));
}
