import type { z } from "zod";
import { isValidIdNumber } from "~/modules/accounts/id-number";

/**
 * Personal data does not belong in public text (needs, campaign titles and stories, updates, fund
 * purposes, donor messages): it is shown to everyone and indexed for search. Free text is refused
 * when it contains a resident ID number (18 digits with a valid check character, spaces allowed
 * between groups) or a mainland mobile number (1[3-9] + 9 digits, optional +86 and separators).
 * Landlines of an organization's office are not refused.
 */
const ID_CANDIDATE = /(?<![\dA-Za-z])(\d[\d ]{16,22}[\dXx])(?![\dA-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/;
const MOBILE_ALL = new RegExp(MOBILE.source, "g");

export type PersonalDataFinding = "idNumber" | "phone";

/** Full-width digits and X typed on Chinese keyboards count as their ASCII twins. */
const normalize = (text: string) => text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[Ｘｘ]/g, "X");

export function findPersonalData(text: string | null | undefined): PersonalDataFinding | null {
  if (!text) return null;
  const normalized = normalize(text);
  for (const m of normalized.matchAll(ID_CANDIDATE)) {
    const digits = m[1]!.replace(/\s/g, "");
    if (digits.length === 18 && isValidIdNumber(digits)) return "idNumber";
  }
  // Also an 18-character run inside a longer digit string is not an ID; only whole runs count.
  if (MOBILE.test(normalized)) return "phone";
  return null;
}

/**
 * The message key of a finding. Each area may word it for its own page (needs say "needs are
 * public"); the default is the general one.
 */
export const personalDataMessage = (f: PersonalDataFinding, prefix = "privacy.errors") => `${prefix}.${f === "idNumber" ? "idNumberInText" : "phoneInText"}`;

/** Adds the refusal to a text field's schema: `withoutPersonalData(fields.text(60, 4))`. */
export function withoutPersonalData<T extends z.ZodType<string | undefined>>(schema: T, prefix?: string) {
  return schema.superRefine((v, ctx) => {
    const f = findPersonalData(v as string | undefined);
    if (f) ctx.addIssue({ code: "custom", message: personalDataMessage(f, prefix) });
  });
}

/**
 * Text with ID numbers and mobile numbers blotted out, for places that must never hold them but
 * take text written before the refusal existed (search documents).
 */
export function redactPersonalData(text: string): string {
  if (!text) return text;
  // normalize() maps one UTF-16 unit to one, so offsets in it are offsets in the original.
  const normalized = normalize(text);
  const ranges: [number, number][] = [];
  for (const m of normalized.matchAll(ID_CANDIDATE)) {
    const digits = m[1]!.replace(/\s/g, "");
    if (digits.length === 18 && isValidIdNumber(digits)) ranges.push([m.index!, m.index! + m[0].length]);
  }
  for (const m of normalized.matchAll(MOBILE_ALL)) ranges.push([m.index!, m.index! + m[0].length]);
  if (!ranges.length) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "";
  let last = 0;
  for (const [from, to] of ranges) {
    if (from < last) continue;
    out += text.slice(last, from) + "***";
    last = to;
  }
  return out + text.slice(last);
}
