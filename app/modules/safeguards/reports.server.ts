/**
 * Reports of abuse (举报) from anyone on a campaign, fund, product or organization, queued for bureau
 * staff, who uphold or dismiss each with an outcome. The reporter's identity, contact and address
 * hash are for staff only; a signed-in reporter is told the outcome.
 */
import { createHmac } from "node:crypto";
import { prisma, replica } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { getEnv } from "~/utils/env.server";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { countAttempt } from "~/modules/accounts/rate-limit.server";
import { PUBLIC_STATUSES } from "~/modules/campaigns/campaigns.server";
import { PUBLIC_FUND_STATUSES } from "~/modules/funds/schema";
import { PUBLIC_PRODUCT_WHERE } from "~/modules/products/search-adapter.server";
import type { AbuseTarget, ReportStatus } from "~/generated/prisma/enums";
import type { ReportInput, ReportTargetParam } from "./schema";

/** Reports per address and per account in the throttle's window (15 minutes, then locked with back-off). */
export const MAX_REPORTS_PER_IP = 5;
export const MAX_REPORTS_PER_USER = 5;

const TARGET_ENUM: Record<ReportTargetParam, AbuseTarget> = { campaign: "CAMPAIGN", fund: "FUND", product: "PRODUCT", organization: "ORGANIZATION" };

/** The client address is never stored: only a keyed hash, for throttling and for staff to spot a flood. */
export const reportIpHash = (ip: string) => createHmac("sha256", getEnv().ID_HASH_KEY).update(`abuse-report:${ip}`).digest("hex").slice(0, 32);

export type ReportTarget = { targetType: AbuseTarget; targetId: string; orgId: string | null; title: string; href: string };

/** The target as the public sees it: null unless it exists and its public page is shown. */
export async function publicReportTarget(type: ReportTargetParam, id: string): Promise<ReportTarget | null> {
  switch (type) {
    case "campaign": {
      const c = await prisma.campaign.findUnique({ where: { id }, select: { id: true, orgId: true, title: true, status: true } });
      if (!c || !(PUBLIC_STATUSES.includes(c.status) || c.status === "SUSPENDED")) return null;
      return { targetType: "CAMPAIGN", targetId: c.id, orgId: c.orgId, title: c.title, href: `/campaigns/${c.id}` };
    }
    case "fund": {
      const f = await prisma.fund.findUnique({ where: { id }, select: { id: true, orgId: true, name: true, status: true, org: { select: { status: true } } } });
      if (!f || f.org.status !== "APPROVED" || !(PUBLIC_FUND_STATUSES as readonly string[]).includes(f.status)) return null;
      return { targetType: "FUND", targetId: f.id, orgId: f.orgId, title: f.name, href: `/funds/${f.id}` };
    }
    case "product": {
      const p = await prisma.product.findFirst({ where: { id, ...PUBLIC_PRODUCT_WHERE }, select: { id: true, name: true, producer: { select: { supportOrgId: true } } } });
      if (!p) return null;
      return { targetType: "PRODUCT", targetId: p.id, orgId: p.producer.supportOrgId ?? null, title: p.name, href: `/shop/products/${p.id}` };
    }
    case "organization": {
      const o = await prisma.organization.findUnique({ where: { id }, select: { id: true, name: true, status: true } });
      if (!o || o.status !== "APPROVED") return null;
      return { targetType: "ORGANIZATION", targetId: o.id, orgId: o.id, title: o.name, href: `/orgs/${o.id}` };
    }
  }
}

/** Files a report: throttled per address hash and per account, the target checked to exist and be public. */
export async function fileReport(input: ReportInput, reporterId: string | null, ip: string) {
  const ipHash = reportIpHash(ip);
  const verdicts = await Promise.all([countAttempt(`abuse-report:ip:${ipHash}`, MAX_REPORTS_PER_IP), ...(reporterId ? [countAttempt(`abuse-report:user:${reporterId}`, MAX_REPORTS_PER_USER)] : [])]);
  if (verdicts.some((v) => v.refused)) throw new AppError("safeguards.errors.rateLimited", 429);
  const target = await publicReportTarget(input.type, input.id);
  if (!target) throw new AppError("safeguards.errors.targetNotFound", 404);
  return prisma.$transaction(async (tx) => {
    const row = await tx.abuseReport.create({
      data: { targetType: TARGET_ENUM[input.type], targetId: target.targetId, orgId: target.orgId, category: input.category, details: input.details, contact: input.contact ?? null, reporterId, ipHash },
      select: { id: true },
    });
    // The audit entry names the report, not its text or the reporter's contact.
    await recordAudit({ actorId: reporterId, action: "abuseReport.filed", entityType: "AbuseReport", entityId: row.id, orgId: target.orgId, after: { targetType: TARGET_ENUM[input.type], targetId: target.targetId, category: input.category } }, tx);
    return { id: row.id, target };
  });
}

export const REPORTS_PAGE_SIZE = 50;

const listSelect = { id: true, targetType: true, targetId: true, orgId: true, category: true, details: true, status: true, reporterId: true, contact: true, createdAt: true, handledAt: true, outcome: true } as const;

