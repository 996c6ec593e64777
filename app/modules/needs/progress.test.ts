import { describe, expect, it } from "vitest";
import { computeProgress, statusFromProgress, wantedKinds } from "./progress";

const need = { wantVolunteers: 10, wantMoneyFen: 500_000n, produceQuantity: 5000, goods: [{ id: "g1", quantity: 100 }, { id: "g2", quantity: 10 }] };
const r = (kind: "VOLUNTEERS" | "MONEY" | "GOODS" | "PURCHASE", o: { volunteerCount?: number; amountFen?: bigint; goodsItemId?: string; quantity?: number }) => ({ kind, volunteerCount: o.volunteerCount ?? null, amountFen: o.amountFen ?? null, goodsItemId: o.goodsItemId ?? null, quantity: o.quantity ?? null });

describe("need progress", () => {
  it("has one bar per wanted kind, empty at first", () => {
    const p = computeProgress(need, []);
    expect(p.map((x) => [x.kind, x.ratio])).toEqual([["VOLUNTEERS", 0], ["MONEY", 0], ["GOODS", 0], ["PURCHASE", 0]]);
    expect(wantedKinds(need)).toEqual(["VOLUNTEERS", "MONEY", "GOODS", "PURCHASE"]);
    expect(statusFromProgress("OPEN", p, 0)).toBe("OPEN");
  });
  it("sums accepted offers per kind, caps each goods line, and moves to PARTLY_MET", () => {
    const p = computeProgress(need, [r("VOLUNTEERS", { volunteerCount: 4 }), r("MONEY", { amountFen: 200_000n }), r("GOODS", { goodsItemId: "g1", quantity: 300 }), r("PURCHASE", { quantity: 1000 })]);
    expect(p.find((x) => x.kind === "VOLUNTEERS")!.ratio).toBe(0.4);
    expect(p.find((x) => x.kind === "MONEY")!.ratio).toBe(0.4);
    expect(p.find((x) => x.kind === "GOODS")!.ratio).toBe(0.5); // g1 full (capped), g2 none
    expect(p.find((x) => x.kind === "PURCHASE")!.ratio).toBe(0.2);
    expect(statusFromProgress("OPEN", p, 4)).toBe("PARTLY_MET");
  });
  it("is MET only when every wanted kind is fully met, with exact fen comparison", () => {
    const almost = computeProgress({ ...need, wantVolunteers: null, produceQuantity: null, goods: [] }, [r("MONEY", { amountFen: 499_999n })]);
    expect(almost[0]!.ratio).toBeLessThan(1);
    expect(statusFromProgress("PARTLY_MET", almost, 1)).toBe("PARTLY_MET");
    const met = computeProgress({ ...need, wantVolunteers: null, produceQuantity: null, goods: [] }, [r("MONEY", { amountFen: 300_000n }), r("MONEY", { amountFen: 200_000n })]);
    expect(statusFromProgress("PARTLY_MET", met, 2)).toBe("MET");
  });
  it("never moves closed, proposed or rejected needs", () => {
    const met = computeProgress({ ...need, wantVolunteers: 1, wantMoneyFen: null, produceQuantity: null, goods: [] }, [r("VOLUNTEERS", { volunteerCount: 1 })]);
    for (const s of ["CLOSED", "PROPOSED", "REJECTED", "MET"] as const) expect(statusFromProgress(s, met, 1)).toBe(s);
  });
});
