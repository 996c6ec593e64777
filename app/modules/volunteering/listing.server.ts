/** The public side: published projects with filters, and one project's page with open places. */
import { prisma, sqlRows } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";
import type { ProjectStatus, ServiceArea } from "~/generated/prisma/enums";
import { AppError } from "~/utils/errors";
import { singleFlight } from "~/utils/single-flight.server";
import { paginate } from "~/utils/pagination";
import type { ListingFilter } from "./schema";
import { beijingDay, calendarDate } from "./time";
import { waitlistRank } from "./signups.server";
import { insideCancelCutoff } from "./types";

export const LISTING_PAGE_SIZE = 20;
const VISIBLE = ["PUBLISHED", "CLOSED"] as const;

/** A shift that still has a place to take (the comparison of two columns is a Prisma field reference). */
const openShift = (): Prisma.ShiftWhereInput => ({ status: "OPEN", startsAt: { gt: new Date() }, taken: { lt: prisma.shift.fields.capacity } });

export async function listPublicProjects(f: ListingFilter) {
  const where: Prisma.VolunteerProjectWhereInput = {
    status: f.open ? "PUBLISHED" : { in: [...VISIBLE] },
    ...(f.district ? { districtCode: f.district } : {}),
    ...(f.category ? { category: f.category } : {}),
    // Date range: projects running at some point inside [from, to].
    ...(f.from ? { endDate: { gte: calendarDate(f.from) } } : {}),
    ...(f.to ? { startDate: { lte: calendarDate(f.to) } } : {}),
    ...(f.open ? { shifts: { some: openShift() } } : {}),
  };
  // Open and upcoming projects first, soonest first; then closed or finished ones, latest first (#12.7h).
  const current: Prisma.VolunteerProjectWhereInput = { status: "PUBLISHED", endDate: { gte: beijingDay(new Date()) } };
  const select = { id: true, title: true, category: true, districtCode: true, startDate: true, endDate: true, status: true, coverId: true, org: { select: { id: true, name: true } } } as const;
  const currentCount = await prisma.volunteerProject.count({ where: { AND: [where, current] } });
  const { rows, pagination } = await paginate(
    f.page,
    LISTING_PAGE_SIZE,
    () => prisma.volunteerProject.count({ where }),
    async ({ skip, take }) => {
      const first = skip < currentCount ? await prisma.volunteerProject.findMany({ where: { AND: [where, current] }, orderBy: [{ startDate: "asc" }, { id: "asc" }], skip, take, select }) : [];
      const rest = take - first.length;
      const second = rest > 0 ? await prisma.volunteerProject.findMany({ where: { AND: [where, { NOT: current }] }, orderBy: [{ endDate: "desc" }, { id: "asc" }], skip: Math.max(0, skip - currentCount), take: rest, select }) : [];
      return [...first, ...second];
    },
  );
  const ids = rows.map((r) => r.id);
  const places = ids.length
    ? await prisma.$queryRaw<{ projectId: string; open: bigint }[]>`
        SELECT "projectId", SUM(capacity - taken) AS open FROM "Shift"
        WHERE "projectId" = ANY(${ids}) AND status = 'OPEN' AND "startsAt" > now() GROUP BY "projectId"`
    : [];
  const openBy = new Map(places.map((p) => [p.projectId, Number(p.open)]));
  return { rows: rows.map((r) => ({ ...r, openPlaces: openBy.get(r.id) ?? 0 })), total: pagination.total, pagination };
}

/** A project page: only published or closed projects are public. */
type ProjectRow = {
  id: string;
  title: string;
  description: string;
  category: ServiceArea;
  districtCode: string;
  address: string;
  startDate: Date;
  endDate: Date;
  skills: string[];
  requirements: string | null;
  minAge: number | null;
  maxAge: number | null;
  contactName: string;
  contactPhone: string;
  contactPhonePublic: boolean;
  coverId: string | null;
  status: ProjectStatus;
  cancelCutoffHours: number;
  orgId: string;
  orgName: string;
};

