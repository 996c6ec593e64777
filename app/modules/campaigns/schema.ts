import { z } from "zod";
import { fields } from "~/utils/fields";
import { isDistrictCode } from "~/modules/districts/districts";
import { fenField, yuanToFen } from "~/modules/donations/schema";
import { withoutPersonalData } from "~/modules/accounts/personal-data";
import { filingNumberField } from "./filing";
import { checkPlatformUrl, isPlatformCode, type PlatformCode } from "~/modules/platforms/platforms";

import { PageSchema } from "~/utils/page-schema";
import { CAMPAIGN_KINDS, DOCUMENT_KINDS } from "./kinds";

export * from "./kinds";

export const BUDGET_ROWS = 6;
/** Goals from 100 yuan to 10 million yuan. */
export const MIN_GOAL_FEN = 10_000n;
export const MAX_GOAL_FEN = 1_000_000_000n;

const todayIso = () => new Date().toISOString().slice(0, 10);

export const campaignSchema = z
  .object({
    kind: z.enum(CAMPAIGN_KINDS, { error: "validation.choice" }),
    title: withoutPersonalData(fields.text(60, 4)),
    story: withoutPersonalData(fields.text(5000, 20)),
    beneficiaryMasked: fields.text(20).refine((s) => s.includes("某") || s.includes("*"), { error: "funding.validation.maskedName" }),
    districtCode: z.string({ error: "validation.district" }).refine(isDistrictCode, { error: "validation.district" }),
    goal: fenField(MIN_GOAL_FEN, MAX_GOAL_FEN),
    deadline: fields.date().refine((d) => d >= todayIso(), { error: "funding.validation.deadlinePast" }),
    filingNumber: filingNumberField(),
    needId: fields.optionalText(40),
    budgetItem: z.array(z.string().trim().max(60, { error: "validation.tooLong" })),
    budgetAmount: z.array(z.string().trim()),
    // Designated-platform fundraising (#14.4): which platform, the project's id and link there.
    designatedPlatform: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || isPlatformCode(v), { error: "validation.choice" })
      .transform((v) => (v ? (v as PlatformCode) : null)),
    platformProjectId: z
      .string()
      .trim()
      .max(64, { error: "validation.tooLong" })
      .regex(/^[\w.:/-]*$/, { error: "platforms.validation.projectId" })
      .optional()
      .transform((v) => v || null),
    platformUrl: z
      .string()
      .trim()
      .max(500, { error: "validation.tooLong" })
      .optional()
      .transform((v) => v || null),
  })
  .transform((v, ctx) => {
    if (!v.designatedPlatform) {
      if (v.platformProjectId) ctx.addIssue({ code: "custom", path: ["designatedPlatform"], message: "platforms.validation.platformRequired" });
      if (v.platformUrl) ctx.addIssue({ code: "custom", path: ["designatedPlatform"], message: "platforms.validation.platformRequired" });
    } else if (v.platformUrl) {
      const problem = checkPlatformUrl(v.designatedPlatform, v.platformUrl);
      if (problem) ctx.addIssue({ code: "custom", path: ["platformUrl"], message: `platforms.validation.${problem}` });
    }
    const budget: { item: string; amountFen: number }[] = [];
    v.budgetItem.forEach((item, i) => {
      const raw = v.budgetAmount[i] ?? "";
      if (!item && !raw) return;
      const fen = yuanToFen(raw);
      if (!item || fen === null || fen <= 0n) {
        ctx.addIssue({ code: "custom", path: ["budget"], message: "funding.validation.budgetRow" });
        return;
      }
      budget.push({ item, amountFen: Number(fen) });
    });
    if (!budget.length) ctx.addIssue({ code: "custom", path: ["budget"], message: "funding.validation.budgetRequired" });
    const { budgetItem: _i, budgetAmount: _a, goal, ...rest } = v;
    return { ...rest, goalFen: goal, budget };
  });

export type CampaignInput = z.infer<typeof campaignSchema>;

export const CAMPAIGN_ARRAY_FIELDS = ["budgetItem", "budgetAmount"] as const;

export const STAFF_DECISIONS = ["APPROVE", "RETURN", "REJECT", "SUSPEND", "REINSTATE"] as const;
export const staffReviewSchema = z
  .object({ decision: z.enum(STAFF_DECISIONS, { error: "validation.choice" }), reason: fields.optionalText(500) })
  .refine((v) => v.decision === "APPROVE" || v.decision === "REINSTATE" || Boolean(v.reason), { path: ["reason"], error: "funding.validation.reasonRequired" });

export const updateSchema = z.object({ body: withoutPersonalData(fields.text(2000, 4)) });

/** The public campaign list's filters (/campaigns): anything unknown is dropped, never an error. */
export const CampaignListFilterSchema = z.object({
  kind: z.enum(CAMPAIGN_KINDS).optional().catch(undefined),
  district: z.string().refine(isDistrictCode).optional().catch(undefined),
  status: z.enum(["live", "all"]).optional().catch(undefined),
  page: PageSchema,
});
