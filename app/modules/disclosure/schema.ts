import { z } from "zod";
import { fields } from "~/utils/fields";
import { fenField } from "~/modules/donations/schema";

/** Largest figure a disclosure may state: ¥10 亿 (fen). */
const MAX_FEN = 100_000_000_000n;

/** Income or spending in yuan ("1234.56"); zero allowed (a quiet quarter is still disclosed). */
const yuan = () => fenField(0n, MAX_FEN);

export const targetQuerySchema = z.union([
  z.object({ campaignId: z.string().trim().min(1).max(64), fundId: z.undefined().optional() }),
  z.object({ fundId: z.string().trim().min(1).max(64), campaignId: z.undefined().optional() }),
]);

export const disclosureSchema = z
  .object({
    target: z.string({ error: "validation.choice" }).regex(/^(campaign|fund):[\w-]{1,64}$/, { error: "validation.choice" }),
    kind: z.enum(["PERIODIC", "FINAL"], { error: "validation.choice" }),
    periodStart: fields.date(),
    periodEnd: fields.date(),
    income: yuan(),
    spending: yuan(),
    beneficiaryProgress: fields.text(2000),
    body: fields.text(5000),
  })
  .superRefine((v, ctx) => {
    if (v.periodEnd < v.periodStart) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "disclosure.validation.periodOrder" });
    // Public text: no ID numbers or mobile numbers (beneficiaries are named masked, as elsewhere).
    for (const key of ["beneficiaryProgress", "body"] as const) {
      if (/\d{17}[\dXx]|(?<!\d)1[3-9]\d{9}(?!\d)/.test(v[key])) ctx.addIssue({ code: "custom", path: [key], message: "validation.noPersonalData" });
    }
  });

export type DisclosureInput = z.infer<typeof disclosureSchema>;

export const holdSchema = z.object({
  target: z.string({ error: "validation.choice" }).regex(/^(campaign|fund):[\w-]{1,64}$/, { error: "validation.choice" }),
  decision: z.enum(["HOLD", "LIFT"], { error: "validation.choice" }),
  reason: z.string({ error: "disclosure.validation.reasonRequired" }).trim().min(1, { error: "disclosure.validation.reasonRequired" }).max(500, { error: "validation.tooLong" }),
});

/** "campaign:ID" / "fund:ID" → the target reference. */
export function parseTarget(value: string): { campaignId?: string; fundId?: string } {
  const [kind, id] = value.split(":") as [string, string];
  return kind === "campaign" ? { campaignId: id } : { fundId: id };
}
