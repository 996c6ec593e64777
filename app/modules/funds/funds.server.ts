import { prisma, type Db } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/utils/errors";
import type { FundStatus } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { ensureAccount } from "~/modules/ledger/accounts.server";
import { fundTotals, totalsToJson } from "~/modules/ledger/balances.server";
import { assertFilingUsable, rethrowFilingTaken } from "~/modules/campaigns/filing.server";
import { lockTargetForUpdate } from "~/modules/donations/freeze.server";
import type { FUND_STATUSES, FundInput } from "./schema";

/**
 * Special funds (专项基金) follow the campaigns' lifecycle: the charity creates a DRAFT, edits it,
 * submits it with its filing number (募捐方案备案号), and bureau staff approve it (→ ACTIVE),
 * return it for changes (→ RETURNED) or reject it (→ REJECTED). Only an ACTIVE fund is listed
 * publicly and takes donations (campaigns/rules.ts fundAcceptsDonations). Staff review lives in
 * fund-review.server.ts.
 */

/** A charity organization (approved, 慈善组织) may set up and submit special funds. */
export async function assertCharity(db: Db, orgId: string) {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { status: true, isCharity: true } });
  if (!org) throw new AppError("errors.http.404", 404);
  if (org.status !== "APPROVED" || !org.isCharity) throw new AppError("funding.errors.notCharity", 403);
}

function columns(input: FundInput) {
  return {
    name: input.name,
    purpose: input.purpose,
    beneficiaryGroups: input.beneficiaryGroups,
    districtCodes: input.districtCodes,
    startDate: new Date(`${input.startDate}T00:00:00Z`),
    filingNumber: input.filingNumber ?? null,
  };
}

export async function createFund(orgId: string, actorId: string, input: FundInput) {
  return prisma
    .$transaction(async (tx) => {
      await assertCharity(tx, orgId);
      await assertFilingUsable(tx, orgId, input.filingNumber);
      const f = await tx.fund.create({ data: { ...columns(input), orgId, createdById: actorId, status: "DRAFT" }, select: { id: true } });
      await ensureAccount(tx, { kind: "FUND", fundId: f.id, orgId });
      await recordAudit({ actorId, action: "fund.created", entityType: "Fund", entityId: f.id, orgId, after: { name: input.name, status: "DRAFT", filingNumber: input.filingNumber ?? null } }, tx);
      return f;
    })
    .catch(rethrowFilingTaken);
}

const EDITABLE: FundStatus[] = ["DRAFT", "RETURNED"];

export async function updateFund(orgId: string, fundId: string, actorId: string, input: FundInput) {
  return prisma
    .$transaction(async (tx) => {
      await assertCharity(tx, orgId);
      await assertFilingUsable(tx, orgId, input.filingNumber, { fundId });
      const before = await tx.fund.findFirst({ where: { id: fundId, orgId }, select: { name: true, filingNumber: true, status: true } });
      if (!before) throw new AppError("errors.http.404", 404);
      const res = await tx.fund.updateMany({ where: { id: fundId, orgId, status: { in: EDITABLE } }, data: columns(input) });
      if (res.count !== 1) throw new AppError("funding.errors.notEditable", 409);
      await recordAudit({ actorId, action: "fund.updated", entityType: "Fund", entityId: fundId, orgId, before: { name: before.name, filingNumber: before.filingNumber }, after: { name: input.name, filingNumber: input.filingNumber ?? null } }, tx);
    })
    .catch(rethrowFilingTaken);
}

/** DRAFT or RETURNED → SUBMITTED; the filing number is required from here on. */
export async function submitFund(orgId: string, fundId: string, actorId: string) {
  return prisma.$transaction(async (tx) => {
    const f = await tx.fund.findFirst({ where: { id: fundId, orgId }, select: { status: true, filingNumber: true } });
    if (!f) throw new AppError("errors.http.404", 404);
    if (!EDITABLE.includes(f.status)) throw new AppError("funding.errors.transitionNotAllowed", 409);
    await assertCharity(tx, orgId);
    if (!f.filingNumber) throw new AppError("qualification.filing.requiredToSubmit", 409, {}, { filingNumber: "qualification.filing.requiredToSubmit" });
    const res = await tx.fund.updateMany({ where: { id: fundId, status: f.status }, data: { status: "SUBMITTED", submittedAt: new Date() } });
    if (res.count !== 1) throw new AppError("orgs.errors.changedMeanwhile", 409);
    await recordAudit({ actorId, action: "fund.submit", entityType: "Fund", entityId: fundId, orgId, before: { status: f.status }, after: { status: "SUBMITTED", filingNumber: f.filingNumber } }, tx);
  });
}

/**
 * The organization's own switches on an approved fund: pause and resume donations, close it. A fund
 * that staff have not approved (or have suspended) cannot be switched on from here.
 */
const HOST_SWITCHES: Record<(typeof FUND_STATUSES)[number], FundStatus[]> = {
  ACTIVE: ["PAUSED"],
  PAUSED: ["ACTIVE"],
  CLOSED: ["ACTIVE", "PAUSED"],
};

export async function setFundStatus(orgId: string, fundId: string, actorId: string, status: keyof typeof HOST_SWITCHES) {
  const from = HOST_SWITCHES[status];
  if (!from) throw new AppError("validation.choice", 400);
  return prisma.$transaction(async (tx) => {
    await lockTargetForUpdate(tx, { fundId });
    const f = await tx.fund.findFirst({ where: { id: fundId, orgId }, select: { status: true } });
    if (!f) throw new AppError("errors.http.404", 404);
    if (f.status === "SUSPENDED") throw new AppError("freeze.errors.suspendedByStaff", 409);
    if (f.status === status) return;
    if (!from.includes(f.status)) throw new AppError("funding.errors.transitionNotAllowed", 409);
    const res = await tx.fund.updateMany({ where: { id: fundId, status: f.status }, data: { status } });
    if (res.count !== 1) throw new AppError("orgs.errors.changedMeanwhile", 409);
    await recordAudit({ actorId, action: "fund.status", entityType: "Fund", entityId: fundId, orgId, before: { status: f.status }, after: { status } }, tx);
    await enqueueSearch(tx, "fund", fundId);
  });
}

export const PUBLIC_FUNDS_PAGE_SIZE = 24;

export async function listPublicFunds(opts: { district?: string; orgId?: string; page?: number } = {}) {
  const where: Prisma.FundWhereInput = { status: { in: ["ACTIVE", "PAUSED"] }, org: { status: "APPROVED" }, ...(opts.district ? { districtCodes: { has: opts.district } } : {}), ...(opts.orgId ? { orgId: opts.orgId } : {}) };
  const { rows: funds, pagination } = await paginate(
    opts.page ?? 1,
    PUBLIC_FUNDS_PAGE_SIZE,
    () => prisma.fund.count({ where }),
    (window) =>
      prisma.fund.findMany({
        where,
        select: { id: true, name: true, purpose: true, beneficiaryGroups: true, districtCodes: true, status: true, startDate: true, org: { select: { id: true, name: true } } },
        orderBy: [{ startDate: "desc" }, { id: "asc" }],
        ...window,
      }),
  );
  const totals = await fundTotals(funds.map((f) => f.id));
  return { items: funds.map((f) => ({ ...f, startDate: f.startDate.toISOString().slice(0, 10), totals: totalsToJson(totals.get(f.id)!) })), pagination };
}
