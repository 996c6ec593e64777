/** Valid needs and responses with overrides; used by tests and by the demo seed. */
import type { PrismaClient } from "~/generated/prisma/client";
import type { NeedCategory, NeedResponseKind, NeedResponseStatus, NeedStatus, NeedUrgency } from "~/generated/prisma/enums";
import type { BeneficiaryGroupValue } from "~/modules/beneficiaries/groups";

let seq = 0;

export type NeedOverrides = {
  title?: string;
  description?: string;
  category?: NeedCategory;
  status?: NeedStatus;
  urgency?: NeedUrgency;
  districtCode?: string;
  town?: string;
  village?: string;
  peopleAffected?: number;
  beneficiaryGroups?: BeneficiaryGroupValue[];
  wantVolunteers?: number | null;
  wantMoneyFen?: bigint | null;
  produce?: { name: string; quantity: number; unit: string; priceFen: bigint };
  goods?: { name: string; quantity: number; unit: string }[];
  deadline?: Date;
  proposedByOrgId?: string;
  createdById: string;
};

export async function createNeed(prisma: PrismaClient, o: NeedOverrides) {
  seq++;
  const status = o.status ?? "OPEN";
  return prisma.need.create({
    data: {
      title: o.title ?? `测试需求${seq}：社区志愿服务`,
      description: o.description ?? "安置区新入住群众需要志愿者协助开展社区融入活动。",
      category: o.category ?? "RESETTLEMENT_COMMUNITY",
      status,
      urgency: o.urgency ?? "NORMAL",
      districtCode: o.districtCode ?? "500114",
      town: o.town ?? null,
      village: o.village ?? null,
      peopleAffected: o.peopleAffected ?? null,
      beneficiaryGroups: o.beneficiaryGroups ?? [],
      wantVolunteers: o.wantVolunteers === undefined ? 10 : o.wantVolunteers,
      wantMoneyFen: o.wantMoneyFen ?? null,
      produceName: o.produce?.name ?? null,
      produceQuantity: o.produce?.quantity ?? null,
      produceUnit: o.produce?.unit ?? null,
      producePriceFen: o.produce?.priceFen ?? null,
      deadline: o.deadline ?? null,
      proposedByOrgId: o.proposedByOrgId ?? null,
      createdById: o.createdById,
      openedAt: status === "PROPOSED" || status === "REJECTED" ? null : new Date(),
      goods: { create: (o.goods ?? []).map((g, position) => ({ ...g, position })) },
    },
    select: { id: true, title: true, status: true, districtCode: true, goods: { select: { id: true, name: true } } },
  });
}

export async function createNeedResponse(
  prisma: PrismaClient,
  o: { needId: string; orgId: string; createdById: string; kind: NeedResponseKind; status?: NeedResponseStatus; volunteerCount?: number; amountFen?: bigint; goodsItemId?: string; quantity?: number; unitPriceFen?: bigint; message?: string },
) {
  return prisma.needResponse.create({
    data: {
      needId: o.needId,
      orgId: o.orgId,
      createdById: o.createdById,
      kind: o.kind,
      status: o.status ?? "PENDING",
      volunteerCount: o.volunteerCount ?? null,
      amountFen: o.amountFen ?? null,
      goodsItemId: o.goodsItemId ?? null,
      quantity: o.quantity ?? null,
      unitPriceFen: o.unitPriceFen ?? null,
      message: o.message ?? null,
      decidedAt: o.status && o.status !== "PENDING" ? new Date() : null,
    },
    select: { id: true },
  });
}
