import { z } from "zod";
import { fields } from "~/utils/fields";
import { fenField, MAX_DONATION_FEN } from "~/modules/donations/schema";
import { payeeShape, refinePayee } from "~/modules/safeguards/schema";

export const disbursementSchema = z
  .object({
    target: z.string().regex(/^(campaign|fund):[\w-]+$/, { error: "validation.choice" }),
    amount: fenField(1n, MAX_DONATION_FEN * 100n),
    date: fields.date(),
    recipientMasked: fields.text(60),
    purpose: fields.text(300),
    ...payeeShape,
    trancheId: z.string().trim().max(40, { error: "validation.invalid" }).optional().transform((v) => (v ? v : undefined)),
  })
  .superRefine((v, ctx) => {
    refinePayee(v, ctx);
    // The recipient is shown publicly: a masked name only, never an ID or phone number.
    if (/\d{6,}/.test(v.recipientMasked)) ctx.addIssue({ code: "custom", path: ["recipientMasked"], message: "validation.noPersonalData" });
    if (/\d{11,}|\d{17}[\dXx]/.test(v.purpose)) ctx.addIssue({ code: "custom", path: ["purpose"], message: "validation.noPersonalData" });
  });

export type DisbursementInput = z.infer<typeof disbursementSchema>;
