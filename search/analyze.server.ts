import { DISTRICTS, districtShortName } from "~/modules/districts/districts";
import { cut, cutForSearch } from "./segment.server";
import { synonymsOf } from "./synonyms";

/**
 * A query, understood: each word becomes a group of alternatives (the word itself, its shorter
 * dictionary words taken together, its synonyms, the other spelling of a district name). A document
 * matches when every group matches ("all"), or when any does (the typo fallback).
 */
export type Alternative = string[]; // tokens that must all appear
export type TermGroup = { word: string; alternatives: Alternative[] };
export type AnalyzedQuery = {
  text: string;
  groups: TermGroup[];
  /** Single characters and other tokens too weak to require, used by the "any" fallback. */
  weak: string[];
  /** Every token worth highlighting. */
  terms: string[];
  districtCodes: string[];
};

const districtNames = DISTRICTS.flatMap((d) => {
  const short = districtShortName(d.code);
  const names = new Set([d.name, short, d.name.replace(/(土家族|苗族)+自治县$/, "县")]);
  return [...names].filter((n) => [...n].length >= 2).map((name) => ({ name: name.toLowerCase(), code: d.code, variants: [...names].map((n) => n.toLowerCase()) }));
}).sort((a, b) => b.name.length - a.name.length);

function districtOf(word: string) {
  return districtNames.find((d) => d.name === word);
}

function alternativesFor(word: string): Alternative[] {
  const alts: Alternative[] = [[word]];
  const subs = cutForSearch(word).filter((t) => t !== word && [...t].length >= 2);
  if (subs.length) alts.push([...new Set(subs)]);
  return alts;
}

export function analyzeQuery(text: string): AnalyzedQuery {
  const lowered = text.toLowerCase();
  const districtCodes = [...new Set(districtNames.filter((d) => lowered.includes(d.name)).map((d) => d.code))];
  const groups: TermGroup[] = [];
  const weak: string[] = [];
  const seen = new Set<string>();
  // Known district names are kept whole even when jieba would cut them (石柱土家族自治县).
  let rest = lowered;
  const words: string[] = [];
  for (const d of districtNames) {
    if (rest.includes(d.name)) {
      words.push(d.name);
      rest = rest.split(d.name).join(" ");
    }
  }
  words.push(...cut(rest));
  for (const word of words) {
    if (seen.has(word)) continue;
    seen.add(word);
    if ([...word].length < 2 && !/^[a-z0-9]+$/.test(word)) {
      weak.push(word);
      continue;
    }
    const district = districtOf(word);
    const alternatives: Alternative[] = [];
    const spellings = district ? district.variants : [word, ...synonymsOf(word)];
    for (const s of spellings) for (const alt of alternativesFor(s)) alternatives.push(alt);
    groups.push({ word, alternatives: dedupe(alternatives) });
  }
  // Only single characters: require them (a one-character query must still find something).
  if (!groups.length && weak.length) {
    for (const w of weak) groups.push({ word: w, alternatives: [[w]] });
    weak.length = 0;
  }
  const terms = [...new Set([...groups.flatMap((g) => g.alternatives.flat()), ...weak])].sort((a, b) => b.length - a.length);
  return { text: lowered, groups, weak, terms, districtCodes };
}

function dedupe(alts: Alternative[]): Alternative[] {
  const seen = new Set<string>();
  return alts.filter((a) => {
    const key = [...new Set(a)].sort().join(" ");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The alternatives worth searching the index for: a document with every token of ("酉阳", "土家",
 * "苗族", …) also has "酉阳", so that alternative finds nothing "酉阳" does not (absorption:
 * b | (b & x) = b) and only costs the index work: full district names cut into common tokens
 * (土家, 自治), each a long posting list to intersect. Ranking keeps every alternative: a listing
 * that spells out the official name still scores higher.
 */
function absorb(alts: Alternative[]): Alternative[] {
  const sets = alts.map((a) => new Set(a));
  return alts.filter((_, i) => !sets.some((other, j) => j !== i && other.size < sets[i]!.size && [...other].every((t) => sets[i]!.has(t))));
}

/** A tsquery in the text syntax. Tokens are letters/digits only (see segment.server.ts), quoted. */
const lexeme = (t: string) => `'${t.replace(/'/g, "''").replace(/\\/g, "\\\\")}'`;
const alternative = (a: Alternative) => (a.length === 1 ? lexeme(a[0]!) : `(${a.map(lexeme).join(" & ")})`);
/** "match": what the index is searched with (absorbed alternatives); "rank": what scores the matches. */
export type TsqueryUse = "match" | "rank";
const group = (g: TermGroup, use: TsqueryUse) => {
  const alts = use === "match" ? absorb(g.alternatives) : g.alternatives;
  return alts.length === 1 ? alternative(alts[0]!) : `(${alts.map(alternative).join(" | ")})`;
};

export function tsqueryAll(a: AnalyzedQuery, use: TsqueryUse = "match"): string | null {
  return a.groups.length ? a.groups.map((g) => group(g, use)).join(" & ") : null;
}

export function tsqueryAny(a: AnalyzedQuery, use: TsqueryUse = "match"): string | null {
  const parts = [...a.groups.map((g) => group(g, use)), ...a.weak.map(lexeme)];
  return parts.length ? parts.join(" | ") : null;
}
