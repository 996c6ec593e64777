import { paginate } from "~/utils/pagination";
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { CampaignStatus, Prisma } from "~/generated/prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { assertOwnedByOrg } from "~/modules/organizations/ownership.server";
import { notify } from "~/modules/notifications/notifications.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { ensureAccount } from "~/modules/ledger/accounts.server";
import { expireOpenCheckouts, lockTargetForUpdate } from "~/modules/donations/freeze.server";
import type { UploadedFile } from "~/modules/files/files.server";
import type { CampaignInput } from "./schema";
import { assertNotOwnOrganization } from "~/modules/organizations/self-review.server";
import { assertFilingUsable, rethrowFilingTaken } from "./filing.server";
import { dateOnly, deadlinePassed, todayInChina } from "./rules";
import { saveUpload } from "~/modules/files/uploads.server";

/**
 * Only an approved organization holding public-fundraising qualification (公开募捐资格) may host a
 * campaign. Checked on create, on submit and on approval, inside the transaction.
 */
export async function assertQualified(db: Db, orgId: string) {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { status: true, publicFundraising: true } });
  if (!org) throw new AppError("errors.http.404", 404);
  if (org.status !== "APPROVED" || !org.publicFundraising) throw new AppError("funding.errors.notQualified", 403);
}

function columns(input: CampaignInput) {
  return {
    kind: input.kind,
    title: input.title,
    story: input.story,
    beneficiaryMasked: input.beneficiaryMasked,
    districtCode: input.districtCode,
    goalFen: input.goalFen,
    deadline: new Date(`${input.deadline}T00:00:00Z`),
    filingNumber: input.filingNumber,
    needId: input.needId ?? null,
    budget: input.budget as Prisma.InputJsonValue,
    designatedPlatform: input.designatedPlatform,
    platformProjectId: input.designatedPlatform ? input.platformProjectId : null,
    platformUrl: input.designatedPlatform ? input.platformUrl : null,
  };
}

export async function createCampaign(orgId: string, actorId: string, input: CampaignInput) {
  return prisma.$transaction(async (tx) => {
    await assertQualified(tx, orgId);
    await assertOwnedByOrg(tx, orgId, { needId: input.needId });
    await assertFilingUsable(tx, orgId, input.filingNumber);
    const c = await tx.campaign.create({ data: { ...columns(input), orgId, createdById: actorId, status: "DRAFT" }, select: { id: true } });
    await ensureAccount(tx, { kind: "CAMPAIGN", campaignId: c.id, orgId });
    await recordAudit({ actorId, action: "campaign.created", entityType: "Campaign", entityId: c.id, orgId, after: { title: input.title, filingNumber: input.filingNumber } }, tx);
    await enqueueSearch(tx, "campaign", c.id);
    return c;
  }).catch(rethrowFilingTaken);
}

const EDITABLE: CampaignStatus[] = ["DRAFT", "RETURNED"];

export async function updateCampaign(orgId: string, campaignId: string, actorId: string, input: CampaignInput) {
  return prisma.$transaction(async (tx) => {
    await assertQualified(tx, orgId);
    await assertOwnedByOrg(tx, orgId, { campaignId, needId: input.needId });
    await assertFilingUsable(tx, orgId, input.filingNumber, { campaignId });
    const res = await tx.campaign.updateMany({ where: { id: campaignId, orgId, status: { in: EDITABLE } }, data: columns(input) });
    if (res.count !== 1) throw new AppError("funding.errors.notEditable", 409);
    await recordAudit({ actorId, action: "campaign.updated", entityType: "Campaign", entityId: campaignId, orgId }, tx);
    await enqueueSearch(tx, "campaign", campaignId);
  }).catch(rethrowFilingTaken);
}

export async function addCampaignDocument(orgId: string, campaignId: string, actorId: string, file: UploadedFile, kind: string) {
  return prisma.$transaction(async (tx) => {
    const c = await tx.campaign.findFirst({ where: { id: campaignId, orgId }, select: { status: true } });
    if (!c) throw new AppError("errors.http.404", 404);
    if (c.status === "REJECTED" || c.status === "CLOSED") throw new AppError("funding.errors.notEditable", 409);
    const f = await saveUpload(tx, { orgId, uploadedById: actorId, purpose: "campaign-verification", visibility: "PRIVATE", file: file });
    await tx.campaignDocument.create({ data: { campaignId, fileId: f.id, kind } });
    await recordAudit({ actorId, action: "campaign.document_added", entityType: "Campaign", entityId: campaignId, orgId, after: { kind, fileName: file.fileName } }, tx);
    return f;
  });
}

