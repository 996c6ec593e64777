import { z } from "zod";
import { fields } from "~/utils/fields";
import { DISTRICT_CODES } from "~/modules/districts/districts";
import { yuanToFen } from "~/modules/goods/schema";
import { withoutPersonalData } from "~/modules/accounts/personal-data";
import { BUYER_KINDS, EVENT_CHANNELS, PRODUCT_CATEGORIES, SALES_CHANNELS } from "./constants";

/** Today in Shanghai (YYYY-MM-DD): a sale cannot be dated later. */
export function shanghaiToday() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** "12.5" → "12.5" (at most 3 decimals, above 0, below the column's 11 integer digits); null when not such a number. */
export function parseQuantity(raw: string): string | null {
  const s = raw.replace(/[,，\s]/g, "");
  const m = /^(\d{1,11})(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) return null;
  const norm = `${BigInt(m[1]!)}${m[2] && /[1-9]/.test(m[2]) ? `.${m[2].replace(/0+$/, "")}` : ""}`;
  return norm === "0" ? null : norm;
}

const optionalId = () => fields.optionalText(40);
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.literal(""), z.enum(values, { error: "validation.choice" })])
    .optional()
    .transform((v) => (v ? v : undefined));

const soldOn = () =>
  fields
    .date()
    .refine((s) => s >= "2000-01-01", { error: "validation.date" })
    .refine((s) => s <= shanghaiToday(), { error: "sales.errors.dateInFuture" });

export const SaleSchema = z
  .object({
    soldOn: soldOn(),
    producerId: optionalId(),
    productId: optionalId(),
    productName: fields.optionalText(60),
    category: optionalEnum(PRODUCT_CATEGORIES),
    quantity: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        const q = parseQuantity(v);
        if (q === null) {
          ctx.addIssue({ code: "custom", message: "sales.errors.quantity" });
          return z.NEVER;
        }
        return q;
      }),
    unit: fields.optionalText(10),
    amount: z
      .string({ error: "validation.required" })
      .trim()
      .min(1, { error: "validation.required" })
      .transform((v, ctx) => {
        const fen = yuanToFen(v);
        if (fen === null || fen <= 0n) {
          ctx.addIssue({ code: "custom", message: "sales.errors.amount" });
          return z.NEVER;
        }
        return fen;
      }),
    channel: z.enum(SALES_CHANNELS, { error: "validation.choice" }),
    buyerKind: z.enum(BUYER_KINDS, { error: "validation.choice" }),
    buyerName: fields.optionalText(100),
    districtCode: optionalEnum(DISTRICT_CODES),
    eventId: optionalId(),
    pledgeId: optionalId(),
    needResponseId: optionalId(),
  })
  // `when`: checked even when other fields failed, so the form lists every problem at once.
  .refine((v) => Boolean(v.productId || v.category), { path: ["category"], message: "sales.errors.productOrCategory", when: () => true })
  // A product names its producer; without either, the district of origin is needed.
  .refine((v) => Boolean(v.producerId || v.productId || v.districtCode), { path: ["districtCode"], message: "sales.errors.districtRequired", when: () => true });

export type SaleInput = z.infer<typeof SaleSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);

export const SalesFilterSchema = z.object({
  channel: z.enum(SALES_CHANNELS).optional().catch(undefined),
  from: isoDate,
  to: isoDate,
});
export type SalesFilter = z.infer<typeof SalesFilterSchema>;

export const EventSchema = z
  .object({
    channel: z.enum(EVENT_CHANNELS, { error: "validation.choice" }),
    // Events are public: no ID numbers or mobile numbers in their text.
    title: withoutPersonalData(fields.text(100)),
    startsOn: fields.date(),
    endsOn: fields.date(),
    districtCode: z.enum(DISTRICT_CODES, { error: "validation.district" }),
    place: withoutPersonalData(fields.text(100)),
    description: withoutPersonalData(fields.optionalText(2000)),
    producerIds: z.array(z.string().trim().max(40)).max(500).default([]),
    otherProducerCodes: fields.optionalText(4000),
  })
  .refine((v) => !(typeof v.startsOn === "string" && typeof v.endsOn === "string" && v.endsOn < v.startsOn), { path: ["endsOn"], message: "sales.errors.eventEnds", when: () => true });
export type EventInput = z.infer<typeof EventSchema>;

export const EventFilterSchema = z.object({
  district: z.enum(DISTRICT_CODES).optional().catch(undefined),
  channel: z.enum(EVENT_CHANNELS).optional().catch(undefined),
});
export type EventFilter = z.infer<typeof EventFilterSchema>;
