import { z } from "zod";
import { fields } from "~/utils/fields";
import { isDistrictCode } from "~/modules/districts/districts";
import { CREDIT_PREFIX_BY_TYPE, isValidCreditCode, normalizeCreditCode } from "./credit-code";
import { INVITE_ROLES, MEMBER_ROLES, ORG_STATUSES, ORG_TYPES, SERVICE_AREAS } from "./kinds";

export * from "./kinds";

const todayIso = () => new Date().toISOString().slice(0, 10);

/** The shortest mission statement accepted; the form says so before the refusal does (#12.7i). */
export const MISSION_MIN_LENGTH = 10;

/** Fields an organization may edit at any time (descriptive data). */
const descriptive = {
  address: fields.text(200),
  contactName: fields.text(30),
  contactPhone: fields.phone(),
  /** Consent to show the full contact phone to signed-out visitors (masked otherwise). */
  contactPhonePublic: fields.checkbox(),
  mission: fields.text(2000, MISSION_MIN_LENGTH),
  serviceAreas: z.array(z.enum(SERVICE_AREAS, { error: "validation.choice" })).min(1, { error: "orgs.form.serviceAreasRequired" }).max(SERVICE_AREAS.length),
  website: z
    .string()
    .trim()
    .max(200, { error: "validation.tooLong" })
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => !v || /^https?:\/\/[^\s<>"]+$/.test(v), { error: "orgs.form.websiteInvalid" }),
  isVolunteerGroup: fields.checkbox(),
};

/**
 * Registration data. The credit code must pass its check character and match the chosen type.
 * Charity status and public-fundraising qualification are not declared here: they change only
 * through a staff-reviewed qualification request (qualification.server.ts), so the form cannot set
 * them and the schema drops them if posted.
 */
export const OrganizationSchema = z
  .object({
    name: fields.text(100, 4),
    creditCode: z
      .string({ error: "validation.required" })
      .transform(normalizeCreditCode)
      .pipe(z.string().min(1, { error: "validation.required" }).refine(isValidCreditCode, { error: "orgs.form.creditCodeInvalid" })),
    type: z.enum(ORG_TYPES, { error: "orgs.form.typeRequired" }),
    districtCode: z.string({ error: "validation.district" }).refine(isDistrictCode, { error: "validation.district" }),
    foundedOn: fields.date().refine((d) => d <= todayIso(), { error: "validation.dateInFuture" }),
    ...descriptive,
  })
  .superRefine((v, ctx) => {
    if (!v.creditCode.startsWith(CREDIT_PREFIX_BY_TYPE[v.type])) {
      ctx.addIssue({ code: "custom", path: ["creditCode"], message: `orgs.form.creditCodePrefix.${v.type}` });
    }
  });

export type OrganizationInput = z.infer<typeof OrganizationSchema>;

export const REVIEW_DECISIONS = ["APPROVE", "RETURN", "REJECT", "SUSPEND", "REINSTATE", "REVOKE"] as const;

export const ReviewSchema = z
  .object({
    decision: z.enum(REVIEW_DECISIONS, { error: "validation.choice" }),
    reason: fields.optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== "APPROVE" && v.decision !== "REINSTATE" && !v.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "orgs.review.reasonRequired" });
    }
  });

export const InviteSchema = z.object({
  email: z.string({ error: "validation.required" }).trim().toLowerCase().max(254, { error: "validation.tooLong" }).pipe(z.email({ error: "validation.email" })),
  role: z.enum(INVITE_ROLES, { error: "validation.choice" }),
});

export const DirectoryFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  district: z.string().refine(isDistrictCode).optional().catch(undefined),
  type: z.enum(ORG_TYPES).optional().catch(undefined),
  area: z.enum(SERVICE_AREAS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const QueueFilterSchema = DirectoryFilterSchema.extend({
  status: z.enum(ORG_STATUSES).optional().catch(undefined),
});
