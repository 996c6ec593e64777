/**
 * Drill-down: the records behind each dashboard figure, under the same filter, so staff can check
 * any number. Personal names are masked here (the register itself is the place for clear names).
 * Read from the replica, as the figures they explain are (the primary without one).
 */
import { replica } from "~/utils/db.server";
import type { TFunction } from "~/modules/i18n/i18n";
import { districtName } from "~/modules/districts/districts";
import { maskName } from "~/modules/accounts/mask";
import type { StatsFilter } from "./filters";
import { consumptionRecords } from "./drill-consumption.server";

export const DRILL_KINDS = ["projects", "activities", "goods", "reach", "money", "service", "volunteerProjects", "orgs", "consumption"] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];
export const isDrillKind = (k: unknown): k is DrillKind => typeof k === "string" && (DRILL_KINDS as readonly string[]).includes(k);

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const dayEnd = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000);
/** Asia/Shanghai day bounds for timestamp columns (UTC+8, no DST). */
const tsRange = (f: StatsFilter) => ({ gte: new Date(Date.parse(`${f.from}T00:00:00+08:00`)), lt: new Date(Date.parse(`${f.to}T00:00:00+08:00`) + 86_400_000) });
const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");
const yuan = (fen: bigint | number) => Number(fen) / 100;

function orgWhere(f: StatsFilter) {
  return { ...(f.orgId ? { orgId: f.orgId } : {}), ...(f.orgType ? { org: { type: f.orgType } } : {}) };
}

export type DrillResult = { headers: string[]; rows: (string | number)[][]; total: number };

