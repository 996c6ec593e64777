/**
 * Organizations' offers on needs, and their acceptance. Accepting recomputes the need's progress
 * and status in the same transaction, under a row lock on the need, so two acceptances at once
 * cannot both read "not yet met".
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { assertOwnedByOrg } from "~/modules/organizations/ownership.server";
import { notify } from "~/modules/notifications/notifications.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { kickSearchOutbox } from "~/modules/search-outbox/worker.server";
import { computeProgress, statusFromProgress, wantedKinds } from "./progress";
import { lockNeed, notifyOrg } from "./needs.server";
import { fenToYuanString, type ResponseInput } from "./schema";
import { RESPONDABLE_STATUSES } from "./types";

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

export async function respondToNeed(orgId: string, actorId: string, needId: string, input: ResponseInput) {
  const need = await prisma.need.findUnique({
    where: { id: needId },
    select: { id: true, title: true, status: true, createdById: true, proposedByOrgId: true, wantVolunteers: true, wantMoneyFen: true, produceQuantity: true, goods: { select: { id: true, quantity: true } } },
  });
  // Needs not yet public do not exist for other organizations.
  if (!need || need.status === "PROPOSED" || need.status === "REJECTED") throw new AppError("common.errors.http.404", 404);
  if (!(RESPONDABLE_STATUSES as readonly string[]).includes(need.status)) throw new AppError("needs.errors.notOpen", 409);
  if (need.proposedByOrgId === orgId) throw new AppError("needs.errors.ownNeed", 409);
  if (!wantedKinds(need).includes(input.kind)) throw new AppError("needs.errors.kindNotWanted", 400, {}, { kind: "needs.errors.kindNotWanted" });
  if (input.goodsItemId && !need.goods.some((g) => g.id === input.goodsItemId)) throw new AppError("validation.choice", 400, {}, { goodsItemId: "validation.choice" });
  await assertOwnedByOrg(prisma, orgId, { projectId: input.projectId });
  const pendingSame = await prisma.needResponse.count({ where: { needId, orgId, kind: input.kind, status: "PENDING" } });
  if (pendingSame) throw new AppError("needs.errors.alreadyPending", 409);

  return prisma.$transaction(async (tx) => {
    const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } });
    const response = await tx.needResponse.create({
      data: {
        needId,
        orgId,
        kind: input.kind,
        message: input.message ?? null,
        volunteerCount: input.volunteerCount ?? null,
        projectId: input.projectId ?? null,
        amountFen: input.amountFen ?? null,
        goodsItemId: input.goodsItemId ?? null,
        quantity: input.quantity ?? null,
        unitPriceFen: input.unitPriceFen ?? null,
        createdById: actorId,
      },
      select: { id: true },
    });
    await recordAudit({ actorId, action: "need.responded", entityType: "Need", entityId: needId, orgId, after: { responseId: response.id, kind: input.kind, amountFen: input.amountFen?.toString() ?? null, quantity: input.quantity ?? null, volunteerCount: input.volunteerCount ?? null } }, tx);
    const link = need.proposedByOrgId ? `/org/${need.proposedByOrgId}/needs/${needId}/responses` : `/staff/needs/${needId}`;
    await notify(tx, need.createdById, "needs.responseReceived", { title: need.title, org: org.name }, `/staff/needs/${needId}`);
    if (need.proposedByOrgId) await notifyOrg(tx, need.proposedByOrgId, "needs.responseReceived", { title: need.title, org: org.name }, link);
    return response;
  }, TX);
}

export type Decider = { userId: string; asStaff: boolean; orgId?: string };

/**
 * Staff, or the organization that proposed the need, accept or decline a pending offer. Acceptance
 * recomputes progress from all accepted offers and moves the status (PARTLY_MET / MET).
 */
