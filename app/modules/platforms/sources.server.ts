/**
 * Money raised by where it arrived (#14.4), derived from the ledger every time (never a stored
 * total): on-site online donations (DONATION), each designated platform (OFFLINE_DONATION with
 * source `platform:<code>`), bank transfers (source `bank_transfer`) and other offline receipts.
 * Gross amounts; refunds (which only online donations have) are shown beside them in the accounts.
 */
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

/** A group of a campaign's or fund's ledger transactions: its kind, source, sum and number. */
export type SourceGroup = { kind: string; source: string | null; fen: bigint; n: number };

/**
 * Raised by source from the owner's transactions grouped by kind and source (other kinds are
 * ignored): ownerLedgerSummary reads them for the whole accounts block in one statement.
 */
export function raisedBySource(groups: SourceGroup[]): RaisedBySource[] {
  const out = new Map<string, RaisedBySource & { fen: bigint }>();
  const add = (key: string, kind: RaisedBySource["kind"], platform: string | null, fen: bigint, count: number) => {
    const row = out.get(key) ?? { kind, platform, fen: 0n, amountFen: "0", count: 0 };
    row.fen += fen;
    row.count += count;
    out.set(key, row);
  };
  for (const g of groups) {
    if (g.kind === "DONATION") add("online", "online", null, g.fen, g.n);
    else if (g.kind !== "OFFLINE_DONATION") continue;
    else if (g.source?.startsWith("platform:")) add(g.source, "platform", g.source.slice("platform:".length), g.fen, g.n);
    else if (g.source === BANK_TRANSFER_SOURCE) add("bank", "bank", null, g.fen, g.n);
    else add("offline", "offline", null, g.fen, g.n);
  }
  // On-site donations are always listed, so an imported total has its neighbour to compare with.
  if (!out.has("online")) add("online", "online", null, 0n, 0);
  return [...out.values()]
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (a.platform ?? "").localeCompare(b.platform ?? ""))
    .map(({ fen, ...r }) => ({ ...r, amountFen: fen.toString() }));
}