type ShiftJson = { id: string; startsAt: string; endsAt: string; place: string; capacity: number; taken: number; requiredSkill: string | null; waitlist: number };

type PublicProjectRow = ProjectRow & { shifts: ShiftJson[] };
const sharedProjectRead = singleFlight<PublicProjectRow[]>();

/**
 * The project with its organization and its open shifts with their waitlists, in one statement (a
 * visitor's project page is issue 17.5's: the shifts travel as one JSON array, the first 200 by
 * start). The shifts are read only when the project itself is public.
 */
export async function getPublicProject(projectId: string, viewerId: string | null) {
  // The project and its shifts are the same for every viewer: views arriving while they are being
  // read join that statement (singleFlight); what is the viewer's own (below) is read for each.
  const rows = await sharedProjectRead(projectId, () => {
    const now = new Date();
    // On the pg pool, prepared once per connection (sqlRows): Prisma's work per raw query was the
    // larger part of this page's data cost.
    return sqlRows<PublicProjectRow>(Prisma.sql`
      SELECT p.id, p.title, p.description, p.category::text AS category, p."districtCode", p.address, p."startDate", p."endDate", p.skills, p.requirements,
             p."minAge", p."maxAge", p."contactName", p."contactPhone", p."contactPhonePublic", p."coverId", p.status::text AS status, p."cancelCutoffHours",
             o.id AS "orgId", o.name AS "orgName",
             COALESCE((
               SELECT json_agg(json_build_object('id', s.id, 'startsAt', s."startsAt", 'endsAt', s."endsAt", 'place', s.place, 'capacity', s.capacity, 'taken', s.taken,
                                                 'requiredSkill', s."requiredSkill", 'waitlist', (SELECT count(*) FROM "ShiftSignup" w WHERE w."shiftId" = s.id AND w.status = 'WAITLISTED'))
                               ORDER BY s."startsAt", s.id)
               FROM (SELECT * FROM "Shift" WHERE "projectId" = p.id AND status = 'OPEN' AND "endsAt" > ${now} ORDER BY "startsAt", id LIMIT 200) s
             ), '[]'::json) AS shifts
      FROM "VolunteerProject" p JOIN "Organization" o ON o.id = p."orgId"
      WHERE p.id = ${projectId} AND p.status::text = ANY(${[...VISIBLE] as string[]})`,
      { name: "public-project" },
    );
  });
  const row = rows[0];
  if (!row) throw new AppError("common.errors.http.404", 404);
  const { orgId, orgName, shifts: shiftRows, ...fields } = row;
  const shifts = shiftRows.map((s) => ({ ...s, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt), waitlist: Number(s.waitlist) }));
  const project = { ...fields, org: { id: orgId, name: orgName }, shifts };
  const mine = viewerId
    ? await prisma.shiftSignup.findMany({
        where: { userId: viewerId, shiftId: { in: project.shifts.map((s) => s.id) }, status: { in: ["CONFIRMED", "WAITLISTED", "ATTENDED"] } },
        select: { id: true, shiftId: true, status: true, waitlistPosition: true },
      })
    : [];
  const mineBy = new Map<string, { id: string; status: string; rank: number | null }>();
  for (const m of mine) mineBy.set(m.shiftId, { id: m.id, status: m.status, rank: m.waitlistPosition === null ? null : await waitlistRank(prisma, m.shiftId, m.waitlistPosition) });
  return {
    ...project,
    shifts: project.shifts.map((s) => {
      const insideCutoff = insideCancelCutoff(s.startsAt, project.cancelCutoffHours);
      // Decided here, not in the render: the page's HTML is then a function of this data alone.
      const upcoming = s.startsAt.getTime() > Date.now();
      const mine = mineBy.get(s.id);
      return {
        ...s,
        openPlaces: Math.max(0, s.capacity - s.taken),
        upcoming,
        insideCutoff,
        mine: mine ? { ...mine, canCancel: mine.status === "WAITLISTED" ? upcoming : mine.status === "CONFIRMED" && !insideCutoff } : null,
      };
    }),
  };
}
