import { z } from "zod";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { Prisma } from "~/generated/prisma/client";
import type { QualificationStatus } from "~/generated/prisma/enums";
import { fields } from "~/utils/fields";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import type { UploadedFile } from "~/modules/files/files.server";
import { assertNotOwnOrganization } from "./self-review.server";
import { saveUpload } from "~/modules/files/uploads.server";

/**
 * Charity status (慈善组织), public-fundraising qualification (公开募捐资格) and its certificate number
 * are granted by the civil-affairs bureau, not declared by the organization. An organization asks
 * for a change with the supporting document (the 认定/资格证书 scan); staff approve or reject it.
 * Only an approval writes the organization's fields — in the same transaction as its audit entry —
 * so a pending request changes nothing that campaigns or funds depend on.
 */

export const QUALIFICATION_PAGE_SIZE = 20;
export const QUALIFICATION_STATUSES = ["PENDING", "APPROVED", "REJECTED", "WITHDRAWN"] as const;
export const QUALIFICATION_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

export const qualificationRequestSchema = z
  .object({
    isCharity: fields.checkbox(),
    publicFundraising: fields.checkbox(),
    fundraisingCertificate: fields.optionalText(60),
    note: fields.optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.publicFundraising && !v.isCharity) ctx.addIssue({ code: "custom", path: ["publicFundraising"], message: "qualification.validation.fundraisingNeedsCharity" });
    if (v.publicFundraising && !v.fundraisingCertificate) ctx.addIssue({ code: "custom", path: ["fundraisingCertificate"], message: "qualification.validation.certificateRequired" });
  });
export type QualificationRequestInput = z.infer<typeof qualificationRequestSchema>;

export const qualificationReviewSchema = z
  .object({ decision: z.enum(["APPROVE", "REJECT"], { error: "validation.choice" }), reason: fields.optionalText(1000) })
  .refine((v) => v.decision === "APPROVE" || Boolean(v.reason), { path: ["reason"], error: "qualification.validation.reasonRequired" });

const QUALIFICATION_FIELDS = { isCharity: true, publicFundraising: true, fundraisingCertificate: true } as const;

/** What the organization holds now, its pending request (if any) and its recent requests. */
export async function getQualificationOverview(orgId: string) {
  const [org, requests] = await Promise.all([
    prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, status: true, ...QUALIFICATION_FIELDS } }),
    prisma.qualificationRequest.findMany({
      where: { orgId },
      select: { id: true, status: true, isCharity: true, publicFundraising: true, fundraisingCertificate: true, note: true, reviewReason: true, createdAt: true, reviewedAt: true, documentId: true, document: { select: { fileName: true } } },
      orderBy: { createdAt: "desc" },
      take: 20,
    }),
  ]);
  return { org, pending: requests.find((r) => r.status === "PENDING") ?? null, requests };
}

