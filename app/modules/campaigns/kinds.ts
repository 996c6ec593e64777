/** Campaign and document kinds without Zod, for client components; schema.ts re-exports them. */
export const CAMPAIGN_KINDS = ["EMERGENCY", "EDUCATION", "MEDICAL", "DISASTER", "OTHER"] as const;
export const DOCUMENT_KINDS = ["DIAGNOSIS", "BILLS", "HOUSEHOLD_STATUS", "OTHER"] as const;
