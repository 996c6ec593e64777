/** Forms of the hours review (issue 15.1): an objection from the public, a reviewer's decision. */
import { z } from "zod";
import { fields } from "~/utils/fields";

/** No ID numbers or mobile numbers in free text that other people read. */
const noPersonalData = (s: string) => !/\d{17}[\dXx]/.test(s) && !/(?<!\d)1[3-9]\d{9}(?!\d)/.test(s);

const recordId = z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(40, { error: "validation.invalid" });

import { OBJECTION_MAX, OBJECTION_MIN } from "./types";

export { OBJECTION_MAX, OBJECTION_MIN } from "./types";

export const ObjectionSchema = z.object({
  recordId,
  reason: fields.text(OBJECTION_MAX, OBJECTION_MIN).refine(noPersonalData, { error: "validation.noPersonalData" }),
});
export type ObjectionInput = z.infer<typeof ObjectionSchema>;

export const DecisionSchema = z.object({
  recordId,
  decision: z.enum(["approve", "reject", "uphold", "dismiss"], { error: "validation.choice" }),
  // A decision always says why (it is shown to the volunteer and kept in the audit trail).
  note: fields.text(500, 2).refine(noPersonalData, { error: "validation.noPersonalData" }),
});
export type DecisionInput = z.infer<typeof DecisionSchema>;

export const ReviewFilterSchema = z.object({
  status: z.enum(["FLAGGED", "OBJECTED"]).catch("FLAGGED"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
