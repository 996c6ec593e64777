/**
 * Matching needs and helpers: a pure function over explicit features. Every weight is in
 * MATCH_WEIGHTS; every point awarded comes with a reason (an i18n key in the `needs` namespace and
 * its params) so staff and organizations see why a candidate is suggested.
 */
import { areNeighbours } from "~/modules/districts/neighbours";

export const MATCH_WEIGHTS = {
  sameDistrict: 30,
  neighbouringDistrict: 15,
  /** The candidate's service areas cover the need's category. */
  serviceArea: 25,
  /** Capacity: members / volunteer places / fundraising qualification, saturating. */
  capacity: 10,
  /** Track record: offers accepted on earlier needs, saturating at TRACK_RECORD_SATURATION. */
  trackRecord: 10,
  /** Jaccard similarity of segmented words of title+description. */
  textSimilarity: 25,
} as const;
export const TRACK_RECORD_SATURATION = 5;
export const CAPACITY_SATURATION = 20;

/** Need category → the service areas / categories that can meet it. */
export const CATEGORY_AREAS: Record<string, readonly string[]> = {
  CONSUMPTION_AID: ["CONSUMPTION_AID", "POVERTY_RELIEF"],
  EMERGENCY_AID: ["EMERGENCY", "HEALTH", "POVERTY_RELIEF", "MEDICAL"],
  EDUCATION_AID: ["EDUCATION", "CHILDREN"],
  ELDERLY_CARE: ["ELDERLY", "HEALTH"],
  LEFT_BEHIND_CHILDREN: ["CHILDREN", "EDUCATION"],
  DISABILITY: ["DISABLED", "HEALTH"],
  DISASTER_RELIEF: ["DISASTER", "EMERGENCY"],
  RESETTLEMENT_COMMUNITY: ["COMMUNITY", "POVERTY_RELIEF"],
  OTHER: [],
};

export type NeedFeatures = { id: string; districtCode: string; category: string; words: readonly string[] };
export type CandidateKind = "organization" | "project" | "campaign" | "fund";
export type CandidateFeatures = {
  kind: CandidateKind;
  id: string;
  /** null: works city-wide / unknown. Several for funds covering districts. */
  districtCodes: readonly string[];
  areas: readonly string[];
  words: readonly string[];
  /** Raw capacity (members, volunteer places); scaled against CAPACITY_SATURATION. */
  capacity: number;
  /** Accepted offers on earlier needs. */
  acceptedResponses: number;
};
export type MatchReason = { key: string; points: number; params?: Record<string, string | number> };
export type MatchScore = { score: number; reasons: MatchReason[] };

export function jaccard(a: readonly string[], b: readonly string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  if (!A.size || !B.size) return 0;
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  return inter / (A.size + B.size - inter);
}

const round = (n: number) => Math.round(n * 10) / 10;

export function scoreCandidate(need: NeedFeatures, c: CandidateFeatures, w: typeof MATCH_WEIGHTS = MATCH_WEIGHTS): MatchScore {
  const reasons: MatchReason[] = [];
  if (c.districtCodes.includes(need.districtCode)) reasons.push({ key: "match.sameDistrict", points: w.sameDistrict });
  else if (c.districtCodes.some((d) => areNeighbours(d, need.districtCode))) reasons.push({ key: "match.neighbouringDistrict", points: w.neighbouringDistrict });

  const areas = CATEGORY_AREAS[need.category] ?? [];
  const covered = c.areas.filter((a) => areas.includes(a) || a === need.category);
  if (covered.length) reasons.push({ key: "match.serviceArea", points: w.serviceArea, params: { areas: covered.join(",") } });

  const capacity = Math.min(1, Math.max(0, c.capacity) / CAPACITY_SATURATION);
  if (capacity > 0) reasons.push({ key: "match.capacity", points: round(w.capacity * capacity), params: { capacity: c.capacity } });

  const track = Math.min(1, Math.max(0, c.acceptedResponses) / TRACK_RECORD_SATURATION);
  if (track > 0) reasons.push({ key: "match.trackRecord", points: round(w.trackRecord * track), params: { count: c.acceptedResponses } });

  // Overlap of a few distinctive words is already strong evidence; scale so 0.25 counts fully.
  const sim = Math.min(1, jaccard(need.words, c.words) * 4);
  if (sim > 0) reasons.push({ key: "match.textSimilarity", points: round(w.textSimilarity * sim), params: { percent: Math.round(sim * 100) } });

  return { score: round(reasons.reduce((s, r) => s + r.points, 0)), reasons };
}

/** Candidates by score (ties: more reasons, then id for a stable order); zero scores dropped. */
export function rankCandidates<C extends CandidateFeatures>(need: NeedFeatures, candidates: readonly C[], limit = 20): (C & MatchScore)[] {
  return candidates
    .map((c) => ({ ...c, ...scoreCandidate(need, c) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || b.reasons.length - a.reasons.length || a.id.localeCompare(b.id))
    .slice(0, limit);
}

/** The reverse view, "needs near you": the same score with the organization as the candidate. */
export function rankNeedsForCandidate<N extends NeedFeatures>(candidate: CandidateFeatures, needs: readonly N[], limit = 20): (N & MatchScore)[] {
  return needs
    .map((n) => ({ ...n, ...scoreCandidate(n, candidate) }))
    .filter((n) => n.score > 0)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, limit);
}
