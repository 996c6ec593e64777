/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, check character last.
 * Social organizations registered by civil affairs start with 5 and their category digit.
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c]!;
}

export function normalizeCreditCode(raw: string) {
  return raw.trim().toUpperCase().replace(/\s+/g, "");
}

export function isValidCreditCode(raw: string): boolean {
  const code = normalizeCreditCode(raw);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

export const CREDIT_PREFIX_BY_TYPE = {
  SOCIAL_GROUP: "51",
  SOCIAL_SERVICE_AGENCY: "52",
  FOUNDATION: "53",
} as const;

/** Builds a valid code from a 6-digit division code and a 9-character organization code (demo data, tests). */
export function makeCreditCode(type: keyof typeof CREDIT_PREFIX_BY_TYPE, divisionCode: string, orgCode: string) {
  const first17 = `${CREDIT_PREFIX_BY_TYPE[type]}${divisionCode}${orgCode}`;
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`cannot build a credit code from ${first17}`);
  return first17 + check;
}
