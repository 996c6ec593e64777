/**
 * Forms of the official donation receipt (公益事业捐赠票据): the donor's request, and the
 * organization's issue, void and reissue. Messages are i18n keys (namespace `receipts`).
 */
import { z } from "zod";
import { fields } from "~/utils/fields";
import { isoDate } from "~/utils/format";
import { isValidCreditCode, normalizeCreditCode } from "~/modules/organizations/credit-code";

export const RECEIPT_STATUSES = ["REQUESTED", "ISSUED", "VOIDED"] as const;
export const PAYER_KINDS = ["PERSON", "COMPANY"] as const;

/** The electronic receipt as uploaded: PDF, OFD (the national e-invoice format) or a scan. */
export const RECEIPT_FILE_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Who the receipt is made out to. A company's tax id is its unified social credit code (checked);
 * a person's is optional (ID or passport number, letters and digits). `emailRequired` for guests,
 * the only way to tell them the receipt is ready.
 */
export function payerShape(emailRequired: boolean) {
  return z
    .object({
      payerKind: z.enum(PAYER_KINDS, { error: "validation.choice" }),
      payerName: fields.text(100),
      taxId: fields.optionalText(40),
      email: fields.optionalText(200),
    })
    .transform((v, ctx) => {
      let taxId = v.taxId ? v.taxId.toUpperCase().replace(/\s+/g, "") : undefined;
      if (v.payerKind === "COMPANY") {
        if (!taxId) ctx.addIssue({ code: "custom", path: ["taxId"], message: "receipts.validation.creditCodeRequired" });
        else if (!isValidCreditCode(taxId)) ctx.addIssue({ code: "custom", path: ["taxId"], message: "receipts.validation.creditCode" });
        else taxId = normalizeCreditCode(taxId);
      } else if (taxId && !/^[0-9A-Z-]{6,30}$/.test(taxId)) {
        ctx.addIssue({ code: "custom", path: ["taxId"], message: "receipts.validation.taxId" });
      }
      if (emailRequired && !v.email) ctx.addIssue({ code: "custom", path: ["email"], message: "receipts.validation.emailRequired" });
      else if (v.email && !z.email().safeParse(v.email).success) ctx.addIssue({ code: "custom", path: ["email"], message: "validation.email" });
      return { payerKind: v.payerKind, payerName: v.payerName, taxId: taxId ?? null, email: v.email ?? null };
    });
}
export type PayerInput = z.output<ReturnType<typeof payerShape>>;

const receiptNo = (max: number) =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, { error: "validation.required" })
    .transform((s) => s.toUpperCase().replace(/\s+/g, ""))
    .pipe(z.string().regex(new RegExp(`^[0-9A-Z]{4,${max}}$`), { error: "receipts.validation.receiptNo" }));

/**
 * Recording an issued receipt: 票据代码, 票据号码, 开票日期, and the electronic receipt uploaded or
 * linked (https only). A paper receipt (`paper` ticked) has neither; the organization delivers it.
 */
export const issueSchema = z
  .object({
    receiptCode: receiptNo(20),
    receiptNumber: receiptNo(20),
    issuedOn: fields.date(),
    link: fields.optionalText(500),
    paper: fields.checkbox(),
  })
  .superRefine((v, ctx) => {
    if (v.link) {
      let ok = false;
      try {
        const u = new URL(v.link);
        ok = u.protocol === "https:" && Boolean(u.hostname) && !u.username && !u.password;
      } catch {
        ok = false;
      }
      if (!ok) ctx.addIssue({ code: "custom", path: ["link"], message: "receipts.validation.https" });
    }
    // Today in China (Asia/Shanghai), wherever the server runs.
    if (v.issuedOn > isoDate(new Date())) ctx.addIssue({ code: "custom", path: ["issuedOn"], message: "validation.dateInFuture" });
  });
export type IssueInput = z.output<typeof issueSchema>;

export const voidSchema = z.object({ reason: fields.text(500, 2) });

export const INTENTS = ["issue", "void", "reissue"] as const;
export const intentSchema = z.enum(INTENTS, { error: "validation.choice" });
