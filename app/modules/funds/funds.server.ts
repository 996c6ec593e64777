import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { FundStatus } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { ensureAccount } from "~/modules/ledger/accounts.server";
import { fundTotals, totalsToJson } from "~/modules/ledger/balances.server";
import type { FundInput } from "./schema";
import { lockTargetForUpdate } from "~/modules/donations/freeze.server";

/** A charity organization (approved, 慈善组织) may set up special funds (专项基金). */
export async function createFund(orgId: string, actorId: string, input: FundInput) {
  return prisma.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: orgId }, select: { status: true, isCharity: true } });
    if (!org) throw new AppError("errors.http.404", 404);
    if (org.status !== "APPROVED" || !org.isCharity) throw new AppError("funding.errors.notCharity", 403);
    const f = await tx.fund.create({
      data: { orgId, name: input.name, purpose: input.purpose, beneficiaryGroups: input.beneficiaryGroups, districtCodes: input.districtCodes, startDate: new Date(`${input.startDate}T00:00:00Z`), createdById: actorId, status: "ACTIVE" },
      select: { id: true },
    });
    await ensureAccount(tx, { kind: "FUND", fundId: f.id, orgId });
    await recordAudit({ actorId, action: "fund.created", entityType: "Fund", entityId: f.id, orgId, after: { name: input.name } }, tx);
    await enqueueSearch(tx, "fund", f.id);
    return f;
  });
}

export async function setFundStatus(orgId: string, fundId: string, actorId: string, status: FundStatus) {
  return prisma.$transaction(async (tx) => {
    await lockTargetForUpdate(tx, { fundId });
    const f = await tx.fund.findFirst({ where: { id: fundId, orgId }, select: { status: true } });
    if (!f) throw new AppError("errors.http.404", 404);
    if (f.status === "SUSPENDED") throw new AppError("freeze.errors.suspendedByStaff", 409);
    if (f.status === "CLOSED") throw new AppError("funding.errors.transitionNotAllowed", 409);
    await tx.fund.update({ where: { id: fundId }, data: { status } });
    await recordAudit({ actorId, action: "fund.status", entityType: "Fund", entityId: fundId, orgId, before: { status: f.status }, after: { status } }, tx);
    await enqueueSearch(tx, "fund", fundId);
  });
}

export async function listPublicFunds(opts: { district?: string; orgId?: string } = {}) {
  const funds = await prisma.fund.findMany({
    where: { status: { in: ["ACTIVE", "PAUSED"] }, org: { status: "APPROVED" }, ...(opts.district ? { districtCodes: { has: opts.district } } : {}), ...(opts.orgId ? { orgId: opts.orgId } : {}) },
    select: { id: true, name: true, purpose: true, beneficiaryGroups: true, districtCodes: true, status: true, startDate: true, org: { select: { id: true, name: true } } },
    orderBy: [{ startDate: "desc" }, { id: "asc" }],
    take: 100,
  });
  const totals = await fundTotals(funds.map((f) => f.id));
  return funds.map((f) => ({ ...f, startDate: f.startDate.toISOString().slice(0, 10), totals: totalsToJson(totals.get(f.id)!) }));
}