export async function drillRecords(kind: DrillKind, f: StatsFilter, t: TFunction, locale: string, page: number, pageSize: number): Promise<DrillResult> {
  const skip = (page - 1) * pageSize;
  const take = pageSize;
  const dn = (c: string) => districtName(c, locale);
  const dateRange = { gte: day(f.from), lt: dayEnd(f.to) };
  const district = f.districtCode ? { districtCode: f.districtCode } : {};
  const H = (k: string) => t(`stats.drill.${k}`);
  const db = replica();
  switch (kind) {
    case "projects": {
      const where = { startsOn: dateRange, ...district, ...orgWhere(f) };
      const [rows, total] = await Promise.all([
        db.reliefProject.findMany({ where, orderBy: [{ startsOn: "asc" }, { id: "asc" }], skip, take, select: { name: true, startsOn: true, districtCode: true, category: true, org: { select: { name: true } } } }),
        db.reliefProject.count({ where }),
      ]);
      return { headers: [H("date"), H("name"), H("org"), H("district"), H("kind")], rows: rows.map((r) => [iso(r.startsOn), r.name, r.org.name, dn(r.districtCode), t(`common.serviceAreas.${r.category}`)]), total };
    }
    case "activities": {
      const where = { heldOn: dateRange, ...district, ...orgWhere(f) };
      const [rows, total] = await Promise.all([
        db.activity.findMany({ where, orderBy: [{ heldOn: "asc" }, { id: "asc" }], skip, take, select: { title: true, heldOn: true, districtCode: true, kind: true, participants: true, org: { select: { name: true } } } }),
        db.activity.count({ where }),
      ]);
      return {
        headers: [H("date"), H("name"), H("org"), H("district"), H("kind"), H("people")],
        rows: rows.map((r) => [iso(r.heldOn), r.title, r.org.name, dn(r.districtCode), t(`stats.activityKinds.${r.kind}`), r.participants]),
        total,
      };
    }
    case "goods": {
      const where = { receivedOn: dateRange, ...district, ...orgWhere(f) };
      const [rows, total] = await Promise.all([
        db.goodsReceipt.findMany({
          where,
          orderBy: [{ receivedOn: "asc" }, { id: "asc" }],
          skip,
          take,
          select: { receivedOn: true, donorName: true, quantity: true, valueFen: true, districtCode: true, item: { select: { name: true, unit: true } }, org: { select: { name: true } } },
        }),
        db.goodsReceipt.count({ where }),
      ]);
      return {
        headers: [H("date"), H("name"), H("org"), H("district"), H("quantity"), H("amount")],
        rows: rows.map((r) => [iso(r.receivedOn), `${r.item.name}（${r.donorName}）`, r.org.name, dn(r.districtCode), `${r.quantity}${r.item.unit}`, yuan(r.valueFen)]),
        total,
      };
    }
    case "reach": {
      const where = { occurredOn: dateRange, ...district, ...orgWhere(f) };
      const [rows, total] = await Promise.all([
        db.reachRecord.findMany({
          where,
          orderBy: [{ occurredOn: "asc" }, { id: "asc" }],
          skip,
          take,
          select: { occurredOn: true, districtCode: true, source: true, headCount: true, groups: true, beneficiary: { select: { name: true } }, org: { select: { name: true } } },
        }),
        db.reachRecord.count({ where }),
      ]);
      return {
        headers: [H("date"), H("person"), H("org"), H("district"), H("kind"), H("people")],
        rows: rows.map((r) => [
          iso(r.occurredOn),
          (r.beneficiary ? maskName(r.beneficiary.name) : t("stats.drill.anonymous", { n: r.headCount })) + (r.groups.length ? ` · ${r.groups.map((g) => t(`common.beneficiaryGroups.${g}`)).join("、")}` : ""),
          r.org.name,
          dn(r.districtCode),
          t(`stats.reachSources.${r.source}`),
          r.headCount,
        ]),
        total,
      };
    }
    case "money": {
      const where = { occurredAt: tsRange(f), kind: { in: ["DONATION", "OFFLINE_DONATION", "REFUND", "DISBURSEMENT"] as ("DONATION" | "OFFLINE_DONATION" | "REFUND" | "DISBURSEMENT")[] }, ...district, ...orgWhere(f) };
      const [rows, total] = await Promise.all([
        db.ledgerTransaction.findMany({
          where,
          orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
          skip,
          take,
          select: { occurredAt: true, kind: true, amountFen: true, districtCode: true, donorName: true, source: true, donationId: true, org: { select: { name: true } } },
        }),
        db.ledgerTransaction.count({ where }),
      ]);
      // The ledger is append-only and older rows carry the name of donors who asked to stay
      // anonymous: hide it here (and everywhere this drill is exported).
      const donationIds = rows.flatMap((r) => (r.donationId ? [r.donationId] : []));
      const anonymous = new Set(donationIds.length ? (await db.donation.findMany({ where: { id: { in: donationIds }, anonymous: true }, select: { id: true } })).map((d) => d.id) : []);
      const who = (r: (typeof rows)[number]) => (r.donationId && anonymous.has(r.donationId) ? t("privacy.donors.anonymous") : (r.donorName ?? r.source ?? ""));
      return {
        headers: [H("date"), H("kind"), H("org"), H("district"), H("name"), H("amount")],
        rows: rows.map((r) => [iso(new Date(r.occurredAt.getTime() + 8 * 3_600_000)), r.kind, r.org.name, dn(r.districtCode), who(r), (r.kind === "REFUND" ? -1 : 1) * yuan(r.amountFen)]),
        total,
      };
    }
    case "service": {
      const where = { serviceDate: dateRange, status: { not: "DISPUTED" as const }, standing: { not: "REJECTED" as const }, ...district, ...orgWhere(f) };
      const [rows, total] = await Promise.all([
        db.serviceRecord.findMany({
          where,
          orderBy: [{ serviceDate: "asc" }, { id: "asc" }],
          skip,
          take,
          select: { serviceDate: true, minutes: true, districtCode: true, project: { select: { title: true } }, org: { select: { name: true } } },
        }),
        db.serviceRecord.count({ where }),
      ]);
      return { headers: [H("date"), H("name"), H("org"), H("district"), H("minutes")], rows: rows.map((r) => [iso(r.serviceDate), r.project.title, r.org.name, dn(r.districtCode), r.minutes]), total };
    }
    case "volunteerProjects": {
      const where = { startDate: dateRange, status: { in: ["PUBLISHED", "CLOSED"] as ("PUBLISHED" | "CLOSED")[] }, ...district, ...orgWhere(f) };
      const [rows, total] = await Promise.all([
        db.volunteerProject.findMany({ where, orderBy: [{ startDate: "asc" }, { id: "asc" }], skip, take, select: { title: true, startDate: true, districtCode: true, org: { select: { name: true } } } }),
        db.volunteerProject.count({ where }),
      ]);
      return { headers: [H("date"), H("name"), H("org"), H("district")], rows: rows.map((r) => [iso(r.startDate), r.title, r.org.name, dn(r.districtCode)]), total };
    }
    case "consumption":
      return consumptionRecords(f, t, locale, page, pageSize);
    case "orgs": {
      const where = {
        OR: [{ submittedAt: tsRange(f) }, { approvedAt: tsRange(f) }],
        ...district,
        ...(f.orgType ? { type: f.orgType } : {}),
        ...(f.orgId ? { id: f.orgId } : {}),
      };
      const [rows, total] = await Promise.all([
        db.organization.findMany({ where, orderBy: [{ submittedAt: "asc" }, { id: "asc" }], skip, take, select: { name: true, submittedAt: true, approvedAt: true, districtCode: true, type: true, status: true } }),
        db.organization.count({ where }),
      ]);
      return {
        headers: [H("date"), H("name"), H("district"), H("kind"), t("common.status")],
        rows: rows.map((r) => [iso(r.submittedAt), r.name, dn(r.districtCode), t(`stats.orgTypes.${r.type}`), `${r.status}${r.approvedAt ? ` ${iso(r.approvedAt)}` : ""}`]),
        total,
      };
    }
  }
}
