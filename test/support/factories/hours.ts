/** Volunteer hours: organization roles, attendance and service records with valid defaults (ADR 007). */
import type { PrismaClient } from "~/generated/prisma/client";
import type { MemberRole, ServiceRecordStatus } from "~/generated/prisma/enums";
import { createUser, type UserOverrides } from "./accounts";

/** A new user (with a volunteer profile) who holds `role` in the organization. */
export async function addOrgMember(prisma: PrismaClient, orgId: string, role: MemberRole, o: UserOverrides = {}) {
  const user = await createUser(prisma, { profile: true, ...o });
  await prisma.orgMembership.create({ data: { orgId, userId: user.id, role } });
  return user;
}

export type AttendanceOverrides = { shiftId: string; userId: string; checkedInAt?: Date | null; checkedOutAt?: Date | null };

/**
 * An attended sign-up, as if the volunteer had signed up and been checked in (and out, when given).
 * Keeps the shift's `taken` count in step, like the sign-up service does.
 */
export async function createAttendance(prisma: PrismaClient, o: AttendanceOverrides) {
  const shift = await prisma.shift.findUniqueOrThrow({ where: { id: o.shiftId }, select: { startsAt: true } });
  const signup = await prisma.shiftSignup.create({
    data: { shiftId: o.shiftId, userId: o.userId, status: "ATTENDED", checkedInAt: o.checkedInAt === undefined ? shift.startsAt : o.checkedInAt, checkedOutAt: o.checkedOutAt ?? null },
    select: { id: true, shiftId: true, userId: true, checkedInAt: true, checkedOutAt: true },
  });
  await prisma.shift.update({ where: { id: o.shiftId }, data: { taken: { increment: 1 } } });
  return signup;
}

export type RecordOverrides = { signupId: string; minutes?: number; role?: string; status?: ServiceRecordStatus; confirmedById: string | null };

/** A service record for an attended sign-up, confirmed by `confirmedById` (on the shift's Beijing day). */
export async function createServiceRecord(prisma: PrismaClient, o: RecordOverrides) {
  const s = await prisma.shiftSignup.findUniqueOrThrow({
    where: { id: o.signupId },
    select: { id: true, userId: true, shift: { select: { id: true, startsAt: true, project: { select: { id: true, orgId: true, districtCode: true, category: true } } } } },
  });
  const beijing = new Date(s.shift.startsAt.getTime() + 8 * 3600_000);
  const serviceDate = new Date(Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate()));
  return prisma.serviceRecord.create({
    data: {
      userId: s.userId,
      orgId: s.shift.project.orgId,
      projectId: s.shift.project.id,
      shiftId: s.shift.id,
      signupId: s.id,
      districtCode: s.shift.project.districtCode,
      category: s.shift.project.category,
      serviceDate,
      minutes: o.minutes ?? 120,
      role: o.role ?? "志愿者",
      status: o.status ?? "CONFIRMED",
      confirmedById: o.confirmedById,
    },
    select: { id: true, userId: true, orgId: true, serviceDate: true, minutes: true },
  });
}
