/**
 * Staff hold on new donations to a campaign or fund until its overdue disclosure is filed. Unlike a
 * suspension (funds/suspension.server.ts) the hold freezes no money: disbursements and refunds go
 * on, payments already in flight are recorded as usual; only starting a new donation or monthly
 * gift is refused (donations.server.ts, monthly/gifts.server.ts call assertNoDisclosureHold).
 * Filing a disclosure lifts the hold (filing.server.ts).
 */
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { assertNotOwnOrganization } from "~/modules/organizations/self-review.server";
import type { TargetRef } from "./status.server";

export type HoldDecision = "HOLD" | "LIFT";

/** The roles told about disclosures: the owner and the finance people. */
export const DISCLOSURE_ROLES = ["OWNER", "FINANCE"] as const;

async function readTarget(db: Db, t: TargetRef) {
  if (t.campaignId) {
    const c = await db.campaign.findUnique({ where: { id: t.campaignId }, select: { orgId: true, title: true, disclosureHoldAt: true, disclosureHoldReason: true } });
    return c ? { orgId: c.orgId, name: c.title, holdAt: c.disclosureHoldAt, holdReason: c.disclosureHoldReason, entityType: "Campaign", id: t.campaignId } : null;
  }
  if (t.fundId) {
    const f = await db.fund.findUnique({ where: { id: t.fundId }, select: { orgId: true, name: true, disclosureHoldAt: true, disclosureHoldReason: true } });
    return f ? { orgId: f.orgId, name: f.name, holdAt: f.disclosureHoldAt, holdReason: f.disclosureHoldReason, entityType: "Fund", id: t.fundId } : null;
  }
  return null;
}

async function writeHold(db: Db, t: TargetRef, data: { disclosureHoldAt: Date | null; disclosureHoldById: string | null; disclosureHoldReason: string | null }) {
  if (t.campaignId) await db.campaign.update({ where: { id: t.campaignId }, data });
  else if (t.fundId) await db.fund.update({ where: { id: t.fundId }, data });
}

/** Whether new donations to the target are on hold (for pages; the services assert). */
export async function onDisclosureHold(t: TargetRef, db: Db = prisma): Promise<boolean> {
  if (t.campaignId) return Boolean((await db.campaign.findUnique({ where: { id: t.campaignId }, select: { disclosureHoldAt: true } }))?.disclosureHoldAt);
  if (t.fundId) return Boolean((await db.fund.findUnique({ where: { id: t.fundId }, select: { disclosureHoldAt: true } }))?.disclosureHoldAt);
  return false;
}

/** Refuses a new donation (or monthly gift) to a target on hold, with a message saying why. */
export async function assertNoDisclosureHold(t: TargetRef, db: Db = prisma) {
  if (await onDisclosureHold(t, db)) throw new AppError("disclosure.errors.onHold", 409);
}

/** Staff put a hold on new donations, or lift it; the reason is required, audited, and the host told. */
export async function setDisclosureHold(t: TargetRef, staffId: string, decision: HoldDecision, reason: string, now: Date = new Date()) {
  if (!reason.trim()) throw new AppError("disclosure.validation.reasonRequired", 400, {}, { reason: "disclosure.validation.reasonRequired" });
  return prisma.$transaction(async (tx) => {
    const target = await readTarget(tx, t);
    if (!target) throw new AppError("errors.http.404", 404);
    await assertNotOwnOrganization(tx, staffId, target.orgId);
    if (decision === "HOLD" && target.holdAt) throw new AppError("disclosure.errors.alreadyOnHold", 409);
    if (decision === "LIFT" && !target.holdAt) throw new AppError("disclosure.errors.notOnHold", 409);
    await writeHold(tx, t, decision === "HOLD" ? { disclosureHoldAt: now, disclosureHoldById: staffId, disclosureHoldReason: reason } : { disclosureHoldAt: null, disclosureHoldById: null, disclosureHoldReason: null });
    await recordAudit(
      { actorId: staffId, action: decision === "HOLD" ? "disclosure.hold" : "disclosure.hold_lifted", entityType: target.entityType, entityId: target.id, orgId: target.orgId, reason, before: { holdAt: target.holdAt?.toISOString() ?? null }, after: { holdAt: decision === "HOLD" ? now.toISOString() : null } },
      tx,
    );
    await notifyHost(tx, target.orgId, decision === "HOLD" ? "disclosure.held" : "disclosure.lifted", { name: target.name, reason });
    return { decision };
  });
}

/** Lifts a hold because the host filed a disclosure (inside the filing's transaction). */
export async function liftHoldOnFiling(tx: Db, t: TargetRef, actorId: string, disclosureId: string) {
  const target = await readTarget(tx, t);
  if (!target?.holdAt) return false;
  await writeHold(tx, t, { disclosureHoldAt: null, disclosureHoldById: null, disclosureHoldReason: null });
  await recordAudit({ actorId, action: "disclosure.hold_lifted", entityType: target.entityType, entityId: target.id, orgId: target.orgId, reason: "disclosure filed", before: { holdAt: target.holdAt.toISOString(), holdReason: target.holdReason }, after: { holdAt: null, disclosureId } }, tx);
  return true;
}

export async function notifyHost(db: Db, orgId: string, kind: string, params: Record<string, string | number>) {
  const members = await db.orgMembership.findMany({ where: { orgId, role: { in: [...DISCLOSURE_ROLES] } }, select: { userId: true } });
  for (const m of members) await notify(db, m.userId, kind, params, `/org/${orgId}/disclosures`);
}