export async function submitQualificationRequest(orgId: string, actorId: string, input: QualificationRequestInput, document: UploadedFile) {
  return prisma.$transaction(async (tx) => {
    // Lock the organization row: two submissions at once cannot both find "no pending request".
    await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${orgId} FOR UPDATE`;
    const org = await tx.organization.findUnique({ where: { id: orgId }, select: { status: true } });
    if (!org) throw new AppError("errors.http.404", 404);
    if (org.status !== "APPROVED") throw new AppError("orgs.errors.notApproved", 403);
    const pending = await tx.qualificationRequest.count({ where: { orgId, status: "PENDING" } });
    if (pending) throw new AppError("qualification.errors.pendingExists", 409);
    const file = await saveUpload(tx, { orgId, uploadedById: actorId, purpose: "qualification", visibility: "PRIVATE", file: document });
    const request = await tx.qualificationRequest.create({
      data: {
        orgId,
        isCharity: input.isCharity,
        publicFundraising: input.publicFundraising,
        fundraisingCertificate: input.publicFundraising ? (input.fundraisingCertificate ?? null) : null,
        note: input.note ?? null,
        documentId: file.id,
        requestedById: actorId,
      },
      select: { id: true },
    });
    await recordAudit({ actorId, action: "qualification.requested", entityType: "QualificationRequest", entityId: request.id, orgId, after: { isCharity: input.isCharity, publicFundraising: input.publicFundraising, fundraisingCertificate: input.fundraisingCertificate ?? null } }, tx);
    return request;
  });
}

export async function withdrawQualificationRequest(orgId: string, requestId: string, actorId: string) {
  return prisma.$transaction(async (tx) => {
    const res = await tx.qualificationRequest.updateMany({ where: { id: requestId, orgId, status: "PENDING" }, data: { status: "WITHDRAWN" } });
    if (res.count !== 1) throw new AppError("qualification.errors.notPending", 409);
    await recordAudit({ actorId, action: "qualification.withdrawn", entityType: "QualificationRequest", entityId: requestId, orgId, before: { status: "PENDING" }, after: { status: "WITHDRAWN" } }, tx);
  });
}

/**
 * Approve: the request becomes APPROVED and the organization's three fields take the requested
 * values, audited on the organization with before/after. Reject: the request is closed with the
 * reason and the organization is untouched.
 */
export async function reviewQualificationRequest(requestId: string, staffId: string, decision: "APPROVE" | "REJECT", reason?: string) {
  return prisma.$transaction(async (tx) => {
    const r = await tx.qualificationRequest.findUnique({ where: { id: requestId }, select: { id: true, orgId: true, status: true, isCharity: true, publicFundraising: true, fundraisingCertificate: true, org: { select: { name: true } } } });
    if (!r) throw new AppError("errors.http.404", 404);
    await assertNotOwnOrganization(tx, staffId, r.orgId);
    if (r.status !== "PENDING") throw new AppError("qualification.errors.notPending", 409);
    const to = decision === "APPROVE" ? "APPROVED" : "REJECTED";
    const res = await tx.qualificationRequest.updateMany({ where: { id: requestId, status: "PENDING" }, data: { status: to, reviewedById: staffId, reviewReason: reason ?? null, reviewedAt: new Date() } });
    if (res.count !== 1) throw new AppError("orgs.errors.changedMeanwhile", 409);
    if (decision === "APPROVE") {
      const org = await tx.organization.findUniqueOrThrow({ where: { id: r.orgId }, select: { status: true, ...QUALIFICATION_FIELDS } });
      if (org.status !== "APPROVED") throw new AppError("orgs.errors.notApproved", 409);
      const after = { isCharity: r.isCharity, publicFundraising: r.publicFundraising, fundraisingCertificate: r.publicFundraising ? r.fundraisingCertificate : null };
      await tx.organization.update({ where: { id: r.orgId }, data: after });
      const { status: _s, ...before } = org;
      await recordAudit({ actorId: staffId, action: "org.qualification_approved", entityType: "Organization", entityId: r.orgId, orgId: r.orgId, reason, before, after: { ...after, requestId } }, tx);
      await enqueueSearch(tx, "organization", r.orgId);
    }
    await recordAudit({ actorId: staffId, action: `qualification.${decision.toLowerCase()}`, entityType: "QualificationRequest", entityId: requestId, orgId: r.orgId, reason, before: { status: "PENDING" }, after: { status: to } }, tx);
    const members = await tx.orgMembership.findMany({ where: { orgId: r.orgId, role: { in: ["OWNER", "ADMIN"] } }, select: { userId: true } });
    for (const m of members) await notify(tx, m.userId, `qualification.request${to}`, { org: r.org.name, reason: reason ?? "" }, `/org/${r.orgId}/qualification`);
    return { to };
  });
}

export async function listQualificationQueue(f: { status: QualificationStatus; page: number }) {
  const where: Prisma.QualificationRequestWhereInput = { status: f.status };
  const [total, items, counts] = await Promise.all([
    prisma.qualificationRequest.count({ where }),
    prisma.qualificationRequest.findMany({
      where,
      select: { id: true, status: true, isCharity: true, publicFundraising: true, fundraisingCertificate: true, createdAt: true, reviewedAt: true, org: { select: { id: true, name: true, isCharity: true, publicFundraising: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (f.page - 1) * QUALIFICATION_PAGE_SIZE,
      take: QUALIFICATION_PAGE_SIZE,
    }),
    prisma.qualificationRequest.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  return { total, items, page: f.page, pageSize: QUALIFICATION_PAGE_SIZE, counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number> };
}

export async function getQualificationRequest(requestId: string) {
  const r = await prisma.qualificationRequest.findUnique({
    where: { id: requestId },
    select: {
      id: true,
      status: true,
      isCharity: true,
      publicFundraising: true,
      fundraisingCertificate: true,
      note: true,
      reviewReason: true,
      createdAt: true,
      reviewedAt: true,
      documentId: true,
      document: { select: { fileName: true } },
      requestedById: true,
      org: { select: { id: true, name: true, status: true, creditCode: true, ...QUALIFICATION_FIELDS } },
    },
  });
  if (!r) return null;
  const by = await prisma.user.findUnique({ where: { id: r.requestedById }, select: { displayName: true } });
  return { ...r, requestedBy: by?.displayName ?? "" };
}
