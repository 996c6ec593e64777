/**
 * Service certificates (志愿服务证明): a frozen snapshot of a volunteer's certifiable records over a
 * period, with a code anyone can check. "Certifiable" (ADR 007): confirmed or corrected by someone
 * other than the volunteer, not disputed, more than zero minutes, and from an organization that is
 * not suspended or revoked. A correction of a record on a valid certificate re-issues it (the old one
 * becomes SUPERSEDED, pointing at the new one) or, when nothing certifiable is left, revokes it.
 */
import type { Db } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import { prisma } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";
import type { CertificateStatus } from "~/generated/prisma/enums";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { maskName } from "~/modules/accounts/mask";
import type { CertificateSnapshot } from "./types";
import { ORG_STATUSES_WITHOUT_HOURS } from "./types";
import { calendarDate } from "./time";
import { countingWhere } from "./standing";
import { newCertificateCode, normaliseCertificateCode } from "./codes.server";

/** The records a certificate for this person and period may contain. */
export function certifiableWhere(userId: string, periodStart: Date, periodEnd: Date, now: Date = new Date()): Prisma.ServiceRecordWhereInput {
  return {
    userId,
    status: { in: ["CONFIRMED", "CORRECTED"] },
    minutes: { gt: 0 },
    serviceDate: { gte: periodStart, lte: periodEnd },
    // Vouched for by a second person: a record without a known confirmer, or confirmed by its own
    // volunteer, is not certified.
    confirmedById: { not: null },
    NOT: { confirmedById: userId },
    org: { status: { notIn: [...ORG_STATUSES_WITHOUT_HOURS] } },
    // Flagged, objected or still on notice: not yet (issue 15.1).
    AND: [countingWhere(now)],
  };
}

type Draft = { snapshot: CertificateSnapshot; totalMinutes: number; recordCount: number };

/** The snapshot of what is certifiable now, or null when nothing is. */
async function draftCertificate(db: Db, userId: string, periodStart: Date, periodEnd: Date, now: Date = new Date()): Promise<Draft | null> {
  const profile = await db.volunteerProfile.findUnique({ where: { userId }, select: { realName: true, idNumberMasked: true } });
  if (!profile) throw new AppError("volunteering.errors.profileRequired", 403);
  const records = await db.serviceRecord.findMany({
    where: certifiableWhere(userId, periodStart, periodEnd, now),
    orderBy: [{ serviceDate: "asc" }, { createdAt: "asc" }],
    select: { id: true, serviceDate: true, minutes: true, role: true, org: { select: { name: true } }, project: { select: { title: true } } },
  });
  if (!records.length) return null;
  const byOrg = new Map<string, { name: string; minutes: number; records: number }>();
  for (const r of records) {
    const o = byOrg.get(r.org.name) ?? { name: r.org.name, minutes: 0, records: 0 };
    o.minutes += r.minutes;
    o.records += 1;
    byOrg.set(r.org.name, o);
  }
  return {
    snapshot: {
      realName: profile.realName,
      idNumberMasked: profile.idNumberMasked,
      orgs: [...byOrg.values()],
      records: records.map((r) => ({ date: r.serviceDate.toISOString().slice(0, 10), org: r.org.name, project: r.project.title, role: r.role, minutes: r.minutes })),
      recordIds: records.map((r) => r.id),
    },
    totalMinutes: records.reduce((s, r) => s + r.minutes, 0),
    recordCount: records.length,
  };
}

function createFromDraft(db: Db, userId: string, periodStart: Date, periodEnd: Date, draft: Draft, issuedById: string) {
  return db.serviceCertificate.create({
    data: {
      code: newCertificateCode(),
      userId,
      periodStart,
      periodEnd,
      totalMinutes: draft.totalMinutes,
      recordCount: draft.recordCount,
      snapshot: draft.snapshot as unknown as Prisma.InputJsonValue,
      issuedById,
    },
    select: { id: true, code: true, createdAt: true },
  });
}

/**
 * The volunteer asks for a certificate of their own service. They may ask, but they vouch for
 * nothing: only records a second person confirmed go on it, and only once their hours count
 * (not flagged, not under objection, notice over: see standing.ts).
 */
export async function issueCertificate(userId: string, from: string, to: string, now: Date = new Date()) {
  const periodStart = calendarDate(from);
  const periodEnd = calendarDate(to);
  const draft = await draftCertificate(prisma, userId, periodStart, periodEnd, now);
  if (!draft) {
    const inPeriod = { userId, status: { in: ["CONFIRMED" as const, "CORRECTED" as const] }, serviceDate: { gte: periodStart, lte: periodEnd } };
    const any = await prisma.serviceRecord.count({ where: inPeriod });
    // Hours still on notice, under objection or waiting for review: say so rather than "nothing".
    const waiting = any ? await prisma.serviceRecord.count({ where: { ...inPeriod, OR: [{ standing: { in: ["FLAGGED", "OBJECTED"] } }, { standing: "NOTICE", noticeEndsAt: { gt: now } }] } }) : 0;
    throw new AppError(waiting ? "review.errors.notCountingYet" : any ? "hours.errors.nothingCertifiable" : "volunteering.errors.noRecordsInPeriod", 400);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const cert = await createFromDraft(prisma, userId, periodStart, periodEnd, draft, userId);
      await recordAudit({ actorId: userId, action: "certificate.issued", entityType: "ServiceCertificate", entityId: cert.id, after: { code: cert.code, from, to, totalMinutes: draft.totalMinutes } });
      return cert;
    } catch (e) {
      if (attempt < 3 && e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") continue;
      throw e;
    }
  }
}

