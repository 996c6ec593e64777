/**
 * The rules of who may register as a producer (供应主体), pure so the form schema, the services and
 * the pages share them. Modelled on the national 832 platform: only producers in aided districts
 * (重点帮扶区县), or registered agents whose produce comes from one, are verified.
 */
import { DISTRICTS, getDistrict, districtShortName } from "~/modules/districts/districts";
import { isValidIdNumber, normalizeIdNumber } from "~/modules/accounts/id-number";

export const PRODUCER_KINDS = ["COOPERATIVE", "VILLAGE_COLLECTIVE", "ENTERPRISE", "HOUSEHOLD", "AGENT"] as const;
export type ProducerKindValue = (typeof PRODUCER_KINDS)[number];

/**
 * Registration-authority + category prefix of the unified social credit code (GB 32100-2015) each
 * kind must carry: 93 farmers' cooperatives, 91 enterprises (agents are enterprises), N2 village
 * collective economic organizations. Households have none.
 */
export const CREDIT_PREFIX_BY_KIND: Partial<Record<ProducerKindValue, string>> = {
  COOPERATIVE: "93",
  ENTERPRISE: "91",
  VILLAGE_COLLECTIVE: "N2",
  AGENT: "91",
};

export const needsCreditCode = (kind: ProducerKindValue) => CREDIT_PREFIX_BY_KIND[kind] !== undefined;

export const isAidedDistrict = (code: string | null | undefined) => Boolean(getDistrict(code)?.keyPovertyCounty);

const AIDED = DISTRICTS.filter((d) => d.keyPovertyCounty);

/** The first aided district an origin statement names (full name, short name such as 石柱, or code), or null. */
export function aidedDistrictNamedIn(text: string | null | undefined): string | null {
  if (!text) return null;
  for (const d of AIDED) {
    if (text.includes(d.name) || text.includes(districtShortName(d.code)) || text.includes(d.code)) return d.code;
  }
  return null;
}

/**
 * The 832 rule. An agent must say where its produce comes from, naming an aided district; every
 * other kind must itself be in an aided district. Answers the field and the message key of the
 * refusal, or null when the producer may register.
 */
export function eligibilityError(kind: ProducerKindValue, districtCode: string, originStatement: string | null | undefined): { field: "districtCode" | "originStatement"; message: string } | null {
  if (kind === "AGENT") {
    if (!originStatement)
      return {
        field: "originStatement",
        message: "producers.form.originRequired",
      };
    if (!aidedDistrictNamedIn(originStatement))
      return {
        field: "originStatement",
        message: "producers.form.originNotAided",
      };
    return null;
  }
  if (!isAidedDistrict(districtCode)) return { field: "districtCode", message: "producers.form.notAided" };
  return null;
}

/** Most household ID numbers one form may add (a cooperative rarely lifts more). */
export const MAX_HOUSEHOLD_LINES = 500;

/**
 * Reads the household textarea: one resident ID number per line (blank lines skipped, spaces and a
 * lower-case x forgiven). Answers the distinct valid numbers and the 1-based lines that are not
 * valid numbers (check character, birth date).
 */
export function parseHouseholdLines(text: string | null | undefined): {
  ids: string[];
  badLines: number[];
} {
  const ids = new Set<string>();
  const badLines: number[] = [];
  (text ?? "").split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/[，,;；]+$/, "").trim();
    if (!line) return;
    const id = normalizeIdNumber(line);
    if (isValidIdNumber(id)) ids.add(id);
    else badLines.push(i + 1);
  });
  return { ids: [...ids], badLines };
}

/**
 * Households a producer lifts, as shown and counted: its named households when it has any (each
 * one proved by an ID number), otherwise the count it declared.
 */
export const householdsShown = (named: number, declared: number) => (named > 0 ? named : declared);
