/** Organization types, service areas, statuses and roles without Zod, for client components; schema.ts re-exports them. */
export const ORG_TYPES = ["SOCIAL_GROUP", "SOCIAL_SERVICE_AGENCY", "FOUNDATION"] as const;
export const SERVICE_AREAS = [
  "POVERTY_RELIEF",
  "CONSUMPTION_AID",
  "ELDERLY",
  "CHILDREN",
  "DISABLED",
  "EDUCATION",
  "HEALTH",
  "DISASTER",
  "EMERGENCY",
  "COMMUNITY",
  "ENVIRONMENT",
  "OTHER",
] as const;
export const ORG_STATUSES = ["SUBMITTED", "RETURNED", "APPROVED", "REJECTED", "SUSPENDED", "REVOKED"] as const;
export const MEMBER_ROLES = ["OWNER", "ADMIN", "MEMBER", "FINANCE", "COORDINATOR"] as const;
/** Roles given by invitation (OWNER only by transfer);. */
export const INVITE_ROLES = ["MEMBER", "COORDINATOR", "FINANCE", "ADMIN"] as const;
