/**
 * Check-in and check-out by a rotating code (issue 15.1): a TOTP code per shift, changing every 30
 * seconds, shown on the organizer's phone; an optional place check; every attempt recorded as a
 * CheckInEvent, accepted or refused; and the organizer's countersignature on the roster, which
 * confirms the hours of everyone who checked in and out by code and stops further check-ins.
 */
import { generateSecret, generateSync, verifySync } from "otplib";
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { ORG_STATUSES_WITHOUT_HOURS, CHECK_IN_OPENS_MINUTES } from "./types";
import { placeCheck } from "./geo";
import { assertSecondPerson, coverage, hoursSource } from "./hours-rules.server";
import { acceptedEventsBySignup, confirmHours, quarterHoursBelow } from "./attendance.server";

const TX = { maxWait: 20_000, timeout: 30_000 } as const;

/** Seconds per code. A code is accepted in its own step and the next one only (about 30–60 s). */
export const CODE_PERIOD_S = 30;
/** How far back a code still reads as "stale" rather than plain wrong (for the volunteer's message). */
const STALE_LOOKBACK_S = 15 * 60;
/** Volunteers may check themselves out until this long after the shift's end. */
export const CHECK_OUT_CLOSES_MINUTES = 120;
/** The role written on records confirmed by countersignature. */
export const COUNTERSIGN_ROLE = "志愿者";

export const REFUSALS = [
  "staleCode",
  "wrongCode",
  "wrongShift",
  "notSignedUp",
  "shiftClosed",
  "rosterSigned",
  "orgSuspended",
  "alreadyCheckedIn",
  "alreadyCheckedOut",
  "notCheckedIn",
  "alreadyConfirmed",
  "outsideWindow",
  "outsidePlace",
] as const;
export type Refusal = (typeof REFUSALS)[number];

const epochOf = (now: Date) => Math.floor(now.getTime() / 1000);

/** The code shown at `epoch` (seconds). */
export const codeAt = (secret: string, epoch: number) => generateSync({ secret, epoch, period: CODE_PERIOD_S, digits: 6 });

/** "current" (this step or the previous), "stale" (older, within a quarter hour) or "wrong". */
export function codeState(secret: string, code: string, epoch: number): "current" | "stale" | "wrong" {
  const ok = (tolerance: number) => {
    try {
      return verifySync({ secret, token: code, epoch, period: CODE_PERIOD_S, digits: 6, epochTolerance: [tolerance, 0] }).valid;
    } catch {
      return false;
    }
  };
  if (ok(CODE_PERIOD_S)) return "current";
  return ok(STALE_LOOKBACK_S) ? "stale" : "wrong";
}

/** The shift's TOTP secret, created on first use (two organizers opening the page at once agree on one). */
export async function ensureShiftSecret(db: Db, shiftId: string) {
  await db.shift.updateMany({ where: { id: shiftId, totpSecret: null }, data: { totpSecret: generateSecret() } });
  const s = await db.shift.findUniqueOrThrow({ where: { id: shiftId }, select: { totpSecret: true } });
  return s.totpSecret!;
}

/** Someone holding a place on the shift (a volunteer on it). */
async function isVolunteerOn(db: Db, shiftId: string, userId: string) {
  return (await db.shiftSignup.count({ where: { shiftId, userId, status: { in: ["CONFIRMED", "ATTENDED", "NO_SHOW"] } } })) > 0;
}

/**
 * The current code of a shift for the organizer's screen. A coordinator who volunteers on the shift
 * does not get it: they would check themselves in from anywhere.
 */
