/**
 * Small-count suppression for published tables of people, primary and complementary.
 *
 * Primary: any count of 1–4 people is shown as "<5" (the public pages' rule, MIN_PUBLIC_COUNT).
 * Complementary: the published cells are tied together by additive lines — a row's parts sum to its
 * total, a column's districts sum to the city — and a reader who knows a line's total and all but
 * one of its cells can compute the missing one back. So after the primary pass every line is checked
 * the way an attacker would: each withheld entry gets the range it could possibly take (a "<5" is
 * 1–4; a complementary "x" is 5 or more, since every unsuppressed non-zero count is) and the line's
 * equation narrows that range; if any withheld entry is pinned to one value, the smallest remaining
 * non-zero cell of the line is withheld too (or its total when no cell is left), and the check runs
 * again until no line pins anything.
 *
 * This protects against recovery from any single line (a total and its cells, or a pair of cells
 * with their sum). It is the rule the bureau's tables need, not a full linear-programming audit
 * across many lines at once (τ-ARGUS); the tables published here have at most two lines per cell.
 */
import { MIN_PUBLIC_COUNT } from "~/modules/statistics/public.server";

export type Suppression = "primary" | "secondary";
/** One additive relation: the parts sum to the total (cell ids). */
export type Line = { parts: string[]; total: string };

type Range = { lo: number; hi: number };

const rangeOf = (s: Suppression): Range => (s === "primary" ? { lo: 1, hi: MIN_PUBLIC_COUNT - 1 } : { lo: MIN_PUBLIC_COUNT, hi: Infinity });

export const isPrimary = (n: number) => n > 0 && n < MIN_PUBLIC_COUNT;

/**
 * The narrowest range a reader can derive for each withheld entry of one line from the line's
 * published entries. Exported for the tests, which use it as the attacker.
 */
export function lineRanges(line: Line, value: (id: string) => number, status: (id: string) => Suppression | undefined): Map<string, Range> {
  // Σ parts − total = 0, as coefficient × variable.
  const terms = [...line.parts.map((id) => ({ id, c: 1 })), { id: line.total, c: -1 }];
  let known = 0;
  const unknown: { id: string; c: number; r: Range }[] = [];
  for (const t of terms) {
    const s = status(t.id);
    if (s) unknown.push({ ...t, r: rangeOf(s) });
    else known += t.c * value(t.id);
  }
  // Σ c·x over the unknowns = −known.
  const rhs = -known;
  const out = new Map<string, Range>();
  for (const u of unknown) {
    let min = 0;
    let max = 0;
    for (const o of unknown) {
      if (o === u) continue;
      min += o.c > 0 ? o.r.lo : -o.r.hi;
      max += o.c > 0 ? o.r.hi : -o.r.lo;
    }
    // c·x = rhs − Σ others  ∈ [rhs − max, rhs − min]
    let lo = rhs - max;
    let hi = rhs - min;
    if (u.c < 0) [lo, hi] = [-hi, -lo];
    out.set(u.id, { lo: Math.max(lo, u.r.lo), hi: Math.min(hi, u.r.hi) });
  }
  return out;
}

/** Whether a line lets a reader compute any of its withheld entries exactly. */
export function lineLeaks(line: Line, value: (id: string) => number, status: (id: string) => Suppression | undefined) {
  for (const r of lineRanges(line, value, status).values()) if (r.lo >= r.hi) return true;
  return false;
}

/**
 * Decides which cells to withhold. `values` holds every cell of people that will be published
 * (parts and totals alike); cells not named in any line are only checked for the primary rule.
 */
export function suppress(values: ReadonlyMap<string, number>, lines: readonly Line[]): Map<string, Suppression> {
  const out = new Map<string, Suppression>();
  for (const [id, v] of values) if (isPrimary(v)) out.set(id, "primary");
  const value = (id: string) => values.get(id) ?? 0;
  const status = (id: string) => out.get(id);
  // Each pass withholds at least one more cell or stops, so this ends within |values| passes.
  for (let pass = 0; pass <= values.size; pass++) {
    let changed = false;
    for (const line of lines) {
      if (!line.parts.some(status) && !status(line.total)) continue;
      if (!lineLeaks(line, value, status)) continue;
      const candidates = line.parts.filter((id) => !status(id) && value(id) > 0).sort((a, b) => value(a) - value(b) || a.localeCompare(b));
      const pick = candidates[0] ?? (!status(line.total) && value(line.total) > 0 ? line.total : undefined);
      if (pick === undefined) continue; // nothing non-zero left to withhold: every entry already is
      out.set(pick, "secondary");
      changed = true;
    }
    if (!changed) break;
  }
  return out;
}