/**
 * After a record changed (a correction), every valid certificate that contains it is re-issued from
 * the records as they are now, or revoked when nothing certifiable is left in its period. Runs in
 * the correction's transaction, so a correction never leaves a stale certificate "valid".
 */
export async function reviseCertificatesFor(tx: Db, record: { id: string; userId: string; serviceDate: Date; createdAt: Date }, actorId: string, reason: string) {
  const certs = await tx.serviceCertificate.findMany({
    where: { userId: record.userId, status: "VALID", periodStart: { lte: record.serviceDate }, periodEnd: { gte: record.serviceDate } },
    select: { id: true, code: true, periodStart: true, periodEnd: true, snapshot: true, createdAt: true },
  });
  const changed: { code: string; status: CertificateStatus; replacedBy: string | null }[] = [];
  for (const cert of certs) {
    const snap = cert.snapshot as unknown as CertificateSnapshot;
    // Certificates from before ADR 007 carry no record ids: any record that existed when they were issued may be on them.
    const contains = snap.recordIds ? snap.recordIds.includes(record.id) : record.createdAt <= cert.createdAt;
    if (!contains) continue;
    const now = new Date();
    const draft = await draftCertificate(tx, record.userId, cert.periodStart, cert.periodEnd);
    if (draft) {
      const next = await createFromDraft(tx, record.userId, cert.periodStart, cert.periodEnd, draft, actorId);
      await tx.serviceCertificate.update({ where: { id: cert.id }, data: { status: "SUPERSEDED", replacedById: next.id, revokedAt: now, revokeReason: reason } });
      await recordAudit({ actorId, action: "certificate.superseded", entityType: "ServiceCertificate", entityId: cert.id, reason, before: { code: cert.code, status: "VALID" }, after: { status: "SUPERSEDED", replacedBy: next.code, totalMinutes: draft.totalMinutes } }, tx);
      changed.push({ code: cert.code, status: "SUPERSEDED", replacedBy: next.code });
    } else {
      await tx.serviceCertificate.update({ where: { id: cert.id }, data: { status: "REVOKED", revokedAt: now, revokeReason: reason } });
      await recordAudit({ actorId, action: "certificate.revoked", entityType: "ServiceCertificate", entityId: cert.id, reason, before: { code: cert.code, status: "VALID" }, after: { status: "REVOKED" } }, tx);
      changed.push({ code: cert.code, status: "REVOKED", replacedBy: null });
    }
  }
  return changed;
}

export const MY_CERTIFICATES_PAGE_SIZE = 50;

export async function listMyCertificates(userId: string, page = 1) {
  const where = { userId };
  return paginate(
    page,
    MY_CERTIFICATES_PAGE_SIZE,
    () => prisma.serviceCertificate.count({ where }),
    (window) =>
      prisma.serviceCertificate.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        ...window,
        select: { code: true, periodStart: true, periodEnd: true, totalMinutes: true, recordCount: true, createdAt: true, status: true, revokedAt: true },
      }),
  );
}

/** The code of the certificate that replaced this one, if any. */
async function replacementCode(replacedById: string | null) {
  if (!replacedById) return null;
  const next = await prisma.serviceCertificate.findUnique({ where: { id: replacedById }, select: { code: true } });
  return next?.code ?? null;
}

/** The full certificate, for its owner only (404 for anyone else). */
export async function getMyCertificate(userId: string, code: string) {
  const cert = await prisma.serviceCertificate.findFirst({
    where: { code, userId },
    select: { code: true, periodStart: true, periodEnd: true, totalMinutes: true, recordCount: true, snapshot: true, createdAt: true, status: true, revokedAt: true, replacedById: true },
  });
  if (!cert) throw new AppError("common.errors.http.404", 404);
  const { replacedById, ...rest } = cert;
  return { ...rest, snapshot: cert.snapshot as unknown as CertificateSnapshot, replacedBy: await replacementCode(replacedById) };
}

/**
 * Public check: the holder's name masked, the period, the organizations and the totals — and whether
 * it is still valid; a superseded certificate names its replacement, a revoked one the date.
 */
export async function verifyCertificate(input: string) {
  const code = normaliseCertificateCode(input);
  if (!code) return null;
  const cert = await prisma.serviceCertificate.findUnique({
    where: { code },
    select: { code: true, periodStart: true, periodEnd: true, totalMinutes: true, recordCount: true, snapshot: true, createdAt: true, status: true, revokedAt: true, replacedById: true },
  });
  if (!cert) return null;
  const snap = cert.snapshot as unknown as CertificateSnapshot;
  return {
    code: cert.code,
    status: cert.status,
    endedAt: cert.revokedAt,
    replacedBy: await replacementCode(cert.replacedById),
    periodStart: cert.periodStart,
    periodEnd: cert.periodEnd,
    totalMinutes: cert.totalMinutes,
    recordCount: cert.recordCount,
    issuedAt: cert.createdAt,
    holder: maskName(snap.realName),
    orgs: snap.orgs,
  };
}
