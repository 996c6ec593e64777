import { z } from "zod";
import { fields } from "~/utils/fields";
import { fenField } from "~/modules/donations/schema";

export const MATCHER_KINDS = ["FUND", "ORGANIZATION", "COMPANY"] as const;
/** Up to 1:10 (ten yuan matched per yuan given) and down to 10:1. */
const RATIO_MAX = 10;
const MAX_PLEDGE_FEN = 10_000_000_000n; // 1 亿元

const ratioPart = z
  .string({ error: "validation.required" })
  .trim()
  .regex(/^\d{1,2}$/, { error: "matchFunds.validation.ratio" })
  .transform(Number)
  .refine((n) => n >= 1 && n <= RATIO_MAX, { error: "matchFunds.validation.ratio" });

const datetime = () =>
  z
    .string({ error: "validation.required" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, { error: "validation.date" })
    // Form values are China Standard Time.
    .transform((s) => new Date(`${s.length === 10 ? `${s}T00:00` : s}:00+08:00`))
    .refine((d) => !Number.isNaN(d.getTime()), { error: "validation.date" });

/** A campaign id, or its page's address (/campaigns/<id>) pasted from the browser. */
const campaignRef = z
  .string({ error: "validation.required" })
  .trim()
  .min(1, { error: "validation.required" })
  .max(300, { error: "validation.tooLong" })
  .transform((s) => /\/campaigns\/([\w-]+)/.exec(s)?.[1] ?? s)
  .refine((s) => /^[\w-]{8,40}$/.test(s), { error: "matchFunds.validation.campaign" });

/** A matcher's pledge: matcher, campaign, ratio (donated : matched), caps in yuan, window. */
export const pledgeSchema = z
  .object({
    campaign: campaignRef,
    matcherKind: z.enum(MATCHER_KINDS, { error: "validation.choice" }),
    matcherName: fields.text(80, 2),
    matcherEmailDomain: z
      .string()
      .trim()
      .toLowerCase()
      .max(100, { error: "validation.tooLong" })
      .optional()
      .transform((v) => (v ? v.replace(/^@/, "") : null))
      .refine((v) => v === null || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(v), { error: "matchFunds.validation.domain" }),
    /** "1 : 2" = donated 1, matched 2. */
    donated: ratioPart,
    matched: ratioPart,
    perDonation: fenField(100n, MAX_PLEDGE_FEN),
    perDonorDay: fenField(100n, MAX_PLEDGE_FEN),
    total: fenField(100n, MAX_PLEDGE_FEN),
    startsAt: datetime(),
    endsAt: datetime(),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt <= v.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "matchFunds.validation.window" });
    if (v.perDonation > v.total) ctx.addIssue({ code: "custom", path: ["perDonation"], message: "matchFunds.validation.capAboveTotal" });
    if (v.perDonorDay > v.total) ctx.addIssue({ code: "custom", path: ["perDonorDay"], message: "matchFunds.validation.capAboveTotal" });
  })
  .transform((v) => ({
    campaignId: v.campaign,
    matcherKind: v.matcherKind,
    matcherName: v.matcherName,
    matcherEmailDomain: v.matcherEmailDomain,
    ratioNum: v.matched,
    ratioDen: v.donated,
    perDonationCapFen: v.perDonation,
    perDonorDayCapFen: v.perDonorDay,
    totalCapFen: v.total,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
  }));
export type PledgeInput = z.infer<typeof pledgeSchema>;

const id = z.string({ error: "validation.required" }).trim().regex(/^[\w-]{8,40}$/, { error: "validation.invalid" });

/** Staff on a pledge: approve (with the matcher's transfer reference) or reject, always with a reason. */
export const pledgeDecisionSchema = z
  .object({
    intent: z.literal("pledge"),
    pledgeId: id,
    decision: z.enum(["APPROVE", "REJECT"], { error: "validation.choice" }),
    reason: fields.text(500, 2),
    fundingRef: fields.optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "APPROVE" && !v.fundingRef) ctx.addIssue({ code: "custom", path: ["fundingRef"], message: "matchFunds.validation.fundingRef" });
  });

/** Staff on a flagged match: release (pay it) or refuse (nothing moves), always with a reason. */
export const giftDecisionSchema = z.object({
  intent: z.literal("gift"),
  giftId: id,
  decision: z.enum(["RELEASE", "REFUSE"], { error: "validation.choice" }),
  reason: fields.text(500, 2),
});

export const staffDecisionSchema = z.discriminatedUnion("intent", [pledgeDecisionSchema, giftDecisionSchema], { error: "validation.invalid" });
