/** Volunteer projects and shifts with valid defaults; used by the tests and by the demo seed. */
import type { PrismaClient } from "~/generated/prisma/client";
import type { ProjectStatus, ServiceArea } from "~/generated/prisma/enums";
import { newCheckInCode } from "~/modules/volunteering/codes.server";

let seq = 0;
const DAY = 24 * 3600_000;

export type ProjectOverrides = {
  orgId: string;
  createdById: string;
  title?: string;
  description?: string;
  category?: ServiceArea;
  districtCode?: string;
  address?: string;
  startDate?: Date;
  endDate?: Date;
  status?: ProjectStatus;
  minAge?: number | null;
  maxAge?: number | null;
  skills?: string[];
  requirements?: string | null;
  cancelCutoffHours?: number;
  contactName?: string;
  contactPhone?: string;
};

/** Calendar date (UTC midnight) `days` from today. */
export const dayFromToday = (days: number) => {
  const d = new Date(Date.now() + days * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
};

export async function createProject(prisma: PrismaClient, o: ProjectOverrides) {
  seq++;
  const status = o.status ?? "PUBLISHED";
  return prisma.volunteerProject.create({
    data: {
      orgId: o.orgId,
      createdById: o.createdById,
      title: o.title ?? `社区志愿服务项目${seq}`,
      description: o.description ?? "为李家溪安置区的搬迁群众提供社区融入服务。\n\n- 协助登记\n- 陪伴老人",
      category: o.category ?? "COMMUNITY",
      districtCode: o.districtCode ?? "500114",
      address: o.address ?? "黔江区城南街道李家溪社区服务中心",
      startDate: o.startDate ?? dayFromToday(-30),
      endDate: o.endDate ?? dayFromToday(90),
      skills: o.skills ?? [],
      requirements: o.requirements ?? null,
      minAge: o.minAge ?? null,
      maxAge: o.maxAge ?? null,
      contactName: o.contactName ?? "陈老师",
      contactPhone: o.contactPhone ?? "023-79221234",
      cancelCutoffHours: o.cancelCutoffHours ?? 24,
      status,
      publishedAt: status === "DRAFT" ? null : new Date(),
    },
    select: { id: true, title: true, orgId: true, districtCode: true, category: true },
  });
}

export type ShiftOverrides = { projectId: string; startsAt?: Date; hours?: number; capacity?: number; place?: string; requiredSkill?: string | null; checkInCode?: string };

/** A shift; by default three hours, starting `2 + seq` days from now at 09:00 Beijing time. */
export async function createShift(prisma: PrismaClient, o: ShiftOverrides) {
  seq++;
  const startsAt = o.startsAt ?? new Date(dayFromToday(2 + (seq % 20)).getTime() + 1 * 3600_000);
  const endsAt = new Date(startsAt.getTime() + (o.hours ?? 3) * 3600_000);
  return prisma.shift.create({
    data: { projectId: o.projectId, startsAt, endsAt, place: o.place ?? "社区服务中心一楼", capacity: o.capacity ?? 10, requiredSkill: o.requiredSkill ?? null, checkInCode: o.checkInCode ?? newCheckInCode() },
    select: { id: true, startsAt: true, endsAt: true, capacity: true, checkInCode: true, projectId: true },
  });
}
