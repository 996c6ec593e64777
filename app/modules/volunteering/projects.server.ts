/** Volunteer projects: an organization's posting, its status, its cover, and per-project totals. */
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import type { UploadedFile } from "~/modules/files/files.server";
import type { ProjectInput } from "./schema";
import { PROJECT_TRANSITIONS, type ProjectStatus } from "./types";
import { calendarDate, projectWindow } from "./time";
import { cancelShiftInTx } from "./shifts.server";
import { saveUpload } from "~/modules/files/uploads.server";

const TX = { maxWait: 20_000, timeout: 30_000 } as const;

/** Fields kept in the audit trail (no personal data: the contact line is the organization's). */
const AUDITED = { title: true, category: true, districtCode: true, address: true, startDate: true, endDate: true, status: true, minAge: true, maxAge: true, cancelCutoffHours: true, coverId: true } as const;

function dataFrom(input: ProjectInput) {
  return {
    title: input.title,
    description: input.description,
    category: input.category,
    districtCode: input.districtCode,
    address: input.address,
    startDate: calendarDate(input.startDate),
    endDate: calendarDate(input.endDate),
    skills: input.skills,
    requirements: input.requirements ?? null,
    minAge: input.minAge ?? null,
    maxAge: input.maxAge ?? null,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    contactPhonePublic: input.contactPhonePublic,
    cancelCutoffHours: input.cancelCutoffHours,
  };
}

async function storeCover(db: Db, orgId: string, userId: string, cover: UploadedFile) {
  const file = await saveUpload(db, { orgId, uploadedById: userId, purpose: "project-cover", visibility: "PUBLIC", file: cover });
  return file.id;
}

export async function createProject(orgId: string, actorId: string, input: ProjectInput, cover?: UploadedFile) {
  return prisma.$transaction(async (tx) => {
    const coverId = cover ? await storeCover(tx, orgId, actorId, cover) : null;
    const project = await tx.volunteerProject.create({ data: { ...dataFrom(input), orgId, createdById: actorId, coverId }, select: { id: true, ...AUDITED } });
    await recordAudit({ actorId, action: "project.created", entityType: "VolunteerProject", entityId: project.id, orgId, after: jsonOf(project) }, tx);
    await enqueueSearch(tx, "project", project.id);
    return { id: project.id };
  }, TX);
}

/** Editing keeps shifts and sign-ups; only the description of the project changes. */
export async function updateProject(orgId: string, projectId: string, actorId: string, input: ProjectInput, cover?: UploadedFile) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.volunteerProject.findFirst({ where: { id: projectId, orgId }, select: AUDITED });
    if (!before) throw new AppError("common.errors.http.404", 404);
    if (before.status === "CANCELLED") throw new AppError("volunteering.errors.projectCancelled", 409);
    const shiftRange = await tx.shift.aggregate({ where: { projectId, status: "OPEN" }, _min: { startsAt: true }, _max: { startsAt: true } });
    const data = dataFrom(input);
    // Existing shifts must stay inside the project's dates.
    const window = projectWindow(data.startDate, data.endDate);
    if (shiftRange._min.startsAt && (shiftRange._min.startsAt < window.from || shiftRange._max.startsAt! >= window.to)) {
      throw new AppError("volunteering.errors.shiftsOutsideDates", 409, {}, { startDate: "volunteering.errors.shiftsOutsideDates" });
    }
    const coverId = cover ? await storeCover(tx, orgId, actorId, cover) : undefined;
    const after = await tx.volunteerProject.update({ where: { id: projectId }, data: { ...data, ...(coverId ? { coverId } : {}) }, select: AUDITED });
    await recordAudit({ actorId, action: "project.updated", entityType: "VolunteerProject", entityId: projectId, orgId, before: jsonOf(before), after: jsonOf(after) }, tx);
    await enqueueSearch(tx, "project", projectId);
  }, TX);
}

/**
 * Draft → published → closed / cancelled. Closing stops new sign-ups but keeps the shifts;
 * cancelling cancels every shift still to come and tells the volunteers.
 */