export async function decideResponse(decider: Decider, needId: string, responseId: string, decision: "accept" | "decline", reason?: string) {
  const result = await prisma.$transaction(async (tx) => {
    await lockNeed(tx, needId);
    const need = await tx.need.findUnique({
      where: { id: needId },
      select: { id: true, title: true, status: true, proposedByOrgId: true, wantVolunteers: true, wantMoneyFen: true, produceQuantity: true, goods: { select: { id: true, quantity: true } } },
    });
    if (!need) throw new AppError("common.errors.http.404", 404);
    if (!decider.asStaff && (!decider.orgId || need.proposedByOrgId !== decider.orgId)) throw new AppError("common.errors.http.403", 403);
    const response = await tx.needResponse.findFirst({ where: { id: responseId, needId }, select: { id: true, status: true, orgId: true, kind: true, amountFen: true, quantity: true, volunteerCount: true } });
    if (!response) throw new AppError("common.errors.http.404", 404);
    if (response.status !== "PENDING") throw new AppError("needs.errors.alreadyDecided", 409);
    if (decision === "accept" && !(RESPONDABLE_STATUSES as readonly string[]).includes(need.status)) throw new AppError("needs.errors.notOpen", 409);

    const now = new Date();
    await tx.needResponse.update({ where: { id: responseId }, data: { status: decision === "accept" ? "ACCEPTED" : "DECLINED", decidedById: decider.userId, decidedAt: now, decisionReason: reason ?? null } });

    let status = need.status;
    if (decision === "accept") {
      const accepted = await tx.needResponse.findMany({ where: { needId, status: "ACCEPTED" }, select: { kind: true, volunteerCount: true, amountFen: true, goodsItemId: true, quantity: true } });
      const progress = computeProgress(need, accepted);
      status = statusFromProgress(need.status, progress, accepted.length);
      if (status !== need.status) {
        await tx.need.update({ where: { id: needId }, data: { status, ...(status === "MET" ? { metAt: now } : {}) } });
        await enqueueSearch(tx, "need", needId);
      }
    }
    await recordAudit(
      {
        actorId: decider.userId,
        action: decision === "accept" ? "need.responseAccepted" : "need.responseDeclined",
        entityType: "Need",
        entityId: needId,
        orgId: response.orgId,
        reason,
        before: { status: need.status, responseStatus: "PENDING" },
        after: { status, responseId, responseStatus: decision === "accept" ? "ACCEPTED" : "DECLINED" },
      },
      tx,
    );
    await notifyOrg(tx, response.orgId, decision === "accept" ? "needs.responseAccepted" : "needs.responseDeclined", { title: need.title, reason: reason ?? "", amount: response.amountFen ? fenToYuanString(response.amountFen) : "" }, `/needs/${needId}`);
    return { status, changed: status !== need.status };
  }, TX);
  if (result.changed) void kickSearchOutbox();
  return result;
}

/** The responding organization takes back an offer that was not decided yet. */
export async function withdrawResponse(orgId: string, actorId: string, responseId: string) {
  await prisma.$transaction(async (tx) => {
    const r = await tx.needResponse.findFirst({ where: { id: responseId, orgId }, select: { id: true, status: true, needId: true } });
    if (!r) throw new AppError("common.errors.http.404", 404);
    if (r.status !== "PENDING") throw new AppError("needs.errors.alreadyDecided", 409);
    await tx.needResponse.update({ where: { id: responseId }, data: { status: "WITHDRAWN", decidedById: actorId, decidedAt: new Date() } });
    await recordAudit({ actorId, action: "need.responseWithdrawn", entityType: "Need", entityId: r.needId, orgId, after: { responseId } }, tx);
  }, TX);
}

/** Staff send a need to a candidate organization: an in-app invitation to respond. */
export async function inviteToNeed(staffId: string, needId: string, orgId: string, reasons: unknown[] = []) {
  const need = await prisma.need.findUnique({ where: { id: needId }, select: { id: true, title: true, status: true } });
  if (!need) throw new AppError("common.errors.http.404", 404);
  if (!(RESPONDABLE_STATUSES as readonly string[]).includes(need.status)) throw new AppError("needs.errors.notOpen", 409);
  const org = await prisma.organization.findUnique({ where: { id: orgId }, select: { id: true, status: true, name: true } });
  if (!org || org.status !== "APPROVED") throw new AppError("needs.errors.orgNotApproved", 400);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.needInvitation.findUnique({ where: { needId_orgId: { needId, orgId } }, select: { id: true } });
    if (existing) throw new AppError("needs.errors.alreadyInvited", 409, { org: org.name });
    const inv = await tx.needInvitation.create({ data: { needId, orgId, sentById: staffId, reasons: reasons as never }, select: { id: true } });
    await recordAudit({ actorId: staffId, action: "need.invited", entityType: "Need", entityId: needId, orgId, after: { orgId } }, tx);
    await notifyOrg(tx, orgId, "needs.invited", { title: need.title }, `/org/${orgId}/needs/${needId}/respond`);
    return inv;
  }, TX);
}
