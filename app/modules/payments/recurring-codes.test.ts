import { describe, expect, it } from "vitest";
import { agreementCode, decodeChargeMeta, encodeChargeMeta, giftIdFromAgreementCode } from "./recurring-codes.server";

describe("agreement codes", () => {
  it("are unique per signing even within one second, at most 32 letters and digits, and give the gift id back", () => {
    const giftId = "cmb1x9q2r0000abcdefghijkl"; // 25 characters, a cuid
    const codes = new Set(Array.from({ length: 200 }, () => agreementCode(giftId)));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z0-9]+R[0-9A-Z]{6}$/);
      expect(code.length).toBeLessThanOrEqual(32);
      expect(giftIdFromAgreementCode(code)).toBe(giftId);
    }
    expect(giftIdFromAgreementCode("someone-else's-code")).toBeUndefined();
    expect(() => agreementCode("Not An Id")).toThrow();
  });

  it("carry the gift and period through a charge's attach and refuse a malformed period", () => {
    expect(decodeChargeMeta(encodeChargeMeta("gift123456", "2026-12"))).toEqual({ giftId: "gift123456", period: "2026-12" });
    expect(() => encodeChargeMeta("gift123456", "2026-13")).toThrow();
    expect(decodeChargeMeta("giftId=x&period=nonsense")).toEqual({ giftId: "x", period: undefined });
  });
});
