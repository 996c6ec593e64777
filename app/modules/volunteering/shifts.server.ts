/** Shifts of a project: creation (with weekly repetition), changes and cancellation. */
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import type { ShiftInput, ShiftUpdateInput } from "./schema";
import { addDays, beijingInstant, projectWindow } from "./time";
import { newCheckInCode, shiftLabel } from "./codes.server";
import { lockShift, promoteWaitlist } from "./signups.server";

const TX = { maxWait: 20_000, timeout: 30_000 } as const;

async function projectOf(db: Db, orgId: string, projectId: string) {
  const project = await db.volunteerProject.findFirst({ where: { id: projectId, orgId }, select: { id: true, title: true, status: true, startDate: true, endDate: true } });
  if (!project) throw new AppError("common.errors.http.404", 404);
  if (project.status === "CANCELLED" || project.status === "CLOSED") throw new AppError("volunteering.errors.projectNotOpen", 409);
  return project;
}

function assertInsideProject(project: { startDate: Date; endDate: Date }, startsAt: Date) {
  const window = projectWindow(project.startDate, project.endDate);
  if (startsAt < window.from || startsAt >= window.to) throw new AppError("volunteering.errors.shiftOutsideProject", 400, {}, { date: "volunteering.errors.shiftOutsideProject" });
}

/** The place check (all or nothing, see the schema) and the coverage share; an absent share keeps the current one. */
function placeCheckData(input: { latitude?: number; longitude?: number; radiusMeters?: number; minCoveragePercent?: number }) {
  const place = input.latitude !== undefined && input.longitude !== undefined && input.radiusMeters !== undefined;
  return {
    latitude: place ? input.latitude : null,
    longitude: place ? input.longitude : null,
    radiusMeters: place ? input.radiusMeters : null,
    ...(input.minCoveragePercent !== undefined ? { minCoveragePercent: input.minCoveragePercent } : {}),
  };
}

/** Adds one shift, or the same shift every week for `repeatWeeks` weeks (all inside the project's dates). */
export async function addShifts(orgId: string, projectId: string, actorId: string, input: ShiftInput) {
  return prisma.$transaction(async (tx) => {
    const project = await projectOf(tx, orgId, projectId);
    const rows = Array.from({ length: input.repeatWeeks }, (_, week) => {
      const date = addDays(input.date, week * 7);
      return { startsAt: beijingInstant(date, input.startTime), endsAt: beijingInstant(date, input.endTime) };
    });
    for (const r of rows) assertInsideProject(project, r.startsAt);
    const created = [];
    for (const r of rows) {
      created.push(
        await tx.shift.create({
          data: { projectId, ...r, place: input.place, capacity: input.capacity, requiredSkill: input.requiredSkill ?? null, checkInCode: newCheckInCode(), ...placeCheckData(input) },
          select: { id: true },
        }),
      );
    }
    await recordAudit({ actorId, action: "shift.created", entityType: "VolunteerProject", entityId: projectId, orgId, after: { shifts: created.length, capacity: input.capacity, first: rows[0]!.startsAt.toISOString() } }, tx);
    await enqueueSearch(tx, "project", projectId);
    return created;
  }, TX);
}

/** The shift with its project, scoped to the organization (404 otherwise). */
async function shiftOf(db: Db, orgId: string, shiftId: string) {
  const shift = await db.shift.findFirst({
    where: { id: shiftId, project: { orgId } },
    select: { id: true, projectId: true, startsAt: true, endsAt: true, place: true, capacity: true, taken: true, requiredSkill: true, status: true, project: { select: { title: true, status: true, startDate: true, endDate: true } } },
  });
  if (!shift) throw new AppError("common.errors.http.404", 404);
  return shift;
}

/**
 * Changes a shift's time, place, capacity or skill. Volunteers already signed up keep their
 * places and are told; raising the capacity promotes from the waitlist in order.
 */
