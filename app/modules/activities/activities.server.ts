/**
 * Activities an organization held and its key poverty-relief projects. An activity's people
 * reached are recorded as reach rows in the same transaction.
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { assertOwnedByOrg } from "~/modules/organizations/ownership.server";
import { recordReach } from "~/modules/reach/reach.server";
import { ensureStatistics } from "~/modules/statistics/install.server";
import type { ActivityInput, ReliefProjectInput } from "./schema";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function createReliefProject(orgId: string, actorId: string | null, input: ReliefProjectInput, db: Db = prisma) {
  await ensureStatistics();
  const row = await db.reliefProject.create({
    data: {
      orgId,
      name: input.name,
      category: input.category,
      districtCode: input.districtCode,
      startsOn: day(input.startsOn),
      endsOn: input.endsOn ? day(input.endsOn) : null,
      description: input.description ?? null,
    },
    select: { id: true },
  });
  await recordAudit({ actorId, action: "reliefProject.created", entityType: "ReliefProject", entityId: row.id, orgId }, db);
  return row;
}

export async function createActivity(orgId: string, actorId: string | null, input: ActivityInput & { importJobId?: string }, db: Db = prisma) {
  await ensureStatistics();
  return inTransaction(db, async (tx) => {
    if (input.reliefProjectId) {
      const p = await tx.reliefProject.findFirst({ where: { id: input.reliefProjectId, orgId }, select: { id: true } });
      if (!p) throw new AppError("stats.activities.errors.projectNotFound", 400, {}, { reliefProjectId: "stats.activities.errors.projectNotFound" });
    }
    await assertOwnedByOrg(tx, orgId, { needId: input.needId });
    const a = await tx.activity.create({
      data: {
        orgId,
        title: input.title,
        kind: input.kind,
        heldOn: day(input.heldOn),
        districtCode: input.districtCode,
        place: input.place ?? null,
        reliefProjectId: input.reliefProjectId ?? null,
        needId: input.needId ?? null,
        participants: input.participants,
        volunteers: input.volunteers,
        staff: input.staff,
        note: input.note ?? null,
        importJobId: input.importJobId ?? null,
        createdById: actorId,
      },
      select: { id: true },
    });
    await recordReach(tx, {
      orgId,
      occurredOn: day(input.heldOn),
      districtCode: input.districtCode,
      source: "ACTIVITY",
      sourceId: a.id,
      beneficiaryIds: input.beneficiaryIds,
      crowds: input.headCount > 0 ? [{ headCount: input.headCount, groups: input.groups }] : [],
      importJobId: input.importJobId ?? null,
    });
    if (!input.importJobId) await recordAudit({ actorId, action: "activity.created", entityType: "Activity", entityId: a.id, orgId }, tx);
    return a;
  });
}

export async function listActivities(orgId: string, opts: { page: number; pageSize: number }) {
  const where = { orgId };
  const [{ rows, pagination }, projects] = await Promise.all([
    paginate(
      opts.page,
      opts.pageSize,
      () => prisma.activity.count({ where }),
      (window) =>
        prisma.activity.findMany({
          where,
          orderBy: [{ heldOn: "desc" }, { id: "asc" }],
          ...window,
          select: { id: true, title: true, kind: true, heldOn: true, districtCode: true, participants: true, volunteers: true, staff: true, reliefProject: { select: { name: true } } },
        }),
    ),
    prisma.reliefProject.findMany({ where: { orgId }, orderBy: { startsOn: "desc" }, select: { id: true, name: true, startsOn: true, endsOn: true, districtCode: true, category: true } }),
  ]);
  return { rows, total: pagination.total, pagination, projects };
}
