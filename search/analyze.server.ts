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
    const key = [...a].sort().join(" ");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A tsquery in the text syntax. Tokens are letters/digits only (see segment.server.ts), quoted. */
const lexeme = (t: string) => `'${t.replace(/'/g, "''").replace(/\\/g, "\\\\")}'`;
const alternative = (a: Alternative) => (a.length === 1 ? lexeme(a[0]!) : `(${a.map(lexeme).join(" & ")})`);
const group = (g: TermGroup) => (g.alternatives.length === 1 ? alternative(g.alternatives[0]!) : `(${g.alternatives.map(alternative).join(" | ")})`);

export function tsqueryAll(a: AnalyzedQuery): string | null {
  return a.groups.length ? a.groups.map(group).join(" & ") : null;
}

export function tsqueryAny(a: AnalyzedQuery): string | null {
  const parts = [...a.groups.map(group), ...a.weak.map(lexeme)];
  return parts.length ? parts.join(" | ") : null;
}
