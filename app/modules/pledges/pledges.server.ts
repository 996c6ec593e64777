/**
 * Purchase pledges (认购承诺) of buying units: a yearly amount for a paired district and/or an
 * approved producer. Budget units with a canteen owe a share of their canteen food budget
 * (CANTEEN_SHARE_BP, 10% by default); the pledge must cover it. Fulfilment is derived from sales
 * (fulfilment.server.ts).
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { getEnv } from "~/utils/env.server";
import { formatFen } from "~/utils/format";
import { invariantResponse } from "~/utils/responses.server";
import type { SessionUser } from "~/modules/accounts/auth.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { roleHas } from "~/modules/organizations/permissions.server";
import type { Prisma } from "~/generated/prisma/client";
import { checkCanteenShare, fenString, fulfilment, requiredMinimumFen } from "./rules";
import type { PledgeInput } from "./schema";
import { fulfilledByPledge, monthlyFulfilment } from "./fulfilment.server";
import { loadUnit, unitAccessFor, unitView } from "./units.server";

/** The configured canteen share (basis points); a pledge may ask more, never less. */
export const canteenShareBp = () => getEnv().CANTEEN_SHARE_BP;

/** Creates a pledge for a unit the actor manages (the route checked that). Audited. */
export async function createPledge(unitId: string, actorId: string, input: PledgeInput) {
  return prisma.$transaction(async (tx) => {
    const unit = await tx.buyingUnit.findUnique({ where: { id: unitId }, select: { id: true, orgId: true, isBudgetUnit: true, hasCanteen: true } });
    if (!unit) throw new AppError("errors.http.404", 404);
    let targetDistrictCode = input.targetDistrictCode ?? null;
    if (input.targetProducerId) {
      const producer = await tx.producer.findUnique({ where: { id: input.targetProducerId }, select: { status: true, districtCode: true } });
      if (!producer || producer.status !== "APPROVED") throw new AppError("pledges.errors.producerNotApproved", 400, {}, { targetProducerId: "pledges.validation.producerNotApproved" });
      if (targetDistrictCode && targetDistrictCode !== producer.districtCode) {
        throw new AppError("pledges.errors.producerOutsideDistrict", 400, {}, { targetProducerId: "pledges.validation.producerOutsideDistrict" });
      }
      targetDistrictCode ??= producer.districtCode;
    }
    const share = checkCanteenShare(unit, input, canteenShareBp(), (fen) => formatFen(fen));
    if (!share.ok) throw new AppError(share.messageKey, 400, share.params, share.fieldErrors);
    const pledge = await tx.purchasePledge.create({
      data: {
        buyingUnitId: unit.id,
        year: input.year,
        pledgedFen: input.pledged,
        targetDistrictCode,
        targetProducerId: input.targetProducerId ?? null,
        canteenBudgetFen: share.canteenBudgetFen,
        requiredShareBp: share.requiredShareBp,
        note: input.note ?? null,
        createdById: actorId,
      },
      select: { id: true },
    });
    await recordAudit(
      {
        actorId,
        action: "purchasePledge.created",
        entityType: "PurchasePledge",
        entityId: pledge.id,
        orgId: unit.orgId,
        after: {
          buyingUnitId: unit.id,
          year: input.year,
          pledgedFen: input.pledged.toString(),
          targetDistrictCode,
          targetProducerId: input.targetProducerId ?? null,
          canteenBudgetFen: share.canteenBudgetFen?.toString() ?? null,
          requiredShareBp: share.requiredShareBp,
          owesCanteenShare: share.requiredShareBp !== null,
        },
      },
      tx,
    );
    return pledge;
  });
}

const pledgeSelect = {
  id: true,
  year: true,
  pledgedFen: true,
  targetDistrictCode: true,
  targetProducer: { select: { id: true, name: true, districtCode: true } },
  canteenBudgetFen: true,
  requiredShareBp: true,
  note: true,
  createdAt: true,
} as const satisfies Prisma.PurchasePledgeSelect;

type PledgeRow = Prisma.PurchasePledgeGetPayload<{ select: typeof pledgeSelect }>;

/** A pledge as lists show it (money as strings for the loader). */
function pledgeSummary(p: PledgeRow, fulfilledFen: bigint) {
  const f = fulfilment(p.pledgedFen, fulfilledFen);
  const requiredFen = p.canteenBudgetFen !== null && p.requiredShareBp !== null ? requiredMinimumFen(p.canteenBudgetFen, p.requiredShareBp) : null;
  return {
    id: p.id,
    year: p.year,
    targetDistrictCode: p.targetDistrictCode,
    targetProducer: p.targetProducer ? { id: p.targetProducer.id, name: p.targetProducer.name } : null,
    pledgedFen: fenString(f.pledgedFen),
    fulfilledFen: fenString(f.fulfilledFen),
    remainingFen: fenString(f.remainingFen),
    percentBp: f.percentBp,
    canteenBudgetFen: p.canteenBudgetFen === null ? null : fenString(p.canteenBudgetFen),
    requiredShareBp: p.requiredShareBp,
    requiredFen: requiredFen === null ? null : fenString(requiredFen),
    note: p.note,
  };
}
export type PledgeSummary = ReturnType<typeof pledgeSummary>;

