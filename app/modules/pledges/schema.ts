import { z } from "zod";
import { fields } from "~/utils/fields";
import { isDistrictCode } from "~/modules/districts/districts";
import { withoutPersonalData } from "~/modules/accounts/personal-data";
import { yuanToFen } from "~/modules/donations/schema";
import { isValidCreditCode, normalizeCreditCode } from "~/modules/organizations/credit-code";
import { MAX_SHARE_BP, percentToBp } from "./rules";

/** Buyer kinds a buying unit may have (a private person is a buyer, never a unit). */
export const UNIT_KINDS = ["ENTERPRISE", "GOVERNMENT", "SCHOOL_CANTEEN", "ORGANIZATION"] as const;
/** The canteen question is answered explicitly: a unit without one declares so (and owes no canteen share). */
export const CANTEEN_ANSWERS = ["HAS", "NONE"] as const;

const districtField = () => z.string({ error: "validation.district" }).refine(isDistrictCode, { error: "validation.district" });

export const buyingUnitSchema = z
  .object({
    name: withoutPersonalData(fields.text(100, 2)),
    kind: z.enum(UNIT_KINDS, { error: "validation.choice" }),
    creditCode: z
      .string()
      .optional()
      .transform((v) => (v ? normalizeCreditCode(v) : undefined))
      .refine((v) => !v || isValidCreditCode(v), { error: "pledges.validation.creditCodeInvalid" }),
    districtCode: districtField(),
    isBudgetUnit: fields.checkbox(),
    canteen: z.enum(CANTEEN_ANSWERS, { error: "pledges.validation.canteenAnswer" }),
    contactName: fields.text(30),
    contactPhone: fields.phone(),
    managerEmail: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, { error: "validation.tooLong" })
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => !v || z.email().safeParse(v).success, { error: "validation.email" }),
  })
  .superRefine((v, ctx) => {
    // A school canteen that declares it has no canteen contradicts itself.
    if (v.kind === "SCHOOL_CANTEEN" && v.canteen === "NONE") ctx.addIssue({ code: "custom", path: ["canteen"], message: "pledges.validation.canteenKindNeedsCanteen" });
  });
export type BuyingUnitInput = z.infer<typeof buyingUnitSchema>;

/** Yuan typed in a form → integer fen (no floating point); empty → undefined when optional. */
const yuanField = (opts: { optional: boolean }) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (!s) {
        if (!opts.optional) ctx.addIssue({ code: "custom", message: "validation.required" });
        return undefined;
      }
      const fen = yuanToFen(s);
      if (fen === null || fen <= 0n) {
        ctx.addIssue({ code: "custom", message: "pledges.validation.amount" });
        return z.NEVER;
      }
      return fen;
    });

export const MIN_PLEDGE_YEAR = 2020;

export const pledgeSchema = z
  .object({
    year: z.coerce.number({ error: "pledges.validation.year" }).int({ error: "pledges.validation.year" }).min(MIN_PLEDGE_YEAR, { error: "pledges.validation.year" }).max(2100, { error: "pledges.validation.year" }),
    pledged: yuanField({ optional: false }),
    targetDistrictCode: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => !v || isDistrictCode(v), { error: "validation.district" }),
    targetProducerId: z
      .string()
      .trim()
      .max(40, { error: "validation.choice" })
      .optional()
      .transform((v) => v || undefined),
    canteenBudget: yuanField({ optional: true }),
    /** Percent with up to two decimals ("10", "12.5"); stored in basis points. Empty → the configured share. */
    sharePercent: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        const bp = percentToBp(v);
        if (bp === null || bp > MAX_SHARE_BP) {
          ctx.addIssue({ code: "custom", message: "pledges.validation.sharePercent" });
          return z.NEVER;
        }
        return bp;
      }),
    note: withoutPersonalData(fields.optionalText(500)),
  })
  .superRefine((v, ctx) => {
    if (!v.targetDistrictCode && !v.targetProducerId) ctx.addIssue({ code: "custom", path: ["targetDistrictCode"], message: "pledges.validation.targetRequired" });
  });
export type PledgeInput = z.infer<typeof pledgeSchema> & { pledged: bigint };

/** Staff overview filters (GET): a bad value falls back to the default instead of failing. */
export const overviewFilterSchema = z.object({
  year: z.coerce.number().int().min(MIN_PLEDGE_YEAR).max(2100).optional().catch(undefined),
  district: z.string().refine(isDistrictCode).optional().catch(undefined),
  asOf: fields.date().optional().catch(undefined),
});
export type OverviewFilter = z.infer<typeof overviewFilterSchema>;
