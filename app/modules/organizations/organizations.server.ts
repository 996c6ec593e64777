import { prisma, replica, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { Prisma } from "~/generated/prisma/client";
import type { OrgStatus, OrgType, ServiceArea } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { expireOpenCheckouts } from "~/modules/donations/freeze.server";
import type { OrganizationInput } from "./schema";
import type { UploadedFile } from "~/modules/files/files.server";
import { assertNotOwnOrganization } from "./self-review.server";
import { saveUpload } from "~/modules/files/uploads.server";

export const PAGE_SIZE = 20;

/** Columns compared in the audit trail's before/after (no personal data beyond the public contact). */
const AUDITED = { name: true, creditCode: true, type: true, status: true, districtCode: true, address: true, contactName: true, contactPhonePublic: true, mission: true, serviceAreas: true, isCharity: true, publicFundraising: true, fundraisingCertificate: true, website: true, isVolunteerGroup: true } as const;

function dataFrom(input: OrganizationInput) {
  return {
    name: input.name,
    creditCode: input.creditCode,
    type: input.type as OrgType,
    districtCode: input.districtCode,
    address: input.address,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    contactPhonePublic: input.contactPhonePublic,
    foundedOn: new Date(`${input.foundedOn}T00:00:00Z`),
    mission: input.mission,
    serviceAreas: input.serviceAreas as ServiceArea[],
    website: input.website ?? null,
    isVolunteerGroup: input.isVolunteerGroup,
    // isCharity / publicFundraising / fundraisingCertificate: only an approved qualification request writes them.
  };
}

const codeTaken = () => new AppError("privacy.errors.creditCodeTaken", 409, {}, { creditCode: "privacy.errors.creditCodeTaken" });

async function assertCodeFree(creditCode: string, exceptOrgId?: string) {
  const clash = await prisma.organization.findUnique({ where: { creditCode }, select: { id: true } });
  // Say only that the code is taken: the holder may be a pending, non-public registration.
  if (clash && clash.id !== exceptOrgId) throw codeTaken();
}

function duplicateCodeError(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
    // Lost a race with another registration of the same code.
    throw codeTaken();
  }
  throw e;
}

async function storeLogo(db: Db, orgId: string, userId: string, logo: UploadedFile) {
  const file = await saveUpload(db, { orgId, uploadedById: userId, purpose: "org-logo", visibility: "PUBLIC", file: logo });
  return file.id;
}

/** A new registration: status SUBMITTED, the registering user becomes its owner. */
export async function registerOrganization(userId: string, input: OrganizationInput, logo?: UploadedFile) {
  await assertCodeFree(input.creditCode);
  try {
    return await prisma.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { ...dataFrom(input), createdById: userId, status: "SUBMITTED" }, select: { id: true, name: true } });
      await tx.orgMembership.create({ data: { orgId: org.id, userId, role: "OWNER" } });
      if (logo) await tx.organization.update({ where: { id: org.id }, data: { logoId: await storeLogo(tx, org.id, userId, logo) } });
      await recordAudit({ actorId: userId, action: "org.submitted", entityType: "Organization", entityId: org.id, orgId: org.id, after: { status: "SUBMITTED", name: input.name, creditCode: input.creditCode } }, tx);
      await enqueueSearch(tx, "organization", org.id);
      return org;
    });
  } catch (e) {
    duplicateCodeError(e);
  }
}

/**
 * Edits an organization. Before approval (submitted/returned) everything can change and a returned
 * registration can be resubmitted; once approved, the registered identity (name, code, type,
 * district) is fixed and only descriptive fields change.
 */
export async function updateOrganization(orgId: string, actorId: string, input: OrganizationInput, opts: { resubmit?: boolean; logo?: UploadedFile } = {}) {
  const before = await prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { ...AUDITED } });
  if (before.status === "REJECTED" || before.status === "REVOKED") throw new AppError("orgs.errors.closed", 409);
  const locked = before.status === "APPROVED" || before.status === "SUSPENDED";
  if (locked && (input.name !== before.name || input.creditCode !== before.creditCode || input.type !== before.type || input.districtCode !== before.districtCode)) {
    throw new AppError("orgs.errors.identityLocked", 409);
  }
  if (!locked) await assertCodeFree(input.creditCode, orgId);
  const resubmit = opts.resubmit && before.status === "RETURNED";
  try {
    return await prisma.$transaction(async (tx) => {
      const data = { ...dataFrom(input), ...(resubmit ? { status: "SUBMITTED" as const, submittedAt: new Date() } : {}) };
      if (opts.logo) Object.assign(data, { logoId: await storeLogo(tx, orgId, actorId, opts.logo) });
      // Optimistic check: the status must not have moved under us (e.g. staff reviewing meanwhile).
      const updated = await tx.organization.updateMany({ where: { id: orgId, status: before.status }, data });
      if (updated.count !== 1) throw new AppError("orgs.errors.changedMeanwhile", 409);
      const after = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { ...AUDITED } });
      await recordAudit({ actorId, action: resubmit ? "org.resubmitted" : "org.updated", entityType: "Organization", entityId: orgId, orgId, before, after }, tx);
      await enqueueSearch(tx, "organization", orgId);
      return { resubmitted: Boolean(resubmit) };
    });
  } catch (e) {
    duplicateCodeError(e);
  }
}

