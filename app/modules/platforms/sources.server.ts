/**
 * Money raised by where it arrived (#14.4), derived from the ledger every time (never a stored
 * total): on-site online donations (DONATION), each designated platform (OFFLINE_DONATION with
 * source `platform:<code>`), bank transfers (source `bank_transfer`) and other offline receipts.
 * Gross amounts; refunds (which only online donations have) are shown beside them in the accounts.
 */
import { prisma, type Db } from "~/utils/db.server";
import { BANK_TRANSFER_SOURCE } from "./platforms";

export type RaisedBySource = {
  /** "online" | "platform" | "bank" | "offline" */
  kind: "online" | "platform" | "bank" | "offline";
  /** The platform's code when kind is "platform". */
  platform: string | null;
  amountFen: string;
  count: number;
};

const ORDER = { online: 0, platform: 1, bank: 2, offline: 3 } as const;

export async function raisedBySource(t: { campaignId?: string | null; fundId?: string | null }, db: Db = prisma): Promise<RaisedBySource[]> {
  if (!t.campaignId && !t.fundId) return [];
  const where = t.campaignId ? { campaignId: t.campaignId } : { fundId: t.fundId! };
  const groups = await db.ledgerTransaction.groupBy({
    by: ["kind", "source"],
    where: { ...where, kind: { in: ["DONATION", "OFFLINE_DONATION"] } },
    _sum: { amountFen: true },
    _count: { _all: true },
  });
  const out = new Map<string, RaisedBySource & { fen: bigint }>();
  const add = (key: string, kind: RaisedBySource["kind"], platform: string | null, fen: bigint, count: number) => {
    const row = out.get(key) ?? { kind, platform, fen: 0n, amountFen: "0", count: 0 };
    row.fen += fen;
    row.count += count;
    out.set(key, row);
  };
  for (const g of groups) {
    const fen = g._sum.amountFen ?? 0n;
    const n = g._count._all;
    if (g.kind === "DONATION") add("online", "online", null, fen, n);
    else if (g.source?.startsWith("platform:")) add(g.source, "platform", g.source.slice("platform:".length), fen, n);
    else if (g.source === BANK_TRANSFER_SOURCE) add("bank", "bank", null, fen, n);
    else add("offline", "offline", null, fen, n);
  }
  // On-site donations are always listed, so an imported total has its neighbour to compare with.
  if (!out.has("online")) add("online", "online", null, 0n, 0);
  return [...out.values()]
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (a.platform ?? "").localeCompare(b.platform ?? ""))
    .map(({ fen, ...r }) => ({ ...r, amountFen: fen.toString() }));
}
