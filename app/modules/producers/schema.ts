import { z } from "zod";
import { fields } from "~/utils/fields";
import { isDistrictCode } from "~/modules/districts/districts";
import { withoutPersonalData } from "~/modules/accounts/personal-data";
import { isValidCreditCode, normalizeCreditCode } from "~/modules/organizations/credit-code";
import { CREDIT_PREFIX_BY_KIND, eligibilityError, MAX_HOUSEHOLD_LINES, needsCreditCode, parseHouseholdLines, PRODUCER_KINDS } from "./rules";

export { PRODUCER_KINDS } from "./rules";
export const PRODUCER_STATUSES = ["SUBMITTED", "RECOMMENDED", "RETURNED", "APPROVED", "REJECTED", "SUSPENDED"] as const;
/** Why staff suspend a producer: complaints about price, quality or origin (as the 832 platform does). */
export const SUSPEND_CATEGORIES = ["PRICE", "QUALITY", "ORIGIN"] as const;
export const REVIEW_DECISIONS = ["RECOMMEND", "APPROVE", "RETURN", "REJECT", "SUSPEND", "REINSTATE"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** 18 characters per ID number, a line break, and room for stray spaces. */
const HOUSEHOLDS_MAX_CHARS = MAX_HOUSEHOLD_LINES * 24;

/** The household textarea: one ID number per line; answers the distinct normalized numbers. */
export const householdsField = () =>
  z
    .string()
    .max(HOUSEHOLDS_MAX_CHARS, { error: "producers.form.householdsTooMany" })
    .optional()
    .superRefine((v, ctx) => {
      const { ids, badLines } = parseHouseholdLines(v);
      if (badLines.length)
        ctx.addIssue({
          code: "custom",
          message: "producers.form.householdsInvalid",
        });
      else if (ids.length > MAX_HOUSEHOLD_LINES)
        ctx.addIssue({
          code: "custom",
          message: "producers.form.householdsTooMany",
        });
    })
    .transform((v) => parseHouseholdLines(v).ids);

const householdCount = z
  .string({ error: "producers.form.householdCountInvalid" })
  .trim()
  .optional()
  .transform((v) => v || "0")
  .pipe(z.string().regex(/^\d{1,6}$/, { error: "producers.form.householdCountInvalid" }))
  .transform(Number);

/**
 * A producer's registration (and edit). The credit code is required for the kinds that have one,
 * checked (check character, the kind's prefix) and dropped for households; the 832 rule (rules.ts)
 * refuses producers outside the aided districts. Name, description and origin are shown publicly,
 * so they may not carry ID or mobile numbers.
 */
export const ProducerSchema = z
  .object({
    name: withoutPersonalData(fields.text(100, 2)),
    kind: z.enum(PRODUCER_KINDS, { error: "producers.form.kindRequired" }),
    districtCode: z.string({ error: "validation.district" }).refine(isDistrictCode, { error: "validation.district" }),
    town: withoutPersonalData(fields.text(50)),
    village: withoutPersonalData(fields.optionalText(50)),
    creditCode: z
      .string()
      .optional()
      .transform((v) => (v ? normalizeCreditCode(v) : undefined)),
    contactName: fields.text(30),
    contactPhone: fields.phone(),
    description: withoutPersonalData(fields.optionalText(2000)),
    originStatement: withoutPersonalData(fields.optionalText(500)),
    householdCount,
    households: householdsField(),
  })
  .superRefine((v, ctx) => {
    if (needsCreditCode(v.kind)) {
      if (!v.creditCode)
        ctx.addIssue({
          code: "custom",
          path: ["creditCode"],
          message: "producers.form.creditCodeRequired",
        });
      else if (!isValidCreditCode(v.creditCode))
        ctx.addIssue({
          code: "custom",
          path: ["creditCode"],
          message: "producers.form.creditCodeInvalid",
        });
      else if (!v.creditCode.startsWith(CREDIT_PREFIX_BY_KIND[v.kind]!))
        ctx.addIssue({
          code: "custom",
          path: ["creditCode"],
          message: `producers.form.creditCodePrefix.${v.kind}`,
        });
    }
    const refusal = eligibilityError(v.kind, v.districtCode, v.originStatement);
    if (refusal)
      ctx.addIssue({
        code: "custom",
        path: [refusal.field],
        message: refusal.message,
      });
  })
  .transform((v) => ({
    ...v,
    creditCode: needsCreditCode(v.kind) ? v.creditCode ?? null : null,
  }));

export type ProducerInput = z.infer<typeof ProducerSchema>;

export const ReviewSchema = z
  .object({
    decision: z.enum(REVIEW_DECISIONS, { error: "validation.choice" }),
    reason: fields.optionalText(1000),
    category: z
      .enum([...SUSPEND_CATEGORIES, ""], { error: "validation.choice" })
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== "APPROVE" && v.decision !== "RECOMMEND" && v.decision !== "REINSTATE" && !v.reason) {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "producers.review.reasonRequired",
      });
    }
    if (v.decision === "SUSPEND" && !v.category)
      ctx.addIssue({
        code: "custom",
        path: ["category"],
        message: "producers.review.categoryRequired",
      });
  });

export type ReviewInput = z.infer<typeof ReviewSchema>;

/** The overview's forms, told apart by `intent`. */
export const WorkspaceIntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("addHouseholds"),
    households: householdsField(),
  }),
  z.object({
    intent: z.literal("removeHousehold"),
    householdId: z.string().min(1).max(40),
  }),
  z.object({
    intent: z.literal("linkAccount"),
    email: z
      .string({ error: "validation.required" })
      .trim()
      .toLowerCase()
      .min(1, { error: "validation.required" })
      .max(254, { error: "validation.tooLong" })
      .pipe(z.email({ error: "validation.email" })),
  }),
  z.object({ intent: z.literal("unlinkAccount") }),
]);

export const StatusFilterSchema = z.object({
  status: z.enum(PRODUCER_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const QueueFilterSchema = StatusFilterSchema.extend({
  q: z.string().trim().max(100).optional().catch(undefined),
  district: z.string().refine(isDistrictCode).optional().catch(undefined),
  kind: z.enum(PRODUCER_KINDS).optional().catch(undefined),
});

export const StaffDistrictSchema = z.object({
  userId: z.string().min(1).max(40),
  districtCode: z
    .string()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isDistrictCode(v), {
      error: "validation.district",
    }),
});
