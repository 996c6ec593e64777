import { describe, expect, it } from "vitest";
import { reportCount, reportHours, reportMoney, reportPeople } from "~/modules/statistics/numbers";

describe("numbers written as the reports write them", () => {
  it("money in 亿元 / 万元 / 元", () => {
    expect(reportMoney(494_000_000_00)).toBe("4.94亿元");
    expect(reportMoney(3_406_500_00)).toBe("340.65万元");
    expect(reportMoney(1_367_000_00)).toBe("136.7万元");
    expect(reportMoney(13_300_000_000)).toBe("1.33亿元");
    expect(reportMoney(123_456)).toBe("1234.56元");
  });
  it("person-times: 近 just under a round figure, one decimal otherwise", () => {
    expect(reportPeople(296_474)).toBe("近30万");
    expect(reportPeople(300_000)).toBe("30万");
    expect(reportPeople(483_000)).toBe("48.3万");
    expect(reportPeople(2_266)).toBe("2266");
    expect(reportPeople(19_700)).toBe("近2万");
  });
  it("counts and hours", () => {
    expect(reportCount(2188)).toBe("2188");
    expect(reportCount(882)).toBe("882");
    expect(reportHours(125_000)).toBe("12.5万小时");
    expect(reportHours(352)).toBe("352小时");
  });
});
