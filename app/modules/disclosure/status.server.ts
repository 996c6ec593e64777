/**
 * Where each campaign and fund stands with its disclosures (schedule.ts), read from the database:
 * for one target, for an organization or for the whole city, always one query per kind of target
 * (the latest disclosure is aggregated in SQL, never fetched per row).
 */
import { prisma, type Db } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";
import { chinaDay, computeSchedule, maxDay, type Schedule } from "./schedule";

export type TargetRef = { campaignId?: string | null; fundId?: string | null };
export type TargetKind = "campaign" | "fund";

export type TargetSchedule = {
  type: TargetKind;
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  status: string;
  startedOn: string;
  endedOn: string | null;
  hold: { at: Date; reason: string | null; byId: string | null } | null;
  remindedAt: Date | null;
  schedule: Schedule;
};

/** Campaigns that raise or have raised (a final report may be owed); approved funds. */
export const SCHEDULED_CAMPAIGN_STATUSES = ["APPROVED", "FUNDED", "SUSPENDED", "ENDED", "CLOSED"] as const;
export const SCHEDULED_FUND_STATUSES = ["ACTIVE", "PAUSED", "SUSPENDED"] as const;

type Row = {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  status: string;
  approvedAt: Date | null;
  createdAt: Date;
  startDate: Date | null;
  deadline: Date | null;
  endedAt: Date | null;
  closedAt: Date | null;
  holdAt: Date | null;
  holdReason: string | null;
  holdById: string | null;
  remindedAt: Date | null;
  lastPeriodEnd: Date | null;
  hasFinal: boolean;
};

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

type Filter = { orgId?: string; id?: string };

function where(alias: string, f: Filter) {
  const parts: Prisma.Sql[] = [];
  if (f.orgId) parts.push(Prisma.sql`AND ${Prisma.raw(alias)}."orgId" = ${f.orgId}`);
  if (f.id) parts.push(Prisma.sql`AND ${Prisma.raw(alias)}.id = ${f.id}`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

async function campaignRows(db: Db, f: Filter) {
  return db.$queryRaw<Row[]>`
    SELECT c.id, c."orgId", o.name AS "orgName", c.title AS name, c.status::text AS status, c."approvedAt", c."createdAt",
           NULL::date AS "startDate", c.deadline, c."endedAt", c."closedAt",
           c."disclosureHoldAt" AS "holdAt", c."disclosureHoldReason" AS "holdReason", c."disclosureHoldById" AS "holdById",
           c."disclosureRemindedAt" AS "remindedAt", d."lastPeriodEnd", COALESCE(d."hasFinal", false) AS "hasFinal"
    FROM "Campaign" c
    JOIN "Organization" o ON o.id = c."orgId"
    LEFT JOIN LATERAL (
      SELECT MAX(x."periodEnd") AS "lastPeriodEnd", bool_or(x.kind = 'FINAL') AS "hasFinal" FROM "Disclosure" x WHERE x."campaignId" = c.id
    ) d ON true
    WHERE c.status::text IN (${Prisma.join([...SCHEDULED_CAMPAIGN_STATUSES])}) ${where("c", f)}
    ORDER BY c."approvedAt" ASC NULLS LAST, c.id`;
}

async function fundRows(db: Db, f: Filter) {
  return db.$queryRaw<Row[]>`
    SELECT x0.id, x0."orgId", o.name AS "orgName", x0.name, x0.status::text AS status, x0."approvedAt", x0."createdAt",
           x0."startDate", NULL::date AS deadline, NULL::timestamp AS "endedAt", NULL::timestamp AS "closedAt",
           x0."disclosureHoldAt" AS "holdAt", x0."disclosureHoldReason" AS "holdReason", x0."disclosureHoldById" AS "holdById",
           x0."disclosureRemindedAt" AS "remindedAt", d."lastPeriodEnd", COALESCE(d."hasFinal", false) AS "hasFinal"
    FROM "Fund" x0
    JOIN "Organization" o ON o.id = x0."orgId"
    LEFT JOIN LATERAL (
      SELECT MAX(x."periodEnd") AS "lastPeriodEnd", bool_or(x.kind = 'FINAL') AS "hasFinal" FROM "Disclosure" x WHERE x."fundId" = x0.id
    ) d ON true
    WHERE x0.status::text IN (${Prisma.join([...SCHEDULED_FUND_STATUSES])}) ${where("x0", f)}
    ORDER BY x0."approvedAt" ASC NULLS LAST, x0.id`;
}

/** A campaign's last day of fundraising, or null while it still raises. */
function campaignEndedOn(r: Row, today: string) {
  if (r.status === "ENDED" || r.status === "CLOSED") {
    const at = r.endedAt ?? r.closedAt;
    return at ? chinaDay(at) : day(r.deadline);
  }
  const deadline = day(r.deadline);
  return deadline && deadline < today ? deadline : null;
}

function toSchedule(type: TargetKind, r: Row, today: string): TargetSchedule {
  const approvedOn = chinaDay(r.approvedAt ?? r.createdAt);
  const startedOn = type === "fund" ? maxDay(approvedOn, day(r.startDate))! : approvedOn;
  const endedOn = type === "campaign" ? campaignEndedOn(r, today) : null;
  return {
    type,
    id: r.id,
    orgId: r.orgId,
    orgName: r.orgName,
    name: r.name,
    status: r.status,
    startedOn,
    endedOn,
    hold: r.holdAt ? { at: r.holdAt, reason: r.holdReason, byId: r.holdById } : null,
    remindedAt: r.remindedAt,
    schedule: computeSchedule({ startedOn, endedOn, lastPeriodEnd: day(r.lastPeriodEnd), hasFinal: r.hasFinal }, today),
  };
}

/** Every scheduled campaign and fund of one organization, or of the city when no orgId is given. */
export async function listDisclosureSchedules(filter: { orgId?: string }, now: Date = new Date(), db: Db = prisma): Promise<TargetSchedule[]> {
  const today = chinaDay(now);
  const [campaigns, funds] = await Promise.all([campaignRows(db, filter), fundRows(db, filter)]);
  return [...campaigns.map((r) => toSchedule("campaign", r, today)), ...funds.map((r) => toSchedule("fund", r, today))];
}

/** One campaign's or fund's schedule; null when it is not (or no longer) on a schedule. */
export async function disclosureSchedule(t: TargetRef, now: Date = new Date(), db: Db = prisma): Promise<TargetSchedule | null> {
  const today = chinaDay(now);
  if (t.campaignId) {
    const [r] = await campaignRows(db, { id: t.campaignId });
    return r ? toSchedule("campaign", r, today) : null;
  }
  if (t.fundId) {
    const [r] = await fundRows(db, { id: t.fundId });
    return r ? toSchedule("fund", r, today) : null;
  }
  return null;
}

/** City-wide: what is overdue, or on hold, worst first (for staff; the export reads the replica). */
export async function overdueDisclosures(now: Date = new Date(), db: Db = prisma) {
  const all = await listDisclosureSchedules({}, now, db);
  return all
    .filter((s) => s.schedule.state === "overdue" || s.hold)
    .sort((a, b) => (a.schedule.nextDue?.dueOn ?? "9999").localeCompare(b.schedule.nextDue?.dueOn ?? "9999"));
}
