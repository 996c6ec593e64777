/**
 * The disclosure schedule (慈善法 信息公开), as pure functions of dates so a fake clock is just a
 * parameter. Every date here is a calendar day "YYYY-MM-DD" in Asia/Shanghai.
 *
 * - While fundraising, a campaign or fund owes a periodic disclosure 3 calendar months after the
 *   later of its start (approval) and the end of the period its last disclosure covered.
 * - A campaign that has ended owes a final report 3 months after its end, until one is filed. A
 *   periodic disclosure missed while it was still raising stays owed after the end.
 * - A disclosure is "dueSoon" within 14 days of its due date, "overdue" from the day after it.
 */

export const PERIOD_MONTHS = 3;
export const DUE_SOON_DAYS = 14;

export type DisclosureState = "ok" | "dueSoon" | "overdue";
export type Obligation = { kind: "PERIODIC" | "FINAL"; dueOn: string; state: DisclosureState; periodStart: string };

export type ScheduleInput = {
  /** First day of fundraising (approval, or a fund's start date when later). */
  startedOn: string;
  /** Last day of fundraising for a campaign that has ended; null while it raises (funds: always null). */
  endedOn: string | null;
  /** periodEnd of the latest disclosure filed, if any. */
  lastPeriodEnd: string | null;
  /** Whether a FINAL disclosure has been filed. */
  hasFinal: boolean;
};

export type Schedule = { state: DisclosureState; obligations: Obligation[]; nextDue: Obligation | null };

const DAY = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (d: string, n: number) => fromMs(toMs(d) + n * DAY);
export const daysBetween = (from: string, to: string) => Math.round((toMs(to) - toMs(from)) / DAY);

/** The same day n calendar months later, clamped to the month's last day (31 Aug + 3 → 30 Nov). */
export function addMonths(d: string, n: number) {
  const [y, m, day] = d.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return fromMs(Date.UTC(ny, nm, Math.min(day, last)));
}

/** YYYY-MM-DD of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
export const chinaDay = (at: Date) => fromMs(at.getTime() + 8 * 3_600_000);

export const maxDay = (...days: (string | null | undefined)[]) => days.filter((d): d is string => Boolean(d)).sort().at(-1) ?? null;

export function stateOf(dueOn: string, today: string): DisclosureState {
  if (today > dueOn) return "overdue";
  return daysBetween(today, dueOn) <= DUE_SOON_DAYS ? "dueSoon" : "ok";
}

/** The first day a state holds for a due date (reminders are sent once per state). */
export function stateSince(dueOn: string, state: DisclosureState) {
  return state === "overdue" ? addDays(dueOn, 1) : state === "dueSoon" ? addDays(dueOn, -DUE_SOON_DAYS) : null;
}

const RANK: Record<DisclosureState, number> = { ok: 0, dueSoon: 1, overdue: 2 };

export function computeSchedule(input: ScheduleInput, today: string): Schedule {
  const obligations: Obligation[] = [];
  if (!input.hasFinal) {
    const base = maxDay(input.startedOn, input.lastPeriodEnd)!;
    const periodicDue = addMonths(base, PERIOD_MONTHS);
    // After the end only a periodic disclosure that fell due while raising is still owed.
    if (!input.endedOn || periodicDue <= input.endedOn) {
      obligations.push({ kind: "PERIODIC", dueOn: periodicDue, state: stateOf(periodicDue, today), periodStart: input.lastPeriodEnd ? addDays(input.lastPeriodEnd, 1) : input.startedOn });
    }
    if (input.endedOn) {
      const finalDue = addMonths(input.endedOn, PERIOD_MONTHS);
      obligations.push({ kind: "FINAL", dueOn: finalDue, state: stateOf(finalDue, today), periodStart: input.startedOn });
    }
  }
  obligations.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  const state = obligations.reduce<DisclosureState>((s, o) => (RANK[o.state] > RANK[s] ? o.state : s), "ok");
  return { state, obligations, nextDue: obligations[0] ?? null };
}
