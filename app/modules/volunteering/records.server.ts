/** Service records (志愿服务记录): the volunteer's view, disputes, and the organization's corrections. */
import { prisma } from "~/utils/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import type { CorrectionInput, RecordFilter } from "./schema";
import { MAX_MINUTES_PER_DAY } from "./types";
import { calendarDate } from "./time";
import { minutesOnDay } from "./attendance.server";
import { assertOrgRecordsHours, assertSecondPerson, assertWithinSpan } from "./hours-rules.server";
import { reviseCertificatesFor } from "./certificates.server";
import { assessNewRecord } from "./hours-standing.server";

const TX = { maxWait: 20_000, timeout: 30_000 } as const;

export const MY_RECORDS_PAGE_SIZE = 50;

/** A volunteer's own records, newest first, one page at a time. Only ever filtered by the signed-in user's id. */
export async function listMyRecords(userId: string, page = 1) {
  const where = { userId };
  return paginate(
    page,
    MY_RECORDS_PAGE_SIZE,
    () => prisma.serviceRecord.count({ where }),
    (window) =>
      prisma.serviceRecord.findMany({
        where,
        orderBy: [{ serviceDate: "desc" }, { createdAt: "desc" }, { id: "asc" }],
        ...window,
        select: {
          id: true,
          serviceDate: true,
          minutes: true,
          role: true,
          status: true,
          source: true,
          standing: true,
          noticeEndsAt: true,
          reviewNote: true,
          disputeReason: true,
          correctionNote: true,
          org: { select: { name: true } },
          project: { select: { id: true, title: true } },
        },
      }),
  );
}

/**
 * Hours per calendar year for one volunteer: everything recorded (rejected hours left out) and the
 * part that counts (certified hours: decided, or notice over with no objection, and not disputed).
 */
export async function yearTotals(userId: string, now: Date = new Date()) {
  const rows = await prisma.$queryRaw<{ year: number; minutes: bigint; counted: bigint; records: bigint }[]>`
    SELECT EXTRACT(YEAR FROM "serviceDate")::int AS year, SUM(minutes) AS minutes, COUNT(*) AS records,
      COALESCE(SUM(minutes) FILTER (WHERE status <> 'DISPUTED' AND (standing = 'COUNTED' OR (standing = 'NOTICE' AND "noticeEndsAt" <= ${now}))), 0) AS counted
    FROM "ServiceRecord" WHERE "userId" = ${userId} AND standing <> 'REJECTED' GROUP BY 1 ORDER BY 1 DESC`;
  return rows.map((r) => ({ year: r.year, minutes: Number(r.minutes), counted: Number(r.counted), records: Number(r.records) }));
}

export async function disputeRecord(userId: string, recordId: string, reason: string) {
  return prisma.$transaction(async (tx) => {
    const record = await tx.serviceRecord.findFirst({ where: { id: recordId, userId }, select: { id: true, status: true, orgId: true, minutes: true } });
    if (!record) throw new AppError("common.errors.http.404", 404);
    if (record.status === "DISPUTED") throw new AppError("volunteering.errors.alreadyDisputed", 409);
    await tx.serviceRecord.update({ where: { id: recordId }, data: { status: "DISPUTED", disputeReason: reason } });
    await recordAudit({ actorId: userId, action: "serviceRecord.disputed", entityType: "ServiceRecord", entityId: recordId, orgId: record.orgId, reason, before: { status: record.status }, after: { status: "DISPUTED" } }, tx);
  }, TX);
}

/**
 * The organization corrects a record (usually after a dispute). Every correction is audited with
 * before/after. The corrector is a second person (never the volunteer, so nobody resolves their own
 * dispute) and becomes the record's confirmer; the same span and day caps as a confirmation apply.
 * Zero hours means "did not actually serve": the record is voided (deleted — a record always holds
 * minutes — with its values kept in the audit trail) and the sign-up becomes a no-show. Certificates
 * that contain the record are re-issued or revoked in the same transaction.
 */