export async function organizerCode(orgId: string, actorId: string, shiftId: string, now = new Date()) {
  const shift = await prisma.shift.findFirst({
    where: { id: shiftId, project: { orgId } },
    select: { id: true, status: true, startsAt: true, endsAt: true, place: true, rosterSignedAt: true, latitude: true, radiusMeters: true, project: { select: { id: true, title: true } } },
  });
  if (!shift) throw new AppError("common.errors.http.404", 404);
  if (await isVolunteerOn(prisma, shiftId, actorId)) throw new AppError("checkin.errors.ownShift", 403);
  const closed = shift.status !== "OPEN" ? ("shiftClosed" as const) : shift.rosterSignedAt ? ("rosterSigned" as const) : null;
  if (closed) return { shift, closed, code: null, secondsLeft: 0 };
  const secret = await ensureShiftSecret(prisma, shiftId);
  const epoch = epochOf(now);
  return { shift, closed, code: codeAt(secret, epoch), secondsLeft: CODE_PERIOD_S - (epoch % CODE_PERIOD_S) };
}

/** Is `code` the current code of some other shift running around now? (Refusal "wrongShift".) */
async function currentCodeOfAnotherShift(db: Db, shiftId: string, code: string, now: Date) {
  const others = await db.shift.findMany({
    where: {
      id: { not: shiftId },
      totpSecret: { not: null },
      status: "OPEN",
      startsAt: { lte: new Date(now.getTime() + CHECK_IN_OPENS_MINUTES * 60_000) },
      endsAt: { gte: new Date(now.getTime() - CHECK_OUT_CLOSES_MINUTES * 60_000) },
    },
    select: { totpSecret: true },
    take: 2000,
  });
  const epoch = epochOf(now);
  return others.some((o) => codeState(o.totpSecret!, code, epoch) === "current");
}

export type Position = { lat: number; lon: number; accuracy: number };
export type CheckInAttempt = { shiftId: string; code: string; kind: "IN" | "OUT"; position: Position | null; anyway: boolean };
export type CheckInResult =
  | { accepted: true; kind: "IN" | "OUT"; project: string; withinRadius: boolean | null }
  | { accepted: false; refusal: Refusal; offerAnyway: boolean; distanceM: number | null };

/**
 * A signed-in volunteer checks in or out with the code shown at the shift. Every attempt is
 * recorded, accepted or refused (a refusal is an answer, not an exception, so its event commits).
 * Positions are stored on the event only when the shift has a place to check against, and never
 * written to the audit log or the server log.
 */
