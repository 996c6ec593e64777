import { z } from "zod";
import { fields } from "~/utils/fields";
import { isDistrictCode } from "~/modules/districts/districts";
import { withoutPersonalData } from "~/modules/accounts/personal-data";
import { optionalFilingNumberField } from "~/modules/campaigns/filing";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";

/** Statuses the managing organization may set itself, once staff approved the fund. */
export const FUND_STATUSES = ["ACTIVE", "PAUSED", "CLOSED"] as const;
/** Every status, in lifecycle order (lists, filters). */
export const ALL_FUND_STATUSES = ["DRAFT", "SUBMITTED", "RETURNED", "REJECTED", "ACTIVE", "PAUSED", "SUSPENDED", "CLOSED"] as const;
/** Statuses whose fund page the public may open (SUSPENDED stays visible, saying so, like campaigns). */
export const PUBLIC_FUND_STATUSES = ["ACTIVE", "PAUSED", "SUSPENDED", "CLOSED"] as const;

export const fundSchema = z.object({
  name: withoutPersonalData(fields.text(60, 2)),
  purpose: withoutPersonalData(fields.text(2000, 10)),
  beneficiaryGroups: z.array(z.enum(BENEFICIARY_GROUPS, { error: "validation.choice" })).min(1, { error: "funding.validation.groupsRequired" }),
  districtCodes: z.array(z.string().refine(isDistrictCode, { error: "validation.district" })).min(1, { error: "validation.district" }),
  startDate: fields.date(),
  /** May be filled in later; submitting for review requires it. */
  filingNumber: optionalFilingNumberField(),
});
export type FundInput = z.infer<typeof fundSchema>;
export const FUND_ARRAY_FIELDS = ["beneficiaryGroups", "districtCodes"] as const;

export const fundStatusSchema = z.object({ status: z.enum(FUND_STATUSES, { error: "validation.choice" }) });

export const FUND_DECISIONS = ["APPROVE", "RETURN", "REJECT"] as const;
export const fundReviewSchema = z
  .object({ decision: z.enum(FUND_DECISIONS, { error: "validation.choice" }), reason: fields.optionalText(500) })
  .refine((v) => v.decision === "APPROVE" || Boolean(v.reason), { path: ["reason"], error: "funding.validation.reasonRequired" });
