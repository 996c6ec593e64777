import { z } from "zod";
import { fields } from "~/utils/fields";
import { fenField, MAX_DONATION_FEN, MIN_DONATION_FEN } from "~/modules/donations/schema";
import { isPeriod, MAX_GIFT_DAY } from "./periods";

const day = z
  .string({ error: "validation.required" })
  .trim()
  .regex(/^\d{1,2}$/, { error: "monthly.validation.day" })
  .transform((s) => Number(s))
  .refine((n) => n >= 1 && n <= MAX_GIFT_DAY, { error: "monthly.validation.day" });

/** Same bounds as one-time donations (donations/schema.ts). */
export const amountField = () => fenField(MIN_DONATION_FEN, MAX_DONATION_FEN);

export const startGiftSchema = z
  .object({
    campaignId: z.string().trim().max(40).optional().transform((v) => v || undefined),
    fundId: z.string().trim().max(40).optional().transform((v) => v || undefined),
    amount: amountField(),
    dayOfMonth: day,
    donorName: fields.optionalText(40),
    anonymous: fields.checkbox(),
  })
  .refine((v) => Boolean(v.campaignId) !== Boolean(v.fundId), { error: "monthly.validation.target" });

export type StartGiftInput = z.infer<typeof startGiftSchema>;

export const changeAmountSchema = z.object({ intent: z.literal("changeAmount"), amount: amountField() });

export const pauseSchema = z.object({
  intent: z.literal("pause"),
  /** The first month charged again (YYYY-MM), after at least one skipped month. */
  until: z
    .string({ error: "validation.required" })
    .trim()
    .refine(isPeriod, { error: "monthly.validation.month" }),
});

export const cancelSchema = z.object({ intent: z.literal("cancel"), reason: fields.optionalText(200) });

export const giftIntentSchema = z.discriminatedUnion("intent", [
  changeAmountSchema,
  pauseSchema,
  cancelSchema,
  z.object({ intent: z.literal("resume") }),
  z.object({ intent: z.literal("updatePayment") }),
]);
