/** Forms and filters of reconciliation (staff page). Messages are i18n keys. */
import { z } from "zod";
import { fields } from "~/utils/fields";

export const ISSUE_FILTERS = ["unresolved", "resolved"] as const;
export type IssueFilter = (typeof ISSUE_FILTERS)[number];

export const ISSUE_KINDS = ["AMOUNT_MISMATCH", "UNKNOWN_PAYMENT", "UNKNOWN_REFUND", "MISSING_FROM_STATEMENT", "REFUND_FAILED"] as const;

export function issueFilterFrom(params: URLSearchParams): IssueFilter {
  const raw = params.get("status");
  return (ISSUE_FILTERS as readonly string[]).includes(raw ?? "") ? (raw as IssueFilter) : "unresolved";
}

const id = z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(40, { error: "validation.invalid" }).regex(/^[a-z0-9]+$/i, { error: "validation.invalid" });

export const resolveIssueSchema = z.object({
  intent: z.literal("resolve", { error: "validation.invalid" }),
  issueId: id,
  note: fields.text(500, 2),
});
