import { prisma } from "~/utils/db.server";
import { pageInfo, paginate } from "~/utils/pagination";
import { Prisma } from "~/generated/prisma/client";
import type { CampaignKind, CampaignStatus } from "~/generated/prisma/client";
import { campaignNetRaised, campaignTotals, NET_RAISED, totalsToJson } from "~/modules/ledger/balances.server";
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

/**
 * A public card: what the card shows and nothing more — no beneficiary (shown on the campaign's
 * own page only), net raised but not the other totals, which cost a join over the ledger entries
 * for every card of every view and travel to the browser twice (in the HTML and its data).
 */
function publicCards(rows: { id: string; title: string; kind: string; status: string; districtCode: string; goalFen: bigint; deadline: Date; org: { id: string; name: string }; netRaisedFen: bigint }[]) {
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    districtCode: r.districtCode,
    goalFen: r.goalFen.toString(),
    deadline: r.deadline.toISOString().slice(0, 10),
    org: r.org,
    totals: { netRaisedFen: r.netRaisedFen.toString() },
  }));
}

export type PublicCampaignCard = ReturnType<typeof publicCards>[number];

/** Live campaigns (published and before their deadline), newest first: the home page and the list. */
export async function listLiveCampaigns(take = 6) {
  const rows = await prisma.campaign.findMany({
    where: { status: "APPROVED", deadline: { gte: new Date(`${todayInChina()}T00:00:00Z`) }, org: { status: "APPROVED" } },
    select: { id: true, title: true, kind: true, status: true, districtCode: true, goalFen: true, deadline: true, org: { select: { id: true, name: true } } },
    orderBy: [{ approvedAt: "desc" }, { id: "asc" }],
    take,
  });
  // The home page's few cards read their net raised in a second statement; the listing reads it with its cards.
  const raised = await campaignNetRaised(rows.map((r) => r.id));
  return publicCards(rows.map((r) => ({ ...r, netRaisedFen: raised.get(r.id)! })));
}

type CardSqlRow = { id: string; title: string; kind: CampaignKind; status: CampaignStatus; districtCode: string; goalFen: bigint; deadline: Date; orgId: string; orgName: string; total: bigint; netRaisedFen: bigint };

/**
 * The public listing in one database round trip (issue 17.5): one statement reads the page of
 * cards with their organization, each card's net raised and the number of matching campaigns
 * (subqueries). Only a page past the end (no row, so no count) costs a count and
 * a read of the last page, as `paginate` would have served it.
 */
export async function listPublicCampaigns(f: { kind?: string; district?: string; status?: string; page: number }) {
  const live = f.status === "live" || !f.status;
  const conditions = [
    live ? Prisma.sql`c.status = 'APPROVED' AND c.deadline >= ${new Date(`${todayInChina()}T00:00:00Z`)}` : Prisma.sql`c.status::text = ANY(${PUBLIC_STATUSES as string[]})`,
    Prisma.sql`o.status = 'APPROVED'`,
    ...(f.kind ? [Prisma.sql`c.kind::text = ${f.kind}`] : []),
    ...(f.district ? [Prisma.sql`c."districtCode" = ${f.district}`] : []),
  ];
  const where = Prisma.join(conditions, " AND ");
  // The count is an uncorrelated subquery (run once, reading only the matching ids), not a window
  // over the page's rows: a window count makes PostgreSQL join, count and sort every matching
  // campaign to return twenty; this way the page itself is read from the listing index
  // ("status", "approvedAt" DESC, id) and stops after the page (3.3 → 0.8 ms at 2,000 campaigns).
  // Each card's net raised is read in the same statement, for the page's rows only (the outer
  // query), so the listing is one round trip.
  const read = (skip: number) => prisma.$queryRaw<CardSqlRow[]>`
    SELECT p.*, (SELECT ${NET_RAISED} FROM "LedgerTransaction" WHERE "campaignId" = p.id) AS "netRaisedFen"
    FROM (
      SELECT c.id, c.title, c.kind::text AS kind, c.status::text AS status, c."districtCode", c."goalFen", c.deadline, o.id AS "orgId", o.name AS "orgName", c."approvedAt",
        (SELECT count(*) FROM "Campaign" c JOIN "Organization" o ON o.id = c."orgId" WHERE ${where}) AS total
      FROM "Campaign" c JOIN "Organization" o ON o.id = c."orgId"
      WHERE ${where}
      ORDER BY c."approvedAt" DESC, c.id ASC
      OFFSET ${skip} LIMIT ${CAMPAIGN_PAGE_SIZE}
    ) p
    ORDER BY p."approvedAt" DESC, p.id ASC`;
  let rows = await read((f.page - 1) * CAMPAIGN_PAGE_SIZE);
  let total = rows.length ? Number(rows[0]!.total) : 0;
  if (!rows.length && f.page > 1) {
    // Past the end: count, then show the last page (the address never answers with an empty page).
    total = Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Campaign" c JOIN "Organization" o ON o.id = c."orgId" WHERE ${where}`)[0]!.n);
    if (total) rows = await read(pageInfo(f.page, CAMPAIGN_PAGE_SIZE, total).skip);
  }
  const { skip: _skip, take: _take, ...pagination } = pageInfo(f.page, CAMPAIGN_PAGE_SIZE, total);
  const cards = rows.map((r) => ({ id: r.id, title: r.title, kind: r.kind, status: r.status, districtCode: r.districtCode, goalFen: BigInt(r.goalFen), deadline: r.deadline, org: { id: r.orgId, name: r.orgName }, netRaisedFen: BigInt(r.netRaisedFen) }));
  return { total: pagination.total, items: publicCards(cards), page: pagination.page, pageSize: CAMPAIGN_PAGE_SIZE, pagination };
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

/** What a campaign's page shows beyond its card, on the public page and the host's and staff's. */
const pageSelect = {
  ...cardSelect,
  orgId: true,
  story: true,
  filingNumber: true,
  budget: true,
  needId: true,
  designatedPlatform: true,
  platformProjectId: true,
  platformUrl: true,
  org: { select: { id: true, name: true, status: true, publicFundraising: true, fundraisingCertificate: true } },
} as const;

/**
 * A campaign as its public page shows it, with what the page's rules read (cap, freeze, hold,
 * monthly link) so that they need no read of their own; no documents (the host's and staff's pages
 * show those, getCampaignDetail).
 */
export async function getPublicCampaign(id: string) {
  return prisma.campaign.findUnique({
    where: { id },
    // The cap's fields (safeguards' CapRow) beyond the card's kind, goal, status and deadline.
    select: { ...pageSelect, capFen: true, overflowFundId: true, disclosureHoldAt: true },
  });
}

/** A campaign as its host's and the staff's pages show it: the public fields, its review and its documents. */
export async function getCampaignDetail(id: string) {
  return prisma.campaign.findUnique({
    where: { id },
    select: {
      ...pageSelect,
      approvedAt: true,
      reviewReason: true,
      documents: { select: { id: true, kind: true, fileId: true, createdAt: true, file: { select: { fileName: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
}
