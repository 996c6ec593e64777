import { z } from "zod";
import { fields } from "~/utils/fields";
import { isDistrictCode } from "~/modules/districts/districts";
import { NEED_CATEGORIES } from "~/modules/needs/types";

export const HELP_STATUSES = ["NEW", "CONVERTED", "REFERRED", "CLOSED"] as const;
export type HelpStatus = (typeof HELP_STATUSES)[number];

/** Documents: a few photos or PDFs (diagnosis, household proof), each at most this size. */
export const HELP_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
export const HELP_MAX_DOCUMENTS = 3;

/**
 * The public help-request form. Medical details and a child's details are sensitive personal
 * information (PIPL art. 28–31): each needs its own consent, and a child's the guardian's. Without
 * it the form is refused (400) rather than saved without the field, so nothing is kept by surprise.
 */
export const HelpRequestSchema = z
  .object({
    forWhom: z.enum(["SELF", "OTHER"], { error: "validation.choice" }),
    category: z.enum(NEED_CATEGORIES, { error: "validation.choice" }),
    districtCode: z.string({ error: "validation.district" }).refine(isDistrictCode, { error: "validation.district" }),
    town: fields.optionalText(40),
    village: fields.optionalText(40),
    needText: fields.text(2000, 10),
    contactName: fields.text(40, 2),
    contactPhone: fields.phone(),
    medicalDetails: fields.optionalText(2000),
    medicalConsent: fields.checkbox(),
    involvesChild: fields.checkbox(),
    childDetails: fields.optionalText(2000),
    guardianName: fields.optionalText(40),
    guardianConsent: fields.checkbox(),
  })
  .superRefine((v, ctx) => {
    if (v.medicalDetails && !v.medicalConsent) ctx.addIssue({ code: "custom", path: ["medicalConsent"], message: "help.errors.medicalConsentNeeded" });
    if (v.childDetails) {
      if (!v.involvesChild) ctx.addIssue({ code: "custom", path: ["involvesChild"], message: "help.errors.childFlagNeeded" });
      if (!v.guardianName) ctx.addIssue({ code: "custom", path: ["guardianName"], message: "help.errors.guardianNameNeeded" });
      if (!v.guardianConsent) ctx.addIssue({ code: "custom", path: ["guardianConsent"], message: "help.errors.guardianConsentNeeded" });
    }
  })
  .transform((v) => ({
    forWhom: v.forWhom,
    category: v.category,
    districtCode: v.districtCode,
    town: v.town ?? null,
    village: v.village ?? null,
    needText: v.needText,
    contactName: v.contactName,
    contactPhone: v.contactPhone,
    // A consent ticked for an empty field records nothing: consent goes with the data it covers.
    medicalDetails: v.medicalDetails ?? null,
    involvesChild: v.involvesChild || Boolean(v.childDetails),
    childDetails: v.childDetails ?? null,
    guardianName: v.childDetails ? (v.guardianName ?? null) : null,
  }));
export type HelpRequestInput = z.output<typeof HelpRequestSchema>;

/** The tracking code as typed: letters and digits of our alphabet, dashes and spaces ignored. */
export const TrackSchema = z.object({
  code: z
    .string({ error: "validation.required" })
    .transform((s) => s.toUpperCase().replace(/[\s-]/g, ""))
    .pipe(z.string().min(1, { error: "validation.required" }).regex(/^[A-HJ-NP-Z2-9]{12}$/, { error: "help.errors.codeFormat" })),
});

export const QueueFilterSchema = z.object({
  status: z.enum(HELP_STATUSES).catch("NEW").default("NEW"),
  district: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v && isDistrictCode(v) ? v : undefined)),
});

/** Referral to social assistance (社会救助) or closing: a note the requester will read. */
export const OutcomeSchema = z.object({
  intent: z.enum(["refer", "close"], { error: "validation.choice" }),
  note: fields.text(500, 4),
});

export const IntentSchema = z.object({ intent: z.enum(["convert", "refer", "close"], { error: "validation.choice" }) });
