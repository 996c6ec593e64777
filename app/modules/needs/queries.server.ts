/** Read side of needs: what the pages render (explicit selects, BigInt turned into strings). */
import { prisma } from "~/utils/db.server";
import { isoDate } from "~/utils/format";
import { paginate } from "~/utils/pagination";
import type { Prisma } from "~/generated/prisma/client";
import { computeProgress, wantedKinds } from "./progress";
import { PUBLIC_NEED_STATUSES, type NeedCategory, type NeedStatus } from "./types";

export const PAGE_SIZE = 20;

/**
 * The home page's "urgent needs": open ones, most urgent first — but not those whose deadline has
 * passed; a need left open for years is not 「非常紧急」 today (#12.7h).
 */
export async function listUrgentNeeds(take = 4, now = new Date()) {
  const today = new Date(`${isoDate(now)}T00:00:00Z`);
  return prisma.need.findMany({
    where: { status: { in: ["OPEN", "PARTLY_MET"] }, OR: [{ deadline: null }, { deadline: { gte: today } }] },
    select: { id: true, title: true, category: true, urgency: true, districtCode: true, status: true },
    orderBy: [{ urgency: "desc" }, { deadline: { sort: "asc", nulls: "last" } }, { createdAt: "desc" }],
    take,
  });
}

const s = (v: bigint | null | undefined) => (v === null || v === undefined ? null : v.toString());

export async function listNeeds(opts: { statuses: readonly NeedStatus[]; category?: NeedCategory; districtCode?: string; page: number; proposedByOrgId?: string }) {
  const where: Prisma.NeedWhereInput = {
    status: { in: [...opts.statuses] },
    ...(opts.category ? { category: opts.category } : {}),
    ...(opts.districtCode ? { districtCode: opts.districtCode } : {}),
    ...(opts.proposedByOrgId ? { proposedByOrgId: opts.proposedByOrgId } : {}),
  };
  const { rows, pagination } = await paginate(
    opts.page,
    PAGE_SIZE,
    () => prisma.need.count({ where }),
    (w) => prisma.need.findMany({
      where,
      select: {
        id: true, title: true, category: true, status: true, urgency: true, districtCode: true, town: true, deadline: true, createdAt: true,
        wantVolunteers: true, wantMoneyFen: true, produceQuantity: true,
        goods: { select: { id: true, quantity: true } },
        responses: { where: { status: "ACCEPTED" }, select: { kind: true, volunteerCount: true, amountFen: true, goodsItemId: true, quantity: true } },
        _count: { select: { responses: { where: { status: "PENDING" } } } },
      },
      orderBy: [{ urgency: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      ...w,
    }),
  );
  return {
    total: pagination.total,
    pagination,
    needs: rows.map(({ responses, goods, wantMoneyFen, wantVolunteers, produceQuantity, _count, ...n }) => ({
      ...n,
      pendingResponses: _count.responses,
      progress: computeProgress({ wantMoneyFen, wantVolunteers, produceQuantity, goods }, responses),
    })),
  };
}

/** Everything the need page shows. Responses: accepted ones to everyone, all of them to managers. */
export async function getNeed(needId: string, opts: { allResponses: boolean; orgId?: string }) {
  const need = await prisma.need.findUnique({
    where: { id: needId },
    select: {
      id: true, title: true, description: true, category: true, status: true, urgency: true, districtCode: true, town: true, village: true, peopleAffected: true,
      beneficiaryGroups: true, wantVolunteers: true, wantMoneyFen: true, produceName: true, produceQuantity: true, produceUnit: true, producePriceFen: true,
      deadline: true, openedAt: true, metAt: true, closedAt: true, createdAt: true, reviewReason: true, proposedByOrgId: true,
      proposedByOrg: { select: { id: true, name: true } },
      goods: { select: { id: true, name: true, quantity: true, unit: true }, orderBy: { position: "asc" } },
      responses: {
        select: {
          id: true, kind: true, status: true, message: true, volunteerCount: true, projectId: true, amountFen: true, goodsItemId: true, quantity: true, unitPriceFen: true,
          createdAt: true, decidedAt: true, decisionReason: true, orgId: true, org: { select: { id: true, name: true } },
        },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!need) return null;
  const accepted = need.responses.filter((r) => r.status === "ACCEPTED");
  const progress = computeProgress(need, accepted);
  const visible = opts.allResponses ? need.responses : need.responses.filter((r) => r.status === "ACCEPTED" || (opts.orgId && r.orgId === opts.orgId));
  return {
    ...need,
    wantMoneyFen: s(need.wantMoneyFen),
    producePriceFen: s(need.producePriceFen),
    wantedKinds: wantedKinds(need),
    progress,
    responses: visible.map((r) => ({ ...r, amountFen: s(r.amountFen), unitPriceFen: s(r.unitPriceFen) })),
    isPublic: (PUBLIC_NEED_STATUSES as readonly string[]).includes(need.status),
  };
}
export type NeedDetail = NonNullable<Awaited<ReturnType<typeof getNeed>>>;

export const ORG_RESPONSES_PAGE_SIZE = 50;
export const ORG_INVITATIONS_PAGE_SIZE = 20;

/** The organization's responses to needs, newest first, one page at a time. */
export async function listOrgResponses(orgId: string, page = 1) {
  const where = { orgId };
  const { rows, pagination } = await paginate(
    page,
    ORG_RESPONSES_PAGE_SIZE,
    () => prisma.needResponse.count({ where }),
    (w) =>
      prisma.needResponse.findMany({
        where,
        select: { id: true, kind: true, status: true, amountFen: true, quantity: true, volunteerCount: true, createdAt: true, need: { select: { id: true, title: true, status: true } } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        ...w,
      }),
  );
  return { responses: rows.map((r) => ({ ...r, amountFen: s(r.amountFen) })), pagination };
}

/** Invitations to needs still open, newest first, one page at a time. */
export async function listOrgInvitations(orgId: string, page = 1) {
  const where: Prisma.NeedInvitationWhereInput = { orgId, need: { status: { in: ["OPEN", "PARTLY_MET"] } } };
  const { rows, pagination } = await paginate(
    page,
    ORG_INVITATIONS_PAGE_SIZE,
    () => prisma.needInvitation.count({ where }),
    (w) =>
      prisma.needInvitation.findMany({
        where,
        select: { id: true, createdAt: true, need: { select: { id: true, title: true, status: true, districtCode: true } } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        ...w,
      }),
  );
  return { invitations: rows, pagination };
}
