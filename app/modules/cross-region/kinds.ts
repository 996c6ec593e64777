/** Pairing targets and statuses: constants pages need, kept apart from the Zod schemas so no page bundle carries Zod (#17.4). */
export const PAIRING_TARGETS = ["PROJECT", "FUND", "NEED", "DISTRICT"] as const;
export const PAIRING_STATUSES = ["REQUESTED", "ACTIVE", "REJECTED", "ENDED"] as const;
