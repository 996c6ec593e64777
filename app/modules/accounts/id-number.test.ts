import { describe, expect, it } from "vitest";
import { idBirthDate, idSex, isValidIdNumber, makeIdNumber, maskIdNumber } from "./id-number";
import { maskName, maskPhone } from "./mask";

describe("resident ID number (GB 11643-1999)", () => {
  it("accepts the known valid example with an X check character", () => {
    expect(isValidIdNumber("11010519491231002X")).toBe(true);
    expect(isValidIdNumber("11010519491231002x")).toBe(true);
  });
  it("rejects a wrong check digit, an impossible birth date and bad shapes", () => {
    expect(isValidIdNumber("110105194912310021")).toBe(false);
    expect(isValidIdNumber(makeIdNumber("500114", "19990231", "123"))).toBe(false); // 31 Feb
    expect(isValidIdNumber("11010519491231002")).toBe(false);
    expect(isValidIdNumber("abcdefghijklmnopqr")).toBe(false);
  });
  it("derives birth date and sex, and masks to first 3 and last 4", () => {
    const id = "11010519491231002X";
    expect(idBirthDate(id)?.toISOString().slice(0, 10)).toBe("1949-12-31");
    expect(idSex(id)).toBe("FEMALE");
    expect(maskIdNumber(id)).toBe("110***********002X");
  });
  it("masks phones and names", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskName("王小明")).toBe("王某某");
    expect(maskName("李四")).toBe("李某");
  });
});
