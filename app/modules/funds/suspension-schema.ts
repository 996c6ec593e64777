import { z } from "zod";
import { fields } from "~/utils/fields";

/** Staff suspending or reinstating a fund: the reason is required and goes to the audit log. */
export const fundSuspensionSchema = z.object({
  decision: z.enum(["SUSPEND", "REINSTATE"], { error: "validation.choice" }),
  reason: z.string({ error: "funding.validation.reasonRequired" }).trim().min(1, { error: "funding.validation.reasonRequired" }).max(500, { error: "validation.tooLong" }),
});
