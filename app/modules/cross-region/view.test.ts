import { describe, expect, it } from "vitest";
import { makeT } from "~/modules/i18n/i18n";
import { reportMoneyOver } from "~/modules/statistics/numbers";
import { aggregate } from "./stats.server";
import { crossRegionClause, crossRegionTables } from "./view";

describe("support from other provinces, as reports write it", () => {
  it("rounds down to whole 万 with 余 only when something is left over", () => {
    expect(reportMoneyOver(130_450_000)).toBe("130余万元");
    expect(reportMoneyOver(130_000_000)).toBe("130万元");
    expect(reportMoneyOver(5_000_000)).toBe("5万元");
    expect(reportMoneyOver(123_456)).toBe("1234.56元");
    expect(reportMoneyOver(49_412_345_678)).toBe("4.94亿余元");
    expect(reportMoneyOver(130_450_000, "en")).toBe("over ¥1.3 million");
  });

  it("builds the bureau's clause per province from the records: 「山东省16家社会组织对口支援我市项目130余万元」", () => {
    const cells = Array.from({ length: 16 }, (_, i) => ({ province: "37", orgId: `sd${i}`, name: `山东组织${i}`, district: i % 2 ? "500114" : "500242", money: i === 0 ? 10_450_000 : 8_000_000, goods: 0 }));
    cells.push({ province: "32", orgId: "js", name: "江苏组织", district: "500114", money: 0, goods: 0 });
    const s = aggregate(cells);
    expect(s.byProvince).toEqual([{ code: "37", moneyFen: 130_450_000, goodsFen: 0, orgs: 16 }]);
    expect(crossRegionClause(s, "我市", makeT("zh-CN"))).toBe("山东省16家社会组织对口支援我市项目130余万元。");
    expect(crossRegionClause(aggregate([]), "我市", makeT("zh-CN"))).toBe("");
    const tables = crossRegionTables(s, makeT("zh-CN"));
    expect(tables.map((t) => t.key)).toEqual(["crossRegionByProvince", "crossRegionByOrg", "crossRegionByDistrict"]);
    expect(tables[2]!.rows.map((r) => [r.label, r.values[2]])).toEqual([
      ["酉阳土家族苗族自治县", 8],
      ["黔江区", 8],
    ]);
  });
});
