import { describe, expect, it } from "vitest";
import { catalogueQuery, parseCatalogueParams, splitCategoryFacet, toggleCatalogueHref } from "./catalogue";
import { priceBandOf } from "./rules";
import { yuanToFen } from "./schema";

describe("product catalogue rules", () => {
  it("puts prices in bands at the boundaries", () => {
    expect(priceBandOf(1999n)).toBe("PRICE_0_20");
    expect(priceBandOf(2000n)).toBe("PRICE_20_50");
    expect(priceBandOf(9999n)).toBe("PRICE_50_100");
    expect(priceBandOf(10_000n)).toBe("PRICE_100_200");
    expect(priceBandOf(20_000n)).toBe("PRICE_200_UP");
  });

  it("converts yuan to fen without floating point", () => {
    expect(yuanToFen("68")).toBe(6800n);
    expect(yuanToFen("68.5")).toBe(6850n);
    expect(yuanToFen("0.07")).toBe(7n);
    expect(yuanToFen("1,299.99")).toBe(129_999n);
    for (const bad of ["", "1.234", "-5", "六十八", "1e3"]) expect(yuanToFen(bad)).toBeNull();
  });

  it("parses untrusted parameters into a product query, dropping bad values", () => {
    const f = parseCatalogueParams(new URLSearchParams("q=%20石柱%00蜂蜜&category=TEA,BAD&category=TEA&district=500240&district=123&price=PRICE_20_50&price=x&certified=1"));
    expect(f).toEqual({ q: "石柱 蜂蜜", categories: ["TEA"], districts: ["500240"], priceBands: ["PRICE_20_50"], certified: true });
    expect(catalogueQuery(f, 999)).toMatchObject({
      q: "石柱 蜂蜜",
      filters: { kind: ["product"], districtCode: ["500240"], categoryGroups: [["TEA"], ["PRICE_20_50"]], status: ["CERTIFIED"] },
      sort: "relevance",
      page: 200,
    });
    expect(catalogueQuery(parseCatalogueParams(new URLSearchParams())).filters).toEqual({ kind: ["product"] });
  });

  it("splits the shared category facet and toggles filters in links", () => {
    expect(splitCategoryFacet({ TEA: 2, PRICE_0_20: 1, ELDERLY: 4 })).toEqual({ categories: { TEA: 2 }, priceBands: { PRICE_0_20: 1 } });
    const sp = new URLSearchParams("q=蜂蜜&category=TEA&page=3");
    expect(toggleCatalogueHref(sp, "category", "TEA")).toBe(`/shop?q=${encodeURIComponent("蜂蜜")}`);
    expect(toggleCatalogueHref(sp, "certified", "1")).toBe(`/shop?q=${encodeURIComponent("蜂蜜")}&category=TEA&certified=1`);
  });
});
