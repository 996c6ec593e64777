import { z } from "zod";
import { fields } from "~/utils/fields";
import { isDistrictCode } from "~/modules/districts/districts";
import { NEED_CATEGORIES, NEED_URGENCIES, PUBLIC_NEED_STATUSES, RESPONSE_KINDS } from "./types";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";
import { findPersonalData, personalDataMessage as anyPersonalDataMessage, type PersonalDataFinding } from "~/modules/accounts/personal-data";

/** Needs word the refusal for their own page ("needs are public…"). */
const personalDataMessage = (f: PersonalDataFinding) => anyPersonalDataMessage(f, "needs.errors");

/** Yuan typed by a person ("1200", "35.5") → integer fen, without floating point. */
export function yuanToFen(s: string): bigint {
  const [whole, frac = ""] = s.split(".");
  return BigInt(whole!) * 100n + BigInt((frac + "00").slice(0, 2));
}
export const fenToYuanString = (fen: bigint | number | string | null | undefined) => {
  if (fen === null || fen === undefined) return "";
  const n = BigInt(fen);
  const cents = n % 100n;
  return cents === 0n ? String(n / 100n) : `${n / 100n}.${String(cents).padStart(2, "0")}`;
};

/** Free text that must not carry personal data: the first finding becomes the field's message. */
const publicText = (max: number, min = 1) =>
  fields.text(max, min).superRefine((v, ctx) => {
    const f = findPersonalData(v);
    if (f) ctx.addIssue({ code: "custom", message: personalDataMessage(f) });
  });
const optionalPublicText = (max: number) =>
  fields.optionalText(max).superRefine((v, ctx) => {
    const f = findPersonalData(v);
    if (f) ctx.addIssue({ code: "custom", message: personalDataMessage(f) });
  });

const optionalInt = (max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      if (!/^\d{1,9}$/.test(v) || Number(v) < 1 || Number(v) > max) {
        ctx.addIssue({ code: "custom", message: "needs.errors.positiveInt" });
        return z.NEVER;
      }
      return Number(v);
    });

const optionalYuan = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      if (!/^\d{1,10}(\.\d{1,2})?$/.test(v) || yuanToFen(v) <= 0n) {
        ctx.addIssue({ code: "custom", message: "needs.errors.yuan" });
        return z.NEVER;
      }
      return yuanToFen(v);
    });

export const MAX_GOODS_LINES = 5;

const GoodsLine = z.object({ name: optionalPublicText(40), quantity: optionalInt(10_000_000), unit: fields.optionalText(10) });

/** The form sends goods lines as goodsName0/goodsQuantity0/goodsUnit0…; gather them into `goods`. */
function gatherGoods(raw: unknown) {
  if (!raw || typeof raw !== "object") return raw;
  const rec = raw as Record<string, unknown>;
  const goods = Array.from({ length: MAX_GOODS_LINES }, (_, i) => ({ name: rec[`goodsName${i}`] ?? "", quantity: rec[`goodsQuantity${i}`] ?? "", unit: rec[`goodsUnit${i}`] ?? "" }));
  return { ...rec, goods: Array.isArray(rec.goods) ? rec.goods : goods };
}

