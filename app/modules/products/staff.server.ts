/**
 * Bureau staff and products: verify or reject a 扶贫产品认定 certification, take a product down on a
 * credible report, restore it, dismiss reports. Every decision is audited and re-indexes the
 * product; a staff member who belongs to the producer's supporting organization decides nothing
 * about it (organizations/self-review.server.ts) — a colleague does.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { paginate, pageInfo } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { assertNotOwnOrganization } from "~/modules/organizations/self-review.server";
import { isCertified, shanghaiDay } from "./rules";

const TX = { maxWait: 15_000, timeout: 30_000 } as const;

export const STAFF_TABS = ["certifications", "reported", "takenDown"] as const;
export type StaffTab = (typeof STAFF_TABS)[number];

/** Staff decisions that close the reports received before them. */
const REPORT_DECISIONS = ["product.taken_down", "product.restored", "product.reports_dismissed"];

const rowSelect = {
  id: true, name: true, status: true, certNumber: true, certExpiresOn: true, certVerifiedAt: true, takedownReason: true, takenDownAt: true, updatedAt: true,
  producer: { select: { id: true, name: true, supportOrg: { select: { id: true, name: true } } } },
} as const;

/** Products with reports newer than the last staff decision about reports: id → (count, last). */
async function openReports() {
  const reports = await prisma.auditLog.groupBy({ by: ["entityId"], where: { entityType: "Product", action: "product.reported" }, _count: { _all: true }, _max: { createdAt: true } });
  if (!reports.length) return new Map<string, { count: number; last: Date }>();
  const decisions = await prisma.auditLog.groupBy({ by: ["entityId"], where: { entityType: "Product", action: { in: REPORT_DECISIONS }, entityId: { in: reports.map((r) => r.entityId) } }, _max: { createdAt: true } });
  const decided = new Map(decisions.map((d) => [d.entityId, d._max.createdAt!]));
  const open = new Map<string, { count: number; last: Date }>();
  for (const r of reports) {
    const last = r._max.createdAt!;
    const d = decided.get(r.entityId);
    if (!d || last > d) open.set(r.entityId, { count: d ? await prisma.auditLog.count({ where: { entityType: "Product", entityId: r.entityId, action: "product.reported", createdAt: { gt: d } } }) : r._count._all, last });
  }
  return open;
}

export async function staffProductQueue(tab: StaffTab, page: number) {
  const reports = await openReports();
  const [certifications, takenDown] = await Promise.all([
    prisma.product.count({ where: { certNumber: { not: null }, certVerifiedAt: null } }),
    prisma.product.count({ where: { status: "TAKEN_DOWN" } }),
  ]);
  const counts: Record<StaffTab, number> = { certifications, reported: reports.size, takenDown };
  const view = (rows: Awaited<ReturnType<typeof prisma.product.findMany<{ select: typeof rowSelect }>>>) =>
    rows.map((r) => ({ ...r, certified: isCertified(r), reports: reports.get(r.id)?.count ?? 0, lastReportAt: reports.get(r.id)?.last ?? null }));
  if (tab === "reported") {
    const ids = [...reports.entries()].sort((a, b) => b[1].last.getTime() - a[1].last.getTime()).map(([id]) => id);
    const info = pageInfo(page, 20, ids.length);
    const pageIds = ids.slice(info.skip, info.skip + info.take);
    const rows = await prisma.product.findMany({ where: { id: { in: pageIds } }, select: rowSelect });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { counts, items: view(pageIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))), pagination: { page: info.page, pageSize: info.pageSize, total: info.total, pageCount: info.pageCount } };
  }
  const where = tab === "certifications" ? { certNumber: { not: null }, certVerifiedAt: null } : { status: "TAKEN_DOWN" as const };
  const { rows, pagination } = await paginate(
    page,
    20,
    () => prisma.product.count({ where }),
    (w) => prisma.product.findMany({ where, orderBy: [{ updatedAt: "asc" }, { id: "asc" }], ...w, select: rowSelect }),
  );
  return { counts, items: view(rows), pagination };
}

/** The staff page of one product: its fields, producer, reports and decisions. */
export async function staffProductDetail(productId: string) {
  const p = await prisma.product.findUnique({
    where: { id: productId },
    select: {
      ...rowSelect, category: true, unit: true, spec: true, description: true, priceFen: true, referencePriceFen: true, originDistrictCode: true, originPlace: true,
      producer: { select: { id: true, name: true, status: true, districtCode: true, supportOrg: { select: { id: true, name: true } } } },
    },
  });
  if (!p) return null;
  const history = await prisma.auditLog.findMany({
    where: { entityType: "Product", entityId: productId, action: { in: ["product.reported", "product.cert_verified", "product.cert_rejected", ...REPORT_DECISIONS, "product.updated"] } },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, action: true, reason: true, createdAt: true },
  });
  const reports = await openReports();
  return { ...p, certified: isCertified(p), openReports: reports.get(productId)?.count ?? 0, history };
}

