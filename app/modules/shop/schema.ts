/** Forms of the shop (cart, checkout, orders, refunds, payouts). Messages are i18n keys. */
import { z } from "zod";
import { fields } from "~/utils/fields";
import { DONATE_PROVIDERS, fenField } from "~/modules/donations/schema";

export const MAX_CART_LINES = 30;
export const MAX_LINE_QUANTITY = 999;
export const BUYER_KINDS = ["INDIVIDUAL", "ENTERPRISE", "GOVERNMENT", "SCHOOL_CANTEEN", "ORGANIZATION"] as const;

const id = z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(40, { error: "validation.invalid" }).regex(/^[a-z0-9]+$/i, { error: "validation.invalid" });
const quantity = z.coerce.number({ error: "shop.errors.badQuantity" }).int({ error: "shop.errors.badQuantity" }).min(1, { error: "shop.errors.badQuantity" }).max(MAX_LINE_QUANTITY, { error: "shop.cart.errors.tooMany" });

export const cartActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), productId: id, quantity: quantity.optional().default(1) }),
  z.object({ intent: z.literal("update"), productId: id, quantity }),
  z.object({ intent: z.literal("remove"), productId: id }),
  z.object({ intent: z.literal("clear") }),
], { error: "validation.invalid" });

/** Posted without an intent (a product page's "add to cart" button): add. */
export function normaliseCartForm(values: Record<string, unknown>) {
  return { intent: "add", ...values };
}

export const checkoutSchema = z.object({
  recipientName: fields.text(40, 2),
  recipientPhone: fields.phone(),
  address: fields.text(200, 6),
  email: z
    .string()
    .trim()
    .max(200, { error: "validation.tooLong" })
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.email({ error: "validation.email" }).optional()),
  buyerKind: z.enum(BUYER_KINDS, { error: "validation.invalid" }).default("INDIVIDUAL"),
  pledgeId: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** How the buyer pays, among what the platform offers (checked again by the service). Absent from older forms: Stripe (or its test checkout). */
  provider: z.enum(DONATE_PROVIDERS, { error: "payway.errors.notOffered" }).optional(),
});
export type CheckoutInput = z.infer<typeof checkoutSchema>;

export const shipSchema = z.object({
  intent: z.literal("ship"),
  carrier: fields.text(40, 2),
  trackingNumber: fields.text(40, 4).pipe(z.string().regex(/^[A-Za-z0-9-]+$/, { error: "shop.orders.errors.trackingNumber" })),
});

export const cancelSchema = z.object({ intent: z.literal("cancel"), reason: fields.text(200, 2) });

export const refundRequestSchema = z.object({
  intent: z.literal("refund"),
  orderId: id,
  amount: fenField(1n, 99_999_999n),
  reason: fields.text(300, 2),
  restockQuantity: z.coerce.number({ error: "shop.errors.badQuantity" }).int({ error: "shop.errors.badQuantity" }).min(0, { error: "shop.errors.badQuantity" }).max(MAX_LINE_QUANTITY * MAX_CART_LINES, { error: "shop.errors.badQuantity" }).optional().default(0),
});

export const refundDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), refundId: id }),
  z.object({ intent: z.literal("reject"), refundId: id, reason: fields.text(300, 2) }),
], { error: "validation.invalid" });

export const payoutSchema = z.object({
  amount: fenField(1n, 99_999_999_999n),
  paidOn: fields.date(),
  reference: fields.optionalText(100),
  note: fields.optionalText(300),
});
