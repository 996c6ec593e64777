import { z } from "zod";
import { fields } from "~/utils/fields";
import { DISTRICT_CODES } from "~/modules/districts/districts";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";

export const GOODS_CATEGORIES = ["FOOD", "CLOTHING", "DAILY_NECESSITIES", "MEDICAL", "EDUCATION", "EQUIPMENT", "OTHER"] as const;

/** "1,234.5" yuan → fen as bigint, without floating point. */
export function yuanToFen(raw: string): bigint | null {
  const s = raw.replace(/[,，\s¥￥元]/g, "");
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

const yuan = () =>
  z
    .string({ error: "validation.required" })
    .trim()
    .transform((v, ctx) => {
      const fen = yuanToFen(v);
      if (fen === null) {
        ctx.addIssue({ code: "custom", message: "validation.number" });
        return z.NEVER;
      }
      return fen;
    });

const quantity = () => z.coerce.number({ error: "validation.number" }).int({ error: "validation.number" }).min(1, { error: "validation.number" }).max(10_000_000, { error: "validation.number" });

export const receiveSchema = z.object({
  itemName: fields.text(60),
  category: z.enum(GOODS_CATEGORIES, { error: "validation.choice" }),
  unit: fields.text(10),
  donorName: fields.text(80),
  quantity: quantity(),
  value: yuan(),
  receivedOn: fields.date(),
  districtCode: z.enum(DISTRICT_CODES, { error: "validation.district" }),
  needId: fields.optionalText(40),
  campaignId: fields.optionalText(40),
  fundId: fields.optionalText(40),
  projectId: fields.optionalText(40),
  note: fields.optionalText(200),
});

export const distributeSchema = z.object({
  itemId: fields.text(40),
  quantity: quantity(),
  distributedOn: fields.date(),
  districtCode: z.enum(DISTRICT_CODES, { error: "validation.district" }),
  place: fields.text(100),
  beneficiaryId: fields.optionalText(40),
  recipientLabel: fields.optionalText(100),
  headCount: z.coerce.number({ error: "validation.number" }).int().min(0).max(1_000_000).catch(0),
  groups: z.array(z.enum(BENEFICIARY_GROUPS, { error: "validation.choice" })).max(BENEFICIARY_GROUPS.length),
});

export type ReceiveInput = z.infer<typeof receiveSchema>;
export type DistributeInput = z.infer<typeof distributeSchema>;
