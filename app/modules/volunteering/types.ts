/** Volunteering constants and shared types (importable from both server and browser code). */
export const PROJECT_STATUSES = ["DRAFT", "PUBLISHED", "CLOSED", "CANCELLED"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const SIGNUP_STATUSES = ["CONFIRMED", "WAITLISTED", "CANCELLED", "ATTENDED", "NO_SHOW"] as const;
export type SignupStatusName = (typeof SIGNUP_STATUSES)[number];

/** Sign-ups that hold a place in the shift (they count towards capacity). */
export const PLACE_HOLDING = ["CONFIRMED", "ATTENDED", "NO_SHOW"] as const;
/** Sign-ups still in play for the volunteer (used for the clash check). */
export const ACTIVE_SIGNUP = ["CONFIRMED", "WAITLISTED", "ATTENDED"] as const;

export const COVER_MAX_BYTES = 2 * 1024 * 1024;

/** Staff may check volunteers in from this long before a shift starts… */
export const CHECK_IN_OPENS_MINUTES = 120;
/** …and record attendance until this long after it ends. */
export const CHECK_IN_CLOSES_HOURS = 72;

/** One person cannot serve more than a day in a day, across all organizations. */
export const MAX_MINUTES_PER_DAY = 24 * 60;

export const MAX_REPEAT_WEEKS = 26;

/** Status transitions an organization may make on its project. */
export const PROJECT_TRANSITIONS: Record<ProjectStatus, readonly ProjectStatus[]> = {
  DRAFT: ["PUBLISHED", "CANCELLED"],
  PUBLISHED: ["CLOSED", "CANCELLED"],
  CLOSED: ["PUBLISHED"],
  CANCELLED: [],
};

export type CertificateSnapshot = {
  realName: string;
  idNumberMasked: string;
  orgs: { name: string; minutes: number; records: number }[];
  records: { date: string; org: string; project: string; role: string; minutes: number }[];
};

export const minutesToHours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
