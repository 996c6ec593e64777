import type { NeedCategory, NeedResponseKind, NeedStatus, NeedUrgency } from "~/generated/prisma/enums";

export const NEED_CATEGORIES = ["CONSUMPTION_AID", "EMERGENCY_AID", "EDUCATION_AID", "ELDERLY_CARE", "LEFT_BEHIND_CHILDREN", "DISABILITY", "DISASTER_RELIEF", "RESETTLEMENT_COMMUNITY", "OTHER"] as const satisfies readonly NeedCategory[];
export const NEED_URGENCIES = ["LOW", "NORMAL", "HIGH", "CRITICAL"] as const satisfies readonly NeedUrgency[];
export const RESPONSE_KINDS = ["VOLUNTEERS", "MONEY", "GOODS", "PURCHASE"] as const satisfies readonly NeedResponseKind[];

/** Statuses shown to the public (and indexed for search). */
export const PUBLIC_NEED_STATUSES = ["OPEN", "PARTLY_MET", "MET", "CLOSED"] as const satisfies readonly NeedStatus[];
/** Statuses in which organizations may still respond. */
export const RESPONDABLE_STATUSES = ["OPEN", "PARTLY_MET"] as const satisfies readonly NeedStatus[];

export type { NeedCategory, NeedResponseKind, NeedStatus, NeedUrgency };
