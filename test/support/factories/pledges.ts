/** Valid defaults with overrides for paired purchasing (buying units, pledges, sales counted against them). */
import type { PrismaClient } from "~/generated/prisma/client";
import type { BuyerKind, ProductCategory, SalesChannel } from "~/generated/prisma/enums";
import { creditCodeCheckChar } from "~/modules/organizations/credit-code";

let seq = 0;

/** A valid enterprise code (91 + division + 9-character organization code + check character). */
export function makeUnitCreditCode(districtCode = "500103"): string {
  for (let i = 0; i < 50; i++) {
    seq++;
    const first17 = `91${districtCode}MA${String((Date.now() + seq * 7919) % 1e7).padStart(7, "0")}`;
    const check = creditCodeCheckChar(first17);
    if (check) return first17 + check;
  }
  throw new Error("cannot build a unit credit code");
}

export type UnitOverrides = {
  createdById: string;
  orgId?: string | null;
  managerUserId?: string | null;
  name?: string;
  kind?: BuyerKind;
  districtCode?: string;
  isBudgetUnit?: boolean;
  hasCanteen?: boolean;
  creditCode?: string | null;
};

export async function createBuyingUnit(prisma: PrismaClient, o: UnitOverrides) {
  seq++;
  return prisma.buyingUnit.create({
    data: {
      name: o.name ?? `重庆市测试机关${seq}`,
      kind: o.kind ?? "GOVERNMENT",
      creditCode: o.creditCode === undefined ? makeUnitCreditCode() : o.creditCode,
      districtCode: o.districtCode ?? "500103",
      isBudgetUnit: o.isBudgetUnit ?? true,
      hasCanteen: o.hasCanteen ?? true,
      contactName: "刘主任",
      contactPhone: `139${String(10000000 + seq).slice(-8)}`,
      orgId: o.orgId ?? null,
      managerUserId: o.managerUserId ?? null,
      createdById: o.createdById,
    },
    select: { id: true, name: true, orgId: true, managerUserId: true, contactPhone: true },
  });
}

export type PledgeOverrides = {
  buyingUnitId: string;
  createdById: string;
  year?: number;
  pledgedFen?: bigint;
  targetDistrictCode?: string | null;
  targetProducerId?: string | null;
  canteenBudgetFen?: bigint | null;
  requiredShareBp?: number | null;
};

export async function createPledge(prisma: PrismaClient, o: PledgeOverrides) {
  return prisma.purchasePledge.create({
    data: {
      buyingUnitId: o.buyingUnitId,
      year: o.year ?? 2026,
      pledgedFen: o.pledgedFen ?? 10_000_000n,
      targetDistrictCode: o.targetDistrictCode === undefined ? "500240" : o.targetDistrictCode,
      targetProducerId: o.targetProducerId ?? null,
      canteenBudgetFen: o.canteenBudgetFen === undefined ? 100_000_000n : o.canteenBudgetFen,
      requiredShareBp: o.requiredShareBp === undefined ? 1000 : o.requiredShareBp,
      createdById: o.createdById,
    },
    select: { id: true, year: true, pledgedFen: true },
  });
}

/** A sale counted against a pledge, written straight into ConsumptionSale (the contract other parts write to). */
export async function createPledgeSale(
  prisma: PrismaClient,
  o: { orgId: string; pledgeId: string | null; amountFen: bigint; soldOn: string; districtCode?: string; channel?: SalesChannel; buyerKind?: BuyerKind; category?: ProductCategory },
) {
  return prisma.consumptionSale.create({
    data: {
      orgId: o.orgId,
      category: o.category ?? "DRIED_SPECIALTY",
      amountFen: o.amountFen,
      soldOn: new Date(`${o.soldOn}T00:00:00Z`),
      channel: o.channel ?? "PAIRED",
      buyerKind: o.buyerKind ?? "GOVERNMENT",
      districtCode: o.districtCode ?? "500240",
      pledgeId: o.pledgeId,
      source: "RECORDED",
    },
    select: { id: true },
  });
}
