/** Rosters, check-in/check-out, no-shows and the confirmation of hours (which creates the service record). */
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { maskName, maskPhone } from "~/modules/accounts/mask";
import type { HoursInput } from "./schema";
import { CHECK_IN_CLOSES_HOURS, CHECK_IN_OPENS_MINUTES, MAX_MINUTES_PER_DAY } from "./types";
import { assertCoverage, assertManualCap, assertOrgRecordsHours, assertSecondPerson, assertWithinSpan, coverage, hoursSource, maxMinutesFor, type HoursSource } from "./hours-rules.server";
import { beijingDay } from "./time";
import { shiftLabel } from "./codes.server";
import { assessNewRecord } from "./hours-standing.server";

const TX = { maxWait: 20_000, timeout: 30_000 } as const;

/** The shift, only if it belongs to one of the organization's projects (404 otherwise). */
export async function getOrgShift(orgId: string, shiftId: string) {
  const shift = await prisma.shift.findFirst({
    where: { id: shiftId, project: { orgId } },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      place: true,
      capacity: true,
      taken: true,
      status: true,
      checkInCode: true,
      requiredSkill: true,
      latitude: true,
      longitude: true,
      radiusMeters: true,
      minCoveragePercent: true,
      rosterSignedAt: true,
      rosterSignedById: true,
      project: { select: { id: true, title: true } },
    },
  });
  if (!shift) throw new AppError("common.errors.http.404", 404);
  return shift;
}

/**
 * The roster of one shift. Real names and phones are the organization's to see (it runs the shift);
 * anyone else allowed to look (bureau staff supervising) gets them masked.
 */