export async function checkInByCode(userId: string, attempt: CheckInAttempt, device: string | null, now = new Date()): Promise<CheckInResult> {
  return prisma.$transaction(async (tx) => {
    const shift = await tx.shift.findUnique({
      where: { id: attempt.shiftId },
      select: {
        id: true,
        status: true,
        startsAt: true,
        endsAt: true,
        totpSecret: true,
        rosterSignedAt: true,
        latitude: true,
        longitude: true,
        radiusMeters: true,
        project: { select: { title: true, orgId: true, org: { select: { status: true } } } },
      },
    });
    if (!shift) throw new AppError("checkin.errors.unknownShift", 404);
    const place = shift.latitude !== null && shift.longitude !== null && shift.radiusMeters !== null ? { latitude: shift.latitude, longitude: shift.longitude, radiusMeters: shift.radiusMeters } : null;
    // One attempt at a time per volunteer and shift, so two taps cannot both check in.
    await tx.$queryRaw`SELECT id FROM "ShiftSignup" WHERE "shiftId" = ${shift.id} AND "userId" = ${userId} FOR UPDATE`;
    const signup = await tx.shiftSignup.findUnique({
      where: { shiftId_userId: { shiftId: shift.id, userId } },
      select: { id: true, status: true, checkedInAt: true, checkedOutAt: true, serviceRecord: { select: { id: true } } },
    });
    const pos = place && attempt.position ? { latitude: attempt.position.lat, longitude: attempt.position.lon, accuracyM: attempt.position.accuracy } : {};
    const base = { shiftId: shift.id, userId, signupId: signup?.id ?? null, kind: attempt.kind, deviceHash: device, createdAt: now, ...pos };
    const refuse = async (refusal: Refusal, extra: { withinRadius?: boolean; distanceM?: number } = {}): Promise<CheckInResult> => {
      await tx.checkInEvent.create({ data: { ...base, accepted: false, refusal, ...extra } });
      return { accepted: false, refusal, offerAnyway: refusal === "outsidePlace", distanceM: extra.distanceM ?? null };
    };

    const epoch = epochOf(now);
    const state = shift.totpSecret ? codeState(shift.totpSecret, attempt.code, epoch) : "wrong";
    if (state !== "current") {
      if (await currentCodeOfAnotherShift(tx, shift.id, attempt.code, now)) return refuse("wrongShift");
      return refuse(state === "stale" ? "staleCode" : "wrongCode");
    }
    if (!signup || (signup.status !== "CONFIRMED" && signup.status !== "ATTENDED")) return refuse("notSignedUp");
    if (shift.status !== "OPEN") return refuse("shiftClosed");
    if (shift.rosterSignedAt) return refuse("rosterSigned");
    if ((ORG_STATUSES_WITHOUT_HOURS as readonly string[]).includes(shift.project.org.status)) return refuse("orgSuspended");
    if (signup.serviceRecord) return refuse("alreadyConfirmed");
    const t = now.getTime();
    if (attempt.kind === "IN") {
      if (signup.status === "ATTENDED") return refuse(signup.checkedOutAt ? "alreadyCheckedOut" : "alreadyCheckedIn");
      if (t < shift.startsAt.getTime() - CHECK_IN_OPENS_MINUTES * 60_000 || t > shift.endsAt.getTime()) return refuse("outsideWindow");
    } else {
      if (signup.status !== "ATTENDED" || !signup.checkedInAt) return refuse("notCheckedIn");
      if (signup.checkedOutAt) return refuse("alreadyCheckedOut");
      if (t < signup.checkedInAt.getTime() || t > shift.endsAt.getTime() + CHECK_OUT_CLOSES_MINUTES * 60_000) return refuse("outsideWindow");
    }
    let withinRadius: boolean | null = null;
    let distanceM: number | null = null;
    if (place && attempt.position) {
      const check = placeCheck(place, attempt.position);
      distanceM = check.distanceM;
      withinRadius = check.within;
      // Refused and recorded; the volunteer may then insist, and the hours go to review.
      if (!check.within && !attempt.anyway) return refuse("outsidePlace", { withinRadius: false, distanceM });
    }
    await tx.checkInEvent.create({ data: { ...base, accepted: true, withinRadius, distanceM } });
    await tx.shiftSignup.update({
      where: { id: signup.id },
      data: attempt.kind === "IN" ? { status: "ATTENDED", checkedInAt: now, checkedOutAt: null } : { checkedOutAt: now },
    });
    await recordAudit(
      { actorId: userId, action: attempt.kind === "IN" ? "signup.codeCheckIn" : "signup.codeCheckOut", entityType: "ShiftSignup", entityId: signup.id, orgId: shift.project.orgId, after: { at: now.toISOString(), withinRadius } },
      tx,
    );
    return { accepted: true, kind: attempt.kind, project: shift.project.title, withinRadius };
  }, TX);
}

/** The volunteer's shifts they may check in or out of around now (for the check-in page). */
export async function myCheckInShifts(userId: string, now = new Date()) {
  const t = now.getTime();
  const rows = await prisma.shiftSignup.findMany({
    where: {
      userId,
      status: { in: ["CONFIRMED", "ATTENDED"] },
      serviceRecord: null,
      shift: { status: "OPEN", rosterSignedAt: null, startsAt: { lte: new Date(t + CHECK_IN_OPENS_MINUTES * 60_000) }, endsAt: { gte: new Date(t - CHECK_OUT_CLOSES_MINUTES * 60_000) } },
    },
    orderBy: { shift: { startsAt: "asc" } },
    take: 20,
    select: { status: true, checkedInAt: true, checkedOutAt: true, shift: { select: { id: true, startsAt: true, endsAt: true, place: true, radiusMeters: true, project: { select: { title: true } } } } },
  });
  return rows.map((r) => ({
    shiftId: r.shift.id,
    title: r.shift.project.title,
    startsAt: r.shift.startsAt,
    endsAt: r.shift.endsAt,
    place: r.shift.place,
    placeChecked: r.shift.radiusMeters !== null,
    checkedInAt: r.status === "ATTENDED" ? r.checkedInAt : null,
    checkedOutAt: r.status === "ATTENDED" ? r.checkedOutAt : null,
    next: (r.status === "ATTENDED" ? (r.checkedOutAt ? null : "OUT") : "IN") as "IN" | "OUT" | null,
  }));
}

