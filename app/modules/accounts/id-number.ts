/**
 * Resident identity number (GB 11643-1999): 17 digits and a check character.
 * The number is sensitive: the server stores only a keyed hash and a masked form.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export function normalizeIdNumber(raw: string) {
  return raw.trim().toUpperCase().replace(/\s+/g, "");
}

export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Birth date from digits 7–14, or null when it is not a real date. */
export function idBirthDate(id: string): Date | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(id);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900 || date.getTime() > Date.now()) return null;
  return date;
}

export function isValidIdNumber(raw: string): boolean {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!idBirthDate(id)) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

/** Digit 17 is odd for men, even for women. */
export const idSex = (id: string): "MALE" | "FEMALE" => (Number(id[16]) % 2 === 1 ? "MALE" : "FEMALE");

/** 500***********123X — first three and last four kept. */
export const maskIdNumber = (id: string) => `${id.slice(0, 3)}${"*".repeat(Math.max(0, id.length - 7))}${id.slice(-4)}`;

/** Builds a valid number (demo data and tests): region + yyyymmdd + 3-digit sequence. */
export function makeIdNumber(region: string, birth: string, seq: string) {
  const first17 = `${region}${birth}${seq}`;
  return first17 + idCheckChar(first17)!;
}
