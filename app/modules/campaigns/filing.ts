import { z } from "zod";
import { isValidCreditCode } from "~/modules/organizations/credit-code";

/**
 * 募捐方案备案号 — the number the civil-affairs bureau gives a fundraising plan (a campaign or a
 * special fund) when it accepts its filing (慈善法 art. 24). Two shapes are in use:
 *
 * 1. The bureau's document-number form, e.g. `渝民募备〔2024〕001号`: an issuing prefix in Chinese
 *    characters (province abbreviation + 民募备 or similar), the year in 六角括号 〔〕, a serial
 *    number and 号 (GB/T 9704-2012 document numbers; 第 before the serial is tolerated). The year
 *    cannot be before 2016 (the Charity Law took effect on 2016-09-01) nor in the future.
 * 2. The number shown on the national platform 慈善中国 (cszg.mca.gov.cn) for an online filing: the
 *    organization's 18-character unified social credit code followed by the two-digit year and a
 *    three-digit serial (23 characters, e.g. `53500000MJ0000001X24001`). We check the embedded
 *    code's check character; the service also checks that it is the filing organization's own code.
 *    (Shape taken from published filing records; if the platform changes it, change it here.)
 *
 * Typing habits are forgiven by normalising: spaces removed, letters upper-cased, and the brackets
 * people type instead of 〔〕 (（）()［］[]【】) replaced — so the same number typed two ways is still
 * one number for the per-organization uniqueness check.
 */
export function normalizeFilingNumber(raw: string): string {
  return raw
    .normalize("NFKC") // full-width digits and letters → ASCII; 〔〕 are left alone by NFKC
    .replace(/\s+/g, "")
    .replace(/[(\[【［（]/g, "〔")
    .replace(/[)\]】］）]/g, "〕")
    .toUpperCase();
}

const BRACKET_FORM = /^\p{Script=Han}{2,12}〔(\d{4})〕第?\d{1,6}号$/u;
const PLATFORM_FORM = /^([0-9A-HJ-NPQRTUWXY]{18})(\d{2})\d{3}$/;
const FIRST_YEAR = 2016;

const currentYear = () => Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));

/** Which form a (normalised) filing number has, or null when it has neither. */
export function filingNumberForm(value: string): { form: "bureau"; year: number } | { form: "platform"; year: number; creditCode: string } | null {
  const bureau = BRACKET_FORM.exec(value);
  if (bureau) {
    const year = Number(bureau[1]);
    return year >= FIRST_YEAR && year <= currentYear() ? { form: "bureau", year } : null;
  }
  const platform = PLATFORM_FORM.exec(value);
  if (platform && isValidCreditCode(platform[1]!)) {
    const year = 2000 + Number(platform[2]);
    return year >= FIRST_YEAR && year <= currentYear() ? { form: "platform", year, creditCode: platform[1]! } : null;
  }
  return null;
}

export function isValidFilingNumber(raw: string): boolean {
  return filingNumberForm(normalizeFilingNumber(raw)) !== null;
}

/** The form field: required, normalised, shape-checked. */
export const filingNumberField = () =>
  z
    .string({ error: "validation.required" })
    .transform(normalizeFilingNumber)
    .pipe(z.string().min(1, { error: "validation.required" }).max(60, { error: "validation.tooLong" }).refine((v) => filingNumberForm(v) !== null, { error: "qualification.filing.invalid" }));

/** The same, optional (a draft fund may not have its filing yet). */
export const optionalFilingNumberField = () =>
  z
    .string()
    .optional()
    .transform((v) => (v ? normalizeFilingNumber(v) : ""))
    .pipe(z.string().max(60, { error: "validation.tooLong" }).refine((v) => !v || filingNumberForm(v) !== null, { error: "qualification.filing.invalid" }))
    .transform((v) => v || undefined);