export async function updateShift(orgId: string, shiftId: string, actorId: string, input: ShiftUpdateInput) {
  return prisma.$transaction(async (tx) => {
    await shiftOf(tx, orgId, shiftId);
    await lockShift(tx, shiftId);
    const before = await shiftOf(tx, orgId, shiftId);
    if (before.status === "CANCELLED") throw new AppError("volunteering.errors.shiftCancelled", 409);
    const startsAt = beijingInstant(input.date, input.startTime);
    const endsAt = beijingInstant(input.date, input.endTime);
    assertInsideProject(before.project, startsAt);
    if (input.capacity < before.taken) throw new AppError("volunteering.errors.capacityBelowTaken", 409, { taken: before.taken }, { capacity: "volunteering.errors.capacityBelowTaken" });
    await tx.shift.update({ where: { id: shiftId }, data: { startsAt, endsAt, place: input.place, capacity: input.capacity, requiredSkill: input.requiredSkill ?? null, ...placeCheckData(input) } });
    const promoted = await promoteWaitlist(tx, shiftId);
    const changed = before.startsAt.getTime() !== startsAt.getTime() || before.endsAt.getTime() !== endsAt.getTime() || before.place !== input.place;
    if (changed) {
      const people = await tx.shiftSignup.findMany({ where: { shiftId, status: { in: ["CONFIRMED", "WAITLISTED"] } }, select: { userId: true } });
      for (const p of people) {
        await notify(tx, p.userId, "volunteering.shiftChanged", { project: before.project.title, time: shiftLabel({ startsAt, endsAt }), place: input.place }, "/me/volunteering");
      }
      // Day-before reminders follow the new time.
      await tx.shiftSignup.updateMany({ where: { shiftId }, data: { remindedAt: null } });
    }
    await recordAudit(
      {
        actorId,
        action: "shift.updated",
        entityType: "Shift",
        entityId: shiftId,
        orgId,
        before: { startsAt: before.startsAt.toISOString(), endsAt: before.endsAt.toISOString(), place: before.place, capacity: before.capacity },
        after: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), place: input.place, capacity: input.capacity },
      },
      tx,
    );
    await enqueueSearch(tx, "project", before.projectId);
    return { promoted };
  }, TX);
}

/** Cancels a shift inside a transaction: every active sign-up is cancelled and told why. */
export async function cancelShiftInTx(db: Db, shiftId: string, reason: "shiftCancelled" | "projectCancelled") {
  await lockShift(db, shiftId);
  const shift = await db.shift.findUniqueOrThrow({ where: { id: shiftId }, select: { startsAt: true, endsAt: true, status: true, project: { select: { title: true } } } });
  if (shift.status === "CANCELLED") return 0;
  const people = await db.shiftSignup.findMany({ where: { shiftId, status: { in: ["CONFIRMED", "WAITLISTED"] } }, select: { id: true, userId: true } });
  await db.shiftSignup.updateMany({ where: { shiftId, status: { in: ["CONFIRMED", "WAITLISTED"] } }, data: { status: "CANCELLED", cancelledAt: new Date(), waitlistPosition: null } });
  await db.shift.update({ where: { id: shiftId }, data: { status: "CANCELLED", taken: 0 } });
  for (const p of people) {
    await notify(db, p.userId, `volunteering.${reason}`, { project: shift.project.title, time: shiftLabel(shift) }, "/me/volunteering");
  }
  return people.length;
}

export async function cancelShift(orgId: string, shiftId: string, actorId: string) {
  return prisma.$transaction(async (tx) => {
    const shift = await shiftOf(tx, orgId, shiftId);
    if (shift.startsAt <= new Date()) throw new AppError("volunteering.errors.shiftStarted", 409);
    const told = await cancelShiftInTx(tx, shiftId, "shiftCancelled");
    await recordAudit({ actorId, action: "shift.cancelled", entityType: "Shift", entityId: shiftId, orgId, after: { signupsCancelled: told } }, tx);
    await enqueueSearch(tx, "project", shift.projectId);
    return { told };
  }, TX);
}

export type CancellationImpact = { signedUp: number; waitlisted: number; checkedIn: number };

/**
 * Who a cancellation would touch, for the confirmation step (#12.7a): sign-ups still in play on the
 * shift, or on every shift of the project still to come (the ones cancelling the project cancels).
 * Scoped by organization (404 otherwise).
 */
export async function cancellationImpact(orgId: string, target: { shiftId: string } | { projectId: string }): Promise<CancellationImpact> {
  const shiftWhere =
    "shiftId" in target
      ? { id: target.shiftId, project: { orgId } }
      : { projectId: target.projectId, project: { orgId }, status: "OPEN" as const, startsAt: { gt: new Date() } };
  if ("shiftId" in target) await shiftOf(prisma, orgId, target.shiftId);
  else if (!(await prisma.volunteerProject.count({ where: { id: target.projectId, orgId } }))) throw new AppError("common.errors.http.404", 404);
  const rows = await prisma.shiftSignup.groupBy({ by: ["status"], where: { shift: shiftWhere, status: { in: ["CONFIRMED", "WAITLISTED", "ATTENDED"] } }, _count: { _all: true } });
  const count = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
  return { signedUp: count("CONFIRMED") + count("ATTENDED"), waitlisted: count("WAITLISTED"), checkedIn: count("ATTENDED") };
}
