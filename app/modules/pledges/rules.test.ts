import { describe, expect, it } from "vitest";
import { belowShare, bpToPercent, checkCanteenShare, fulfilment, isLateInYear, percentToBp, requiredMinimumFen, shanghaiToday } from "./rules";

const fmt = (fen: bigint) => `¥${fen}`;

describe("paired purchasing rules", () => {
  it("converts percentages and basis points without floating point", () => {
    expect(percentToBp("10")).toBe(1000);
    expect(percentToBp("12.5")).toBe(1250);
    expect(percentToBp("12.55%")).toBe(1255);
    expect(percentToBp("0")).toBeNull();
    expect(percentToBp("12.555")).toBeNull();
    expect(percentToBp("abc")).toBeNull();
    expect(bpToPercent(1000)).toBe("10");
    expect(bpToPercent(1250)).toBe("12.5");
    expect(bpToPercent(1205)).toBe("12.05");
  });

  it("rounds the required minimum up to the fen", () => {
    expect(requiredMinimumFen(100_000_000n, 1000)).toBe(10_000_000n);
    expect(requiredMinimumFen(1n, 1000)).toBe(1n);
    expect(requiredMinimumFen(12_345n, 1500)).toBe(1852n); // 1851.75 → 1852
  });

  it("asks a budget unit with a canteen for its budget and at least the configured share", () => {
    const unit = { isBudgetUnit: true, hasCanteen: true };
    expect(checkCanteenShare(unit, { pledged: 1n }, 1000, fmt)).toMatchObject({ ok: false, fieldErrors: { canteenBudget: "pledges.validation.canteenBudgetRequired" } });
    expect(checkCanteenShare(unit, { pledged: 100n, canteenBudget: 1000n, sharePercent: 500 }, 1000, fmt)).toMatchObject({ ok: false, params: { floor: "10" } });
    expect(checkCanteenShare(unit, { pledged: 99n, canteenBudget: 1000n }, 1000, fmt)).toMatchObject({ ok: false, messageKey: "pledges.errors.belowCanteenShare", params: { minimum: "¥100", budget: "¥1000", share: "10" } });
    expect(checkCanteenShare(unit, { pledged: 100n, canteenBudget: 1000n }, 1000, fmt)).toEqual({ ok: true, canteenBudgetFen: 1000n, requiredShareBp: 1000 });
    expect(checkCanteenShare(unit, { pledged: 149n, canteenBudget: 1000n, sharePercent: 1500 }, 1000, fmt)).toMatchObject({ ok: false });
  });

  it("owes nothing without a canteen or outside the budget, and stores neither figure", () => {
    expect(checkCanteenShare({ isBudgetUnit: true, hasCanteen: false }, { pledged: 1n, canteenBudget: 1_000_000n }, 1000, fmt)).toEqual({ ok: true, canteenBudgetFen: null, requiredShareBp: null });
    expect(checkCanteenShare({ isBudgetUnit: false, hasCanteen: true }, { pledged: 1n }, 1000, fmt)).toEqual({ ok: true, canteenBudgetFen: null, requiredShareBp: null });
  });

  it("computes fulfilment, remaining never below zero", () => {
    expect(fulfilment(10_000n, 2_500n)).toEqual({ pledgedFen: 10_000n, fulfilledFen: 2_500n, remainingFen: 7_500n, percentBp: 2500 });
    expect(fulfilment(10_000n, 12_000n)).toMatchObject({ remainingFen: 0n, percentBp: 12000 });
    expect(fulfilment(0n, 0n).percentBp).toBe(0);
  });

  it("is late after 30 September in Asia/Shanghai", () => {
    expect(isLateInYear(2026, "2026-09-30")).toBe(false);
    expect(isLateInYear(2026, "2026-10-01")).toBe(true);
    expect(isLateInYear(2025, "2026-03-01")).toBe(true);
    // 16:30 UTC on 30 September is already 1 October in Shanghai.
    expect(shanghaiToday(new Date("2026-09-30T16:30:00Z"))).toBe("2026-10-01");
    expect(shanghaiToday(new Date("2026-09-30T15:30:00Z"))).toBe("2026-09-30");
    expect(belowShare(null, 0n)).toBe(false);
    expect(belowShare(100n, 99n)).toBe(true);
    expect(belowShare(100n, 100n)).toBe(false);
  });
});
