import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { FundStatus } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { assertNotOwnOrganization } from "~/modules/organizations/self-review.server";
import { assertCharity } from "./funds.server";
import type { FUND_DECISIONS } from "./schema";

export const FUND_PAGE_SIZE = 20;

/** Staff decisions on a submitted fund (suspension is a separate tool: /staff/funds/$fundId/suspension). */
const TRANSITIONS = {
  APPROVE: { from: ["SUBMITTED"], to: "ACTIVE" },
  RETURN: { from: ["SUBMITTED"], to: "RETURNED" },
  REJECT: { from: ["SUBMITTED"], to: "REJECTED" },
} as const satisfies Record<(typeof FUND_DECISIONS)[number], { from: FundStatus[]; to: FundStatus }>;

export function fundDecisionsFor(status: FundStatus): (keyof typeof TRANSITIONS)[] {
  return (Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]).filter((d) => (TRANSITIONS[d].from as readonly FundStatus[]).includes(status));
}

export async function reviewFund(fundId: string, staffId: string, decision: keyof typeof TRANSITIONS, reason?: string) {
  const rule = TRANSITIONS[decision];
  if (!rule) throw new AppError("validation.choice", 400);
  return prisma.$transaction(async (tx) => {
    const f = await tx.fund.findUnique({ where: { id: fundId }, select: { status: true, orgId: true, name: true, filingNumber: true } });
    if (!f) throw new AppError("errors.http.404", 404);
    await assertNotOwnOrganization(tx, staffId, f.orgId);
    if (!(rule.from as readonly FundStatus[]).includes(f.status)) throw new AppError("funding.errors.transitionNotAllowed", 409);
    if (decision === "APPROVE") {
      await assertCharity(tx, f.orgId);
      if (!f.filingNumber) throw new AppError("qualification.filing.requiredToSubmit", 409);
    }
    const res = await tx.fund.updateMany({
      where: { id: fundId, status: f.status },
      data: { status: rule.to, reviewReason: reason ?? null, ...(decision === "APPROVE" ? { approvedAt: new Date() } : {}) },
    });
    if (res.count !== 1) throw new AppError("orgs.errors.changedMeanwhile", 409);
    await recordAudit({ actorId: staffId, action: `fund.${decision.toLowerCase()}`, entityType: "Fund", entityId: fundId, orgId: f.orgId, reason, before: { status: f.status }, after: { status: rule.to } }, tx);
    const members = await tx.orgMembership.findMany({ where: { orgId: f.orgId, role: { in: ["OWNER", "ADMIN", "FINANCE"] } }, select: { userId: true } });
    for (const m of members) await notify(tx, m.userId, `qualification.fund${rule.to}`, { name: f.name, reason: reason ?? "" }, `/org/${f.orgId}/funds/${fundId}`);
    await enqueueSearch(tx, "fund", fundId);
    return { to: rule.to };
  });
}

export async function staffFundQueue(f: { status: FundStatus; page: number }) {
  const where = { status: f.status };
  const [total, rows, counts] = await Promise.all([
    prisma.fund.count({ where }),
    prisma.fund.findMany({
      where,
      select: { id: true, name: true, status: true, filingNumber: true, districtCodes: true, submittedAt: true, org: { select: { id: true, name: true } } },
      orderBy: [{ submittedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      skip: (f.page - 1) * FUND_PAGE_SIZE,
      take: FUND_PAGE_SIZE,
    }),
    prisma.fund.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  return {
    total,
    page: f.page,
    pageSize: FUND_PAGE_SIZE,
    items: rows.map((r) => ({ ...r, submittedAt: r.submittedAt?.toISOString() ?? null })),
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number>,
  };
}

export async function getFundForStaff(fundId: string) {
  return prisma.fund.findUnique({
    where: { id: fundId },
    select: {
      id: true,
      name: true,
      purpose: true,
      status: true,
      beneficiaryGroups: true,
      districtCodes: true,
      startDate: true,
      filingNumber: true,
      reviewReason: true,
      submittedAt: true,
      approvedAt: true,
      org: { select: { id: true, name: true, status: true, isCharity: true, publicFundraising: true, fundraisingCertificate: true } },
    },
  });
}