export async function correctRecord(orgId: string, actorId: string, recordId: string, input: CorrectionInput) {
  return prisma.$transaction(async (tx) => {
    const record = await tx.serviceRecord.findFirst({
      where: { id: recordId, orgId },
      select: {
        id: true,
        userId: true,
        status: true,
        minutes: true,
        role: true,
        serviceDate: true,
        createdAt: true,
        confirmedById: true,
        standing: true,
        org: { select: { status: true } },
        project: { select: { title: true } },
        shift: { select: { startsAt: true, endsAt: true } },
        signup: { select: { id: true, status: true, checkedInAt: true, checkedOutAt: true } },
      },
    });
    if (!record) throw new AppError("common.errors.http.404", 404);
    assertOrgRecordsHours(record.org.status);
    assertSecondPerson(actorId, record.userId, "hours.errors.selfCorrect");
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${record.userId} FOR NO KEY UPDATE`;
    const others = await minutesOnDay(tx, record.userId, record.serviceDate, recordId);
    if (others + input.minutes > MAX_MINUTES_PER_DAY) throw new AppError("volunteering.errors.dayTooLong", 400, { hours: Math.round((others / 60) * 10) / 10 }, { hours: "volunteering.errors.dayTooLong" });
    assertWithinSpan(input.minutes, record.signup, record.shift);
    if (input.minutes === 0) {
      await tx.serviceRecord.delete({ where: { id: recordId } });
      await tx.shiftSignup.update({ where: { id: record.signup.id }, data: { status: "NO_SHOW" } });
      await recordAudit(
        {
          actorId,
          action: "serviceRecord.voided",
          entityType: "ServiceRecord",
          entityId: recordId,
          orgId,
          reason: input.note,
          before: { minutes: record.minutes, role: record.role, status: record.status, confirmedById: record.confirmedById, signupStatus: record.signup.status },
          after: { minutes: 0, status: "VOIDED", signupStatus: "NO_SHOW" },
        },
        tx,
      );
      await notify(tx, record.userId, "volunteering.recordCorrected", { project: record.project.title, hours: 0 }, "/me/volunteering");
      return { certificates: await reviseCertificatesFor(tx, record, actorId, input.note) };
    }
    await tx.serviceRecord.update({ where: { id: recordId }, data: { minutes: input.minutes, role: input.role, status: "CORRECTED", correctionNote: input.note, confirmedById: actorId } });
    // A corrected record is looked at again (flags) and announced again (a new notice, issue 15.1);
    // objections still open are answered by the correction itself.
    const assessed = await assessNewRecord(tx, recordId);
    const objections = await tx.hoursObjection.findMany({ where: { recordId, status: "OPEN" }, select: { id: true, objectorId: true } });
    if (objections.length) {
      await tx.hoursObjection.updateMany({ where: { id: { in: objections.map((o) => o.id) } }, data: { status: "UPHELD", decidedById: actorId, decidedAt: new Date(), decisionNote: input.note } });
      for (const objectorId of new Set(objections.flatMap((o) => (o.objectorId && o.objectorId !== record.userId ? [o.objectorId] : [])))) {
        await notify(tx, objectorId, "review.objectionCorrected", { project: record.project.title, date: record.serviceDate.toISOString().slice(0, 10) });
      }
    }
    await recordAudit(
      {
        actorId,
        action: "serviceRecord.corrected",
        entityType: "ServiceRecord",
        entityId: recordId,
        orgId,
        reason: input.note,
        before: { minutes: record.minutes, role: record.role, status: record.status, confirmedById: record.confirmedById, standing: record.standing },
        after: { minutes: input.minutes, role: input.role, status: "CORRECTED", confirmedById: actorId, standing: assessed.standing, flags: assessed.flags, ...(objections.length ? { objectionsUpheld: objections.map((o) => o.id) } : {}) },
      },
      tx,
    );
    await notify(tx, record.userId, "volunteering.recordCorrected", { project: record.project.title, hours: Math.round((input.minutes / 60) * 100) / 100 }, "/me/volunteering");
    const certificates = await reviseCertificatesFor(tx, record, actorId, input.note);
    return { certificates };
  }, TX);
}

export function recordWhere(orgId: string, f: Pick<RecordFilter, "from" | "to" | "projectId" | "status">): Prisma.ServiceRecordWhereInput {
  return {
    orgId,
    ...(f.projectId ? { projectId: f.projectId } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.from || f.to ? { serviceDate: { ...(f.from ? { gte: calendarDate(f.from) } : {}), ...(f.to ? { lte: calendarDate(f.to) } : {}) } } : {}),
  };
}

export const RECORDS_PAGE_SIZE = 50;

export async function listOrgRecords(orgId: string, f: RecordFilter) {
  const where = recordWhere(orgId, f);
  const [{ rows, pagination }, sum] = await Promise.all([
    paginate(
      f.page,
      RECORDS_PAGE_SIZE,
      () => prisma.serviceRecord.count({ where }),
      (window) =>
        prisma.serviceRecord.findMany({
          where,
          orderBy: [{ status: "asc" }, { serviceDate: "desc" }, { id: "asc" }],
          ...window,
          select: { id: true, userId: true, serviceDate: true, minutes: true, role: true, status: true, standing: true, noticeEndsAt: true, source: true, disputeReason: true, correctionNote: true, project: { select: { id: true, title: true } }, user: { select: { profile: { select: { realName: true } } } } },
        }),
    ),
    prisma.serviceRecord.aggregate({ where, _sum: { minutes: true } }),
  ]);
  return { rows, total: pagination.total, pagination, minutes: sum._sum.minutes ?? 0 };
}

/** The audit trail of one record, for the organization's record page. */
export async function recordHistory(orgId: string, recordId: string) {
  return prisma.auditLog.findMany({
    where: { entityType: "ServiceRecord", entityId: recordId, orgId },
    orderBy: { createdAt: "asc" },
    select: { id: true, action: true, reason: true, createdAt: true, before: true, after: true, actor: { select: { displayName: true } } },
  });
}

/**
 * The history of the volunteer's own records (MCA Order 67: corrections at the volunteer's request,
 * with the reason): what was done, when and why, per record. Who acted is not shown beyond "you";
 * an objector's identity and reason stay with the reviewers.
 */
export async function myRecordHistories(userId: string, recordIds: string[]) {
  const own = await prisma.serviceRecord.findMany({ where: { id: { in: recordIds }, userId }, select: { id: true } });
  const rows = own.length
    ? await prisma.auditLog.findMany({
        where: { entityType: "ServiceRecord", entityId: { in: own.map((r) => r.id) } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: 2000,
        select: { id: true, entityId: true, action: true, reason: true, createdAt: true, before: true, after: true, actorId: true },
      })
    : [];
  const pick = (j: unknown) => {
    const o = (j ?? {}) as Record<string, unknown>;
    return { minutes: typeof o.minutes === "number" ? o.minutes : null, standing: typeof o.standing === "string" ? o.standing : null };
  };
  const byRecord: Record<string, { id: string; action: string; reason: string | null; createdAt: Date; byMe: boolean; before: ReturnType<typeof pick>; after: ReturnType<typeof pick> }[]> = {};
  for (const r of rows) {
    (byRecord[r.entityId] ??= []).push({
      id: r.id.toString(),
      action: r.action,
      reason: r.action === "serviceRecord.objected" && r.actorId !== userId ? null : r.reason,
      createdAt: r.createdAt,
      byMe: r.actorId === userId,
      before: pick(r.before),
      after: pick(r.after),
    });
  }
  return byRecord;
}
