/** Zod schemas of the product forms (producer side, staff side, public report). Messages are i18n keys. */
import { z } from "zod";
import { fields } from "~/utils/fields";
import { isDistrictCode } from "~/modules/districts/districts";
import { withoutPersonalData } from "~/modules/accounts/personal-data";
import { PRODUCT_CATEGORIES } from "./rules";

/** 999,999.99 yuan: far above any farm product, below what a payment provider takes in one charge. */
export const MAX_PRICE_FEN = 99_999_999n;
export const MAX_STOCK_QUANTITY = 1_000_000;

/** "68", "68.5", "68.50" yuan → integer fen, without floating point (as donations convert amounts). */
export function yuanToFen(input: string): bigint | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(input.trim().replace(/[,，]/g, ""));
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

/** Integer fen → "68.50" for a form's input (no grouping, no currency sign). */
export const fenToYuanInput = (fen: bigint | string | null | undefined) => {
  if (fen === null || fen === undefined) return "";
  const n = BigInt(fen);
  return `${n / 100n}.${(n % 100n).toString().padStart(2, "0")}`;
};

/** A price in yuan with up to 2 decimals → fen; converted here, at the edge. */
function toFen(s: string, ctx: z.RefinementCtx): bigint {
  const fen = yuanToFen(s);
  if (fen === null) {
    ctx.addIssue({ code: "custom", message: "shop.products.validation.price" });
    return z.NEVER;
  }
  if (fen < 1n || fen > MAX_PRICE_FEN) {
    ctx.addIssue({ code: "custom", message: "shop.products.validation.priceRange" });
    return z.NEVER;
  }
  return fen;
}
const requiredYuan = () => z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).transform(toFen);
const optionalYuan = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((s, ctx): bigint | null => (s ? toFen(s, ctx) : null));

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (!s) return 0;
      const n = /^-?\d{1,9}$/.test(s) ? Number(s) : NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: "shop.products.validation.quantity" });
        return z.NEVER;
      }
      return n;
    });

const text = (max: number) => withoutPersonalData(fields.text(max));
const optionalText = (max: number) => withoutPersonalData(fields.optionalText(max));

const productFields = {
  name: text(60),
  category: z.enum(PRODUCT_CATEGORIES, { error: "validation.choice" }),
  unit: text(10),
  spec: optionalText(60),
  description: optionalText(2000),
  price: requiredYuan(),
  referencePrice: optionalYuan(),
  originDistrictCode: z.string({ error: "validation.district" }).refine(isDistrictCode, { error: "validation.district" }),
  originPlace: optionalText(60),
  season: optionalText(30),
  certNumber: z
    .string()
    .trim()
    .max(50, { error: "validation.tooLong" })
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => !v || /^[\p{L}\p{N}〔〕()（）[\]【】\-_/#.·\s]+$/u.test(v), { error: "shop.products.validation.certNumber" }),
  certExpiresOn: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), { error: "validation.date" }),
};

/** A certification number goes with its expiry, and an expiry with its number. */
function certTogether<T extends { certNumber?: string; certExpiresOn?: string }>(v: T, ctx: z.RefinementCtx) {
  if (v.certNumber && !v.certExpiresOn) ctx.addIssue({ code: "custom", path: ["certExpiresOn"], message: "shop.products.validation.certExpiryNeeded" });
  if (!v.certNumber && v.certExpiresOn) ctx.addIssue({ code: "custom", path: ["certNumber"], message: "shop.products.validation.certNumberNeeded" });
}

export const productSchema = z.object(productFields).superRefine(certTogether);
export type ProductInput = z.infer<typeof productSchema>;

/** A new product may arrive with its first stock (one RECEIVED movement). */
export const newProductSchema = z.object({ ...productFields, initialStock: wholeNumber(0, MAX_STOCK_QUANTITY) }).superRefine(certTogether);
export type NewProductInput = z.infer<typeof newProductSchema>;

/** Stock entries of the producer: goods received, or a signed correction (stocktake, spoilage). */
export const stockSchema = z
  .object({
    kind: z.enum(["RECEIVED", "ADJUSTED"], { error: "validation.choice" }),
    quantity: wholeNumber(-MAX_STOCK_QUANTITY, MAX_STOCK_QUANTITY),
    note: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.quantity === 0 || (v.kind === "RECEIVED" && v.quantity < 0)) ctx.addIssue({ code: "custom", path: ["quantity"], message: "shop.products.validation.quantity" });
  });

export const listingSchema = z.object({ listing: z.enum(["LIST", "UNLIST"], { error: "validation.choice" }) });

/** A member of the public reporting a product (false origin, price, quality…). */
export const reportSchema = z.object({ reason: text(500) });

export const CERT_DECISIONS = ["VERIFY", "REJECT"] as const;
export const certDecisionSchema = z.object({ decision: z.enum(CERT_DECISIONS, { error: "validation.choice" }), reason: fields.optionalText(500) }).superRefine((v, ctx) => {
  if (v.decision === "REJECT" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "shop.staff.reasonNeeded" });
});
export const takedownSchema = z.object({ reason: fields.text(500) });
export const restoreSchema = z.object({ reason: fields.optionalText(500) });
