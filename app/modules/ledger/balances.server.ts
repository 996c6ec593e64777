import { prisma, type Db } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";

export type Totals = {
  /** Donations received (online and offline), gross. */
  raisedFen: bigint;
  refundedFen: bigint;
  disbursedFen: bigint;
  feesFen: bigint;
  /** raised − refunded: what counts towards the goal. */
  netRaisedFen: bigint;
  /** The account balance: what can still be disbursed. */
  balanceFen: bigint;
};

const ZERO: Totals = { raisedFen: 0n, refundedFen: 0n, disbursedFen: 0n, feesFen: 0n, netRaisedFen: 0n, balanceFen: 0n };

type Row = { owner: string; kind: string; total: bigint };

/**
 * The kind a transaction counts as: a DONATION that reverses another transaction puts back a
 * refund that failed after it was booked (reconciliation/refund-failures.server.ts), so it lowers
 * the refunded total instead of adding to the raised one.
 */
const KIND = Prisma.sql`CASE WHEN kind = 'DONATION' AND reversal THEN 'REFUND_REVERSAL' ELSE kind::text END`;

function fold(rows: Row[], balances: { owner: string; balance: bigint }[], ids: string[]) {
  const out = new Map<string, Totals>(ids.map((id) => [id, { ...ZERO }]));
  for (const r of rows) {
    const t = out.get(r.owner);
    if (!t) continue;
    const v = BigInt(r.total);
    if (r.kind === "DONATION" || r.kind === "OFFLINE_DONATION") t.raisedFen += v;
    else if (r.kind === "REFUND") t.refundedFen += v;
    else if (r.kind === "REFUND_REVERSAL") t.refundedFen -= v;
    else if (r.kind === "DISBURSEMENT" || r.kind === "GRANT") t.disbursedFen += v;
    else if (r.kind === "FEE") t.feesFen += v;
  }
  for (const b of balances) {
    const t = out.get(b.owner);
    if (t) t.balanceFen = BigInt(b.balance);
  }
  for (const t of out.values()) t.netRaisedFen = t.raisedFen - t.refundedFen;
  return out;
}

/**
 * One round trip for the totals of many owners: the sums per transaction kind and the account
 * balance (kind 'BALANCE', not a ledger kind) in one statement, from the owner tallies the ledger's
 * triggers keep (LedgerOwnerTally, LedgerAccountBalance; ADR 027): a few rows per owner, however
 * many donations it has. The accounts are found by their unique key (accounts.server.ts).
 */
async function ownerTotals(db: Db, column: "campaignId" | "fundId", kind: "CAMPAIGN" | "FUND", ids: string[]) {
  const keys = ids.map((id) => `${kind}:${id}`);
  const owner = Prisma.raw(`"${column}"`);
  const rows = await db.$queryRaw<Row[]>`
    SELECT "ownerId" AS owner, ${KIND} AS kind, SUM(fen)::bigint AS total FROM "LedgerOwnerTally" WHERE "ownerKind" = ${kind} AND "ownerId" = ANY(${ids}) GROUP BY 1, 2
    UNION ALL
    SELECT a.${owner} AS owner, 'BALANCE' AS kind, COALESCE(b.fen, 0)::bigint AS total FROM "LedgerAccount" a LEFT JOIN "LedgerAccountBalance" b ON b."accountId" = a.id WHERE a.key = ANY(${keys})`;
  return fold(
    rows.filter((r) => r.kind !== "BALANCE"),
    rows.filter((r) => r.kind === "BALANCE").map((r) => ({ owner: r.owner, balance: r.total })),
    ids,
  );
}

/** Totals for many campaigns at once (listings), derived from the ledger. */
export async function campaignTotals(ids: string[], db: Db = prisma): Promise<Map<string, Totals>> {
  if (!ids.length) return new Map();
  return ownerTotals(db, "campaignId", "CAMPAIGN", ids);
}

/**
 * Net raised as an aggregate over a group of one campaign's LedgerOwnerTally rows
 * (`Totals.netRaisedFen`): raised − refunded, a reversed refund (a DONATION that reverses it)
 * counting as raised again.
 */
export const NET_RAISED_SQL = `(COALESCE(SUM(fen) FILTER (WHERE kind IN ('DONATION', 'OFFLINE_DONATION')), 0) - COALESCE(SUM(fen) FILTER (WHERE kind = 'REFUND'), 0))::bigint`;
export const NET_RAISED = Prisma.raw(NET_RAISED_SQL);

