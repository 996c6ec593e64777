/**
 * The rules every write to a volunteer's hours obeys (#11.3, #11.4; docs/decisions/007): a second
 * person, an organization still allowed to work, and no more minutes than the person was there.
 */
import { AppError } from "~/utils/errors";
import type { OrgStatus } from "~/generated/prisma/enums";
import { HOURS_TOLERANCE_MINUTES, maxServiceMinutes, minutesToHours, ORG_STATUSES_WITHOUT_HOURS } from "./types";

/** Nobody marks, confirms or corrects their own attendance or hours. */
export function assertSecondPerson(actorId: string, volunteerId: string, messageKey: "hours.errors.selfAttendance" | "hours.errors.selfConfirm" | "hours.errors.selfCorrect") {
  if (actorId === volunteerId) throw new AppError(messageKey, 403);
}

/** A suspended or revoked organization records no hours (attendance, confirmation, correction). */
export function assertOrgRecordsHours(status: OrgStatus) {
  if ((ORG_STATUSES_WITHOUT_HOURS as readonly string[]).includes(status)) throw new AppError(`hours.errors.org${status === "SUSPENDED" ? "Suspended" : "Revoked"}`, 403);
}

/** Minutes above the checked-in span plus the tolerance are refused, as a field error on the hours. */
export function assertWithinSpan(minutes: number, signup: { checkedInAt: Date | null; checkedOutAt: Date | null }, shift: { startsAt: Date; endsAt: Date }) {
  const max = maxServiceMinutes(signup, shift);
  if (minutes > max) {
    throw new AppError("hours.errors.aboveSpan", 400, { hours: minutesToHours(max), tolerance: HOURS_TOLERANCE_MINUTES }, { hours: "hours.errors.aboveSpan" });
  }
}

// ---------------------------------------------------------------------------------------------
// Issue 15.1: how the minutes were established (check-in by rotating code, or by hand) and the
// rules each source obeys. Pure functions over what the caller already loaded.

export type HoursSource = "CHECK_IN" | "MANUAL";
type Span = { checkedInAt: Date | null; checkedOutAt: Date | null };
type ShiftSpan = { startsAt: Date; endsAt: Date };
type AcceptedEvent = { kind: "IN" | "OUT"; createdAt: Date };

/**
 * CHECK_IN when both ends of the checked-in span are the volunteer's own accepted check-in and
 * check-out by code; MANUAL when staff marked either end (or nobody checked out).
 */
export function hoursSource(signup: Span, accepted: readonly AcceptedEvent[]): HoursSource {
  const { checkedInAt: inAt, checkedOutAt: outAt } = signup;
  if (!inAt || !outAt) return "MANUAL";
  const byCode = (kind: "IN" | "OUT", at: Date) => accepted.some((e) => e.kind === kind && e.createdAt.getTime() === at.getTime());
  return byCode("IN", inAt) && byCode("OUT", outAt) ? "CHECK_IN" : "MANUAL";
}

/** The part of the checked-in span inside the shift, in minutes and as a whole percentage of it. */
export function coverage(signup: Span, shift: ShiftSpan) {
  const length = shift.endsAt.getTime() - shift.startsAt.getTime();
  if (!signup.checkedInAt || !signup.checkedOutAt || length <= 0) return { coveredMinutes: 0, percent: 0, ratio: 0 };
  const from = Math.max(signup.checkedInAt.getTime(), shift.startsAt.getTime());
  const to = Math.min(signup.checkedOutAt.getTime(), shift.endsAt.getTime());
  const overlap = Math.max(0, to - from);
  return { coveredMinutes: Math.floor(overlap / 60_000), percent: Math.floor((overlap * 100) / length), ratio: overlap / length };
}

/** Hours by check-in count only when the checked-in span covers the shift's required share. */
export function assertCoverage(signup: Span, shift: ShiftSpan & { minCoveragePercent: number }) {
  const c = coverage(signup, shift);
  if (c.ratio * 100 < shift.minCoveragePercent) {
    throw new AppError("checkin.errors.coverageTooLow", 400, { coverage: c.percent, required: shift.minCoveragePercent }, { hours: "checkin.errors.coverageTooLow" });
  }
  return c;
}

export const shiftMinutes = (shift: ShiftSpan) => Math.max(0, Math.floor((shift.endsAt.getTime() - shift.startsAt.getTime()) / 60_000));

/** The most minutes a record from this source may hold: hand-entered hours never exceed the shift. */
export function maxMinutesFor(source: HoursSource, signup: Span, shift: ShiftSpan) {
  const span = maxServiceMinutes(signup, shift);
  return source === "MANUAL" ? Math.min(span, shiftMinutes(shift)) : span;
}

/** Hand-entered minutes above the shift's length are refused (no tolerance above it). */
export function assertManualCap(minutes: number, shift: ShiftSpan) {
  const max = shiftMinutes(shift);
  if (minutes > max) throw new AppError("checkin.errors.aboveShiftLength", 400, { hours: minutesToHours(max) }, { hours: "checkin.errors.aboveShiftLength" });
}
