import { randomInt } from "node:crypto";
import { formatDate } from "~/utils/format";
import { beijingTime } from "./time";

// No 0/O, 1/I/L: the codes are read aloud and typed from paper.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function randomCode(length: number) {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** Check-in code shown at the shift. */
export const newCheckInCode = () => randomCode(6);

/** Certificate verification code: 12 random characters (about 59 bits), shown as XXXX-XXXX-XXXX. */
export const newCertificateCode = () => {
  const c = randomCode(12);
  return `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}`;
};

/**
 * A certificate code as typed: any case, with or without dashes or spaces (#12.7f, as receipts do).
 * Null when it cannot be one.
 */
export function normaliseCertificateCode(input: string) {
  const s = input.toUpperCase().replace(/[^0-9A-Z]/g, "");
  if (s.length !== 12) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** "2024/05/04 09:00–12:00" for messages (Beijing time). */
export const shiftLabel = (s: { startsAt: Date; endsAt: Date }) => `${formatDate(s.startsAt)} ${beijingTime(s.startsAt)}–${beijingTime(s.endsAt)}`;