/**
 * What public cards show of many campaigns: net raised only (raised − refunded, a reversed refund
 * counting as raised again — the same figure as `Totals.netRaisedFen`), from the campaigns' tallies,
 * without the account balances that `campaignTotals` reads: the listing and the home page read it
 * on every view (issue 17.5), and a campaign with 200,000 donations costs what one with 20 does.
 */
export async function campaignNetRaised(ids: string[], db: Db = prisma): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>(ids.map((id) => [id, 0n]));
  if (!ids.length) return out;
  const rows = await db.$queryRaw<{ owner: string; net: bigint }[]>`
    SELECT "ownerId" AS owner, ${NET_RAISED} AS net
    FROM "LedgerOwnerTally" WHERE "ownerKind" = 'CAMPAIGN' AND "ownerId" = ANY(${ids}) GROUP BY 1`;
  for (const r of rows) out.set(r.owner, BigInt(r.net));
  return out;
}

export async function fundTotals(ids: string[], db: Db = prisma): Promise<Map<string, Totals>> {
  if (!ids.length) return new Map();
  return ownerTotals(db, "fundId", "FUND", ids);
}

export async function totalsFor(t: { campaignId?: string | null; fundId?: string | null }, db: Db = prisma): Promise<Totals> {
  if (t.campaignId) return (await campaignTotals([t.campaignId], db)).get(t.campaignId) ?? { ...ZERO };
  if (t.fundId) return (await fundTotals([t.fundId], db)).get(t.fundId) ?? { ...ZERO };
  return { ...ZERO };
}

/** A group of one owner's ledger transactions: raw kind, source, sum and number. */
export type LedgerGroup = { kind: string; reversal: boolean; source: string | null; fen: bigint; n: number };

/**
 * What a campaign's or fund's public accounts show, in one statement (the campaign page is where
 * donors land in a rush), from the tallies the ledger's and donations' triggers keep (ADR 027): its
 * transactions grouped by kind and source (for the totals and for raised-by-source), its account
 * balance, and its number of donors — distinct signed-in users, else e-mails (case-insensitively),
 * else the donation itself, with a recorded payment, plus the offline donations (counted from the
 * groups). A few rows, whatever the number of donations.
 */
export async function ownerLedgerSummary(t: { campaignId?: string | null; fundId?: string | null }, db: Db = prisma): Promise<{ totals: Totals; groups: LedgerGroup[]; donors: number }> {
  const ownerKind = t.campaignId ? "CAMPAIGN" : "FUND";
  const id = t.campaignId ?? t.fundId ?? "-";
  const key = `${ownerKind}:${id}`;
  const rows = await db.$queryRaw<{ part: string; kind: string | null; reversal: boolean | null; source: string | null; fen: bigint; n: bigint }[]>`
    SELECT 'G' AS part, kind::text AS kind, reversal, NULLIF(source, '') AS source, fen, n
    FROM "LedgerOwnerTally" WHERE "ownerKind" = ${ownerKind} AND "ownerId" = ${id}
    UNION ALL
    SELECT 'B', NULL, NULL, NULL, COALESCE((SELECT b.fen FROM "LedgerAccount" a JOIN "LedgerAccountBalance" b ON b."accountId" = a.id WHERE a.key = ${key}), 0)::bigint, 0
    UNION ALL
    SELECT 'D', NULL, NULL, NULL, 0, COALESCE((SELECT n FROM "OwnerDonorCount" WHERE "ownerKind" = ${ownerKind} AND "ownerId" = ${id}), 0)::bigint`;
  const groups: LedgerGroup[] = [];
  let balance = 0n;
  let online = 0;
  for (const r of rows) {
    if (r.part === "G") groups.push({ kind: r.kind!, reversal: r.reversal === true, source: r.source, fen: BigInt(r.fen), n: Number(r.n) });
    else if (r.part === "B") balance = BigInt(r.fen);
    else online = Number(r.n);
  }
  const owner = id;
  const totals = fold(
    groups.map((g) => ({ owner, kind: g.kind === "DONATION" && g.reversal ? "REFUND_REVERSAL" : g.kind, total: g.fen })),
    [{ owner, balance }],
    [owner],
  ).get(owner)!;
  const offline = groups.filter((g) => g.kind === "OFFLINE_DONATION").reduce((n, g) => n + g.n, 0);
  return { totals, groups, donors: online + offline };
}

/** Serialisable form for loaders (BigInt cannot cross to the browser). */
export function totalsToJson(t: Totals) {
  return {
    raisedFen: t.raisedFen.toString(),
    refundedFen: t.refundedFen.toString(),
    disbursedFen: t.disbursedFen.toString(),
    feesFen: t.feesFen.toString(),
    netRaisedFen: t.netRaisedFen.toString(),
    balanceFen: t.balanceFen.toString(),
  };
}