async function titlesFor(rows: { targetType: AbuseTarget; targetId: string }[]) {
  const ids = (k: AbuseTarget) => rows.filter((r) => r.targetType === k).map((r) => r.targetId);
  const [campaigns, funds, products, orgs] = await Promise.all([
    prisma.campaign.findMany({ where: { id: { in: ids("CAMPAIGN") } }, select: { id: true, title: true } }),
    prisma.fund.findMany({ where: { id: { in: ids("FUND") } }, select: { id: true, name: true } }),
    prisma.product.findMany({ where: { id: { in: ids("PRODUCT") } }, select: { id: true, name: true } }),
    prisma.organization.findMany({ where: { id: { in: ids("ORGANIZATION") } }, select: { id: true, name: true } }),
  ]);
  const m = new Map<string, string>();
  for (const c of campaigns) m.set(`CAMPAIGN:${c.id}`, c.title);
  for (const f of funds) m.set(`FUND:${f.id}`, f.name);
  for (const p of products) m.set(`PRODUCT:${p.id}`, p.name);
  for (const o of orgs) m.set(`ORGANIZATION:${o.id}`, o.name);
  return m;
}

export const targetHref = (type: AbuseTarget, id: string) => (type === "CAMPAIGN" ? `/campaigns/${id}` : type === "FUND" ? `/funds/${id}` : type === "PRODUCT" ? `/shop/products/${id}` : `/orgs/${id}`);

function toRow(r: { id: string; targetType: AbuseTarget; targetId: string; category: string; details: string; status: ReportStatus; reporterId: string | null; contact: string | null; createdAt: Date; handledAt: Date | null; outcome: string | null }, titles: Map<string, string>) {
  return {
    id: r.id,
    targetType: r.targetType,
    targetId: r.targetId,
    targetTitle: titles.get(`${r.targetType}:${r.targetId}`) ?? r.targetId,
    targetHref: targetHref(r.targetType, r.targetId),
    category: r.category,
    details: r.details,
    status: r.status,
    signedIn: Boolean(r.reporterId),
    contact: r.contact,
    createdAt: r.createdAt.toISOString(),
    handledAt: r.handledAt?.toISOString() ?? null,
    outcome: r.outcome,
  };
}

/** Staff queue, oldest open first within a status; all statuses newest first. */
export async function listReports(status: ReportStatus | undefined, page = 1) {
  const where = status ? { status } : {};
  const { rows, pagination } = await paginate(
    page,
    REPORTS_PAGE_SIZE,
    () => prisma.abuseReport.count({ where }),
    (w) => prisma.abuseReport.findMany({ where, select: listSelect, orderBy: [{ createdAt: status === "OPEN" ? "asc" : "desc" }, { id: "asc" }], ...w }),
  );
  const [titles, grouped] = await Promise.all([titlesFor(rows), prisma.abuseReport.groupBy({ by: ["status"], _count: { _all: true } })]);
  const counts = Object.fromEntries(grouped.map((g) => [g.status, g._count._all]));
  return { reports: rows.map((r) => toRow(r, titles)), pagination, counts };
}

/** Every report matching the filter, for the Excel export (capped), from the read replica. */
export async function allReports(status: ReportStatus | undefined) {
  const rows = await replica().abuseReport.findMany({ where: status ? { status } : {}, select: listSelect, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 10_000 });
  const titles = await titlesFor(rows);
  return rows.map((r) => toRow(r, titles));
}

/** One report for staff, with the reporter's account name and e-mail when signed in. */
export async function getReport(id: string) {
  const r = await prisma.abuseReport.findUnique({ where: { id }, select: { ...listSelect, ipHash: true, handledById: true } });
  if (!r) return null;
  const [titles, reporter, handler, sameAddress] = await Promise.all([
    titlesFor([r]),
    r.reporterId ? prisma.user.findUnique({ where: { id: r.reporterId }, select: { displayName: true, email: true } }) : null,
    r.handledById ? prisma.user.findUnique({ where: { id: r.handledById }, select: { displayName: true } }) : null,
    r.ipHash ? prisma.abuseReport.count({ where: { ipHash: r.ipHash } }) : 0,
  ]);
  return { ...toRow(r, titles), reporter, handledBy: handler?.displayName ?? null, reportsFromSameAddress: sameAddress };
}

/** Staff uphold or dismiss an open report with an outcome note; audited; the signed-in reporter is told. */
export async function decideReport(id: string, staffId: string, decision: "UPHELD" | "DISMISSED", outcome: string) {
  return prisma.$transaction(async (tx) => {
    const r = await tx.abuseReport.findUnique({ where: { id }, select: { id: true, status: true, orgId: true, reporterId: true, targetType: true, targetId: true } });
    if (!r) throw new AppError("errors.http.404", 404);
    // Nobody decides their own report.
    if (r.reporterId === staffId) throw new AppError("safeguards.errors.ownReport", 403);
    const moved = await tx.abuseReport.updateMany({ where: { id, status: "OPEN" }, data: { status: decision, outcome, handledById: staffId, handledAt: new Date() } });
    if (!moved.count) throw new AppError("safeguards.errors.alreadyDecided", 409);
    await recordAudit({ actorId: staffId, action: decision === "UPHELD" ? "abuseReport.upheld" : "abuseReport.dismissed", entityType: "AbuseReport", entityId: id, orgId: r.orgId, reason: outcome, before: { status: r.status }, after: { status: decision } }, tx);
    if (r.reporterId && r.reporterId !== staffId) {
      await notify(tx, r.reporterId, decision === "UPHELD" ? "safeguards.notifications.reportUpheld" : "safeguards.notifications.reportDismissed", { outcome }, targetHref(r.targetType, r.targetId));
    }
  });
}