export async function getRoster(orgId: string, shiftId: string, opts: { clear: boolean }) {
  const shift = await getOrgShift(orgId, shiftId);
  const signups = await prisma.shiftSignup.findMany({
    where: { shiftId },
    orderBy: [{ status: "asc" }, { waitlistPosition: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      userId: true,
      status: true,
      waitlistPosition: true,
      checkedInAt: true,
      checkedOutAt: true,
      createdAt: true,
      user: { select: { displayName: true, profile: { select: { realName: true, phone: true, sex: true } } } },
      serviceRecord: { select: { id: true, minutes: true, role: true, status: true, source: true } },
    },
  });
  const events = await acceptedEventsBySignup(prisma, { shiftId });
  const rows = signups.map((s) => {
    const realName = s.user.profile?.realName ?? s.user.displayName;
    const phone = s.user.profile?.phone ?? "";
    return {
      id: s.id,
      userId: s.userId,
      status: s.status,
      waitlistPosition: s.waitlistPosition,
      checkedInAt: s.checkedInAt,
      checkedOutAt: s.checkedOutAt,
      signedUpAt: s.createdAt,
      name: opts.clear ? realName : maskName(realName),
      phone: opts.clear ? phone : maskPhone(phone),
      sex: s.user.profile?.sex ?? null,
      record: s.serviceRecord,
      // How confirmed hours would be established, and how much of the shift the span covers.
      source: hoursSource(s, events.get(s.id) ?? []),
      coveragePercent: coverage(s, shift).percent,
    };
  });
  // The organizer's countersignature (issue 15.1), by display name (not a personal identifier).
  const signer = shift.rosterSignedById ? await prisma.user.findUnique({ where: { id: shift.rosterSignedById }, select: { displayName: true } }) : null;
  const countersign = shift.rosterSignedAt ? { at: shift.rosterSignedAt, by: signer?.displayName ?? "" } : null;
  return { shift, rows, countersign };
}

async function signupOf(db: Db, orgId: string, signupId: string) {
  const s = await db.shiftSignup.findFirst({
    where: { id: signupId, shift: { project: { orgId } } },
    select: {
      id: true,
      userId: true,
      status: true,
      checkedInAt: true,
      checkedOutAt: true,
      shift: { select: { id: true, startsAt: true, endsAt: true, status: true, minCoveragePercent: true, project: { select: { id: true, title: true, orgId: true, districtCode: true, category: true, org: { select: { status: true } } } } } },
      serviceRecord: { select: { id: true } },
    },
  });
  if (!s) throw new AppError("common.errors.http.404", 404);
  return s;
}

function assertAttendanceWindow(shift: { startsAt: Date; endsAt: Date; status: string }, now = Date.now()) {
  if (shift.status !== "OPEN") throw new AppError("volunteering.errors.shiftCancelled", 409);
  if (now < shift.startsAt.getTime() - CHECK_IN_OPENS_MINUTES * 60_000 || now > shift.endsAt.getTime() + CHECK_IN_CLOSES_HOURS * 3600_000) {
    throw new AppError("volunteering.errors.checkInWindow", 409, { minutes: CHECK_IN_OPENS_MINUTES });
  }
}

export type AttendanceAction = "checkIn" | "checkOut" | "noShow";

/**
 * Staff mark a volunteer present, gone, or absent — never themselves (a volunteer checks in with the
 * code instead), and not for a suspended or revoked organization.
 */
export async function markAttendance(orgId: string, actorId: string, signupId: string, action: AttendanceAction) {
  return prisma.$transaction(async (tx) => {
    const s = await signupOf(tx, orgId, signupId);
    assertOrgRecordsHours(s.shift.project.org.status);
    assertSecondPerson(actorId, s.userId, "hours.errors.selfAttendance");
    assertAttendanceWindow(s.shift);
    const now = new Date();
    if (action === "checkIn") {
      if (s.status !== "CONFIRMED" && s.status !== "NO_SHOW") throw new AppError("volunteering.errors.notConfirmed", 409);
      await tx.shiftSignup.update({ where: { id: s.id }, data: { status: "ATTENDED", checkedInAt: now, checkedOutAt: null } });
    } else if (action === "checkOut") {
      if (s.status !== "ATTENDED" || !s.checkedInAt) throw new AppError("volunteering.errors.notCheckedIn", 409);
      // The check-out bounds the hours a record may hold: it cannot move once the hours are confirmed.
      if (s.serviceRecord) throw new AppError("volunteering.errors.alreadyConfirmed", 409);
      await tx.shiftSignup.update({ where: { id: s.id }, data: { checkedOutAt: now } });
    } else {
      if (s.status !== "CONFIRMED") throw new AppError("volunteering.errors.notConfirmed", 409);
      if (s.shift.startsAt > now) throw new AppError("volunteering.errors.shiftNotStarted", 409);
      await tx.shiftSignup.update({ where: { id: s.id }, data: { status: "NO_SHOW" } });
    }
    await recordAudit({ actorId, action: `signup.${action}`, entityType: "ShiftSignup", entityId: s.id, orgId, before: { status: s.status }, after: { at: now.toISOString() } }, tx);
  }, TX);
}

/** Accepted code check-ins/outs of a shift, by sign-up (to tell CHECK_IN hours from MANUAL ones). */
export async function acceptedEventsBySignup(db: Db, where: { shiftId: string } | { signupId: string }) {
  const events = await db.checkInEvent.findMany({ where: { AND: [where, { signupId: { not: null } }], accepted: true }, select: { signupId: true, kind: true, createdAt: true } });
  const map = new Map<string, { kind: "IN" | "OUT"; createdAt: Date }[]>();
  for (const e of events) map.set(e.signupId!, [...(map.get(e.signupId!) ?? []), { kind: e.kind, createdAt: e.createdAt }]);
  return map;
}

/** Minutes already recorded for this person on this day (across organizations), except one record. */
export async function minutesOnDay(db: Db, userId: string, serviceDate: Date, exceptRecordId?: string) {
  const agg = await db.serviceRecord.aggregate({ where: { userId, serviceDate, ...(exceptRecordId ? { id: { not: exceptRecordId } } : {}) }, _sum: { minutes: true } });
  return agg._sum.minutes ?? 0;
}

/**
 * Default hours for the confirm form: checked-in time when it is plausible, else the shift's length,
 * never above what may be confirmed (rounded down to the form's quarter hours).
 */
export function suggestedMinutes(s: { checkedInAt: Date | null; checkedOutAt: Date | null }, shift: { startsAt: Date; endsAt: Date }, source: HoursSource = "MANUAL") {
  const planned = Math.round((shift.endsAt.getTime() - shift.startsAt.getTime()) / 60_000);
  let suggested = planned;
  if (source === "CHECK_IN") {
    suggested = coverage(s, shift).coveredMinutes;
  } else if (s.checkedInAt && s.checkedOutAt) {
    const actual = Math.round((s.checkedOutAt.getTime() - s.checkedInAt.getTime()) / 60_000);
    if (actual >= 30 && actual <= planned + 120) suggested = actual;
  }
  return Math.min(suggested, quarterHoursBelow(maxMinutesFor(source, s, shift)));
}

/** Minutes rounded down to a quarter hour (the step of the hours inputs). */
export const quarterHoursBelow = (minutes: number) => Math.floor(minutes / 15) * 15;

/**
 * Staff confirm a present volunteer's hours: this creates their service record (志愿服务记录).
 * Someone other than the volunteer confirms; the organization must not be suspended or revoked;
 * hours are capped at a day, across everything the person did that day, and at the checked-in span
 * plus HOURS_TOLERANCE_MINUTES.
 */
export async function confirmHours(orgId: string, actorId: string, signupId: string, input: HoursInput) {
  try {
    return await prisma.$transaction(async (tx) => {
      const s = await signupOf(tx, orgId, signupId);
      assertOrgRecordsHours(s.shift.project.org.status);
      assertSecondPerson(actorId, s.userId, "hours.errors.selfConfirm");
      if (s.status !== "ATTENDED") throw new AppError("volunteering.errors.notCheckedIn", 409);
      if (s.shift.startsAt > new Date()) throw new AppError("volunteering.errors.shiftNotStarted", 409);
      // Serialise record writes for one person so the daily cap holds under concurrent confirmations.
      await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${s.userId} FOR NO KEY UPDATE`;
      const serviceDate = beijingDay(s.shift.startsAt);
      const already = await minutesOnDay(tx, s.userId, serviceDate);
      if (already + input.minutes > MAX_MINUTES_PER_DAY) {
        throw new AppError("volunteering.errors.dayTooLong", 400, { hours: Math.round((already / 60) * 10) / 10 }, { hours: "volunteering.errors.dayTooLong" });
      }
      // CHECK_IN when the volunteer checked in and out by code themselves; then the span must cover
      // the shift's share. Hours by hand are labelled MANUAL and never exceed the shift's length.
      const source = hoursSource(s, (await acceptedEventsBySignup(tx, { signupId: s.id })).get(s.id) ?? []);
      if (source === "CHECK_IN") assertCoverage(s, s.shift);
      else assertManualCap(input.minutes, s.shift);
      assertWithinSpan(input.minutes, s, s.shift);
      const record = await tx.serviceRecord.create({
        data: {
          userId: s.userId,
          orgId: s.shift.project.orgId,
          projectId: s.shift.project.id,
          shiftId: s.shift.id,
          signupId: s.id,
          districtCode: s.shift.project.districtCode,
          category: s.shift.project.category,
          serviceDate,
          minutes: input.minutes,
          role: input.role,
          confirmedById: actorId,
          source,
        },
        select: { id: true },
      });
      await assessNewRecord(tx, record.id);
      // No check-out is invented here: checkedOutAt only ever records a real check-out, because it
      // bounds the hours a later correction may set.
      await recordAudit({ actorId, action: "serviceRecord.confirmed", entityType: "ServiceRecord", entityId: record.id, orgId, after: { minutes: input.minutes, role: input.role, source, serviceDate: serviceDate.toISOString().slice(0, 10) } }, tx);
      await notify(tx, s.userId, "volunteering.hoursConfirmed", { project: s.shift.project.title, time: shiftLabel(s.shift), hours: Math.round((input.minutes / 60) * 100) / 100 }, "/me/volunteering");
      return record;
    }, TX);
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw new AppError("volunteering.errors.alreadyConfirmed", 409);
    throw e;
  }
}
