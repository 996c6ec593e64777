/**
 * Sign-ups, the waitlist and cancellations.
 *
 * Every change to who holds a place in a shift happens inside one transaction holding a row lock
 * on the shift (`SELECT … FOR UPDATE`), so `taken` can never pass `capacity` and the waitlist is
 * promoted strictly in queue order, however many people press the button at once. A volunteer's
 * own row is locked first (same order everywhere), so two sign-ups of one person for two
 * overlapping shifts cannot both pass the clash check.
 */
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { notify } from "~/modules/notifications/notifications.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { ACTIVE_SIGNUP, insideCancelCutoff } from "./types";
import { ageOn, beijingDay } from "./time";
import { shiftLabel } from "./codes.server";

/** Generous waits: under a rush, sign-ups queue on the shift's lock rather than fail. */
const TX = { maxWait: 60_000, timeout: 60_000 } as const;

export async function lockShift(db: Db, shiftId: string) {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Shift" WHERE id = ${shiftId} FOR UPDATE`;
  if (!rows.length) throw new AppError("common.errors.http.404", 404);
}

async function lockUser(db: Db, userId: string) {
  await db.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR NO KEY UPDATE`;
}

export type SignupResult = { status: "CONFIRMED" | "WAITLISTED"; position: number | null; signupId: string };

export async function signUpForShift(userId: string, shiftId: string): Promise<SignupResult> {
  try {
    return await prisma.$transaction(async (tx) => {
      await lockUser(tx, userId);
      await lockShift(tx, shiftId);
      const shift = await tx.shift.findUniqueOrThrow({
        where: { id: shiftId },
        select: {
          id: true,
          startsAt: true,
          endsAt: true,
          capacity: true,
          taken: true,
          status: true,
          requiredSkill: true,
          project: { select: { id: true, title: true, status: true, minAge: true, maxAge: true } },
        },
      });
      if (shift.project.status !== "PUBLISHED") throw new AppError("volunteering.errors.projectNotOpen", 409);
      if (shift.status !== "OPEN") throw new AppError("volunteering.errors.shiftCancelled", 409);
      if (shift.startsAt <= new Date()) throw new AppError("volunteering.errors.shiftStarted", 409);

      const profile = await tx.volunteerProfile.findUnique({ where: { userId }, select: { birthDate: true, skills: true } });
      if (!profile) throw new AppError("volunteering.errors.profileRequired", 403);
      const age = ageOn(profile.birthDate, beijingDay(shift.startsAt));
      if (shift.project.minAge !== null && age < shift.project.minAge) throw new AppError("volunteering.errors.tooYoung", 409, { age: shift.project.minAge });
      if (shift.project.maxAge !== null && age > shift.project.maxAge) throw new AppError("volunteering.errors.tooOld", 409, { age: shift.project.maxAge });
      if (shift.requiredSkill && !profile.skills.some((s) => s.toLowerCase() === shift.requiredSkill!.toLowerCase())) {
        throw new AppError("volunteering.errors.skillRequired", 409, { skill: shift.requiredSkill });
      }

      const existing = await tx.shiftSignup.findUnique({ where: { shiftId_userId: { shiftId, userId } }, select: { id: true, status: true } });
      if (existing && existing.status !== "CANCELLED") throw new AppError("volunteering.errors.alreadySignedUp", 409);

      const clash = await tx.shiftSignup.findFirst({
        where: {
          userId,
          shiftId: { not: shiftId },
          status: { in: [...ACTIVE_SIGNUP] },
          shift: { status: "OPEN", startsAt: { lt: shift.endsAt }, endsAt: { gt: shift.startsAt } },
        },
        select: { shift: { select: { startsAt: true, endsAt: true, project: { select: { title: true } } } } },
      });
      if (clash) throw new AppError("volunteering.errors.clash", 409, { project: clash.shift.project.title, time: shiftLabel(clash.shift) });

      const hasPlace = shift.taken < shift.capacity;
      let position: number | null = null;
      if (hasPlace) {
        await tx.shift.update({ where: { id: shiftId }, data: { taken: { increment: 1 } } });
      } else {
        const last = await tx.shiftSignup.aggregate({ where: { shiftId, waitlistPosition: { not: null } }, _max: { waitlistPosition: true } });
        position = (last._max.waitlistPosition ?? 0) + 1;
      }
      const status = hasPlace ? ("CONFIRMED" as const) : ("WAITLISTED" as const);
      const data = { status, waitlistPosition: position, cancelledAt: null, promotedAt: null, remindedAt: null, checkedInAt: null, checkedOutAt: null, createdAt: new Date() };
      const signup = existing
        ? await tx.shiftSignup.update({ where: { id: existing.id }, data, select: { id: true } })
        : await tx.shiftSignup.create({ data: { ...data, shiftId, userId }, select: { id: true } });

      const rank = position === null ? null : await waitlistRank(tx, shiftId, position);
      const params = { project: shift.project.title, time: shiftLabel(shift), ...(rank ? { position: rank } : {}) };
      await notify(tx, userId, hasPlace ? "volunteering.signupConfirmed" : "volunteering.waitlisted", params, "/me/volunteering");
      await enqueueSearch(tx, "project", shift.project.id);
      return { status, position: rank, signupId: signup.id };
    }, TX);
  } catch (e) {
    // Two tabs of the same person racing: the unique (shiftId, userId) decides.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw new AppError("volunteering.errors.alreadySignedUp", 409);
    throw e;
  }
}

/** Place in the queue as people see it (1 = next), whatever gaps cancellations left in positions. */
export async function waitlistRank(db: Db, shiftId: string, position: number) {
  const ahead = await db.shiftSignup.count({ where: { shiftId, status: "WAITLISTED", waitlistPosition: { lt: position } } });
  return ahead + 1;
}

/**
 * Fills free places from the waitlist in queue order. The caller must hold the shift's lock.
 * Returns the promoted user ids.
 */
export async function promoteWaitlist(db: Db, shiftId: string) {
  const shift = await db.shift.findUniqueOrThrow({ where: { id: shiftId }, select: { capacity: true, taken: true, status: true, startsAt: true, endsAt: true, projectId: true, project: { select: { title: true } } } });
  if (shift.status !== "OPEN" || shift.startsAt <= new Date()) return [];
  const free = shift.capacity - shift.taken;
  if (free <= 0) return [];
  const next = await db.shiftSignup.findMany({ where: { shiftId, status: "WAITLISTED" }, orderBy: { waitlistPosition: "asc" }, take: free, select: { id: true, userId: true } });
  const now = new Date();
  for (const s of next) {
    await db.shiftSignup.update({ where: { id: s.id }, data: { status: "CONFIRMED", waitlistPosition: null, promotedAt: now } });
    await notify(db, s.userId, "volunteering.promoted", { project: shift.project.title, time: shiftLabel(shift) }, "/me/volunteering");
  }
  if (next.length) await db.shift.update({ where: { id: shiftId }, data: { taken: { increment: next.length } } });
  return next.map((s) => s.userId);
}

/**
 * A volunteer cancels their own sign-up. A confirmed place can be given up until the project's
 * cut-off before the shift; the first on the waitlist then takes it. Leaving the waitlist is always
 * allowed before the shift starts.
 */
export async function cancelSignup(userId: string, signupId: string) {
  return prisma.$transaction(async (tx) => {
    const found = await tx.shiftSignup.findFirst({ where: { id: signupId, userId }, select: { shiftId: true } });
    if (!found) throw new AppError("common.errors.http.404", 404);
    await lockShift(tx, found.shiftId);
    const signup = await tx.shiftSignup.findUniqueOrThrow({
      where: { id: signupId },
      select: { status: true, shift: { select: { id: true, startsAt: true, endsAt: true, project: { select: { id: true, title: true, cancelCutoffHours: true } } } } },
    });
    const { shift } = signup;
    if (signup.status !== "CONFIRMED" && signup.status !== "WAITLISTED") throw new AppError("volunteering.errors.cannotCancel", 409);
    const now = Date.now();
    if (shift.startsAt.getTime() <= now) throw new AppError("volunteering.errors.shiftStarted", 409);
    if (signup.status === "CONFIRMED" && insideCancelCutoff(shift.startsAt, shift.project.cancelCutoffHours, now)) {
      throw new AppError("volunteering.errors.cutoffPassed", 409, { hours: shift.project.cancelCutoffHours });
    }
    await tx.shiftSignup.update({ where: { id: signupId }, data: { status: "CANCELLED", cancelledAt: new Date(), waitlistPosition: null } });
    let promoted: string[] = [];
    if (signup.status === "CONFIRMED") {
      await tx.shift.update({ where: { id: shift.id }, data: { taken: { decrement: 1 } } });
      promoted = await promoteWaitlist(tx, shift.id);
    }
    await enqueueSearch(tx, "project", shift.project.id);
    return { promoted };
  }, TX);
}

export const UPCOMING_PAGE_SIZE = 50;

/** The volunteer's upcoming and waitlisted shifts, with their place in the queue, one page at a time. */
export async function listMyUpcoming(userId: string, page = 1) {
  const where = { userId, status: { in: ["CONFIRMED", "WAITLISTED", "ATTENDED"] as ("CONFIRMED" | "WAITLISTED" | "ATTENDED")[] }, shift: { endsAt: { gt: new Date(Date.now() - 24 * 3600_000) } } };
  const { rows, pagination } = await paginate(
    page,
    UPCOMING_PAGE_SIZE,
    () => prisma.shiftSignup.count({ where }),
    (window) =>
      prisma.shiftSignup.findMany({
        where,
        orderBy: [{ shift: { startsAt: "asc" } }, { id: "asc" }],
        ...window,
        select: {
          id: true,
          status: true,
          waitlistPosition: true,
          checkedInAt: true,
          checkedOutAt: true,
          shift: { select: { id: true, startsAt: true, endsAt: true, place: true, status: true, project: { select: { id: true, title: true, cancelCutoffHours: true, org: { select: { name: true } } } } } },
        },
      }),
  );
  const items = await Promise.all(
    rows.map(async (r) => ({
      ...r,
      queueRank: r.status === "WAITLISTED" && r.waitlistPosition !== null ? await waitlistRank(prisma, r.shift.id, r.waitlistPosition) : null,
      canCancel:
        (r.status === "WAITLISTED" && r.shift.startsAt.getTime() > Date.now()) ||
        (r.status === "CONFIRMED" && !insideCancelCutoff(r.shift.startsAt, r.shift.project.cancelCutoffHours)),
    })),
  );
  return { items, pagination };
}
