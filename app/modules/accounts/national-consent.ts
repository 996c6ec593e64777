import { z } from "zod";
import { isValidIdNumber, normalizeIdNumber } from "./id-number";

/**
 * Consent to report one's real name and ID number to the national volunteer-service information
 * system: the ID number is typed again (validated as at sign-up) and the box ticked.
 */
export const NationalConsentSchema = z.object({
  intent: z.literal("nationalConsent"),
  idNumber: z
    .string({ error: "validation.required" })
    .trim()
    .min(1, { error: "validation.required" })
    .max(30, { error: "validation.tooLong" })
    .transform(normalizeIdNumber)
    .refine((v) => isValidIdNumber(v), { error: "accounts.profile.idInvalid" }),
  agree: z.literal("on", { error: "national.consent.agreeRequired" }),
});

export const NationalWithdrawSchema = z.object({ intent: z.literal("nationalWithdraw") });