/** Pledges of some units (newest year first) with their fulfilment. */
export async function pledgesOfUnits(unitIds: string[]) {
  if (!unitIds.length) return new Map<string, PledgeSummary[]>();
  const rows = await prisma.purchasePledge.findMany({ where: { buyingUnitId: { in: unitIds } }, select: { ...pledgeSelect, buyingUnitId: true }, orderBy: [{ year: "desc" }, { createdAt: "desc" }] });
  const fulfilled = await fulfilledByPledge(rows.map((r) => r.id));
  const out = new Map<string, PledgeSummary[]>();
  for (const r of rows) {
    const list = out.get(r.buyingUnitId) ?? [];
    list.push(pledgeSummary(r, fulfilled.get(r.id) ?? 0n));
    out.set(r.buyingUnitId, list);
  }
  return out;
}

/** Units an organization registered, each with the totals of its pledges for `year`. */
export async function orgUnitsWithTotals(orgId: string, year: number) {
  const units = await prisma.buyingUnit.findMany({
    where: { orgId },
    select: { id: true, name: true, kind: true, districtCode: true, isBudgetUnit: true, hasCanteen: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 500,
  });
  const pledges = await pledgesOfUnits(units.map((u) => u.id));
  return units.map((u) => {
    const ofYear = (pledges.get(u.id) ?? []).filter((p) => p.year === year);
    const pledged = ofYear.reduce((s, p) => s + BigInt(p.pledgedFen), 0n);
    const fulfilled = ofYear.reduce((s, p) => s + BigInt(p.fulfilledFen), 0n);
    const f = fulfilment(pledged, fulfilled);
    return { ...u, pledgeCount: ofYear.length, pledgedFen: fenString(pledged), fulfilledFen: fenString(fulfilled), remainingFen: fenString(f.remainingFen), percentBp: f.percentBp };
  });
}

/** Units a user is the named manager of, with their pledges (contact shown: they manage it). */
export async function unitsManagedBy(userId: string) {
  const units = await prisma.buyingUnit.findMany({
    where: { managerUserId: userId },
    select: { id: true, name: true, kind: true, districtCode: true, isBudgetUnit: true, hasCanteen: true, org: { select: { id: true, name: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 200,
  });
  const pledges = await pledgesOfUnits(units.map((u) => u.id));
  return units.map((u) => ({ ...u, pledges: pledges.get(u.id) ?? [] }));
}

export type ManagerPledge = {
  id: string;
  year: number;
  pledgedFen: bigint;
  buyingUnit: { id: string; name: string; kind: string };
  targetDistrictCode: string | null;
  targetProducer: { id: string; name: string } | null;
};

/**
 * Pledges of `year` that `userId` may count a purchase against (the shop's checkout and recorded
 * sales offer them): those of units the user is the named manager of, and of units registered by
 * an organization in which the user holds `org:shop`.
 */
export async function pledgesForManager(userId: string, year: number): Promise<ManagerPledge[]> {
  const memberships = await prisma.orgMembership.findMany({ where: { userId }, select: { orgId: true, role: true } });
  const orgIds = memberships.filter((m) => roleHas(m.role, "org:shop")).map((m) => m.orgId);
  const rows = await prisma.purchasePledge.findMany({
    where: { year, buyingUnit: { OR: [{ managerUserId: userId }, ...(orgIds.length ? [{ orgId: { in: orgIds } }] : [])] } },
    select: { id: true, year: true, pledgedFen: true, targetDistrictCode: true, targetProducer: { select: { id: true, name: true } }, buyingUnit: { select: { id: true, name: true, kind: true } } },
    orderBy: [{ buyingUnit: { name: "asc" } }, { createdAt: "asc" }],
  });
  return rows;
}

/** Whether `userId` may count a purchase against `pledgeId` (same rule as pledgesForManager). */
export async function mayCountAgainstPledge(userId: string, pledgeId: string) {
  const p = await prisma.purchasePledge.findUnique({ where: { id: pledgeId }, select: { year: true } });
  if (!p) return false;
  return (await pledgesForManager(userId, p.year)).some((x) => x.id === pledgeId);
}

/**
 * The page of one pledge: pledged, fulfilled, remaining and the monthly chart. Seen by the unit's
 * manager, members of the registering organization and staff; 404 for an unknown pledge, 403 for
 * anyone else (not public).
 */
export async function pledgePage(user: SessionUser, pledgeId: string | undefined) {
  invariantResponse(pledgeId, 404);
  const p = await prisma.purchasePledge.findUnique({ where: { id: pledgeId }, select: { ...pledgeSelect, buyingUnitId: true } });
  invariantResponse(p, 404);
  const unit = await loadUnit(p.buyingUnitId);
  const access = await unitAccessFor(user, unit);
  invariantResponse(access.view, 403);
  const monthly = await monthlyFulfilment(p.id, p.year);
  return {
    pledge: pledgeSummary(p, monthly.totalFen),
    unit: unitView(unit, access.seeContact),
    canManage: access.manage,
    months: monthly.months.map((m) => ({ month: m.month, fen: fenString(m.fen), cumulativeFen: fenString(m.cumulativeFen), sales: m.sales })),
    outsideFen: fenString(monthly.outsideFen),
    outsideSales: monthly.outsideSales,
  };
}

/** Approved producers a pledge may target (the form's choices). */
export async function approvedProducerChoices() {
  return prisma.producer.findMany({ where: { status: "APPROVED" }, select: { id: true, name: true, districtCode: true }, orderBy: [{ districtCode: "asc" }, { name: "asc" }], take: 500 });
}
