/**
 * Verifying producers, in two steps as the 832 platform does: the district's civil-affairs bureau
 * recommends (or returns) a SUBMITTED registration, then city staff approve, return or reject the
 * RECOMMENDED one. Staff may suspend an approved producer on a price, quality or origin complaint
 * and reinstate it.
 *
 * Who is who: district staff are bureau staff whose `User.districtCode` is the producer's district;
 * city staff are bureau staff without a district, and every bureau admin. Nobody decides on their
 * own work: the member of the supporting organization, the producer's own account and (for the
 * approval) the staff member who recommended it are refused.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { Prisma } from "~/generated/prisma/client";
import type { GlobalRole, ProducerKind, ProducerStatus } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueProducerProducts } from "~/modules/products/products.server";
import { notify } from "~/modules/notifications/notifications.server";
import { assertNotOwnOrganization } from "~/modules/organizations/self-review.server";
import { pageInfo } from "~/utils/pagination";
import type { ReviewDecision, ReviewInput } from "./schema";
import { PAGE_SIZE } from "./producers.server";

export type Reviewer = {
  id: string;
  globalRole: GlobalRole;
  districtCode: string | null;
};
type Step = "district" | "city" | "either";

/** Each decision: the statuses it applies to, the one it leads to, and which staff take it there. */
export const DECISIONS: readonly {
  decision: ReviewDecision;
  from: ProducerStatus;
  to: ProducerStatus;
  by: Step;
}[] = [
  {
    decision: "RECOMMEND",
    from: "SUBMITTED",
    to: "RECOMMENDED",
    by: "district",
  },
  { decision: "RETURN", from: "SUBMITTED", to: "RETURNED", by: "district" },
  { decision: "APPROVE", from: "RECOMMENDED", to: "APPROVED", by: "city" },
  { decision: "RETURN", from: "RECOMMENDED", to: "RETURNED", by: "city" },
  { decision: "REJECT", from: "RECOMMENDED", to: "REJECTED", by: "city" },
  { decision: "SUSPEND", from: "APPROVED", to: "SUSPENDED", by: "either" },
  { decision: "REINSTATE", from: "SUSPENDED", to: "APPROVED", by: "either" },
];

const isStaffRole = (r: GlobalRole) => r === "BUREAU_STAFF" || r === "BUREAU_ADMIN";
export const isDistrictStaff = (r: Reviewer, districtCode: string) => isStaffRole(r.globalRole) && r.districtCode === districtCode;
export const isCityStaff = (r: Reviewer) => r.globalRole === "BUREAU_ADMIN" || (r.globalRole === "BUREAU_STAFF" && !r.districtCode);

function canTake(r: Reviewer, by: Step, districtCode: string) {
  if (by === "district") return isDistrictStaff(r, districtCode);
  if (by === "city") return isCityStaff(r);
  return isCityStaff(r) || isDistrictStaff(r, districtCode);
}

export async function loadReviewer(userId: string): Promise<Reviewer> {
  const u = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, globalRole: true, districtCode: true },
  });
  if (!u || !isStaffRole(u.globalRole)) throw new AppError("errors.http.403", 403);
  return u;
}

type Reviewed = {
  status: ProducerStatus;
  districtCode: string;
  recommendedById: string | null;
  accountUserId: string | null;
};

/** The decisions this reviewer may take on this producer now (for the page; the service checks again). */
export function allowedDecisions(r: Reviewer, p: Reviewed, ownOrganization: boolean): ReviewDecision[] {
  if (ownOrganization || p.accountUserId === r.id) return [];
  return [...new Set(DECISIONS.filter((d) => d.from === p.status && canTake(r, d.by, p.districtCode) && !(d.decision === "APPROVE" && p.recommendedById === r.id)).map((d) => d.decision))];
}

