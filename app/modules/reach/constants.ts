/** Age bands and reach sources (mirror the Prisma enums; usable in the browser). Beneficiary groups: ~/modules/beneficiaries/groups. */
export const AGE_BANDS = ["CHILD", "ADULT", "SENIOR", "ELDER"] as const;
export type AgeBandValue = (typeof AGE_BANDS)[number];
export const REACH_SOURCES = ["ACTIVITY", "GOODS_DISTRIBUTION", "DISBURSEMENT", "SERVICE", "OTHER"] as const;
export type ReachSourceValue = (typeof REACH_SOURCES)[number];

/** Age band on a given day from the birth date. */
export function ageBandOf(birth: Date, on: Date = new Date()): AgeBandValue {
  let age = on.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday = on.getUTCMonth() < birth.getUTCMonth() || (on.getUTCMonth() === birth.getUTCMonth() && on.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age--;
  if (age < 18) return "CHILD";
  if (age < 60) return "ADULT";
  if (age < 80) return "SENIOR";
  return "ELDER";
}