/** Host transitions: submit for review, end fundraising early, close after the money is spent. */
const HOST_TRANSITIONS = {
  SUBMIT: { from: ["DRAFT", "RETURNED"], to: "SUBMITTED" },
  END: { from: ["APPROVED", "FUNDED"], to: "ENDED" },
  CLOSE: { from: ["FUNDED", "ENDED"], to: "CLOSED" },
} as const satisfies Record<string, { from: CampaignStatus[]; to: CampaignStatus }>;

export type HostAction = keyof typeof HOST_TRANSITIONS;

export async function hostTransition(orgId: string, campaignId: string, actorId: string, action: HostAction) {
  const rule = HOST_TRANSITIONS[action];
  if (!rule) throw new AppError("validation.choice", 400);
  return prisma.$transaction(async (tx) => {
    const c = await tx.campaign.findFirst({ where: { id: campaignId, orgId }, select: { status: true, _count: { select: { documents: true } } } });
    if (!c) throw new AppError("errors.http.404", 404);
    if (!(rule.from as readonly CampaignStatus[]).includes(c.status)) throw new AppError("funding.errors.transitionNotAllowed", 409);
    if (action === "SUBMIT") {
      await assertQualified(tx, orgId);
      if (c._count.documents === 0) throw new AppError("funding.errors.documentsRequired", 409);
    }
    const now = new Date();
    const res = await tx.campaign.updateMany({
      where: { id: campaignId, status: c.status },
      data: { status: rule.to, ...(action === "SUBMIT" ? { submittedAt: now } : action === "END" ? { endedAt: now } : { closedAt: now }) },
    });
    if (res.count !== 1) throw new AppError("orgs.errors.changedMeanwhile", 409);
    await recordAudit({ actorId, action: `campaign.${action.toLowerCase()}`, entityType: "Campaign", entityId: campaignId, orgId, before: { status: c.status }, after: { status: rule.to } }, tx);
    await enqueueSearch(tx, "campaign", campaignId);
    return { to: rule.to };
  });
}

/**
 * Ends fundraising of published campaigns whose deadline (a calendar day in Asia/Shanghai) has
 * passed: APPROVED or FUNDED → ENDED, audited with no actor, the host told, the listing re-indexed.
 * Donations already refused themselves after the deadline; this makes the status say so too.
 * Idempotent and safe beside other writers (each campaign moves only from the status it was read
 * in); run it from cron: `npm run jobs:campaigns`.
 */
export async function endExpiredCampaigns(today = todayInChina()): Promise<{ ended: number }> {
  const due = await prisma.campaign.findMany({
    where: { status: { in: ["APPROVED", "FUNDED"] }, deadline: { lt: new Date(`${today}T00:00:00Z`) } },
    select: { id: true },
    orderBy: { deadline: "asc" },
  });
  let ended = 0;
  for (const { id } of due) {
    ended += await prisma.$transaction(async (tx) => {
      const c = await tx.campaign.findUnique({ where: { id }, select: { status: true, orgId: true, title: true, deadline: true } });
      if (!c || (c.status !== "APPROVED" && c.status !== "FUNDED") || !deadlinePassed(c.deadline, today)) return 0;
      const res = await tx.campaign.updateMany({ where: { id, status: c.status }, data: { status: "ENDED", endedAt: new Date() } });
      if (res.count !== 1) return 0;
      await recordAudit({ actorId: null, action: "campaign.ended_at_deadline", entityType: "Campaign", entityId: id, orgId: c.orgId, before: { status: c.status }, after: { status: "ENDED", deadline: dateOnly(c.deadline) } }, tx);
      const members = await tx.orgMembership.findMany({ where: { orgId: c.orgId, role: { in: ["OWNER", "ADMIN"] } }, select: { userId: true } });
      for (const m of members) await notify(tx, m.userId, "funding.campaignENDED", { title: c.title, deadline: dateOnly(c.deadline) }, `/org/${c.orgId}/campaigns/${id}`);
      await enqueueSearch(tx, "campaign", id);
      return 1;
    });
  }
  return { ended };
}

