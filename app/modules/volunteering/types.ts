/** Volunteering constants and shared types (importable from both server and browser code). */
export const PROJECT_STATUSES = ["DRAFT", "PUBLISHED", "CLOSED", "CANCELLED"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const SIGNUP_STATUSES = ["CONFIRMED", "WAITLISTED", "CANCELLED", "ATTENDED", "NO_SHOW"] as const;
export type SignupStatusName = (typeof SIGNUP_STATUSES)[number];

/** Sign-ups that hold a place in the shift (they count towards capacity). */
export const PLACE_HOLDING = ["CONFIRMED", "ATTENDED", "NO_SHOW"] as const;
/** Sign-ups still in play for the volunteer (used for the clash check). */
export const ACTIVE_SIGNUP = ["CONFIRMED", "WAITLISTED", "ATTENDED"] as const;

/**
 * Inside the project's cut-off a confirmed volunteer can no longer give up their place themselves
 * (the waitlist may always be left before the shift starts). One rule for the refusal, the buttons
 * and the warning shown at sign-up (#12.7c).
 */
export function insideCancelCutoff(startsAt: Date, cutoffHours: number, now = Date.now()) {
  return startsAt.getTime() - now < cutoffHours * 3600_000;
}

export const COVER_MAX_BYTES = 2 * 1024 * 1024;

/** Staff may check volunteers in from this long before a shift starts… */
export const CHECK_IN_OPENS_MINUTES = 120;
/** …and record attendance until this long after it ends. */
export const CHECK_IN_CLOSES_HOURS = 72;

/** One person cannot serve more than a day in a day, across all organizations. */
export const MAX_MINUTES_PER_DAY = 24 * 60;

export const MAX_REPEAT_WEEKS = 26;

/**
 * Confirmed (or corrected) minutes may exceed the time the volunteer was checked in by at most this
 * much: arriving a little before the check-in, helping tidy up after the check-out (#11.4, ADR 007).
 */
export const HOURS_TOLERANCE_MINUTES = 30;

/**
 * The most minutes a service record may hold: the checked-in span (check-in to check-out), or the
 * shift's planned span when the volunteer was not checked out, plus the tolerance.
 */
export function maxServiceMinutes(s: { checkedInAt: Date | null; checkedOutAt: Date | null }, shift: { startsAt: Date; endsAt: Date }) {
  const span = s.checkedInAt && s.checkedOutAt ? s.checkedOutAt.getTime() - s.checkedInAt.getTime() : shift.endsAt.getTime() - shift.startsAt.getTime();
  return Math.min(MAX_MINUTES_PER_DAY, Math.max(0, Math.floor(span / 60_000)) + HOURS_TOLERANCE_MINUTES);
}

/** Organizations in these states record no hours and appear on no new certificate (#11.3). */
export const ORG_STATUSES_WITHOUT_HOURS = ["SUSPENDED", "REVOKED"] as const;

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
  /** The service records it was made from (absent on certificates issued before ADR 007). */
  recordIds?: string[];
};

export const CERTIFICATE_STATUSES = ["VALID", "SUPERSEDED", "REVOKED"] as const;

export const minutesToHours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** Length bounds of a public objection to recorded hours (review-schema.ts; shown by the hours notice). */
export const OBJECTION_MIN = 10;
export const OBJECTION_MAX = 500;
