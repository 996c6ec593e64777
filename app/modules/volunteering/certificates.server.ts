/**
 * Service certificates (志愿服务证明): a frozen snapshot of a volunteer's confirmed records over a
 * period, with a code anyone can check. Disputed records are left out until they are corrected.
 */
import { prisma } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { maskName } from "~/modules/accounts/mask";
import type { CertificateSnapshot } from "./types";
import { calendarDate } from "./time";
import { newCertificateCode } from "./codes.server";

export async function issueCertificate(userId: string, from: string, to: string) {
  const profile = await prisma.volunteerProfile.findUnique({ where: { userId }, select: { realName: true, idNumberMasked: true } });
  if (!profile) throw new AppError("volunteering.errors.profileRequired", 403);
  const records = await prisma.serviceRecord.findMany({
    where: { userId, status: { in: ["CONFIRMED", "CORRECTED"] }, serviceDate: { gte: calendarDate(from), lte: calendarDate(to) } },
    orderBy: { serviceDate: "asc" },
    select: { serviceDate: true, minutes: true, role: true, org: { select: { name: true } }, project: { select: { title: true } } },
  });
  if (!records.length) throw new AppError("volunteering.errors.noRecordsInPeriod", 400);
  const byOrg = new Map<string, { name: string; minutes: number; records: number }>();
  for (const r of records) {
    const o = byOrg.get(r.org.name) ?? { name: r.org.name, minutes: 0, records: 0 };
    o.minutes += r.minutes;
    o.records += 1;
    byOrg.set(r.org.name, o);
  }
  const snapshot: CertificateSnapshot = {
    realName: profile.realName,
    idNumberMasked: profile.idNumberMasked,
    orgs: [...byOrg.values()],
    records: records.map((r) => ({ date: r.serviceDate.toISOString().slice(0, 10), org: r.org.name, project: r.project.title, role: r.role, minutes: r.minutes })),
  };
  const totalMinutes = records.reduce((s, r) => s + r.minutes, 0);
  for (let attempt = 0; ; attempt++) {
    try {
      const cert = await prisma.serviceCertificate.create({
        data: { code: newCertificateCode(), userId, periodStart: calendarDate(from), periodEnd: calendarDate(to), totalMinutes, recordCount: records.length, snapshot: snapshot as unknown as Prisma.InputJsonValue },
        select: { id: true, code: true },
      });
      await recordAudit({ actorId: userId, action: "certificate.issued", entityType: "ServiceCertificate", entityId: cert.id, after: { code: cert.code, from, to, totalMinutes } });
      return cert;
    } catch (e) {
      if (attempt < 3 && e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") continue;
      throw e;
    }
  }
}

export async function listMyCertificates(userId: string) {
  return prisma.serviceCertificate.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: { code: true, periodStart: true, periodEnd: true, totalMinutes: true, recordCount: true, createdAt: true } });
}

/** The full certificate, for its owner only (404 for anyone else). */
export async function getMyCertificate(userId: string, code: string) {
  const cert = await prisma.serviceCertificate.findFirst({ where: { code, userId }, select: { code: true, periodStart: true, periodEnd: true, totalMinutes: true, recordCount: true, snapshot: true, createdAt: true } });
  if (!cert) throw new AppError("common.errors.http.404", 404);
  return { ...cert, snapshot: cert.snapshot as unknown as CertificateSnapshot };
}

/** Public check: the holder's name masked, the period, the organizations and the totals. */
export async function verifyCertificate(code: string) {
  const cert = await prisma.serviceCertificate.findUnique({ where: { code }, select: { code: true, periodStart: true, periodEnd: true, totalMinutes: true, recordCount: true, snapshot: true, createdAt: true } });
  if (!cert) return null;
  const snap = cert.snapshot as unknown as CertificateSnapshot;
  return { code: cert.code, periodStart: cert.periodStart, periodEnd: cert.periodEnd, totalMinutes: cert.totalMinutes, recordCount: cert.recordCount, issuedAt: cert.createdAt, holder: maskName(snap.realName), orgs: snap.orgs };
}
