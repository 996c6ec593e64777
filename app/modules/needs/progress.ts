import type { NeedResponseKind, NeedStatus } from "./types";

/**
 * Progress of a need per kind of help wanted, from its ACCEPTED responses. Pure: the service loads
 * the rows, this decides. Goods progress is the mean over the wanted lines, each capped at 100%.
 */
export type WantedNeed = {
  wantVolunteers: number | null;
  wantMoneyFen: bigint | null;
  produceQuantity: number | null;
  goods: { id: string; quantity: number }[];
};
export type AcceptedResponse = { kind: NeedResponseKind; volunteerCount: number | null; amountFen: bigint | null; goodsItemId: string | null; quantity: number | null };

export type KindProgress = { kind: NeedResponseKind; wanted: number; received: number; ratio: number; lines?: { id: string; wanted: number; received: number }[] };

export function computeProgress(need: WantedNeed, accepted: AcceptedResponse[]): KindProgress[] {
  const out: KindProgress[] = [];
  const ratio = (got: number, want: number) => (want > 0 ? Math.min(1, got / want) : 0);
  if (need.wantVolunteers && need.wantVolunteers > 0) {
    const got = accepted.filter((r) => r.kind === "VOLUNTEERS").reduce((s, r) => s + (r.volunteerCount ?? 0), 0);
    out.push({ kind: "VOLUNTEERS", wanted: need.wantVolunteers, received: got, ratio: ratio(got, need.wantVolunteers) });
  }
  if (need.wantMoneyFen && need.wantMoneyFen > 0n) {
    const got = accepted.filter((r) => r.kind === "MONEY").reduce((s, r) => s + (r.amountFen ?? 0n), 0n);
    // Ratios of fen amounts: exact integer comparison decides "met", the float is for display.
    const met = got >= need.wantMoneyFen;
    out.push({ kind: "MONEY", wanted: Number(need.wantMoneyFen), received: Number(got), ratio: met ? 1 : Number((got * 10_000n) / need.wantMoneyFen) / 10_000 });
  }
  if (need.goods.length) {
    const lines = need.goods.map((g) => ({
      id: g.id,
      wanted: g.quantity,
      received: accepted.filter((r) => r.kind === "GOODS" && r.goodsItemId === g.id).reduce((s, r) => s + (r.quantity ?? 0), 0),
    }));
    const mean = lines.reduce((s, l) => s + ratio(l.received, l.wanted), 0) / lines.length;
    out.push({ kind: "GOODS", wanted: lines.reduce((s, l) => s + l.wanted, 0), received: lines.reduce((s, l) => s + Math.min(l.received, l.wanted), 0), ratio: mean, lines });
  }
  if (need.produceQuantity && need.produceQuantity > 0) {
    const got = accepted.filter((r) => r.kind === "PURCHASE").reduce((s, r) => s + (r.quantity ?? 0), 0);
    out.push({ kind: "PURCHASE", wanted: need.produceQuantity, received: got, ratio: ratio(got, need.produceQuantity) });
  }
  return out;
}

/**
 * The status a need moves to after its accepted responses changed: MET when every wanted kind is
 * fully met, PARTLY_MET when anything was accepted, OPEN otherwise. Only OPEN/PARTLY_MET needs move.
 */
export function statusFromProgress(current: NeedStatus, progress: KindProgress[], acceptedCount: number): NeedStatus {
  if (current !== "OPEN" && current !== "PARTLY_MET") return current;
  if (progress.length && progress.every((p) => p.ratio >= 1)) return "MET";
  if (acceptedCount > 0) return "PARTLY_MET";
  return "OPEN";
}

/** Which response kinds this need asks for (a response of another kind is refused). */
export function wantedKinds(need: WantedNeed): NeedResponseKind[] {
  const kinds: NeedResponseKind[] = [];
  if (need.wantVolunteers) kinds.push("VOLUNTEERS");
  if (need.wantMoneyFen) kinds.push("MONEY");
  if (need.goods.length) kinds.push("GOODS");
  if (need.produceQuantity) kinds.push("PURCHASE");
  return kinds;
}
