import { describe, expect, it } from "vitest";
import { MAX_PAGE, parseSearchParams, toggleFilterHref } from "./query";
import { highlight, snippet } from "./highlight";
import { analyzeQuery, tsqueryAll } from "./analyze.server";

const parse = (s: string) => parseSearchParams(new URLSearchParams(s));
const keys = (s: string) => parse(s).notices.map((n) => n.key);

describe("parseSearchParams", () => {
  it("keeps whitelisted filters and drops the rest with a notice", () => {
    const { query, notices } = parse("q=儿童&kind=need&kind=bogus&district=500229&district=999999&category=ELDERLY&category=drop%20table&status=OPEN&evil=1");
    expect(query.filters).toEqual({ kind: ["need"], districtCode: ["500229"], category: ["ELDERLY"], status: ["OPEN"] });
    expect(notices.map((n) => n.key)).toEqual(["search.notices.badFilterValue", "search.notices.badFilterValue", "search.notices.badFilterValue", "search.notices.unknownFilter"]);
  });
  it("cuts long text, clamps pages and ignores bad sort values", () => {
    expect(parse(`q=${"老".repeat(1000)}`).query.q).toHaveLength(100);
    expect(keys(`q=${"老".repeat(1000)}`)).toContain("search.notices.queryTruncated");
    expect(parse("page=-3").query.page).toBe(1);
    expect(keys("page=abc")).toEqual(["search.notices.badPage"]);
    expect(parse("page=99999").query.page).toBe(MAX_PAGE);
    expect(parse("q=x&sort=hack").query.sort).toBe("relevance");
    expect(parse("sort=relevance").query.sort).toBe("newest");
  });
  it("toggles facet values in links and resets the page", () => {
    const current = new URLSearchParams("q=儿童&kind=need&page=3");
    expect(toggleFilterHref(current, "kind", "need")).toBe(`/search?q=${encodeURIComponent("儿童")}`);
    expect(toggleFilterHref(current, "district", "500229")).toBe(`/search?q=${encodeURIComponent("儿童")}&kind=need&district=500229`);
  });
});

describe("highlight", () => {
  it("escapes first, then marks terms (longest first)", () => {
    expect(highlight("<b>留守儿童</b> & 儿童", ["儿童", "留守儿童"])).toBe("&lt;b&gt;<mark>留守儿童</mark>&lt;/b&gt; &amp; <mark>儿童</mark>");
    expect(highlight("a<mark>b", ["<mark>"])).toBe("a<mark>&lt;mark&gt;</mark>b");
  });
  it("cuts a snippet around the first match on code points", () => {
    const text = `${"前".repeat(200)}黄连滞销${"后".repeat(200)}`;
    const s = snippet(text, ["黄连"], 40);
    expect(s.startsWith("…")).toBe(true);
    expect(s).toContain("<mark>黄连</mark>");
  });
});

describe("analyzeQuery", () => {
  it("groups words with their parts, synonyms and district spellings", () => {
    const a = analyzeQuery("黔江 老人");
    expect(a.districtCodes).toEqual(["500114"]);
    expect(a.groups.map((g) => g.word)).toEqual(["黔江", "老人"]);
    expect(a.groups[1]!.alternatives.flat()).toEqual(expect.arrayContaining(["老人", "老年人"]));
    expect(tsqueryAll(a)).toContain("'黔江区'");
  });
  it("searches the index without alternatives another one already covers, and ranks with all of them", () => {
    const a = analyzeQuery("酉阳 贡米");
    // ("酉阳" & "土家" & "苗族" & …) finds nothing that "酉阳" alone does not.
    expect(tsqueryAll(a)).toBe("('酉阳土家族苗族自治县' | '酉阳' | '酉阳县') & '贡米'");
    expect(tsqueryAll(a, "rank")).toContain("('酉阳' & '土家'");
    expect(tsqueryAll(analyzeQuery("农产品"))).toContain("('农产' & '产品')");
  });
  it("keeps only letters and digits in tsquery lexemes", () => {
    const a = analyzeQuery(`儿童' | !x & ( "y"`);
    expect(tsqueryAll(a)).not.toMatch(/[!"]/);
  });
});
