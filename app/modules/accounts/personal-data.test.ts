import { describe, expect, it } from "vitest";
import { findPersonalData, personalDataMessage, redactPersonalData } from "./personal-data";
import { makeIdNumber } from "~/modules/accounts/id-number";

describe("findPersonalData", () => {
  const id = makeIdNumber("500114", "19800101", "123");
  it("refuses resident ID numbers with a valid check character, however written", () => {
    expect(findPersonalData(`受助人身份证 ${id}`)).toBe("idNumber");
    expect(findPersonalData("身份证11010519491231002X，需要救助")).toBe("idNumber");
    expect(findPersonalData("11010519491231002x")).toBe("idNumber");
    expect(findPersonalData(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`)).toBe("idNumber");
    expect(findPersonalData("１１０１０５１９４９１２３１００２Ｘ")).toBe("idNumber");
  });
  it("lets 18-digit numbers with a wrong check character through (not an ID)", () => {
    expect(findPersonalData("订单号 110105194912310021")).toBeNull();
  });
  it("refuses mainland mobile numbers with or without +86 and separators", () => {
    expect(findPersonalData("联系 13812345678")).toBe("phone");
    expect(findPersonalData("联系+86 138-1234-5678")).toBe("phone");
    expect(findPersonalData("电话 159 1234 5678 找王阿姨")).toBe("phone");
  });
  it("accepts ordinary need text, quantities, landlines and years", () => {
    expect(findPersonalData("黄连约5000斤滞销，单价 35.5 元，2024年12月前")).toBeNull();
    expect(findPersonalData("村委会办公室 023-79221234")).toBeNull();
    expect(findPersonalData("12345678901")).toBeNull();
    expect(findPersonalData("")).toBeNull();
  });
  it("names a message key per area", () => {
    expect(personalDataMessage("phone")).toBe("privacy.errors.phoneInText");
    expect(personalDataMessage("idNumber", "needs.errors")).toBe("needs.errors.idNumberInText");
  });
});

describe("redactPersonalData", () => {
  it("blots out mobiles and ID numbers, however written, and keeps the rest", () => {
    expect(redactPersonalData("联系王阿姨 13812345678，或 +86 159-1234-5678。")).toBe("联系王阿姨 ***，或 ***。");
    expect(redactPersonalData("身份证11010519491231002X需要救助")).toBe("身份证***需要救助");
    expect(redactPersonalData("电话１３８１２３４５６７８")).toBe("电话***");
    expect(redactPersonalData("办公室 023-79221234，黄连 5000 斤")).toBe("办公室 023-79221234，黄连 5000 斤");
    expect(findPersonalData(redactPersonalData("a 13812345678 b 11010519491231002X"))).toBeNull();
  });
});