export async function reviewProducer(producerId: string, staffId: string, input: ReviewInput) {
  const reviewer = await loadReviewer(staffId);
  return prisma.$transaction(async (tx) => {
    const p = await tx.producer.findUnique({
      where: { id: producerId },
      select: {
        id: true,
        name: true,
        status: true,
        districtCode: true,
        supportOrgId: true,
        recommendedById: true,
        accountUserId: true,
      },
    });
    if (!p) throw new AppError("errors.http.404", 404);
    await assertNotOwnOrganization(tx, staffId, p.supportOrgId);
    if (p.accountUserId === staffId) throw new AppError("producers.review.ownProducer", 403);
    const candidates = DECISIONS.filter((d) => d.decision === input.decision && d.from === p.status);
    if (!candidates.length)
      throw new AppError("producers.review.notAllowed", 409, {
        status: p.status,
      });
    const rule = candidates.find((d) => canTake(reviewer, d.by, p.districtCode));
    if (!rule) throw new AppError(candidates[0]!.by === "district" ? "producers.review.districtOnly" : "producers.review.cityOnly", 403);
    if (rule.decision === "APPROVE" && p.recommendedById === staffId) throw new AppError("producers.review.ownRecommendation", 403);

    const now = new Date();
    const data: Prisma.ProducerUpdateManyMutationInput = {
      status: rule.to,
      reviewReason: input.reason ?? null,
    };
    if (rule.decision === "RECOMMEND") Object.assign(data, { recommendedById: staffId, recommendedAt: now });
    if (rule.decision === "APPROVE") Object.assign(data, { approvedById: staffId, approvedAt: now });
    if (rule.decision === "SUSPEND") Object.assign(data, { suspendedAt: now });
    if (rule.decision === "REINSTATE") Object.assign(data, { suspendedAt: null });
    if (rule.to === "RETURNED") Object.assign(data, { recommendedById: null, recommendedAt: null });
    // Conditional update: two reviewers acting at once cannot both move the same producer.
    const res = await tx.producer.updateMany({
      where: { id: producerId, status: p.status },
      data,
    });
    if (res.count !== 1) throw new AppError("producers.errors.changedMeanwhile", 409);
    // Approval, suspension and reinstatement change which of its products the shop may list.
    await enqueueProducerProducts(tx, producerId);

    const category = rule.decision === "SUSPEND" ? input.category ?? null : null;
    await recordAudit(
      {
        actorId: staffId,
        action: `producer.${rule.decision.toLowerCase()}`,
        entityType: "Producer",
        entityId: producerId,
        orgId: p.supportOrgId,
        reason: input.reason ?? null,
        before: { status: p.status },
        after: { status: rule.to, ...(category ? { category } : {}) },
      },
      tx
    );
    const members = await tx.orgMembership.findMany({
      where: { orgId: p.supportOrgId, role: { in: ["OWNER", "ADMIN"] } },
      select: { userId: true },
    });
    const recipients = new Set([...members.map((m) => m.userId), ...(p.accountUserId ? [p.accountUserId] : [])]);
    for (const userId of recipients) await notify(tx, userId, `producers.${rule.to}`, { producer: p.name, reason: input.reason ?? "" }, `/producer/${producerId}`);
    // A recommendation goes on to city staff, who approve.
    if (rule.to === "RECOMMENDED") {
      const city = await tx.user.findMany({
        where: {
          disabledAt: null,
          OR: [{ globalRole: "BUREAU_ADMIN" }, { globalRole: "BUREAU_STAFF", districtCode: null }],
          NOT: { id: staffId },
        },
        select: { id: true },
        take: 200,
      });
      for (const u of city) await notify(tx, u.id, "producers.toApprove", { producer: p.name }, `/staff/producers/${producerId}`);
    }
    return { from: p.status, to: rule.to, name: p.name };
  });
}

/** The category of the producer's current suspension, from the audit trail (null when not suspended). */
export async function currentSuspension(producerId: string) {
  const entry = await prisma.auditLog.findFirst({
    where: {
      entityType: "Producer",
      entityId: producerId,
      action: "producer.suspend",
    },
    select: { reason: true, after: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
  if (!entry) return null;
  const category = (entry.after as { category?: string } | null)?.category ?? null;
  return { category, reason: entry.reason, at: entry.createdAt };
}

/** The staff queue, one status tab at a time. Default tab: what waits for this reviewer (district: SUBMITTED, city: RECOMMENDED). */
export async function listProducerQueue(
  r: Reviewer,
  f: {
    status?: ProducerStatus;
    q?: string;
    district?: string;
    kind?: ProducerKind;
    page: number;
  }
) {
  const status = f.status ?? (isCityStaff(r) ? "RECOMMENDED" : "SUBMITTED");
  const base: Prisma.ProducerWhereInput = {
    ...(f.district ? { districtCode: f.district } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.q
      ? {
          OR: [{ name: { contains: f.q, mode: "insensitive" } }, { creditCode: { contains: f.q.toUpperCase() } }],
        }
      : {}),
  };
  const where = { ...base, status };
  const [total, counts] = await Promise.all([
    prisma.producer.count({ where }),
    prisma.producer.groupBy({
      by: ["status"],
      where: base,
      _count: { _all: true },
    }),
  ]);
  const info = pageInfo(f.page, PAGE_SIZE, total);
  const select = {
    id: true,
    name: true,
    kind: true,
    status: true,
    districtCode: true,
    creditCode: true,
    createdAt: true,
    updatedAt: true,
    supportOrg: { select: { name: true } },
  } as const;
  const [items, mine] = await Promise.all([
    prisma.producer.findMany({
      where,
      select,
      orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
      skip: info.skip,
      take: info.take,
    }),
    // District staff see their own district's registrations waiting for them first, above the tabs.
    r.districtCode && isStaffRole(r.globalRole)
      ? prisma.producer.findMany({
          where: { status: "SUBMITTED", districtCode: r.districtCode },
          select,
          orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
          take: 50,
        })
      : Promise.resolve([]),
  ]);
  return {
    status,
    items,
    mine,
    pagination: {
      page: info.page,
      pageSize: info.pageSize,
      total: info.total,
      pageCount: info.pageCount,
    },
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number>,
  };
}
