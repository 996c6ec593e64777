/**
 * How a platform-scheduled agreement and its charges map back to our gift (WeChat Pay contract_code,
 * Alipay external_agreement_no; WeChat Pay attach, Alipay body). Both providers accept letters and
 * digits up to 32 characters for the agreement code.
 */
import { randomInt } from "node:crypto";
import { ProviderError } from "./provider";

const GIFT_ID = /^[a-z0-9]{6,25}$/;

const SUFFIX_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * contract_code: our gift id, "R", and a random suffix that makes each signing attempt unique
 * (≤ 32 characters, letters and digits). The suffix was the time in seconds: two signings of one gift
 * in the same second (a re-sign right after the first) got the same code, which the provider treats
 * as the same contract. Six random characters (36⁶ ≈ 2.2 billion) fit beside a 25-character id.
 */
export function agreementCode(giftId: string): string {
  if (!GIFT_ID.test(giftId)) throw new ProviderError("recurring gift id must be 6-25 lowercase letters or digits", true);
  let suffix = "";
  for (let i = 0; i < 6; i++) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return `${giftId}R${suffix}`;
}

/** The gift id back from a contract_code / external_agreement_no; undefined when it is not ours. */
export function giftIdFromAgreementCode(code: string | undefined | null): string | undefined {
  const m = code ? /^([a-z0-9]{6,25})R[0-9A-Z]{1,8}$/.exec(code) : null;
  return m?.[1];
}

/** Our `attach` / body for a deduction: gift id and period, returned untouched by the provider. */
export function encodeChargeMeta(giftId: string, period: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new ProviderError("recurring period must be YYYY-MM", true);
  return new URLSearchParams({ giftId, period }).toString();
}

export function decodeChargeMeta(text: string | undefined | null): { giftId?: string; period?: string } {
  if (!text) return {};
  try {
    const q = new URLSearchParams(text);
    const period = q.get("period") ?? undefined;
    return { giftId: q.get("giftId") ?? undefined, period: period && /^\d{4}-\d{2}$/.test(period) ? period : undefined };
  } catch {
    return {};
  }
}

