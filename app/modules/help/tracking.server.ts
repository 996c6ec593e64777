import { createHmac, randomInt } from "node:crypto";
import { getEnv } from "~/utils/env.server";

/** No I, O, 0 or 1: a code read aloud over the phone or copied by hand stays unambiguous. */
export const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 12;

/** 12 characters of 32 = 60 random bits: guessing one among many requests is hopeless under the rate limit. */
export function newTrackingCode() {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** ABCD-EFGH-JKLM, for reading and copying. */
export const groupCode = (code: string) => code.match(/.{1,4}/g)!.join("-");

const hmac = (purpose: string, value: string) => createHmac("sha256", getEnv().ID_HASH_KEY).update(`${purpose}:${value}`).digest("hex");

/** Only this keyed hash of the code is stored; the code itself is shown once. */
export const hashTrackingCode = (code: string) => hmac("help-code", code.toUpperCase().replace(/[\s-]/g, ""));

/** The client address, kept only as a keyed hash (for the rate limit). */
export const hashIp = (ip: string) => hmac("help-ip", ip);
