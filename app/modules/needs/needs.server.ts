/** Relief needs: posting, proposing, review and closing. Responses are in responses.server.ts. */
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { kickSearchOutbox } from "~/modules/search-outbox/worker.server";
import type { NeedInput } from "./schema";

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

function dataFrom(input: NeedInput) {
  return {
    title: input.title,
    description: input.description,
    category: input.category,
    urgency: input.urgency,
    districtCode: input.districtCode,
    town: input.town ?? null,
    village: input.village ?? null,
    peopleAffected: input.peopleAffected ?? null,
    beneficiaryGroups: input.beneficiaryGroups,
    wantVolunteers: input.wantVolunteers ?? null,
    wantMoneyFen: input.wantMoneyFen ?? null,
    produceName: input.produceName ?? null,
    produceQuantity: input.produceQuantity ?? null,
    produceUnit: input.produceUnit ?? null,
    producePriceFen: input.producePriceFen ?? null,
    deadline: input.deadline ? new Date(`${input.deadline}T00:00:00Z`) : null,
  };
}

const audited = (input: NeedInput) => ({ title: input.title, category: input.category, districtCode: input.districtCode, wantVolunteers: input.wantVolunteers ?? null, wantMoneyFen: input.wantMoneyFen?.toString() ?? null, produceQuantity: input.produceQuantity ?? null, goods: input.goods.length });

/** Staff post a need: it is open at once. */
export async function postNeed(staffId: string, input: NeedInput) {
  const need = await prisma.$transaction((tx) => createOpenNeed(tx, staffId, input), TX);
  void kickSearchOutbox();
  return need;
}

/**
 * The posting itself, inside the caller's transaction (a help request converted into a need commits
 * with its link); the caller kicks the search outbox after the commit.
 */
export async function createOpenNeed(tx: Db, staffId: string, input: NeedInput) {
  const need = await tx.need.create({ data: { ...dataFrom(input), status: "OPEN", openedAt: new Date(), createdById: staffId, reviewedById: staffId, goods: { create: input.goods } }, select: { id: true } });
  await recordAudit({ actorId: staffId, action: "need.posted", entityType: "Need", entityId: need.id, after: audited(input) }, tx);
  await enqueueSearch(tx, "need", need.id);
  return need;
}

/** An organization (or a community through its organization) proposes a need; staff review it. */
export async function proposeNeed(orgId: string, actorId: string, input: NeedInput) {
  return prisma.$transaction(async (tx) => {
    const need = await tx.need.create({ data: { ...dataFrom(input), status: "PROPOSED", proposedByOrgId: orgId, createdById: actorId, goods: { create: input.goods } }, select: { id: true } });
    await recordAudit({ actorId, action: "need.proposed", entityType: "Need", entityId: need.id, orgId, after: audited(input) }, tx);
    const staff = await tx.user.findMany({ where: { globalRole: { in: ["BUREAU_STAFF", "BUREAU_ADMIN"] }, disabledAt: null }, select: { id: true }, take: 50 });
    for (const s of staff) await notify(tx, s.id, "needs.proposed", { title: input.title }, `/staff/needs/${need.id}`);
    return need;
  }, TX);
}

const REVIEW = {
  approve: { from: ["PROPOSED"], to: "OPEN" },
  reject: { from: ["PROPOSED"], to: "REJECTED" },
  close: { from: ["OPEN", "PARTLY_MET", "MET"], to: "CLOSED" },
} as const;

/** Staff approve or reject a proposed need, or close one (no more responses). */
export async function reviewNeed(staffId: string, needId: string, decision: keyof typeof REVIEW, reason?: string) {
  const rule = REVIEW[decision];
  await prisma.$transaction(async (tx) => {
    await lockNeed(tx, needId);
    const need = await tx.need.findUnique({ where: { id: needId }, select: { id: true, title: true, status: true, proposedByOrgId: true } });
    if (!need) throw new AppError("common.errors.http.404", 404);
    if (!(rule.from as readonly string[]).includes(need.status)) throw new AppError("needs.errors.badTransition", 409, { status: need.status });
    const now = new Date();
    await tx.need.update({
      where: { id: needId },
      data: { status: rule.to, reviewedById: staffId, reviewReason: reason ?? null, ...(rule.to === "OPEN" ? { openedAt: now } : {}), ...(rule.to === "CLOSED" ? { closedAt: now } : {}) },
    });
    if (rule.to === "CLOSED") {
      // Offers still waiting can no longer be accepted.
      await tx.needResponse.updateMany({ where: { needId, status: "PENDING" }, data: { status: "DECLINED", decidedById: staffId, decidedAt: now, decisionReason: "needs.responses.autoDeclinedClosed" } });
    }
    await recordAudit({ actorId: staffId, action: `need.${decision}`, entityType: "Need", entityId: needId, orgId: need.proposedByOrgId, reason, before: { status: need.status }, after: { status: rule.to } }, tx);
    await enqueueSearch(tx, "need", needId);
    if (need.proposedByOrgId) await notifyOrg(tx, need.proposedByOrgId, `needs.review_${decision}`, { title: need.title, reason: reason ?? "" }, `/needs/${needId}`);
  }, TX);
  void kickSearchOutbox();
}

/** Row lock on the need: acceptances and reviews of one need happen one at a time. */
export async function lockNeed(tx: Db, needId: string) {
  await tx.$queryRawUnsafe(`SELECT id FROM "Need" WHERE id = $1 FOR UPDATE`, needId);
}

/** Notifies the owners and admins of an organization. */
export async function notifyOrg(tx: Db, orgId: string, kind: string, params: Record<string, string | number>, link: string) {
  const members = await tx.orgMembership.findMany({ where: { orgId, role: { in: ["OWNER", "ADMIN"] } }, select: { userId: true } });
  for (const m of members) await notify(tx, m.userId, kind, params, link);
}
