import { z } from "zod";
import { fields } from "~/utils/fields";
import { fenField } from "~/modules/donations/schema";
import { withoutPersonalData } from "~/modules/accounts/personal-data";

/** One yuan to ten million yuan per transfer. */
const MIN_FEN = 100n;
const MAX_FEN = 1_000_000_000n;

const todayInChina = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

/**
 * A bank transfer received by the organization. The reference (bank slip or transaction number)
 * is the de-duplication key: recording the same one twice changes nothing. `target` is empty (the
 * organization), `campaign:<id>` or `fund:<id>` of this organization.
 */
export const bankTransferSchema = z.object({
  amount: fenField(MIN_FEN, MAX_FEN),
  receivedOn: fields
    .date()
    .refine((d) => d <= todayInChina(), { error: "platforms.validation.dateFuture" })
    .refine((d) => d >= "2000-01-01", { error: "validation.date" }),
  payerName: withoutPersonalData(fields.text(60)),
  reference: fields
    .text(64)
    .regex(/^[\w.:/-]+$/, { error: "platforms.validation.reference" }),
  target: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^(campaign|fund):[\w-]{1,40}$/.test(v), { error: "validation.choice" })
    .transform((v) => {
      if (!v) return { campaignId: null, fundId: null };
      const [kind, id] = v.split(":") as [string, string];
      return kind === "campaign" ? { campaignId: id, fundId: null } : { campaignId: null, fundId: id };
    }),
});
export type BankTransferInput = z.infer<typeof bankTransferSchema>;
