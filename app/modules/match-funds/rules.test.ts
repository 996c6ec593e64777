import { describe, expect, it } from "vitest";
import { chinaDay, computeMatch, linkingDomain, nearCapDonationFen, ratioLabel, ratioMatch } from "./rules";
import { pledgeSchema, staffDecisionSchema } from "./schema";

const oneToOne = { ratioNum: 1, ratioDen: 1, perDonationCapFen: 10_000n, perDonorDayCapFen: 15_000n };

describe("computeMatch", () => {
  it("applies the ratio, then each cap in turn", () => {
    expect(computeMatch({ ...oneToOne, donationFen: 8_000n, usedTodayFen: 0n, remainingFen: 1_000_000n })).toEqual({ amountFen: 8_000n, limitedBy: "ratio" });
    expect(computeMatch({ ...oneToOne, donationFen: 25_000n, usedTodayFen: 0n, remainingFen: 1_000_000n })).toEqual({ amountFen: 10_000n, limitedBy: "perDonation" });
    expect(computeMatch({ ...oneToOne, donationFen: 8_000n, usedTodayFen: 10_000n, remainingFen: 1_000_000n })).toEqual({ amountFen: 5_000n, limitedBy: "perDonorDay" });
    expect(computeMatch({ ...oneToOne, donationFen: 8_000n, usedTodayFen: 0n, remainingFen: 3_000n })).toEqual({ amountFen: 3_000n, limitedBy: "pledge" });
    expect(computeMatch({ ...oneToOne, donationFen: 8_000n, usedTodayFen: 20_000n, remainingFen: 3_000n }).amountFen).toBe(0n);
  });

  it("rounds a ratio down to the fen: 1:2 doubles, 2:1 halves", () => {
    expect(ratioMatch(333n, { ratioNum: 2, ratioDen: 1 })).toBe(666n);
    expect(ratioMatch(333n, { ratioNum: 1, ratioDen: 2 })).toBe(166n);
    expect(ratioLabel(2, 1)).toBe("1:2");
  });

  it("finds the smallest donation near the tighter cap", () => {
    // 80 % of 100 yuan at 1:1 is 80 yuan; at 1:2 it is 40 yuan.
    expect(nearCapDonationFen({ ...oneToOne })).toBe(8_000n);
    expect(nearCapDonationFen({ ...oneToOne, ratioNum: 2 })).toBe(4_000n);
  });
});

describe("helpers", () => {
  it("ignores public webmail domains as links", () => {
    expect(linkingDomain("a@qq.com")).toBeNull();
    expect(linkingDomain("a@163.com")).toBeNull();
    expect(linkingDomain("a@Gmail.com")).toBeNull();
    expect(linkingDomain("a@Matcher-Corp.com.cn")).toBe("matcher-corp.com.cn");
  });

  it("counts days in China Standard Time", () => {
    expect(chinaDay(new Date("2026-12-03T15:59:00Z")).toISOString()).toBe("2026-12-03T00:00:00.000Z");
    expect(chinaDay(new Date("2026-12-03T16:00:00Z")).toISOString()).toBe("2026-12-04T00:00:00.000Z");
  });
});

describe("pledgeSchema", () => {
  const good = { campaign: "https://shanlian.example/campaigns/cmabc12345xyz", matcherKind: "FUND", matcherName: "阳光配捐基金", matcherEmailDomain: "@Corp.com.cn", donated: "1", matched: "2", perDonation: "100", perDonorDay: "200", total: "10000", startsAt: "2026-12-01T08:00", endsAt: "2026-12-09" };

  it("turns yuan into fen, a page address into the campaign id, and CST into instants", () => {
    const r = pledgeSchema.safeParse(good);
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data).toMatchObject({ campaignId: "cmabc12345xyz", matcherEmailDomain: "corp.com.cn", ratioNum: 2, ratioDen: 1, perDonationCapFen: 10_000n, perDonorDayCapFen: 20_000n, totalCapFen: 1_000_000n });
    expect(r.data.startsAt.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("refuses bad input with the field's message key", () => {
    const issues = (v: Record<string, string>) => {
      const r = pledgeSchema.safeParse({ ...good, ...v });
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
    };
    expect(issues({ matched: "0" })).toMatchObject({ matched: "matchFunds.validation.ratio" });
    expect(issues({ donated: "1.5" })).toMatchObject({ donated: "matchFunds.validation.ratio" });
    expect(issues({ perDonation: "abc" })).toMatchObject({ perDonation: "funding.validation.amount" });
    expect(issues({ endsAt: "2026-11-30" })).toMatchObject({ endsAt: "matchFunds.validation.window" });
    expect(issues({ perDonation: "20000" })).toMatchObject({ perDonation: "matchFunds.validation.capAboveTotal" });
    expect(issues({ matcherEmailDomain: "not a domain" })).toMatchObject({ matcherEmailDomain: "matchFunds.validation.domain" });
    expect(issues({ campaign: "x" })).toMatchObject({ campaign: "matchFunds.validation.campaign" });
    expect(issues({ matcherKind: "PERSON" })).toMatchObject({ matcherKind: "validation.choice" });
  });
});

describe("staffDecisionSchema", () => {
  it("requires a reason, and a transfer reference to approve", () => {
    expect(staffDecisionSchema.safeParse({ intent: "gift", giftId: "cmgift000001", decision: "RELEASE", reason: "核实为员工个人捐款" }).success).toBe(true);
    const noReason = staffDecisionSchema.safeParse({ intent: "gift", giftId: "cmgift000001", decision: "REFUSE", reason: "" });
    expect(noReason.success ? null : noReason.error.issues[0]?.path[0]).toBe("reason");
    const noRef = staffDecisionSchema.safeParse({ intent: "pledge", pledgeId: "cmpledge0001", decision: "APPROVE", reason: "材料齐全" });
    expect(noRef.success ? null : noRef.error.issues[0]?.message).toBe("matchFunds.validation.fundingRef");
    expect(staffDecisionSchema.safeParse({ intent: "pledge", pledgeId: "cmpledge0001", decision: "REJECT", reason: "资金未到账" }).success).toBe(true);
    expect(staffDecisionSchema.safeParse({ intent: "other" }).success).toBe(false);
  });
});
