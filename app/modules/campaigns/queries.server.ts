import { prisma } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import type { CampaignKind, Prisma } from "~/generated/prisma/client";
import { campaignTotals, totalsToJson } from "~/modules/ledger/balances.server";
import { todayInChina } from "./rules";
import { PUBLIC_STATUSES } from "./campaigns.server";

export const CAMPAIGN_PAGE_SIZE = 12;

const cardSelect = { id: true, title: true, kind: true, status: true, districtCode: true, goalFen: true, deadline: true, beneficiaryMasked: true, org: { select: { id: true, name: true } } } as const;

type CardRow = Prisma.CampaignGetPayload<{ select: typeof cardSelect }>;

async function withTotals(rows: CardRow[]) {
  const totals = await campaignTotals(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, goalFen: r.goalFen.toString(), deadline: r.deadline.toISOString().slice(0, 10), totals: totalsToJson(totals.get(r.id)!) }));
}

export type CampaignCardData = Awaited<ReturnType<typeof withTotals>>[number];

/** Live campaigns (published and before their deadline), newest first: the home page and the list. */
export async function listLiveCampaigns(take = 6) {
  const rows = await prisma.campaign.findMany({
    where: { status: "APPROVED", deadline: { gte: new Date(`${todayInChina()}T00:00:00Z`) }, org: { status: "APPROVED" } },
    select: cardSelect,
    orderBy: [{ approvedAt: "desc" }, { id: "asc" }],
    take,
  });
  return withTotals(rows);
}

export async function listPublicCampaigns(f: { kind?: string; district?: string; status?: string; page: number }) {
  const where: Prisma.CampaignWhereInput = {
    status: f.status === "live" || !f.status ? "APPROVED" : { in: PUBLIC_STATUSES },
    ...(f.status === "live" || !f.status ? { deadline: { gte: new Date(`${todayInChina()}T00:00:00Z`) } } : {}),
    org: { status: "APPROVED" },
    ...(f.kind ? { kind: f.kind as CampaignKind } : {}),
    ...(f.district ? { districtCode: f.district } : {}),
  };
  const { rows, pagination } = await paginate(
    f.page,
    CAMPAIGN_PAGE_SIZE,
    () => prisma.campaign.count({ where }),
    (window) => prisma.campaign.findMany({ where, select: cardSelect, orderBy: [{ approvedAt: "desc" }, { id: "asc" }], ...window }),
  );
  return { total: pagination.total, items: await withTotals(rows), page: pagination.page, pageSize: CAMPAIGN_PAGE_SIZE, pagination };
}

export const ORG_CAMPAIGNS_PAGE_SIZE = 50;

export async function listOrgCampaigns(orgId: string, page = 1) {
  const where = { orgId };
  const { rows, pagination } = await paginate(
    page,
    ORG_CAMPAIGNS_PAGE_SIZE,
    () => prisma.campaign.count({ where }),
    (window) => prisma.campaign.findMany({ where, select: cardSelect, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...window }),
  );
  return { items: await withTotals(rows), pagination };
}

export const STAFF_CAMPAIGNS_PAGE_SIZE = 50;

export async function staffCampaignQueue(status: string, page = 1) {
  const where = { status: status as Prisma.CampaignWhereInput["status"] as never };
  const { rows, pagination } = await paginate(
    page,
    STAFF_CAMPAIGNS_PAGE_SIZE,
    () => prisma.campaign.count({ where }),
    (window) =>
      prisma.campaign.findMany({
        where,
        select: { ...cardSelect, submittedAt: true, filingNumber: true, _count: { select: { documents: true } } },
        orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
        ...window,
      }),
  );
  const counts = await prisma.campaign.groupBy({ by: ["status"], _count: { _all: true } });
  return {
    items: rows.map((r) => ({ id: r.id, title: r.title, kind: r.kind, status: r.status, org: r.org, districtCode: r.districtCode, goalFen: r.goalFen.toString(), filingNumber: r.filingNumber, documents: r._count.documents, submittedAt: r.submittedAt?.toISOString() ?? null })),
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number>,
    pagination,
  };
}

/** Everything a campaign page shows, public fields only. */
export async function getCampaignDetail(id: string) {
  return prisma.campaign.findUnique({
    where: { id },
    select: {
      ...cardSelect,
      story: true,
      filingNumber: true,
      budget: true,
      needId: true,
      designatedPlatform: true,
      platformProjectId: true,
      platformUrl: true,
      approvedAt: true,
      reviewReason: true,
      orgId: true,
      org: { select: { id: true, name: true, status: true, publicFundraising: true, fundraisingCertificate: true } },
      documents: { select: { id: true, kind: true, fileId: true, createdAt: true, file: { select: { fileName: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
}
