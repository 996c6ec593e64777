import { isValidIdNumber } from "~/modules/accounts/id-number";

/**
 * Beneficiary personal data does not belong in a need (it is public and searchable). Free text is
 * refused when it contains a resident ID number (18 digits with a valid check character, spaces
 * allowed between groups) or a mainland mobile number (1[3-9] + 9 digits, optional +86 and
 * separators). Landlines of an organization's office are not refused.
 */
const ID_CANDIDATE = /(?<![\dA-Za-z])(\d[\d ]{16,22}[\dXx])(?![\dA-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/;

export type PersonalDataFinding = "idNumber" | "phone";

export function findPersonalData(text: string | null | undefined): PersonalDataFinding | null {
  if (!text) return null;
  const normalized = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[Ｘｘ]/g, "X");
  for (const m of normalized.matchAll(ID_CANDIDATE)) {
    const digits = m[1]!.replace(/\s/g, "");
    if (digits.length === 18 && isValidIdNumber(digits)) return "idNumber";
  }
  // Also an 18-character run inside a longer digit string is not an ID; only whole runs count.
  if (MOBILE.test(normalized)) return "phone";
  return null;
}

export const personalDataMessage = (f: PersonalDataFinding) => (f === "idNumber" ? "needs.errors.idNumberInText" : "needs.errors.phoneInText");
