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
