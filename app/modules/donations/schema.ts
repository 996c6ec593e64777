import { z } from "zod";
import { fields } from "~/utils/fields";
import { withoutPersonalData } from "~/modules/accounts/personal-data";
import { DONATE_PROVIDERS, MAX_DONATION_FEN, MIN_DONATION_FEN, yuanToFen } from "~/modules/donations/amounts";

export { DONATE_PROVIDERS, MAX_DONATION_FEN, MIN_DONATION_FEN, PRESET_YUAN, yuanToFen, type DonateProvider } from "~/modules/donations/amounts";

export const fenField = (min: bigint, max: bigint) =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, { error: "validation.required" })
    .transform((s, ctx) => {
      const fen = yuanToFen(s);
      if (fen === null) {
        ctx.addIssue({ code: "custom", message: "funding.validation.amount" });
        return z.NEVER;
      }
      if (fen < min) {
        ctx.addIssue({ code: "custom", message: "funding.validation.amountMin" });
        return z.NEVER;
      }
      if (fen > max) {
        ctx.addIssue({ code: "custom", message: "funding.validation.amountMax" });
        return z.NEVER;
      }
      return fen;
    });

export const donateSchema = z
  .object({
    /** Absent from forms older than the provider choice: Stripe (or its test checkout), as they meant. */
    provider: z.enum(DONATE_PROVIDERS, { error: "payway.errors.notOffered" }).optional(),
    /** A preset amount chosen by radio, or "other" with the free amount. */
    preset: z.string().optional(),
    amount: z.string().optional(),
    donorName: fields.optionalText(40),
    email: z.string().trim().max(200).optional(),
    anonymous: fields.checkbox(),
    message: withoutPersonalData(fields.optionalText(200)),
  })
  .transform((v, ctx) => {
    const raw = v.preset && v.preset !== "other" ? v.preset : (v.amount ?? "");
    const parsed = fenField(MIN_DONATION_FEN, MAX_DONATION_FEN).safeParse(raw);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: parsed.error.issues[0]?.message ?? "funding.validation.amount" });
      return z.NEVER;
    }
    const email = v.email ? v.email : undefined;
    if (email && !z.email().safeParse(email).success) {
      ctx.addIssue({ code: "custom", path: ["email"], message: "validation.email" });
      return z.NEVER;
    }
    return { amountFen: parsed.data, provider: v.provider ?? ("STRIPE" as const), donorName: v.donorName, email, anonymous: v.anonymous, message: v.message };
  });

export type DonateInput = z.infer<typeof donateSchema>;

export const refundSchema = z.object({
  donationId: z.string().min(1),
  amount: fenField(1n, MAX_DONATION_FEN),
  reason: fields.text(200),
});

/** Staff releasing a held payment (one that arrived while its campaign/fund was suspended). */
export const releaseSchema = z.object({
  donationId: z.string().min(1),
  reason: fields.text(200),
});
