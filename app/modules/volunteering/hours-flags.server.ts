/**
 * Reasons to hold a service record for review before it is announced (issue 15.1). Each rule looks at
 * one record and writes at most one HoursFlag row, whose `detail` carries the numbers the review
 * pages put into words (i18n `review.flags.<KIND>`). The rules are deliberately narrow: an honest
 * record — one shift a day, confirmed within the week, checked in from one's own phone at the
 * place — raises none of them.
 */
import type { Db } from "~/utils/db.server";
import type { HoursFlagKind } from "~/generated/prisma/enums";
import type { Prisma } from "~/generated/prisma/client";

/** More than this many minutes in one Beijing day, across organizations, is looked at. */
export const FLAG_DAY_MINUTES = 12 * 60;
/** A record entered this long after its shift ended is "late"… */
export const LATE_ENTRY_DAYS = 7;
/** …and flagged only when the same confirmer entered at least this many late records… */
export const LATE_BULK_MIN_RECORDS = 5;
/** …within this many minutes either side of it (one honest late entry is not flagged). */
export const LATE_BULK_WINDOW_MINUTES = 30;
/** One device used for accepted check-ins by at least this many people on one shift. */
export const SHARED_DEVICE_MIN_USERS = 3;

export const FLAG_KINDS = ["OVERLAP", "DAY_OVER_12H", "LATE_BULK_ENTRY", "SHARED_DEVICE", "OUTSIDE_PLACE"] as const satisfies readonly HoursFlagKind[];

export type FlagDetail = Record<string, string | number | null>;
export type RaisedFlag = { kind: HoursFlagKind; detail: FlagDetail };

const DAY_MS = 24 * 3600_000;

type Subject = {
  id: string;
  userId: string;
  shiftId: string;
  serviceDate: Date;
  minutes: number;
  createdAt: Date;
  confirmedById: string | null;
  shift: { startsAt: Date; endsAt: Date; radiusMeters: number | null };
};

async function overlap(db: Db, r: Subject): Promise<RaisedFlag | null> {
  const others = await db.serviceRecord.findMany({
    where: { userId: r.userId, id: { not: r.id }, standing: { not: "REJECTED" }, shift: { startsAt: { lt: r.shift.endsAt }, endsAt: { gt: r.shift.startsAt } } },
    select: { shift: { select: { startsAt: true, endsAt: true } } },
    orderBy: { shift: { startsAt: "asc" } },
    take: 20,
  });
  if (!others.length) return null;
  const from = new Date(Math.max(r.shift.startsAt.getTime(), Math.min(...others.map((o) => o.shift.startsAt.getTime()))));
  const to = new Date(Math.min(r.shift.endsAt.getTime(), Math.max(...others.map((o) => o.shift.endsAt.getTime()))));
  return { kind: "OVERLAP", detail: { records: others.length, from: from.toISOString(), to: to.toISOString() } };
}

async function dayOver12h(db: Db, r: Subject): Promise<RaisedFlag | null> {
  const agg = await db.serviceRecord.aggregate({ where: { userId: r.userId, serviceDate: r.serviceDate, id: { not: r.id }, standing: { not: "REJECTED" } }, _sum: { minutes: true } });
  const total = (agg._sum.minutes ?? 0) + r.minutes;
  if (total <= FLAG_DAY_MINUTES) return null;
  return { kind: "DAY_OVER_12H", detail: { minutes: total, limit: FLAG_DAY_MINUTES, date: r.serviceDate.toISOString().slice(0, 10) } };
}

const isLate = (createdAt: Date, shiftEndsAt: Date) => createdAt.getTime() - shiftEndsAt.getTime() > LATE_ENTRY_DAYS * DAY_MS;

