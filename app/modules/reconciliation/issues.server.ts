/**
 * What staff (and a host, for its own organization) see of reconciliation: recent runs per
 * account, the issues with their amounts and links, resolving one with a note (audited, the
 * resolver recorded; nobody resolves an issue twice).
 */
import { inTransaction, prisma, replica, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import type { IssueFilter } from "./schema";

export const ISSUES_PAGE_SIZE = 30;
const RUNS_SHOWN = 30;

const issueSelect = {
  id: true,
  provider: true,
  accountKey: true,
  kind: true,
  providerRef: true,
  orgId: true,
  donationId: true,
  checkoutId: true,
  refundId: true,
  expectedFen: true,
  statementFen: true,
  details: true,
  resolvedAt: true,
  resolution: true,
  createdAt: true,
  run: { select: { statementDate: true } },
} as const;

function accountLabels(db: Db, keys: string[]) {
  return db.merchantAccount
    .findMany({ where: { id: { in: keys } }, select: { id: true, label: true, provider: true, org: { select: { name: true } } } })
    .then((rows) => new Map(rows.map((r) => [r.id, [r.org?.name, r.label].filter(Boolean).join(" · ")])));
}

type IssueRow = { id: string; provider: string; accountKey: string; kind: string; providerRef: string; orgId: string | null; donationId: string | null; checkoutId: string | null; refundId: string | null; expectedFen: bigint | null; statementFen: bigint | null; details: unknown; resolvedAt: Date | null; resolution: string | null; createdAt: Date; run: { statementDate: Date } };

function toView(i: IssueRow, labels: Map<string, string>, orgNames: Map<string, string>, resolvers: Map<string, string>, resolvedById?: string | null) {
  const details = (i.details ?? {}) as Record<string, unknown>;
  return {
    id: i.id,
    provider: i.provider,
    accountKey: i.accountKey,
    accountLabel: labels.get(i.accountKey) ?? "",
    kind: i.kind,
    providerRef: i.providerRef,
    orgId: i.orgId,
    orgName: i.orgId ? (orgNames.get(i.orgId) ?? "") : "",
    donationId: i.donationId,
    checkoutId: i.checkoutId,
    refundId: i.refundId,
    expectedFen: i.expectedFen === null ? null : i.expectedFen.toString(),
    statementFen: i.statementFen === null ? null : i.statementFen.toString(),
    reason: typeof details.reason === "string" ? details.reason : null,
    statementDate: i.run.statementDate.toISOString().slice(0, 10),
    createdAt: i.createdAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    resolution: i.resolution,
    resolvedBy: resolvedById ? (resolvers.get(resolvedById) ?? "") : "",
  };
}

export type IssueView = ReturnType<typeof toView>;

async function viewsOf(db: Db, rows: (IssueRow & { resolvedById: string | null })[]) {
  const [labels, orgs, users] = await Promise.all([
    accountLabels(db, [...new Set(rows.map((r) => r.accountKey))]),
    db.organization.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.orgId).filter((x): x is string => Boolean(x)))] } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.resolvedById).filter((x): x is string => Boolean(x)))] } }, select: { id: true, displayName: true } }),
  ]);
  const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
  const resolvers = new Map(users.map((u) => [u.id, u.displayName]));
  return rows.map((r) => toView(r, labels, orgNames, resolvers, r.resolvedById));
}

const whereOf = (filter: IssueFilter, orgId?: string) => ({ resolvedAt: filter === "resolved" ? { not: null } : null, ...(orgId ? { orgId } : {}) });

/** Issues (unresolved or resolved), newest first, a page at a time; counts for the tabs. */
export async function listIssues(filter: IssueFilter, page: number, opts: { orgId?: string } = {}, db: Db = prisma) {
  const where = whereOf(filter, opts.orgId);
  const [unresolved, resolved] = await Promise.all([db.reconciliationIssue.count({ where: whereOf("unresolved", opts.orgId) }), db.reconciliationIssue.count({ where: whereOf("resolved", opts.orgId) })]);
  const { rows, pagination } = await paginate(
    page,
    ISSUES_PAGE_SIZE,
    async () => (filter === "resolved" ? resolved : unresolved),
    (w) => db.reconciliationIssue.findMany({ where, select: { ...issueSelect, resolvedById: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...w }),
  );
  return { issues: await viewsOf(db, rows), pagination, counts: { unresolved, resolved } };
}

/** Every issue of the filter (for the export), capped; from the read replica by default. */
export async function allIssues(filter: IssueFilter, db: Db = replica()) {
  const rows = await db.reconciliationIssue.findMany({ where: whereOf(filter), select: { ...issueSelect, resolvedById: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 10_000 });
  return viewsOf(db, rows);
}

/** The latest runs, newest day first, with each account's label. */
export async function recentRuns(db: Db = prisma) {
  const runs = await db.reconciliationRun.findMany({ orderBy: [{ statementDate: "desc" }, { accountKey: "asc" }], take: RUNS_SHOWN });
  const labels = await accountLabels(db, [...new Set(runs.map((r) => r.accountKey))]);
  return runs.map((r) => ({
    id: r.id,
    provider: r.provider,
    accountKey: r.accountKey,
    accountLabel: labels.get(r.accountKey) ?? "",
    statementDate: r.statementDate.toISOString().slice(0, 10),
    status: r.status,
    lineCount: r.lineCount,
    matchedCount: r.matchedCount,
    recoveredCount: r.recoveredCount,
    issueCount: r.issueCount,
    feeFen: r.feeFen.toString(),
    error: r.error,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}

/** Marks an issue resolved with the resolver's note; audited. Refused (409) when already resolved. */
export async function resolveIssue(input: { issueId: string; note: string; actorId: string }, db: Db = prisma) {
  const issue = await db.reconciliationIssue.findUnique({ where: { id: input.issueId }, select: { id: true, kind: true, orgId: true, providerRef: true, accountKey: true } });
  if (!issue) throw new AppError("errors.http.404", 404);
  const done = await inTransaction(db, async (tx) => {
    const moved = await tx.reconciliationIssue.updateMany({ where: { id: issue.id, resolvedAt: null }, data: { resolvedAt: new Date(), resolvedById: input.actorId, resolution: input.note } });
    if (!moved.count) return false;
    await recordAudit({ actorId: input.actorId, action: "reconciliation.issue_resolved", entityType: "ReconciliationIssue", entityId: issue.id, orgId: issue.orgId, reason: input.note, after: { kind: issue.kind, providerRef: issue.providerRef, accountKey: issue.accountKey } }, tx);
    return true;
  });
  if (!done) throw new AppError("reconcile.errors.alreadyResolved", 409);
}
