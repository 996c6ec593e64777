import { describe, expect, it } from "vitest";
import { makeCreditCode } from "~/modules/organizations/credit-code";
import { filingNumberField, filingNumberForm, isValidFilingNumber, normalizeFilingNumber } from "./filing";

const year = new Date().getUTCFullYear();
const code = makeCreditCode("FOUNDATION", "500103", "MJ0100022");

describe("fundraising filing numbers (募捐方案备案号)", () => {
  it("accepts the bureau's document-number form", () => {
    expect(isValidFilingNumber("渝民募备〔2024〕001号")).toBe(true);
    expect(isValidFilingNumber("渝民募备〔2020〕18号")).toBe(true);
    expect(isValidFilingNumber("京民慈募备〔2021〕第012号")).toBe(true);
    expect(filingNumberForm("渝民募备〔2024〕001号")).toEqual({ form: "bureau", year: 2024 });
  });

  it("accepts the 慈善中国 number: credit code + two-digit year + three-digit serial", () => {
    expect(filingNumberForm(`${code}24001`)).toEqual({ form: "platform", year: 2024, creditCode: code });
    expect(isValidFilingNumber(`${code.toLowerCase()}24001`)).toBe(true);
  });

  it("normalises the brackets, widths and spaces people type, so one number stays one number", () => {
    expect(normalizeFilingNumber(" 渝民募备[2024]001号 ")).toBe("渝民募备〔2024〕001号");
    expect(normalizeFilingNumber("渝民募备（2024）００１号")).toBe("渝民募备〔2024〕001号");
    expect(normalizeFilingNumber("渝民募备【2024】 001 号")).toBe("渝民募备〔2024〕001号");
  });

  it.each([
    ["free text", "已备案"],
    ["no year brackets", "渝民募备2024001号"],
    ["no 号", "渝民募备〔2024〕001"],
    ["a year before the Charity Law", "渝民募备〔2015〕001号"],
    ["a year in the future", `渝民募备〔${year + 1}〕001号`],
    ["a latin prefix", "ABC〔2024〕001号"],
    ["a platform number with a bad check character", `${code.slice(0, 17)}${code[17] === "0" ? "1" : "0"}24001`],
    ["a platform number of the wrong length", `${code}2401`],
  ])("refuses %s", (_name, value) => {
    expect(isValidFilingNumber(value)).toBe(false);
  });

  it("gives the form an i18n message", () => {
    const r = filingNumberField().safeParse("备案中");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("qualification.filing.invalid");
    expect(filingNumberField().parse("渝民募备[2024]001号")).toBe("渝民募备〔2024〕001号");
  });
});