/**
 * The organizer countersigns the roster once the shift has started: recorded and audited; then the
 * hours of everyone who checked in and out by code with enough coverage (and no record yet) are
 * confirmed in one go, at the covered span rounded down to the quarter hour. Others stay for manual
 * confirmation. Nobody countersigns a shift they volunteer on.
 */
export async function countersignRoster(orgId: string, actorId: string, shiftId: string, now = new Date()) {
  const signed = await prisma.$transaction(async (tx) => {
    const shift = await tx.shift.findFirst({
      where: { id: shiftId, project: { orgId } },
      select: { id: true, status: true, startsAt: true, rosterSignedAt: true, project: { select: { org: { select: { status: true } } } } },
    });
    if (!shift) throw new AppError("common.errors.http.404", 404);
    if (await isVolunteerOn(tx, shiftId, actorId)) throw new AppError("checkin.errors.ownShift", 403);
    if (shift.status !== "OPEN") throw new AppError("volunteering.errors.shiftCancelled", 409);
    if (shift.startsAt > now) throw new AppError("volunteering.errors.shiftNotStarted", 409);
    const res = await tx.shift.updateMany({ where: { id: shiftId, rosterSignedAt: null }, data: { rosterSignedById: actorId, rosterSignedAt: now } });
    if (res.count !== 1) throw new AppError("checkin.errors.alreadySigned", 409);
    await recordAudit({ actorId, action: "shift.rosterCountersigned", entityType: "Shift", entityId: shiftId, orgId, after: { at: now.toISOString() } }, tx);
    return tx.shift.findUniqueOrThrow({ where: { id: shiftId }, select: { id: true, startsAt: true, endsAt: true, minCoveragePercent: true } });
  }, TX);

  const candidates = await prisma.shiftSignup.findMany({
    where: { shiftId, status: "ATTENDED", serviceRecord: null, checkedInAt: { not: null }, checkedOutAt: { not: null } },
    select: { id: true, userId: true, checkedInAt: true, checkedOutAt: true },
  });
  const events = await acceptedEventsBySignup(prisma, { shiftId });
  const confirmed: string[] = [];
  const left: string[] = [];
  for (const s of candidates) {
    const cov = coverage(s, signed);
    const minutes = quarterHoursBelow(cov.coveredMinutes);
    if (s.userId === actorId || hoursSource(s, events.get(s.id) ?? []) !== "CHECK_IN" || cov.ratio * 100 < signed.minCoveragePercent || minutes <= 0) {
      left.push(s.id);
      continue;
    }
    try {
      assertSecondPerson(actorId, s.userId, "hours.errors.selfConfirm");
      await confirmHours(orgId, actorId, s.id, { minutes, role: COUNTERSIGN_ROLE });
      confirmed.push(s.id);
    } catch (e) {
      // A refusal for one volunteer (a full day already, …) leaves them for manual confirmation.
      if (e instanceof AppError) left.push(s.id);
      else throw e;
    }
  }
  return { confirmed, left };
}

/** Which of these records of the volunteer had their hours entered by hand (labelled as such). */
export async function manualRecordIds(userId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await prisma.serviceRecord.findMany({ where: { userId, id: { in: ids }, source: "MANUAL" }, select: { id: true } });
  return rows.map((r) => r.id);
}
