import { prisma, sqlRows } from "~/utils/db.server";
import { pageInfo, paginate } from "~/utils/pagination";
import { singleFlight } from "~/utils/single-flight.server";
import { Prisma } from "~/generated/prisma/client";
import { campaignNetRaised, campaignTotals, NET_RAISED_SQL, totalsToJson } from "~/modules/ledger/balances.server";
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

type CardSqlRow = { id: string; title: string; kind: string; status: string; districtCode: string; goalFen: string; deadline: string; orgId: string; orgName: string; netRaisedFen: string; total?: string };

/**
 * Today in China in SQL, for statements prepared once and run for days: a parameter there would make
 * PostgreSQL plan the statement anew on every run (its generic plan cannot know the date), which
 * costs it more than running the statement. Asia/Shanghai is UTC+8 throughout the dates it compares.
 */
const TODAY_IN_CHINA_SQL = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

/** How long a listing's total is reused (milliseconds): the cards are always read fresh. */
export const LISTING_TOTAL_TTL_MS = 10_000;
const LISTING_TOTAL_KEYS = 500;
/** Pages of each filter shape read through a named statement (below). */
const NAMED_LISTING_PAGES = 5;
const listingTotals = new Map<string, { total: number; at: number }>();
/** Views of the same page of the same filter at the same moment share one statement. */
const sharedListingRead = singleFlight<CardSqlRow[]>();

/** Forgets the remembered listing totals (tests; a process that wants the next view exact). */
export function forgetListingTotals() {
  listingTotals.clear();
}

/**
 * The public listing in one database round trip (issue 17.5): one statement reads the page of
 * cards with their organization and each card's net raised (a subquery over the page's rows only).
 *
 * The number of matching campaigns (for the pages bar) is counted in the same statement, then
 * remembered for LISTING_TOTAL_TTL_MS per filter and day: counting every matching campaign on
 * every view cost more of the database than reading the page (0.86 of 1.1 ms at 2,000 live
 * campaigns), and a bar that lags a new campaign by ten seconds misleads no one. The rows keep it
 * honest: a page that is not full ends the list, so its total is exact; a full page shows at least
 * what it proves. Only a page past the end (no row) costs a count and a read of the last page.
 *
 * Views of the same page and filter that arrive while its statement runs join it (`singleFlight`):
 * they see what that statement read, a millisecond or so before they asked, and the database
 * reads a popular page once per burst instead of once per visitor.
 *
 * It runs on the pg pool as a named statement per filter shape (parsed and planned once per
 * connection), without Prisma: its per-query work was a third of the page's data cost. Dates and
 * bigints come back as text, as the cards carry them.
 */
export async function listPublicCampaigns(f: { kind?: string; district?: string; status?: string; page: number }) {
  const live = f.status === "live" || !f.status;
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const conditions = [
    live ? `c.status = 'APPROVED' AND c.deadline >= ${TODAY_IN_CHINA_SQL}` : `c.status::text = ANY(${param(PUBLIC_STATUSES)}::text[])`,
    `o.status = 'APPROVED'`,
    ...(f.kind ? [`c.kind::text = ${param(f.kind)}`] : []),
    ...(f.district ? [`c."districtCode" = ${param(f.district)}`] : []),
  ];
  const where = conditions.join(" AND ");
  const shape = `${live ? "live" : "all"}${f.kind ? "-k" : ""}${f.district ? "-d" : ""}`;
  // The day is part of the key: a campaign leaves the live list after its deadline.
  const key = `${shape}|${todayInChina()}|${values.join("|")}`;
  const read = async (skip: number, withTotal: boolean) => {
    // The first pages (most views) are named statements with their offset written in: PostgreSQL
    // plans a named statement once only when its plan cannot depend on the values, and a LIMIT or
    // OFFSET parameter makes it plan anew on every run. Deeper pages and the counting variant (once
    // per TTL) run unnamed with the offset as a parameter, so the statements a connection keeps
    // stay bounded (8 filter shapes × NAMED_LISTING_PAGES).
    const named = !withTotal && skip < NAMED_LISTING_PAGES * CAMPAIGN_PAGE_SIZE;
    return sharedListingRead(`${key}|${skip}|${withTotal}`, () =>
      sqlRows<CardSqlRow>({
        text: `SELECT p.id, p.title, p.kind, p.status, p."districtCode", p."goalFen", p.deadline, p."orgId", p."orgName",${withTotal ? " p.total," : ""} (SELECT ${NET_RAISED_SQL} FROM "LedgerOwnerTally" WHERE "ownerKind" = 'CAMPAIGN' AND "ownerId" = p.id)::text AS "netRaisedFen"
          FROM (
            SELECT c.id, c.title, c.kind::text AS kind, c.status::text AS status, c."districtCode", c."goalFen"::text AS "goalFen", to_char(c.deadline, 'YYYY-MM-DD') AS deadline,
              o.id AS "orgId", o.name AS "orgName", c."approvedAt"${withTotal ? `, (SELECT count(*) FROM "Campaign" c JOIN "Organization" o ON o.id = c."orgId" WHERE ${where})::text AS total` : ""}
            FROM "Campaign" c JOIN "Organization" o ON o.id = c."orgId"
            WHERE ${where}
            ORDER BY c."approvedAt" DESC, c.id ASC
            OFFSET ${named ? String(skip) : `$${values.length + 1}`} LIMIT ${CAMPAIGN_PAGE_SIZE}
          ) p
          ORDER BY p."approvedAt" DESC, p.id ASC`,
        values: named ? values : [...values, skip],
      }, named ? { name: `campaign-listing-${shape}-${skip}` } : {}),
    );
  };
  const skip = (Math.max(1, f.page) - 1) * CAMPAIGN_PAGE_SIZE;
  const known = listingTotals.get(key);
  const fresh = known && Date.now() - known.at < LISTING_TOTAL_TTL_MS ? known.total : undefined;
  let rows = await read(skip, fresh === undefined);
  let total: number;
  if (rows.length && rows[0]!.total !== undefined) {
    total = Number(rows[0]!.total);
    remember(key, total);
  } else if (rows.length) {
    // The remembered total, squared with what this page proves.
    total = rows.length < CAMPAIGN_PAGE_SIZE ? skip + rows.length : Math.max(fresh!, skip + rows.length);
  } else {
    // Past the end (or nothing matches): count, then show the last page (the address never answers with an empty page).
    const [counted] = await sqlRows<{ n: string }>({ text: `SELECT count(*)::text AS n FROM "Campaign" c JOIN "Organization" o ON o.id = c."orgId" WHERE ${where}`, values }, { name: `campaign-listing-${shape}-count` });
    total = Number(counted!.n);
    remember(key, total);
    if (total && f.page > 1) rows = await read(pageInfo(f.page, CAMPAIGN_PAGE_SIZE, total).skip, false);
  }
  const { skip: _skip, take: _take, ...pagination } = pageInfo(f.page, CAMPAIGN_PAGE_SIZE, total);
  const items = rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    districtCode: r.districtCode,
    goalFen: r.goalFen,
    deadline: r.deadline,
    org: { id: r.orgId, name: r.orgName },
    totals: { netRaisedFen: r.netRaisedFen },
  }));
  return { total: pagination.total, items, page: pagination.page, pageSize: CAMPAIGN_PAGE_SIZE, pagination };
}

function remember(key: string, total: number) {
  if (listingTotals.size >= LISTING_TOTAL_KEYS) listingTotals.clear();
  listingTotals.set(key, { total, at: Date.now() });
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