const STAFF_TRANSITIONS = {
  APPROVE: { from: ["SUBMITTED"], to: "APPROVED" },
  RETURN: { from: ["SUBMITTED"], to: "RETURNED" },
  REJECT: { from: ["SUBMITTED"], to: "REJECTED" },
  SUSPEND: { from: ["APPROVED", "FUNDED"], to: "SUSPENDED" },
  REINSTATE: { from: ["SUSPENDED"], to: "APPROVED" },
} as const satisfies Record<string, { from: CampaignStatus[]; to: CampaignStatus }>;

export async function reviewCampaign(campaignId: string, staffId: string, decision: keyof typeof STAFF_TRANSITIONS, reason?: string) {
  const rule = STAFF_TRANSITIONS[decision];
  if (!rule) throw new AppError("validation.choice", 400);
  const result = await prisma.$transaction(async (tx) => {
    // Waits for disbursements and refunds in progress (they hold the row FOR KEY SHARE); those
    // that come after see the new status (freeze.server.ts).
    if (decision === "SUSPEND" || decision === "REINSTATE") await lockTargetForUpdate(tx, { campaignId });
    const c = await tx.campaign.findUnique({ where: { id: campaignId }, select: { status: true, orgId: true, title: true } });
    if (!c) throw new AppError("errors.http.404", 404);
    await assertNotOwnOrganization(tx, staffId, c.orgId);
    if (!(rule.from as readonly CampaignStatus[]).includes(c.status)) throw new AppError("funding.errors.transitionNotAllowed", 409);
    if (decision === "APPROVE" || decision === "REINSTATE") await assertQualified(tx, c.orgId);
    const res = await tx.campaign.updateMany({
      where: { id: campaignId, status: c.status },
      data: { status: rule.to, reviewReason: reason ?? null, ...(decision === "APPROVE" ? { approvedAt: new Date() } : {}) },
    });
    if (res.count !== 1) throw new AppError("orgs.errors.changedMeanwhile", 409);
    await recordAudit({ actorId: staffId, action: `campaign.${decision.toLowerCase()}`, entityType: "Campaign", entityId: campaignId, orgId: c.orgId, reason, before: { status: c.status }, after: { status: rule.to } }, tx);
    const members = await tx.orgMembership.findMany({ where: { orgId: c.orgId, role: { in: ["OWNER", "ADMIN"] } }, select: { userId: true } });
    for (const m of members) await notify(tx, m.userId, `funding.campaign${rule.to}`, { title: c.title, reason: reason ?? "" }, `/org/${c.orgId}/campaigns/${campaignId}`);
    await enqueueSearch(tx, "campaign", campaignId);
    return { to: rule.to };
  });
  // After commit: donors still on the payment page can no longer pay.
  if (decision === "SUSPEND") await expireOpenCheckouts({ campaignId });
  return result;
}

/** A timeline entry by the host, on a campaign or a fund. */
export async function postUpdate(orgId: string, t: { campaignId?: string; fundId?: string }, authorId: string, body: string) {
  return prisma.$transaction(async (tx) => {
    const owner = t.campaignId ? await tx.campaign.findFirst({ where: { id: t.campaignId, orgId }, select: { id: true } }) : await tx.fund.findFirst({ where: { id: t.fundId ?? "", orgId }, select: { id: true } });
    if (!owner) throw new AppError("errors.http.404", 404);
    await tx.fundingUpdate.create({ data: { campaignId: t.campaignId ?? null, fundId: t.fundId ?? null, authorId, body } });
    await enqueueSearch(tx, t.campaignId ? "campaign" : "fund", owner.id);
  });
}

export const UPDATES_PAGE_SIZE = 50;

/** A campaign's or fund's progress updates, newest first, one page at a time. */
export async function listUpdates(t: { campaignId?: string; fundId?: string }, page = 1) {
  const where = t.campaignId ? { campaignId: t.campaignId } : { fundId: t.fundId ?? "" };
  const { rows, pagination } = await paginate(
    page,
    UPDATES_PAGE_SIZE,
    () => prisma.fundingUpdate.count({ where }),
    (w) => prisma.fundingUpdate.findMany({ where, select: { id: true, body: true, createdAt: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...w }),
  );
  return { updates: rows.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })), pagination };
}

export const PUBLIC_STATUSES: CampaignStatus[] = ["APPROVED", "FUNDED", "ENDED", "CLOSED"];
