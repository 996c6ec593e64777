import { describe, expect, it } from "vitest";
import { donateSchema, yuanToFen } from "./schema";
import { daysLeft, deadlinePassed, progressPercent } from "~/modules/campaigns/rules";

describe("yuanToFen", () => {
  it("converts yuan text to integer fen without floating point", () => {
    expect(yuanToFen("1")).toBe(100n);
    expect(yuanToFen("0.1")).toBe(10n);
    expect(yuanToFen("19.99")).toBe(1999n);
    expect(yuanToFen("1,000.5")).toBe(100050n);
    expect(yuanToFen("3406500")).toBe(340650000n);
    for (const bad of ["", "1.001", "-1", "1e3", "abc", "1.", ".5"]) expect(yuanToFen(bad), bad).toBeNull();
  });
});

describe("donateSchema", () => {
  it("takes a preset or a free amount of at least 1 yuan", () => {
    expect(donateSchema.parse({ preset: "50", email: "a@b.cn" }).amountFen).toBe(5000n);
    expect(donateSchema.parse({ preset: "other", amount: "1", email: "a@b.cn" }).amountFen).toBe(100n);
    const low = donateSchema.safeParse({ preset: "other", amount: "0.99" });
    expect(low.success).toBe(false);
    expect(low.error?.issues[0]).toMatchObject({ path: ["amount"], message: "funding.validation.amountMin" });
    expect(donateSchema.safeParse({ preset: "50", email: "not-an-email" }).error?.issues[0]?.message).toBe("validation.email");
  });
});

describe("campaign rules", () => {
  it("counts days left in Asia/Shanghai, the deadline day included", () => {
    expect(daysLeft("2020-12-31", "2020-12-31")).toBe(1);
    expect(daysLeft("2020-12-31", "2020-12-01")).toBe(31);
    expect(daysLeft("2020-12-31", "2021-01-01")).toBe(0);
    expect(deadlinePassed("2020-12-31", "2021-01-01")).toBe(true);
    expect(progressPercent(20_000n, 5_000_000n)).toBe(0.4);
    expect(progressPercent(9_000_000n, 5_000_000n)).toBe(100);
  });
});
