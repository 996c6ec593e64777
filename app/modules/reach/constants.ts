/** Beneficiary categories and age bands (mirror the Prisma enums; usable in the browser). */
export const BENEFICIARY_GROUPS = ["DIBAO", "TEKUN", "DIBAO_EDGE", "DISABLED", "LEFT_BEHIND_CHILD", "UNSUPPORTED_CHILD", "ORPHAN", "ELDERLY", "INCAPACITATED"] as const;
export type BeneficiaryGroupValue = (typeof BENEFICIARY_GROUPS)[number];
export const AGE_BANDS = ["CHILD", "ADULT", "SENIOR", "ELDER"] as const;
export type AgeBandValue = (typeof AGE_BANDS)[number];
export const REACH_SOURCES = ["ACTIVITY", "GOODS_DISTRIBUTION", "DISBURSEMENT", "SERVICE", "OTHER"] as const;
export type ReachSourceValue = (typeof REACH_SOURCES)[number];

/** Chinese names as the reports and import files write them → enum values. */
export const GROUP_BY_CHINESE: Record<string, BeneficiaryGroupValue> = {
  低保: "DIBAO",
  特困: "TEKUN",
  低保边缘: "DIBAO_EDGE",
  残疾人: "DISABLED",
  留守儿童: "LEFT_BEHIND_CHILD",
  事实无人抚养儿童: "UNSUPPORTED_CHILD",
  孤儿: "ORPHAN",
  老年人: "ELDERLY",
  失能: "INCAPACITATED",
};

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
