/**
 * Everything the platform holds about one person, for their own download (PIPL art. 45): one flat
 * table per kind of record, so the same data gives the page, the JSON and the workbook.
 *
 * Only the person's own fields are read. Records shared with others (an organization, a shift, a
 * campaign) appear by their public title, never with the other people in them; notification and
 * audit details are reduced to what cannot name anyone else.
 */
import ExcelJS from "exceljs";
import { prisma } from "~/utils/db.server";

/** Rows per kind; a larger account gets the newest rows and a note saying so. */
export const OWN_DATA_CAP = 2000;

export type Cell = string | number | boolean | null;
export type OwnRow = Record<string, Cell>;

export const OWN_DATA_KINDS = [
  "account",
  "profile",
  "signups",
  "checkIns",
  "serviceRecords",
  "certificates",
  "donations",
  "receipts",
  "monthlyGifts",
  "shopOrders",
  "memberships",
  "notifications",
  "helpRequests",
  "audit",
  "sessions",
] as const;
export type OwnDataKind = (typeof OWN_DATA_KINDS)[number];

export type OwnData = {
  generatedAt: string;
  userId: string;
  /** Kinds cut at OWN_DATA_CAP rows (the newest are kept). */
  truncated: OwnDataKind[];
  cap: number;
  sections: Record<OwnDataKind, OwnRow[]>;
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);
const fen = (v: bigint | null | undefined) => (v === null || v === undefined ? null : v.toString());

/** Notification parameters that name things, never people (a coordinator's notice may name a volunteer). */
const SAFE_PARAMS = new Set(["project", "org", "campaign", "fund", "title", "time", "date", "amount", "period", "code", "number", "count", "hours", "minutes", "status", "product", "need", "days"]);

function safeParams(params: unknown): string | null {
  if (!params || typeof params !== "object") return null;
  const kept = Object.entries(params as Record<string, unknown>).filter(([k, v]) => SAFE_PARAMS.has(k) && (typeof v === "string" || typeof v === "number"));
  return kept.length ? JSON.stringify(Object.fromEntries(kept)) : null;
}

/** Reads at most CAP+1 rows so a cut can be told apart from an exact fit. */
const TAKE = OWN_DATA_CAP + 1;

