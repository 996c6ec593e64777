import { z } from "zod";
import { fields } from "~/utils/fields";
import { withoutPersonalData } from "~/modules/accounts/personal-data";
import { fenField, MAX_DONATION_FEN } from "~/modules/donations/schema";
import { PAYEE_KINDS, REPORT_CATEGORIES, REPORT_STATUSES, REPORT_TARGETS, type PayeeKindValue } from "~/modules/safeguards/kinds";

export { PAYEE_KINDS, REPORT_CATEGORIES, REPORT_STATUSES, REPORT_TARGETS, type PayeeKindValue, type ReportTargetParam } from "~/modules/safeguards/kinds";

/** Staff setting (amount) or clearing (empty amount with clear=on) an emergency campaign's cap. */
export const capSchema = z
  .object({
    capAmount: z.string().trim().max(20, { error: "validation.tooLong" }).optional(),
    clear: fields.checkbox(),
    reason: fields.text(300),
  })
  .transform((v, ctx) => {
    if (v.clear) return { capFen: null, reason: v.reason };
    const parsed = fenField(100n, MAX_DONATION_FEN * 100n).safeParse(v.capAmount ?? "");
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", path: ["capAmount"], message: parsed.error.issues[0]?.message ?? "funding.validation.amount" });
      return z.NEVER;
    }
    return { capFen: parsed.data, reason: v.reason };
  });

/** The host choosing (or clearing, with an empty value) the fund that receives donations past the cap. */
export const overflowSchema = z.object({
  overflowFundId: z
    .string()
    .trim()
    .max(40, { error: "validation.choice" })
    .regex(/^[\w-]*$/, { error: "validation.choice" })
    .optional()
    .transform((v) => (v ? v : null)),
});

/** The donor's consent, on the donate form, to give to the host's overflow fund instead. */
export const redirectConsentSchema = z.object({ redirectConsent: fields.checkbox() });


/** payeeKind + payeeName: an institution must be named (it is shown publicly); the family is never named here. */
export const payeeShape = {
  payeeKind: z.enum(PAYEE_KINDS, { error: "validation.choice" }).optional().default("BENEFICIARY"),
  payeeName: withoutPersonalData(fields.optionalText(80)),
};

export function refinePayee(v: { payeeKind: PayeeKindValue; payeeName?: string }, ctx: z.RefinementCtx) {
  if (v.payeeKind !== "BENEFICIARY" && !v.payeeName) ctx.addIssue({ code: "custom", path: ["payeeName"], message: "safeguards.validation.payeeNameRequired" });
}

export const payeeFor = (v: { payeeKind: PayeeKindValue; payeeName?: string }) => ({ payeeKind: v.payeeKind, payeeName: v.payeeKind === "BENEFICIARY" ? null : (v.payeeName ?? null) });

export const trancheSchema = z
  .object({
    seq: z.coerce.number({ error: "validation.invalid" }).int({ error: "validation.invalid" }).min(1, { error: "validation.invalid" }).max(99, { error: "validation.invalid" }),
    amount: fenField(100n, MAX_DONATION_FEN * 100n),
    ...payeeShape,
    purpose: withoutPersonalData(fields.text(200)),
    dueDate: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined))
      .pipe(fields.date().optional()),
  })
  .superRefine(refinePayee);

export type TrancheInput = z.infer<typeof trancheSchema>;

export const trancheIdSchema = z.object({ trancheId: z.string().trim().min(1, { error: "validation.required" }).max(40, { error: "validation.invalid" }) });


export const reportTargetSchema = z.object({
  type: z.enum(REPORT_TARGETS, { error: "validation.choice" }),
  id: z.string().trim().min(1, { error: "validation.required" }).max(40, { error: "validation.invalid" }).regex(/^[\w-]+$/, { error: "validation.invalid" }),
});

export const reportSchema = reportTargetSchema.extend({
  category: z.enum(REPORT_CATEGORIES, { error: "validation.choice" }),
  details: fields.text(1000, 10),
  contact: fields.optionalText(100),
});

export type ReportInput = z.infer<typeof reportSchema>;

export const decideReportSchema = z.object({
  decision: z.enum(["UPHELD", "DISMISSED"], { error: "validation.choice" }),
  outcome: fields.text(1000),
});

export const reportFilterSchema = z.object({
  status: z.enum(REPORT_STATUSES).optional().catch(undefined),
});