async function loadForDecision(tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0], productId: string, staffId: string) {
  const p = await tx.product.findUnique({ where: { id: productId }, select: { id: true, status: true, certNumber: true, certExpiresOn: true, certVerifiedAt: true, producer: { select: { status: true, supportOrgId: true } } } });
  if (!p) throw new AppError("errors.http.404", 404);
  await assertNotOwnOrganization(tx, staffId, p.producer.supportOrgId);
  return p;
}

export async function decideCertification(productId: string, staffId: string, decision: "VERIFY" | "REJECT", reason?: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const p = await loadForDecision(tx, productId, staffId);
    if (!p.certNumber || !p.certExpiresOn) throw new AppError("shop.staff.errors.noCertificate", 409);
    const certificate = { certNumber: p.certNumber, certExpiresOn: p.certExpiresOn.toISOString().slice(0, 10) };
    if (decision === "VERIFY") {
      if (certificate.certExpiresOn < shanghaiDay(now)) throw new AppError("shop.staff.errors.expired", 409);
      await tx.product.update({ where: { id: productId }, data: { certVerifiedAt: now, certVerifiedById: staffId } });
      await recordAudit({ actorId: staffId, action: "product.cert_verified", entityType: "Product", entityId: productId, orgId: p.producer.supportOrgId, reason: reason ?? null, after: certificate }, tx);
    } else {
      // A rejected number is removed (the producer enters a correct one); the audit keeps what it was.
      await tx.product.update({ where: { id: productId }, data: { certNumber: null, certExpiresOn: null, certVerifiedAt: null, certVerifiedById: null } });
      await recordAudit({ actorId: staffId, action: "product.cert_rejected", entityType: "Product", entityId: productId, orgId: p.producer.supportOrgId, reason: reason ?? null, before: certificate }, tx);
    }
    await enqueueSearch(tx, "product", productId);
  }, TX);
}

export async function takeDownProduct(productId: string, staffId: string, reason: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const p = await loadForDecision(tx, productId, staffId);
    if (p.status === "TAKEN_DOWN") throw new AppError("shop.staff.errors.alreadyTakenDown", 409);
    await tx.product.update({ where: { id: productId }, data: { status: "TAKEN_DOWN", takedownReason: reason, takenDownById: staffId, takenDownAt: now } });
    await recordAudit({ actorId: staffId, action: "product.taken_down", entityType: "Product", entityId: productId, orgId: p.producer.supportOrgId, reason, before: { status: p.status }, after: { status: "TAKEN_DOWN" } }, tx);
    await enqueueSearch(tx, "product", productId);
  }, TX);
}

/** Back to the status it had before the takedown (listed only while the producer is approved). */
export async function restoreProduct(productId: string, staffId: string, reason?: string) {
  return prisma.$transaction(async (tx) => {
    const p = await loadForDecision(tx, productId, staffId);
    if (p.status !== "TAKEN_DOWN") throw new AppError("shop.staff.errors.notTakenDown", 409);
    const takedown = await tx.auditLog.findFirst({ where: { entityType: "Product", entityId: productId, action: "product.taken_down" }, orderBy: { createdAt: "desc" }, select: { before: true } });
    const previous = (takedown?.before as { status?: string } | null)?.status;
    const status = previous === "LISTED" && p.producer.status === "APPROVED" ? "LISTED" : previous === "DRAFT" ? "DRAFT" : "UNLISTED";
    await tx.product.update({ where: { id: productId }, data: { status, takedownReason: null, takenDownById: null, takenDownAt: null } });
    await recordAudit({ actorId: staffId, action: "product.restored", entityType: "Product", entityId: productId, orgId: p.producer.supportOrgId, reason: reason ?? null, before: { status: p.status }, after: { status } }, tx);
    await enqueueSearch(tx, "product", productId);
  }, TX);
}

/** The reports were not credible: they leave the queue (the audit keeps them). */
export async function dismissReports(productId: string, staffId: string, reason?: string) {
  return prisma.$transaction(async (tx) => {
    const p = await loadForDecision(tx, productId, staffId);
    await recordAudit({ actorId: staffId, action: "product.reports_dismissed", entityType: "Product", entityId: productId, orgId: p.producer.supportOrgId, reason: reason ?? null }, tx);
  }, TX);
}
