/**
 * The national volunteer-system export (issue 15.2): an organization's volunteers, projects and
 * service hours for a period, in the layout of the bulk import of the national volunteer-service
 * information system (全国志愿服务信息系统 / 中国志愿服务网).
 *
 * Which records: the organization's records in the period that count (countingWhere: decided, or
 * on notice that has run out — never flagged, on notice, objected or rejected), CONFIRMED or
 * CORRECTED, more than zero minutes, vouched for by someone other than the volunteer, and only while
 * the organization is not suspended or revoked — the same rule as certificates (ADR 007).
 *
 * Whose: only volunteers who consented (idNumberCiphertext); the others are left out with their
 * hours, and the page says how many, by masked name. The ID number in clear exists only in the
 * workbook (national-workbook.server.ts), decrypted from the ciphertext, never from the hash.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { maskName } from "~/modules/accounts/mask";
import { decryptIdNumber, IdCipherError, idKeyring } from "~/modules/accounts/id-cipher.server";
import { countingWhere } from "./standing";
import { ORG_STATUSES_WITHOUT_HOURS } from "./types";
import type { NationalPeriod } from "./national-export-schema";
import { nationalWorkbook, type NationalRows } from "./national-workbook.server";

export const NATIONAL_EXPORT_ACTION = "national.export";
/** Masked names of left-out volunteers listed on the page (the count is always complete). */
const EXCLUDED_NAMES_SHOWN = 50;
const MAX_RECORDS = 100_000;

export function nationalExportWhere(orgId: string, period: NationalPeriod, now: Date = new Date()): Prisma.ServiceRecordWhereInput {
  return {
    orgId,
    status: { in: ["CONFIRMED", "CORRECTED"] },
    minutes: { gt: 0 },
    serviceDate: { gte: period.from, lte: period.to },
    confirmedById: { not: null },
    org: { status: { notIn: [...ORG_STATUSES_WITHOUT_HOURS] } },
    AND: [countingWhere(now)],
  };
}

async function loadRecords(orgId: string, period: NationalPeriod, now: Date) {
  const rows = await prisma.serviceRecord.findMany({
    where: nationalExportWhere(orgId, period, now),
    orderBy: [{ serviceDate: "asc" }, { createdAt: "asc" }],
    take: MAX_RECORDS,
    select: {
      id: true,
      userId: true,
      confirmedById: true,
      serviceDate: true,
      minutes: true,
      role: true,
      project: { select: { id: true, title: true, category: true, startDate: true, endDate: true, districtCode: true, contactName: true, contactPhone: true } },
      user: { select: { profile: { select: { realName: true, phone: true, sex: true, birthDate: true, districtCode: true, idNumberCiphertext: true, nationalExportConsentAt: true } } } },
    },
  });
  // Nobody certifies their own hours: a record confirmed by its own volunteer is not reported.
  return rows.filter((r) => r.confirmedById !== r.userId);
}

type Loaded = Awaited<ReturnType<typeof loadRecords>>[number];
const consented = (r: Loaded) => Boolean(r.user.profile?.idNumberCiphertext && r.user.profile.nationalExportConsentAt);

function tally(records: Loaded[]) {
  return {
    volunteers: new Set(records.map((r) => r.userId)).size,
    projects: new Set(records.map((r) => r.project.id)).size,
    records: records.length,
    minutes: records.reduce((n, r) => n + r.minutes, 0),
  };
}

/** What the export of this period would hold, and who is left out (masked names only). Decrypts nothing. */
export async function nationalExportSummary(orgId: string, period: NationalPeriod, now: Date = new Date()) {
  const records = await loadRecords(orgId, period, now);
  const included = records.filter(consented);
  const excluded = records.filter((r) => !consented(r));
  const excludedNames = [...new Map(excluded.map((r) => [r.userId, maskName(r.user.profile?.realName ?? "")])).values()];
  return {
    included: tally(included),
    excluded: { ...tally(excluded), names: excludedNames.slice(0, EXCLUDED_NAMES_SHOWN) },
  };
}

/**
 * Builds the .xlsx and records the export in the audit trail (the period and the counts, no
 * personal data). A consented number that no longer decrypts (key lost or row altered) leaves that
 * volunteer out too, counted as `unreadable`.
 */
export async function exportNational(orgId: string, actorId: string, period: NationalPeriod, now: Date = new Date()) {
  const key = idKeyring();
  const org = await prisma.organization.findUnique({ where: { id: orgId }, select: { name: true } });
  if (!org) throw new AppError("errors.http.404", 404);
  const records = await loadRecords(orgId, period, now);
  const ids = new Map<string, string | null>();
  for (const r of records.filter(consented)) {
    if (ids.has(r.userId)) continue;
    try {
      ids.set(r.userId, decryptIdNumber(r.user.profile!.idNumberCiphertext!, r.userId, key));
    } catch (e) {
      if (!(e instanceof IdCipherError)) throw e;
      ids.set(r.userId, null);
    }
  }
  const included = records.filter((r) => consented(r) && ids.get(r.userId));
  const rows: NationalRows = {
    volunteers: [...new Map(included.map((r) => [r.userId, { ...r.user.profile!, idNumber: ids.get(r.userId)! }])).values()],
    projects: [...new Map(included.map((r) => [r.project.id, r.project])).values()],
    hours: included.map((r) => ({ realName: r.user.profile!.realName, idNumber: ids.get(r.userId)!, projectTitle: r.project.title, serviceDate: r.serviceDate, minutes: r.minutes, role: r.role })),
  };
  const counts = tally(included);
  const left = records.filter((r) => !included.includes(r));
  const unreadable = [...ids.values()].filter((v) => v === null).length;
  await recordAudit({
    actorId,
    action: NATIONAL_EXPORT_ACTION,
    entityType: "Organization",
    entityId: orgId,
    orgId,
    after: { from: period.fromText, to: period.toText, ...counts, excludedVolunteers: new Set(left.map((r) => r.userId)).size, excludedRecords: left.length, unreadable },
  });
  const buffer = await nationalWorkbook(rows);
  return { buffer, fileName: `全国志愿服务信息系统导入-${org.name}-${period.fromText}至${period.toText}.xlsx`, counts };
}

export type NationalExportLogEntry = { at: Date; actor: string; from: string; to: string; volunteers: number; projects: number; records: number; minutes: number; excludedVolunteers: number };

/** The organization's last exports, from the audit trail. */
export async function recentNationalExports(orgId: string, take = 10): Promise<NationalExportLogEntry[]> {
  const rows = await prisma.auditLog.findMany({
    where: { orgId, action: NATIONAL_EXPORT_ACTION },
    orderBy: { createdAt: "desc" },
    take,
    select: { createdAt: true, after: true, actor: { select: { displayName: true } } },
  });
  return rows.map((r) => {
    const a = (r.after ?? {}) as Record<string, unknown>;
    const n = (k: string) => (typeof a[k] === "number" ? (a[k] as number) : 0);
    const s = (k: string) => (typeof a[k] === "string" ? (a[k] as string) : "");
    return { at: r.createdAt, actor: r.actor?.displayName ?? "", from: s("from"), to: s("to"), volunteers: n("volunteers"), projects: n("projects"), records: n("records"), minutes: n("minutes"), excludedVolunteers: n("excludedVolunteers") };
  });
}
