import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, isValidCreditCode, makeCreditCode } from "./credit-code";

describe("unified social credit code (GB 32100-2015)", () => {
  it("accepts the known valid example", () => {
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
  });
  it("rejects a wrong check character, forbidden letters and wrong lengths", () => {
    expect(isValidCreditCode("91350100M000100Y44")).toBe(false);
    expect(isValidCreditCode("91350100M000100Y4")).toBe(false);
    expect(isValidCreditCode("51500114MJ010005I0")).toBe(false); // I is not in the alphabet
    expect(isValidCreditCode("")).toBe(false);
  });
  it("normalises case and spaces", () => {
    expect(isValidCreditCode(" 91350100m000100y43 ")).toBe(true);
  });
  it("builds valid codes with the civil-affairs prefix of each type", () => {
    const code = makeCreditCode("FOUNDATION", "500103", "MJ0100022");
    expect(code.startsWith("53500103")).toBe(true);
    expect(isValidCreditCode(code)).toBe(true);
  });
});
