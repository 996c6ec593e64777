import { z } from "zod";
import { fields } from "~/utils/fields";
import { DISTRICT_CODES } from "~/modules/districts/districts";
import { isValidIdNumber } from "~/modules/accounts/id-number";
import { BENEFICIARY_GROUPS } from "./groups";

export const beneficiarySchema = z.object({
  name: fields.text(40),
  idNumber: z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).refine(isValidIdNumber, { error: "stats.beneficiaries.errors.idNumber" }),
  districtCode: z.enum(DISTRICT_CODES, { error: "validation.district" }),
  groups: z.array(z.enum(BENEFICIARY_GROUPS, { error: "validation.choice" })).max(BENEFICIARY_GROUPS.length),
  note: fields.optionalText(200),
});

export type BeneficiaryInput = z.infer<typeof beneficiarySchema>;
