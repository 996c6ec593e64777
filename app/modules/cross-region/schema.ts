import { z } from "zod";
import { fields } from "~/utils/fields";
import { DISTRICT_CODES } from "~/modules/districts/districts";
import { GOODS_CATEGORIES, yuanToFen } from "~/modules/goods/schema";
import { HOME_PROVINCE, PROVINCES } from "./provinces";
import { PAIRING_STATUSES, PAIRING_TARGETS } from "./kinds";

export { PAIRING_STATUSES, PAIRING_TARGETS };

export const PAIRING_DECISIONS = ["APPROVE", "REJECT", "END"] as const;

const OTHER_PROVINCES = PROVINCES.map((p) => p.code).filter((c) => c !== HOME_PROVINCE) as [string, ...string[]];

const optionalPhone = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => !v || /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(v), { error: "validation.phone" });

const optionalDate = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), { error: "validation.date" });

/** A cooperation agreement as bureau staff record and edit it. */
export const agreementSchema = z
  .object({
    title: fields.text(120, 4),
    partnerName: fields.text(80, 2),
    partnerProvince: z.enum(OTHER_PROVINCES, { error: "crossRegion.errors.province" }),
    localName: fields.text(80, 2),
    localDistrictCode: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.enum(DISTRICT_CODES, { error: "validation.district" }).optional()),
    startsOn: fields.date(),
    endsOn: optionalDate(),
    partnerLiaisonName: fields.optionalText(30),
    partnerLiaisonPhone: optionalPhone(),
    localLiaisonName: fields.optionalText(30),
    localLiaisonPhone: optionalPhone(),
    summary: fields.optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "crossRegion.errors.endsBeforeStart" });
  });
export type AgreementInput = z.infer<typeof agreementSchema>;

/** A pairing: the supporting organization and one target (a project, fund or need id, or a district). */
export const pairingSchema = z
  .object({
    supportOrgId: fields.text(40),
    target: z.enum(PAIRING_TARGETS, { error: "validation.choice" }),
    targetId: fields.optionalText(40),
    districtCode: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.enum(DISTRICT_CODES, { error: "validation.district" }).optional()),
    agreementId: fields.optionalText(40),
    note: fields.optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (v.target === "DISTRICT" && !v.districtCode) ctx.addIssue({ code: "custom", path: ["districtCode"], message: "validation.district" });
    if (v.target !== "DISTRICT" && !v.targetId) ctx.addIssue({ code: "custom", path: ["targetId"], message: "crossRegion.errors.targetRequired" });
  });
export type PairingInput = z.infer<typeof pairingSchema>;

/** The organization's own request: the same without the supporting organization (it is the one asking). */
export const pairingRequestSchema = z
  .object({
    target: z.enum(PAIRING_TARGETS, { error: "validation.choice" }),
    targetId: fields.optionalText(40),
    districtCode: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.enum(DISTRICT_CODES, { error: "validation.district" }).optional()),
    note: fields.optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (v.target === "DISTRICT" && !v.districtCode) ctx.addIssue({ code: "custom", path: ["districtCode"], message: "validation.district" });
    if (v.target !== "DISTRICT" && !v.targetId) ctx.addIssue({ code: "custom", path: ["targetId"], message: "crossRegion.errors.targetRequired" });
  });

export const decisionSchema = z.object({
  decision: z.enum(PAIRING_DECISIONS, { error: "validation.choice" }),
});

const yuan = () =>
  z
    .string({ error: "validation.required" })
    .trim()
    .transform((v, ctx) => {
      const fen = yuanToFen(v);
      if (fen === null || fen <= 0n) {
        ctx.addIssue({ code: "custom", message: "validation.number" });
        return z.NEVER;
      }
      return fen;
    });

/**
 * Money given under a pairing, recorded by staff from the bank slip: it is posted to the ledger as
 * an offline donation. For a need or a district the receiving Chongqing organization is named.
 */
export const pairingMoneySchema = z.object({
  amount: yuan(),
  occurredOn: fields.date(),
  externalRef: fields.text(100),
  recipientOrgId: fields.optionalText(40),
});
export type PairingMoneyInput = z.infer<typeof pairingMoneySchema>;

/** Goods given under a pairing: a goods receipt of the receiving organization. */
export const pairingGoodsSchema = z.object({
  itemName: fields.text(60),
  category: z.enum(GOODS_CATEGORIES, { error: "validation.choice" }),
  unit: fields.text(10),
  quantity: z.coerce.number({ error: "validation.number" }).int({ error: "validation.number" }).min(1, { error: "validation.number" }).max(10_000_000, { error: "validation.number" }),
  value: yuan(),
  receivedOn: fields.date(),
  recipientOrgId: fields.optionalText(40),
});
export type PairingGoodsInput = z.infer<typeof pairingGoodsSchema>;
