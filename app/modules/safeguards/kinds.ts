/** Payee kinds and report targets without Zod, for client components (components/safeguards.tsx); schema.ts re-exports them. */
export const PAYEE_KINDS = ["BENEFICIARY", "HOSPITAL", "SCHOOL", "OTHER_INSTITUTION"] as const;
export type PayeeKindValue = (typeof PAYEE_KINDS)[number];

export const REPORT_TARGETS = ["campaign", "fund", "product", "organization"] as const;
export type ReportTargetParam = (typeof REPORT_TARGETS)[number];
export const REPORT_CATEGORIES = ["FALSE_INFO", "DUPLICATE", "MISUSE", "PRIVACY", "OTHER"] as const;
export const REPORT_STATUSES = ["OPEN", "UPHELD", "DISMISSED"] as const;