/** The late records the same confirmer entered around this one (this one included), or null when not a bulk. */
async function lateBulk(db: Db, r: Subject): Promise<{ flag: RaisedFlag; ids: string[] } | null> {
  if (!r.confirmedById || !isLate(r.createdAt, r.shift.endsAt)) return null;
  const window = LATE_BULK_WINDOW_MINUTES * 60_000;
  const around = await db.serviceRecord.findMany({
    where: { confirmedById: r.confirmedById, createdAt: { gte: new Date(r.createdAt.getTime() - window), lte: new Date(r.createdAt.getTime() + window) } },
    select: { id: true, createdAt: true, shift: { select: { endsAt: true } } },
    take: 1000,
  });
  const late = around.filter((o) => isLate(o.createdAt, o.shift.endsAt));
  if (late.length < LATE_BULK_MIN_RECORDS) return null;
  const daysLate = Math.floor((r.createdAt.getTime() - r.shift.endsAt.getTime()) / DAY_MS);
  return { flag: { kind: "LATE_BULK_ENTRY", detail: { records: late.length, days: daysLate, windowMinutes: LATE_BULK_WINDOW_MINUTES } }, ids: late.map((o) => o.id) };
}

async function sharedDevice(db: Db, r: Subject): Promise<RaisedFlag | null> {
  const mine = await db.checkInEvent.findMany({ where: { shiftId: r.shiftId, userId: r.userId, accepted: true, deviceHash: { not: null } }, select: { deviceHash: true }, distinct: ["deviceHash"] });
  let most = 0;
  for (const { deviceHash } of mine) {
    const users = await db.checkInEvent.findMany({ where: { shiftId: r.shiftId, accepted: true, deviceHash }, select: { userId: true }, distinct: ["userId"] });
    most = Math.max(most, users.length);
  }
  if (most < SHARED_DEVICE_MIN_USERS) return null;
  return { kind: "SHARED_DEVICE", detail: { users: most } };
}

async function outsidePlace(db: Db, r: Subject): Promise<RaisedFlag | null> {
  if (r.shift.radiusMeters === null) return null;
  const checkIn = await db.checkInEvent.findFirst({
    where: { shiftId: r.shiftId, userId: r.userId, kind: "IN", accepted: true },
    orderBy: { createdAt: "desc" },
    select: { withinRadius: true, distanceM: true },
  });
  // Without a self check-in (staff marked the volunteer present) there is no position to judge.
  if (!checkIn || checkIn.withinRadius === true) return null;
  return { kind: "OUTSIDE_PLACE", detail: { radius: r.shift.radiusMeters, distance: checkIn.distanceM, known: checkIn.withinRadius === null ? 0 : 1 } };
}

/**
 * Works out every reason to hold the record. Also returns the ids of the other records of a late
 * bulk entry, so the caller can hold those too (the first four of a bulk were not yet a bulk when
 * they were entered).
 */
export async function detectFlags(db: Db, recordId: string): Promise<{ flags: RaisedFlag[]; bulkIds: string[] }> {
  const r = await db.serviceRecord.findUniqueOrThrow({
    where: { id: recordId },
    select: { id: true, userId: true, shiftId: true, serviceDate: true, minutes: true, createdAt: true, confirmedById: true, shift: { select: { startsAt: true, endsAt: true, radiusMeters: true } } },
  });
  // One after the other: inside an interactive transaction the queries share one connection anyway.
  const b = await lateBulk(db, r);
  const flags = [await overlap(db, r), await dayOver12h(db, r), b?.flag ?? null, await sharedDevice(db, r), await outsidePlace(db, r)].filter((f): f is RaisedFlag => f !== null);
  return { flags, bulkIds: b?.ids.filter((id) => id !== r.id) ?? [] };
}

/** Replaces the record's flags with these (a re-assessment starts from nothing). */
export async function writeFlags(db: Db, recordId: string, flags: RaisedFlag[]) {
  await db.hoursFlag.deleteMany({ where: { recordId } });
  if (flags.length) await db.hoursFlag.createMany({ data: flags.map((f) => ({ recordId, kind: f.kind, detail: f.detail as Prisma.InputJsonValue })) });
}
