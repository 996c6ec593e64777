/**
 * Pure rules of paired purchasing (结对助销 / 定向采购), shared by services, forms and tests.
 * Money is integer fen (bigint); shares are basis points (1000 = 10%).
 */
import { isoDate } from "~/utils/format";

export const MAX_SHARE_BP = 10_000;

/** "10" → 1000, "12.5" → 1250, "12.55" → 1255; anything else → null. */
export function percentToBp(raw: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(raw.trim().replace(/[%％]$/, ""));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp > 0 ? bp : null;
}

/** 1000 → "10", 1250 → "12.5" (percent, for forms and messages). */
export function bpToPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  return frac ? `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}` : String(whole);
}

/** The least a unit must pledge (and buy): budget × share, rounded up to the fen. */
export function requiredMinimumFen(canteenBudgetFen: bigint, shareBp: number): bigint {
  const n = canteenBudgetFen * BigInt(shareBp);
  return (n + 9_999n) / 10_000n;
}

/** A budget unit with a canteen owes a share of its canteen food purchasing; anyone else owes none. */
export const owesCanteenShare = (unit: { isBudgetUnit: boolean; hasCanteen: boolean }) => unit.isBudgetUnit && unit.hasCanteen;

export type CanteenCheck =
  | { ok: true; canteenBudgetFen: bigint | null; requiredShareBp: number | null }
  | { ok: false; messageKey: string; fieldErrors: Record<string, string>; params: Record<string, string> };

/**
 * The canteen-share rule of a pledge. For a budget unit with a canteen the year's canteen food
 * budget is required, the share defaults to the configured one (never below it), and the pledged
 * amount must be at least budget × share. Units that owe no share store neither figure.
 * `format` renders fen for the message's parameters.
 */
export function checkCanteenShare(
  unit: { isBudgetUnit: boolean; hasCanteen: boolean },
  input: { pledged: bigint; canteenBudget?: bigint; sharePercent?: number },
  floorBp: number,
  format: (fen: bigint) => string,
): CanteenCheck {
  if (!owesCanteenShare(unit)) return { ok: true, canteenBudgetFen: null, requiredShareBp: null };
  if (input.canteenBudget === undefined) {
    return { ok: false, messageKey: "pledges.errors.canteenBudgetRequired", fieldErrors: { canteenBudget: "pledges.validation.canteenBudgetRequired" }, params: {} };
  }
  const shareBp = input.sharePercent ?? floorBp;
  if (shareBp < floorBp) {
    return { ok: false, messageKey: "pledges.errors.shareBelowFloor", fieldErrors: { sharePercent: "pledges.validation.shareBelowFloor" }, params: { floor: bpToPercent(floorBp) } };
  }
  const minimum = requiredMinimumFen(input.canteenBudget, shareBp);
  if (input.pledged < minimum) {
    return {
      ok: false,
      messageKey: "pledges.errors.belowCanteenShare",
      fieldErrors: { pledged: "pledges.validation.belowCanteenShare" },
      params: { minimum: format(minimum), budget: format(input.canteenBudget), share: bpToPercent(shareBp), pledged: format(input.pledged) },
    };
  }
  return { ok: true, canteenBudgetFen: input.canteenBudget, requiredShareBp: shareBp };
}

export type Fulfilment = { pledgedFen: bigint; fulfilledFen: bigint; remainingFen: bigint; /** Basis points of the pledge, capped at nothing (may pass 100%). */ percentBp: number };

export function fulfilment(pledgedFen: bigint, fulfilledFen: bigint): Fulfilment {
  const remainingFen = pledgedFen > fulfilledFen ? pledgedFen - fulfilledFen : 0n;
  const percentBp = pledgedFen > 0n ? Number((fulfilledFen * 10_000n) / pledgedFen) : 0;
  return { pledgedFen, fulfilledFen, remainingFen, percentBp };
}

/** Today in Asia/Shanghai as YYYY-MM-DD, and its year. */
export const shanghaiToday = (now = new Date()) => isoDate(now);
export const shanghaiYear = (now = new Date()) => Number(isoDate(now).slice(0, 4));

/**
 * "Late in the year": after 30 September of the pledge year (Asia/Shanghai), when a budget unit
 * still below its required share has little time left. A past year is always late.
 */
export const LATE_FROM_MONTH_DAY = "09-30";
export const isLateInYear = (year: number, asOfIso: string) => asOfIso > `${year}-${LATE_FROM_MONTH_DAY}`;

/**
 * Below its share: a unit owing a canteen share whose purchases counted this year are below
 * budget × share (what it must buy, whatever it pledged).
 */
export function belowShare(requiredFen: bigint | null, fulfilledFen: bigint) {
  return requiredFen !== null && fulfilledFen < requiredFen;
}

/** Fen as a JSON-safe string (loaders) — bigint does not survive serialisation. */
export const fenString = (fen: bigint) => fen.toString();