export async function collectOwnData(userId: string, now = new Date()): Promise<OwnData> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, displayName: true, globalRole: true, districtCode: true, locale: true, emailVerifiedAt: true, passwordChangedAt: true, createdAt: true },
  });
  const [profile, signups, checkIns, records, certificates, donations, receipts, gifts, orders, memberships, notifications, helpRequests, audit, sessions] = await Promise.all([
    prisma.volunteerProfile.findUnique({
      where: { userId },
      // Never the keyed hash or the ciphertext: only that a copy is kept, and since when.
      select: { realName: true, phone: true, idNumberMasked: true, idNumberCiphertext: true, nationalExportConsentAt: true, birthDate: true, sex: true, districtCode: true, skills: true, createdAt: true, updatedAt: true },
    }),
    prisma.shiftSignup.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: TAKE,
      select: { id: true, status: true, waitlistPosition: true, checkedInAt: true, checkedOutAt: true, cancelledAt: true, createdAt: true, shift: { select: { startsAt: true, endsAt: true, project: { select: { title: true, org: { select: { name: true } } } } } } },
    }),
    prisma.checkInEvent.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: TAKE,
      select: { kind: true, accepted: true, refusal: true, latitude: true, longitude: true, accuracyM: true, distanceM: true, withinRadius: true, createdAt: true, shift: { select: { startsAt: true, project: { select: { title: true } } } } },
    }),
    prisma.serviceRecord.findMany({
      where: { userId },
      orderBy: { serviceDate: "desc" },
      take: TAKE,
      select: { id: true, serviceDate: true, minutes: true, role: true, status: true, standing: true, source: true, category: true, districtCode: true, disputeReason: true, correctionNote: true, createdAt: true, org: { select: { name: true } }, project: { select: { title: true } } },
    }),
    prisma.serviceCertificate.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: TAKE,
      select: { code: true, periodStart: true, periodEnd: true, totalMinutes: true, recordCount: true, status: true, revokedAt: true, createdAt: true, snapshot: true },
    }),
    prisma.donation.findMany({
      where: { donorUserId: userId },
      orderBy: { createdAt: "desc" },
      take: TAKE,
      select: { id: true, amountFen: true, currency: true, frequency: true, status: true, donorName: true, donorEmail: true, anonymous: true, message: true, receiptCode: true, refundedFen: true, paidAt: true, createdAt: true, provider: true, campaign: { select: { title: true } }, fund: { select: { name: true } } },
    }),
    prisma.donationReceiptRequest.findMany({
      where: { donation: { donorUserId: userId } },
      orderBy: { createdAt: "desc" },
      take: TAKE,
      select: { donationId: true, payerKind: true, payerName: true, taxId: true, email: true, status: true, receiptCode: true, receiptNumber: true, issuedOn: true, createdAt: true },
    }),
    prisma.monthlyGift.findMany({
      where: { donorUserId: userId },
      orderBy: { createdAt: "desc" },
      take: TAKE,
      select: { id: true, amountFen: true, method: true, provider: true, status: true, dayOfMonth: true, nextChargeOn: true, donorName: true, anonymous: true, cancelledAt: true, createdAt: true },
    }),
    prisma.shopOrder.findMany({
      where: { buyerUserId: userId },
      orderBy: { createdAt: "desc" },
      take: TAKE,
      select: { number: true, status: true, totalFen: true, refundedFen: true, recipientName: true, recipientPhone: true, address: true, carrier: true, trackingNumber: true, paidAt: true, shippedAt: true, completedAt: true, cancelledAt: true, anonymisedAt: true, createdAt: true, producer: { select: { name: true } }, lines: { select: { productName: true, quantity: true, unit: true } } },
    }),
    prisma.orgMembership.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: TAKE, select: { role: true, createdAt: true, org: { select: { name: true } } } }),
    prisma.notification.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: TAKE, select: { kind: true, params: true, link: true, readAt: true, createdAt: true } }),
    prisma.helpRequest.findMany({
      where: { submittedById: userId },
      orderBy: { createdAt: "desc" },
      take: TAKE,
      select: { id: true, category: true, districtCode: true, town: true, village: true, needText: true, forWhom: true, contactName: true, contactPhone: true, medicalDetails: true, medicalConsentAt: true, involvesChild: true, childDetails: true, guardianName: true, guardianConsentAt: true, status: true, outcomeNote: true, createdAt: true },
    }),
    prisma.auditLog.findMany({
      // What they did, and what was done to their account or profile. Before/after values and the
      // other actor are left out: they may name someone else.
      where: { OR: [{ actorId: userId }, { entityId: userId }] },
      orderBy: { createdAt: "desc" },
      take: TAKE,
      select: { action: true, entityType: true, entityId: true, actorId: true, createdAt: true },
    }),
    prisma.session.findMany({ where: { userId }, orderBy: { lastSeenAt: "desc" }, take: TAKE, select: { userAgent: true, createdAt: true, lastSeenAt: true, expiresAt: true } }),
  ]);

  const truncated: OwnDataKind[] = [];
  const cut = <T>(kind: OwnDataKind, rows: T[]): T[] => {
    if (rows.length > OWN_DATA_CAP) {
      truncated.push(kind);
      return rows.slice(0, OWN_DATA_CAP);
    }
    return rows;
  };

  const sections: Record<OwnDataKind, OwnRow[]> = {
    account: [
      {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        role: user.globalRole,
        districtCode: user.districtCode,
        locale: user.locale,
        emailVerifiedAt: iso(user.emailVerifiedAt),
        passwordChangedAt: iso(user.passwordChangedAt),
        createdAt: iso(user.createdAt),
      },
    ],
    profile: profile
      ? [
          {
            realName: profile.realName,
            phone: profile.phone,
            idNumber: profile.idNumberMasked,
            // The clear number is not kept; an encrypted copy exists only with consent to the national export.
            nationalExportCopy: profile.idNumberCiphertext && profile.nationalExportConsentAt ? `stored with consent on ${day(profile.nationalExportConsentAt)}` : null,
            nationalExportConsentAt: iso(profile.nationalExportConsentAt),
            birthDate: day(profile.birthDate),
            sex: profile.sex,
            districtCode: profile.districtCode,
            skills: profile.skills.join("、"),
            createdAt: iso(profile.createdAt),
            updatedAt: iso(profile.updatedAt),
          },
        ]
      : [],
    signups: cut("signups", signups).map((s) => ({
      id: s.id,
      project: s.shift.project.title,
      organization: s.shift.project.org.name,
      startsAt: iso(s.shift.startsAt),
      endsAt: iso(s.shift.endsAt),
      status: s.status,
      waitlistPosition: s.waitlistPosition,
      checkedInAt: iso(s.checkedInAt),
      checkedOutAt: iso(s.checkedOutAt),
      cancelledAt: iso(s.cancelledAt),
      createdAt: iso(s.createdAt),
    })),
    checkIns: cut("checkIns", checkIns).map((c) => ({
      project: c.shift.project.title,
      shiftStartsAt: iso(c.shift.startsAt),
      kind: c.kind,
      accepted: c.accepted,
      refusal: c.refusal,
      latitude: c.latitude,
      longitude: c.longitude,
      accuracyM: c.accuracyM,
      distanceM: c.distanceM,
      withinRadius: c.withinRadius,
      createdAt: iso(c.createdAt),
    })),
    serviceRecords: cut("serviceRecords", records).map((r) => ({
      id: r.id,
      organization: r.org.name,
      project: r.project.title,
      serviceDate: day(r.serviceDate),
      minutes: r.minutes,
      role: r.role,
      category: r.category,
      districtCode: r.districtCode,
      status: r.status,
      standing: r.standing,
      source: r.source,
      disputeReason: r.disputeReason,
      correctionNote: r.correctionNote,
      createdAt: iso(r.createdAt),
    })),
    certificates: cut("certificates", certificates).map((c) => {
      const snap = (c.snapshot ?? {}) as { realName?: unknown; orgs?: { name?: unknown }[] };
      return {
        code: c.code,
        realName: typeof snap.realName === "string" ? snap.realName : null,
        organizations: Array.isArray(snap.orgs) ? snap.orgs.map((o) => String(o?.name ?? "")).join("、") : null,
        periodStart: day(c.periodStart),
        periodEnd: day(c.periodEnd),
        totalMinutes: c.totalMinutes,
        recordCount: c.recordCount,
        status: c.status,
        revokedAt: iso(c.revokedAt),
        createdAt: iso(c.createdAt),
      };
    }),
    donations: cut("donations", donations).map((d) => ({
      id: d.id,
      to: d.campaign?.title ?? d.fund?.name ?? null,
      amountFen: fen(d.amountFen),
      currency: d.currency,
      frequency: d.frequency,
      status: d.status,
      provider: d.provider,
      donorName: d.donorName,
      donorEmail: d.donorEmail,
      anonymous: d.anonymous,
      message: d.message,
      receiptCode: d.receiptCode,
      refundedFen: fen(d.refundedFen),
      paidAt: iso(d.paidAt),
      createdAt: iso(d.createdAt),
    })),
    receipts: cut("receipts", receipts).map((r) => ({
      donationId: r.donationId,
      payerKind: r.payerKind,
      payerName: r.payerName,
      taxId: r.taxId,
      email: r.email,
      status: r.status,
      receiptCode: r.receiptCode,
      receiptNumber: r.receiptNumber,
      issuedOn: day(r.issuedOn),
      createdAt: iso(r.createdAt),
    })),
    monthlyGifts: cut("monthlyGifts", gifts).map((g) => ({
      id: g.id,
      amountFen: fen(g.amountFen),
      method: g.method,
      provider: g.provider,
      status: g.status,
      dayOfMonth: g.dayOfMonth,
      nextChargeOn: day(g.nextChargeOn),
      donorName: g.donorName,
      anonymous: g.anonymous,
      cancelledAt: iso(g.cancelledAt),
      createdAt: iso(g.createdAt),
    })),
    shopOrders: cut("shopOrders", orders).map((o) => ({
      number: o.number,
      producer: o.producer.name,
      items: o.lines.map((l) => `${l.productName} × ${l.quantity}${l.unit}`).join("; "),
      status: o.status,
      totalFen: fen(o.totalFen),
      refundedFen: fen(o.refundedFen),
      recipientName: o.recipientName,
      recipientPhone: o.recipientPhone,
      address: o.address,
      carrier: o.carrier,
      trackingNumber: o.trackingNumber,
      paidAt: iso(o.paidAt),
      shippedAt: iso(o.shippedAt),
      completedAt: iso(o.completedAt),
      cancelledAt: iso(o.cancelledAt),
      addressErasedAt: iso(o.anonymisedAt),
      createdAt: iso(o.createdAt),
    })),
    memberships: cut("memberships", memberships).map((m) => ({ organization: m.org.name, role: m.role, since: iso(m.createdAt) })),
    notifications: cut("notifications", notifications).map((n) => ({ kind: n.kind, details: safeParams(n.params), link: n.link, readAt: iso(n.readAt), createdAt: iso(n.createdAt) })),
    helpRequests: cut("helpRequests", helpRequests).map((h) => ({
      id: h.id,
      category: h.category,
      districtCode: h.districtCode,
      town: h.town,
      village: h.village,
      needText: h.needText,
      forWhom: h.forWhom,
      contactName: h.contactName,
      contactPhone: h.contactPhone,
      medicalDetails: h.medicalDetails,
      medicalConsentAt: iso(h.medicalConsentAt),
      involvesChild: h.involvesChild,
      childDetails: h.childDetails,
      guardianName: h.guardianName,
      guardianConsentAt: iso(h.guardianConsentAt),
      status: h.status,
      outcomeNote: h.outcomeNote,
      createdAt: iso(h.createdAt),
    })),
    audit: cut("audit", audit).map((a) => ({ action: a.action, entityType: a.entityType, entityId: a.entityId, byYou: a.actorId === userId, createdAt: iso(a.createdAt) })),
    sessions: cut("sessions", sessions).map((s) => ({ device: s.userAgent, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) })),
  };
  return { generatedAt: now.toISOString(), userId, truncated, cap: OWN_DATA_CAP, sections };
}

