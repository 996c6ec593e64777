import { describe, expect, it } from "vitest";
import { jaccard, MATCH_WEIGHTS, rankCandidates, rankNeedsForCandidate, scoreCandidate, type CandidateFeatures, type NeedFeatures } from "./matching";

const need: NeedFeatures = { id: "n1", districtCode: "500229", category: "LEFT_BEHIND_CHILDREN", words: ["留守", "儿童", "课业", "辅导"] };
const cand = (o: Partial<CandidateFeatures> & { id: string }): CandidateFeatures => ({ kind: "organization", districtCodes: [], areas: [], words: [], capacity: 0, acceptedResponses: 0, ...o });

describe("matching", () => {
  it("awards each explicit feature its weight, with a reason", () => {
    const s = scoreCandidate(need, cand({ id: "a", districtCodes: ["500229"], areas: ["CHILDREN"], words: ["留守", "儿童", "关爱"], capacity: 40, acceptedResponses: 10 }));
    expect(s.reasons.map((r) => r.key)).toEqual(["match.sameDistrict", "match.serviceArea", "match.capacity", "match.trackRecord", "match.textSimilarity"]);
    expect(s.reasons.find((r) => r.key === "match.sameDistrict")!.points).toBe(MATCH_WEIGHTS.sameDistrict);
    expect(s.reasons.find((r) => r.key === "match.capacity")!.points).toBe(MATCH_WEIGHTS.capacity);
    expect(s.score).toBe(MATCH_WEIGHTS.sameDistrict + MATCH_WEIGHTS.serviceArea + MATCH_WEIGHTS.capacity + MATCH_WEIGHTS.trackRecord + MATCH_WEIGHTS.textSimilarity);
  });
  it("gives less for a neighbouring district and nothing for a far one", () => {
    // 城口 500229 borders 开州 500154 and 巫溪 500238, not 秀山 500241.
    expect(scoreCandidate(need, cand({ id: "b", districtCodes: ["500154"] })).reasons).toEqual([{ key: "match.neighbouringDistrict", points: MATCH_WEIGHTS.neighbouringDistrict }]);
    expect(scoreCandidate(need, cand({ id: "c", districtCodes: ["500241"] })).score).toBe(0);
  });
  it("ranks by score, drops zero scores, breaks ties by id", () => {
    const ranked = rankCandidates(need, [cand({ id: "far", districtCodes: ["500241"] }), cand({ id: "z-near", districtCodes: ["500238"] }), cand({ id: "same", districtCodes: ["500229"] }), cand({ id: "a-near", districtCodes: ["500154"] })]);
    expect(ranked.map((c) => c.id)).toEqual(["same", "a-near", "z-near"]);
  });
  it("ranks needs for an organization the same way (needs near you)", () => {
    const org = cand({ id: "o", districtCodes: ["500114"], areas: ["ELDERLY"] });
    const needs: NeedFeatures[] = [
      { id: "far-children", districtCode: "500229", category: "LEFT_BEHIND_CHILDREN", words: [] },
      { id: "here-elderly", districtCode: "500114", category: "ELDERLY_CARE", words: [] },
      { id: "near-other", districtCode: "500243", category: "OTHER", words: [] },
    ];
    expect(rankNeedsForCandidate(org, needs).map((n) => n.id)).toEqual(["here-elderly", "near-other"]);
  });
  it("jaccard is the share of common words", () => {
    expect(jaccard(["a", "b"], ["b", "c"])).toBeCloseTo(1 / 3);
    expect(jaccard([], ["a"])).toBe(0);
  });
});
