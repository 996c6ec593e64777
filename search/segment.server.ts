import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

/**
 * Chinese word segmentation (jieba, search mode: long words are also cut into their shorter dictionary
 * words, so 农产品 yields 农产, 产品, 农产品). The dictionary loads once per process (~1 s).
 */
let jieba: Jieba | undefined;
const instance = () => (jieba ??= Jieba.withDict(dict));

/** Letters and digits only: punctuation and symbols never reach a tsquery or a filter. */
const WORD = /[\p{L}\p{N}]/u;

export function cutForSearch(text: string): string[] {
  if (!text) return [];
  return instance()
    .cutForSearch(text, true)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t && WORD.test(t))
    .map((t) => t.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean);
}

/** Coarse segmentation (one token per word), used to group a query's search-mode tokens. */
export function cut(text: string): string[] {
  if (!text) return [];
  return instance()
    .cut(text, true)
    .map((t) => t.trim().toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean);
}

/** Segmented text for to_tsvector('simple', …): search-mode tokens joined by spaces. */
export function segmentForIndex(text: string): string {
  return cutForSearch(text).join(" ");
}
