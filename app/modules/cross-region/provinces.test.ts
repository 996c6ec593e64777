import { describe, expect, it } from "vitest";
import { makeCreditCode } from "~/modules/organizations/credit-code";
import { isFromOtherProvince, PROVINCES, provinceName, provinceOfCreditCode } from "./provinces";

describe("provinces", () => {
  it("lists the 31 provincial-level divisions once each", () => {
    expect(PROVINCES).toHaveLength(31);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(31);
  });

  it("reads the province from a credit code's division code", () => {
    const jinan = makeCreditCode("SOCIAL_SERVICE_AGENCY", "370102", "MJ0000001");
    const qianjiang = makeCreditCode("SOCIAL_SERVICE_AGENCY", "500114", "MJ0000002");
    expect(provinceOfCreditCode(jinan)).toBe("37");
    expect(provinceName("37")).toBe("山东省");
    expect(provinceName("37", "en")).toBe("Shandong");
    expect(isFromOtherProvince(jinan)).toBe(true);
    expect(isFromOtherProvince(qianjiang)).toBe(false);
  });

  it("knows no province for a national registration (division 100000)", () => {
    const national = makeCreditCode("FOUNDATION", "100000", "MJ0000003");
    expect(provinceOfCreditCode(national)).toBeNull();
    expect(isFromOtherProvince(national)).toBe(false);
  });
});