/** JSON text of the download (BigInt-free: money is already text in fen). */
export const ownDataJson = (data: OwnData) => JSON.stringify(data, null, 2);

/** Excel sheet names: at most 31 characters, none of []:*?/\ */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet";

/**
 * The workbook: a cover sheet (when, for whom, which kinds were cut), then one sheet per kind with
 * the field names as headers. `labels` gives each kind's sheet name in the reader's language.
 */
export async function ownDataXlsx(data: OwnData, labels: { cover: string; generatedAt: string; truncated: string; empty: string; kind: (k: OwnDataKind) => string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const cover = wb.addWorksheet(sheetName(labels.cover));
  cover.addRow([labels.cover]).font = { bold: true, size: 13 };
  cover.addRow([labels.generatedAt, data.generatedAt]);
  for (const k of data.truncated) cover.addRow([labels.truncated, labels.kind(k), data.cap]);
  cover.getColumn(1).width = 30;
  cover.getColumn(2).width = 30;
  const used = new Set<string>([cover.name]);
  for (const kind of OWN_DATA_KINDS) {
    let name = sheetName(labels.kind(kind));
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)}-${i}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    const rows = data.sections[kind];
    if (!rows.length) {
      ws.addRow([labels.empty]);
      continue;
    }
    const headers = Object.keys(rows[0]!);
    ws.addRow(headers).font = { bold: true };
    for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
    headers.forEach((_, i) => (ws.getColumn(i + 1).width = 20));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