const NeedObject = z
  .object({
    title: publicText(80, 4),
    description: publicText(3000, 10),
    category: z.enum(NEED_CATEGORIES, { error: "validation.choice" }),
    urgency: z.enum(NEED_URGENCIES, { error: "validation.choice" }).default("NORMAL"),
    districtCode: z.string({ error: "validation.district" }).refine(isDistrictCode, { error: "validation.district" }),
    town: optionalPublicText(40),
    village: optionalPublicText(40),
    peopleAffected: optionalInt(10_000_000),
    beneficiaryGroups: z.array(z.enum(BENEFICIARY_GROUPS, { error: "validation.choice" })).max(BENEFICIARY_GROUPS.length).default([]),
    wantVolunteers: optionalInt(100_000),
    wantMoneyYuan: optionalYuan(),
    produceName: optionalPublicText(40),
    produceQuantity: optionalInt(100_000_000),
    produceUnit: fields.optionalText(10),
    producePriceYuan: optionalYuan(),
    deadline: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .pipe(fields.date().optional()),
    goods: z.array(GoodsLine).max(MAX_GOODS_LINES, { error: "validation.tooLong" }).default([]),
  })
  .superRefine((v, ctx) => {
    for (const line of v.goods) {
      if ((line.name || line.quantity || line.unit) && !(line.name && line.quantity && line.unit)) ctx.addIssue({ code: "custom", path: ["goods"], message: "needs.errors.goodsLineIncomplete" });
    }
    const produce = [v.produceName, v.produceQuantity, v.produceUnit, v.producePriceYuan];
    if (produce.some(Boolean) && !produce.every(Boolean)) ctx.addIssue({ code: "custom", path: ["produceName"], message: "needs.errors.produceIncomplete" });
    const hasGoods = v.goods.some((l) => l.name);
    if (!v.wantVolunteers && !v.wantMoneyYuan && !hasGoods && !v.produceName) ctx.addIssue({ code: "custom", path: ["wantVolunteers"], message: "needs.errors.nothingWanted" });
  })
  .transform((v) => {
    const goods = v.goods.filter((l) => l.name && l.quantity && l.unit).map((l, position) => ({ name: l.name!, quantity: l.quantity!, unit: l.unit!, position }));
    return {
      title: v.title,
      description: v.description,
      category: v.category,
      urgency: v.urgency,
      districtCode: v.districtCode,
      town: v.town,
      village: v.village,
      peopleAffected: v.peopleAffected,
      beneficiaryGroups: v.beneficiaryGroups,
      wantVolunteers: v.wantVolunteers,
      wantMoneyFen: v.wantMoneyYuan,
      produceName: v.produceName,
      produceQuantity: v.produceQuantity,
      produceUnit: v.produceUnit,
      producePriceFen: v.producePriceYuan,
      deadline: v.deadline,
      goods,
    };
  });
export const NeedSchema = z.preprocess(gatherGoods, NeedObject);
export type NeedInput = z.output<typeof NeedSchema>;
export const NEED_ARRAY_FIELDS = ["beneficiaryGroups"] as const;

export const ResponseSchema = z
  .object({
    kind: z.enum(RESPONSE_KINDS, { error: "validation.choice" }),
    message: optionalPublicText(500),
    volunteerCount: optionalInt(100_000),
    projectId: fields.optionalText(40),
    amountYuan: optionalYuan(),
    goodsItemId: fields.optionalText(40),
    quantity: optionalInt(100_000_000),
    unitPriceYuan: optionalYuan(),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, ok: unknown) => {
      if (!ok) ctx.addIssue({ code: "custom", path: [path], message: "validation.required" });
    };
    if (v.kind === "VOLUNTEERS") need("volunteerCount", v.volunteerCount);
    if (v.kind === "MONEY") need("amountYuan", v.amountYuan);
    if (v.kind === "GOODS") {
      need("goodsItemId", v.goodsItemId);
      need("quantity", v.quantity);
    }
    if (v.kind === "PURCHASE") {
      need("quantity", v.quantity);
      need("unitPriceYuan", v.unitPriceYuan);
    }
  })
  .transform((v) => ({
    kind: v.kind,
    message: v.message,
    volunteerCount: v.kind === "VOLUNTEERS" ? v.volunteerCount : undefined,
    projectId: v.kind === "VOLUNTEERS" ? v.projectId : undefined,
    amountFen: v.kind === "MONEY" ? v.amountYuan : undefined,
    goodsItemId: v.kind === "GOODS" ? v.goodsItemId : undefined,
    quantity: v.kind === "GOODS" || v.kind === "PURCHASE" ? v.quantity : undefined,
    unitPriceFen: v.kind === "PURCHASE" ? v.unitPriceYuan : undefined,
  }));
export type ResponseInput = z.output<typeof ResponseSchema>;

export const DecisionSchema = z.object({
  responseId: fields.text(40),
  decision: z.enum(["accept", "decline"], { error: "validation.choice" }),
  reason: optionalPublicText(300),
});

export const ReviewSchema = z.object({
  decision: z.enum(["approve", "reject", "close"], { error: "validation.choice" }),
  reason: optionalPublicText(300),
});

/** The public needs list's filters (/needs). */
export const NeedListFilterSchema = z.object({
  category: z.enum(NEED_CATEGORIES).optional().catch(undefined),
  district: z.string().refine(isDistrictCode).optional().catch(undefined),
  status: z.enum(PUBLIC_NEED_STATUSES).optional().catch(undefined),
});
