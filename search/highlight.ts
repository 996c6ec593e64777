/**
 * Highlighting on the server, for both engines: the text is HTML-escaped first, then matched terms
 * are wrapped in <mark>. Terms are escaped too and matched literally, so neither the text nor the
 * query can inject markup.
 */
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// A search highlights its 20 titles and snippets with the same terms: keep the last pattern.
let lastKey: string | undefined;
let lastPattern: RegExp | null = null;

function termsPattern(terms: readonly string[]): RegExp | null {
  const key = terms.join("\u0000");
  if (key !== lastKey) {
    lastKey = key;
    lastPattern = buildPattern(terms);
  }
  // A global RegExp carries lastIndex; String.replace resets it, but hand out a fresh state anyway.
  if (lastPattern) lastPattern.lastIndex = 0;
  return lastPattern;
}

function buildPattern(terms: readonly string[]): RegExp | null {
  const usable = [...new Set(terms.map((t) => escapeHtml(t.trim())).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (!usable.length) return null;
  return new RegExp(usable.map(escapeRegExp).join("|"), "giu");
}

export function highlight(text: string, terms: readonly string[]): string {
  const escaped = escapeHtml(text);
  const re = termsPattern(terms);
  return re ? escaped.replace(re, (m) => `<mark>${m}</mark>`) : escaped;
}

/**
 * Descriptions are Markdown; a snippet shows their words, not their syntax (#12.7e): headings, list
 * and quote markers, emphasis, code ticks, tables and rules go; links and images keep their text.
 */
export function markdownToText(md: string): string {
  return md
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+)/gm, "")
    .replace(/^\s*(?:[-*_]\s*){3,}$/gm, " ")
    .replace(/^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$/gm, " ")
    .replace(/\|/g, " ")
    .replace(/(\*\*|__|~~|`+)/g, "")
    .replace(/(^|[^\p{L}\p{N}])[*_](?=\S)([^*_\n]*?\S)[*_](?![\p{L}\p{N}])/gu, "$1$2");
}

/**
 * A window of `length` characters around the first matched term (the start of the text when none
 * matches), highlighted. Works on code points so Chinese is never cut mid-character.
 */
export function snippet(text: string, terms: readonly string[], length = 90): string {
  const chars = [...markdownToText(text).replace(/\s+/g, " ").trim()];
  if (chars.length <= length) return highlight(chars.join(""), terms);
  const lower = chars.join("").toLowerCase();
  let first = -1;
  for (const t of terms) {
    const i = t ? lower.indexOf(t.toLowerCase()) : -1;
    if (i >= 0 && (first < 0 || i < first)) first = i;
  }
  // indexOf counts UTF-16 units; convert to a code-point index.
  const cp = first < 0 ? 0 : [...lower.slice(0, first)].length;
  const start = Math.max(0, Math.min(cp - Math.floor(length / 4), chars.length - length));
  const part = chars.slice(start, start + length).join("");
  return `${start > 0 ? "…" : ""}${highlight(part, terms)}${start + length < chars.length ? "…" : ""}`;
}
