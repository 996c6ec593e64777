/**
 * The one list of beneficiary groups (受助群体), used by beneficiaries, reach, activities, goods,
 * needs, funds, matching, statistics and search alike: the values of the Prisma enum
 * `BeneficiaryGroup`, in the order the bureau's reports list them, labelled by
 * `common.beneficiaryGroups.<value>`. Usable in the browser. See docs/decisions/010-layers.md.
 */
import type { BeneficiaryGroup } from "~/generated/prisma/enums";

export const BENEFICIARY_GROUPS = [
  "DIBAO",
  "TEKUN",
  "DIBAO_EDGE",
  "DISABLED",
  "LEFT_BEHIND_CHILD",
  "UNSUPPORTED_CHILD",
  "ORPHAN",
  "ELDERLY",
  "INCAPACITATED",
  "STUDENT",
  "PATIENT",
  "DISASTER_VICTIM",
] as const satisfies readonly BeneficiaryGroup[];

export type BeneficiaryGroupValue = (typeof BENEFICIARY_GROUPS)[number];

// Every enum value is in the list (the `satisfies` above checks the other direction).
const _complete: Record<BeneficiaryGroup, true> = Object.fromEntries(BENEFICIARY_GROUPS.map((g) => [g, true])) as Record<BeneficiaryGroupValue, true>;
void _complete;

/** The i18n key of a group's label. */
export const groupLabelKey = (g: string) => `common.beneficiaryGroups.${g}`;

/** Chinese names as the reports and import files write them → enum values. */
export const GROUP_BY_CHINESE: Record<string, BeneficiaryGroupValue> = {
  低保: "DIBAO",
  低保户: "DIBAO",
  特困: "TEKUN",
  特困人员: "TEKUN",
  低保边缘: "DIBAO_EDGE",
  低保边缘户: "DIBAO_EDGE",
  残疾人: "DISABLED",
  留守儿童: "LEFT_BEHIND_CHILD",
  事实无人抚养儿童: "UNSUPPORTED_CHILD",
  孤儿: "ORPHAN",
  老年人: "ELDERLY",
  失能: "INCAPACITATED",
  失能人员: "INCAPACITATED",
  困难学生: "STUDENT",
  大病患者: "PATIENT",
  受灾群众: "DISASTER_VICTIM",
};
