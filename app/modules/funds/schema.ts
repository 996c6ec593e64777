import { z } from "zod";
import { fields } from "~/utils/forms";
import { isDistrictCode } from "~/modules/districts/districts";
import { withoutPersonalData } from "~/modules/accounts/personal-data";

export const BENEFICIARY_GROUPS = ["LOW_INCOME", "EXTREMELY_POOR", "NEAR_THRESHOLD", "DISABLED", "ELDERLY", "LEFT_BEHIND_CHILDREN", "ORPHANS", "STUDENTS", "PATIENTS", "DISASTER_VICTIMS"] as const;
export const FUND_STATUSES = ["ACTIVE", "PAUSED", "CLOSED"] as const;

export const fundSchema = z.object({
  name: withoutPersonalData(fields.text(60, 2)),
  purpose: withoutPersonalData(fields.text(2000, 10)),
  beneficiaryGroups: z.array(z.enum(BENEFICIARY_GROUPS, { error: "validation.choice" })).min(1, { error: "funding.validation.groupsRequired" }),
  districtCodes: z.array(z.string().refine(isDistrictCode, { error: "validation.district" })).min(1, { error: "validation.district" }),
  startDate: fields.date(),
});
export type FundInput = z.infer<typeof fundSchema>;
export const FUND_ARRAY_FIELDS = ["beneficiaryGroups", "districtCodes"] as const;

export const fundStatusSchema = z.object({ status: z.enum(FUND_STATUSES, { error: "validation.choice" }) });