export async function setProjectStatus(orgId: string, projectId: string, actorId: string, to: ProjectStatus) {
  return prisma.$transaction(async (tx) => {
    const project = await tx.volunteerProject.findFirst({ where: { id: projectId, orgId }, select: { status: true, title: true, publishedAt: true } });
    if (!project) throw new AppError("common.errors.http.404", 404);
    if (!PROJECT_TRANSITIONS[project.status].includes(to)) throw new AppError("volunteering.errors.badTransition", 409);
    if (to === "PUBLISHED") {
      const shifts = await tx.shift.count({ where: { projectId, status: "OPEN" } });
      if (shifts === 0) throw new AppError("volunteering.errors.publishNeedsShift", 409);
    }
    const updated = await tx.volunteerProject.updateMany({ where: { id: projectId, status: project.status }, data: { status: to, ...(to === "PUBLISHED" && !project.publishedAt ? { publishedAt: new Date() } : {}) } });
    if (updated.count !== 1) throw new AppError("volunteering.errors.changedMeanwhile", 409);
    if (to === "CANCELLED") {
      const shifts = await tx.shift.findMany({ where: { projectId, status: "OPEN", startsAt: { gt: new Date() } }, select: { id: true } });
      for (const s of shifts) await cancelShiftInTx(tx, s.id, "projectCancelled");
    }
    await recordAudit({ actorId, action: `project.${to.toLowerCase()}`, entityType: "VolunteerProject", entityId: projectId, orgId, before: { status: project.status }, after: { status: to } }, tx);
    await enqueueSearch(tx, "project", projectId);
  }, TX);
}

/** The management view of one project, scoped to its organization (404 otherwise). */
export async function getOrgProject(orgId: string, projectId: string) {
  const project = await prisma.volunteerProject.findFirst({
    where: { id: projectId, orgId },
    select: {
      id: true,
      title: true,
      description: true,
      category: true,
      districtCode: true,
      address: true,
      startDate: true,
      endDate: true,
      skills: true,
      requirements: true,
      minAge: true,
      maxAge: true,
      contactName: true,
      contactPhone: true,
      contactPhonePublic: true,
      coverId: true,
      needId: true,
      status: true,
      cancelCutoffHours: true,
      shifts: {
        orderBy: { startsAt: "asc" },
        select: { id: true, startsAt: true, endsAt: true, place: true, capacity: true, taken: true, requiredSkill: true, status: true, _count: { select: { signups: { where: { status: "WAITLISTED" } } } } },
      },
    },
  });
  if (!project) throw new AppError("common.errors.http.404", 404);
  return project;
}

export type ProjectTotals = { volunteers: number; personTimes: number; minutes: number };

/** Totals from confirmed service records, per project: unique volunteers, person-times, minutes. */
export async function projectTotals(orgId: string, projectIds?: string[]): Promise<Map<string, ProjectTotals>> {
  const rows = await prisma.$queryRaw<{ projectId: string; volunteers: bigint; personTimes: bigint; minutes: bigint | null }[]>`
    SELECT "projectId", COUNT(DISTINCT "userId") AS volunteers, COUNT(*) AS "personTimes", SUM(minutes) AS minutes
    FROM "ServiceRecord" WHERE "orgId" = ${orgId} GROUP BY "projectId"`;
  const map = new Map<string, ProjectTotals>();
  for (const r of rows) {
    if (projectIds && !projectIds.includes(r.projectId)) continue;
    map.set(r.projectId, { volunteers: Number(r.volunteers), personTimes: Number(r.personTimes), minutes: Number(r.minutes ?? 0) });
  }
  return map;
}

export const ORG_PROJECTS_PAGE_SIZE = 50;

/** One page of the organization's projects, with the totals of every project (not just this page). */
export async function listOrgProjects(orgId: string, page = 1) {
  const where = { orgId };
  const [{ rows, pagination }, totals] = await Promise.all([
    paginate(
      page,
      ORG_PROJECTS_PAGE_SIZE,
      () => prisma.volunteerProject.count({ where }),
      (window) =>
        prisma.volunteerProject.findMany({
          where,
          orderBy: [{ startDate: "desc" }, { createdAt: "desc" }, { id: "asc" }],
          ...window,
          select: { id: true, title: true, status: true, startDate: true, endDate: true, districtCode: true, category: true, _count: { select: { shifts: true } } },
        }),
    ),
    projectTotals(orgId),
  ]);
  const sum = { personTimes: 0, minutes: 0 };
  for (const t of totals.values()) {
    sum.personTimes += t.personTimes;
    sum.minutes += t.minutes;
  }
  return { items: rows.map((p) => ({ ...p, totals: totals.get(p.id) ?? { volunteers: 0, personTimes: 0, minutes: 0 } })), pagination, sum };
}

function jsonOf(o: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(o)) as Record<string, string | number | null>;
}