/** Allowed review transitions: decision → [from statuses, to status]. */
export const TRANSITIONS: Record<string, { from: OrgStatus[]; to: OrgStatus }> = {
  APPROVE: { from: ["SUBMITTED"], to: "APPROVED" },
  RETURN: { from: ["SUBMITTED"], to: "RETURNED" },
  REJECT: { from: ["SUBMITTED"], to: "REJECTED" },
  SUSPEND: { from: ["APPROVED"], to: "SUSPENDED" },
  REINSTATE: { from: ["SUSPENDED"], to: "APPROVED" },
  REVOKE: { from: ["APPROVED", "SUSPENDED"], to: "REVOKED" },
};

export async function reviewOrganization(orgId: string, staffId: string, decision: keyof typeof TRANSITIONS, reason?: string) {
  const rule = TRANSITIONS[decision];
  if (!rule) throw new AppError("validation.choice", 400);
  const result = await prisma.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: orgId }, select: { id: true, name: true, status: true } });
    if (!org) throw new AppError("errors.http.404", 404);
    await assertNotOwnOrganization(tx, staffId, orgId);
    if (!rule.from.includes(org.status)) throw new AppError("orgs.review.notAllowed", 409, { status: org.status });
    // Conditional update: two reviewers acting at once cannot both move the same registration.
    const res = await tx.organization.updateMany({
      where: { id: orgId, status: org.status },
      data: { status: rule.to, reviewReason: reason ?? null, ...(rule.to === "APPROVED" ? { approvedAt: new Date() } : {}) },
    });
    if (res.count !== 1) throw new AppError("orgs.errors.changedMeanwhile", 409);
    await recordAudit({ actorId: staffId, action: `org.${decision.toLowerCase()}`, entityType: "Organization", entityId: orgId, orgId, reason, before: { status: org.status }, after: { status: rule.to } }, tx);
    const members = await tx.orgMembership.findMany({ where: { orgId, role: { in: ["OWNER", "ADMIN"] } }, select: { userId: true } });
    for (const m of members) {
      await notify(tx, m.userId, `orgs.${rule.to}`, { org: org.name, reason: reason ?? "" }, `/org/${orgId}`);
    }
    await enqueueSearch(tx, "organization", orgId);
    return { from: org.status, to: rule.to };
  });
  // Suspension freezes the organization's campaigns and funds: close their open checkouts.
  if (rule.to === "SUSPENDED" || rule.to === "REVOKED") await expireOpenCheckouts({ orgId });
  return result;
}

export async function listDirectory(f: { q?: string; district?: string; type?: string; area?: string; page: number }) {
  const where: Prisma.OrganizationWhereInput = {
    status: "APPROVED",
    ...(f.district ? { districtCode: f.district } : {}),
    ...(f.type ? { type: f.type as OrgType } : {}),
    ...(f.area ? { serviceAreas: { has: f.area as ServiceArea } } : {}),
    ...(f.q ? { OR: [{ name: { contains: f.q, mode: "insensitive" } }, { mission: { contains: f.q, mode: "insensitive" } }] } : {}),
  };
  const [total, items] = await Promise.all([
    prisma.organization.count({ where }),
    prisma.organization.findMany({
      where,
      select: { id: true, name: true, type: true, districtCode: true, serviceAreas: true, mission: true, isCharity: true, publicFundraising: true, isVolunteerGroup: true, logoId: true },
      orderBy: [{ approvedAt: "desc" }, { id: "asc" }],
      skip: (f.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return { total, items, page: f.page, pageSize: PAGE_SIZE };
}

export async function listReviewQueue(f: { q?: string; district?: string; type?: string; status?: string; page: number }) {
  const where: Prisma.OrganizationWhereInput = {
    status: (f.status as OrgStatus | undefined) ?? "SUBMITTED",
    ...(f.district ? { districtCode: f.district } : {}),
    ...(f.type ? { type: f.type as OrgType } : {}),
    ...(f.q ? { OR: [{ name: { contains: f.q, mode: "insensitive" } }, { creditCode: { contains: f.q.toUpperCase() } }] } : {}),
  };
  const [total, items, counts] = await Promise.all([
    prisma.organization.count({ where }),
    prisma.organization.findMany({
      where,
      select: { id: true, name: true, type: true, creditCode: true, districtCode: true, status: true, submittedAt: true, reviewReason: true },
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      skip: (f.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    prisma.organization.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  return { total, items, page: f.page, pageSize: PAGE_SIZE, counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number> };
}

/** Every registration matching the filters (all statuses unless one is chosen), for the registry export. */
/** The registry export's rows, from the read replica (README, "Read replica"): a file may lag by the replication delay. */
export async function listRegistry(f: { q?: string; district?: string; type?: string; status?: string }) {
  return replica().organization.findMany({
    where: {
      ...(f.status ? { status: f.status as OrgStatus } : {}),
      ...(f.district ? { districtCode: f.district } : {}),
      ...(f.type ? { type: f.type as OrgType } : {}),
      ...(f.q ? { OR: [{ name: { contains: f.q, mode: "insensitive" } }, { creditCode: { contains: f.q.toUpperCase() } }] } : {}),
    },
    select: { name: true, type: true, creditCode: true, districtCode: true, address: true, contactName: true, contactPhone: true, foundedOn: true, status: true, submittedAt: true, approvedAt: true },
    orderBy: [{ districtCode: "asc" }, { name: "asc" }],
    take: 50_000,
  });
}

export async function getAuditTrail(orgId: string) {
  return prisma.auditLog.findMany({
    where: { entityType: "Organization", entityId: orgId },
    select: { id: true, action: true, reason: true, before: true, after: true, createdAt: true, actor: { select: { displayName: true } } },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
}
