/**
 * When a volunteer's hours count (issue 15.1). A new service record is either FLAGGED (waits for a
 * reviewer) or on NOTICE: announced on the project page for NOTICE_DAYS, open to objection, and
 * counted once the notice has run out with no open objection. Certificates, the organization's
 * exports and the national volunteer-system export all read hours through countingWhere.
 */
import type { Prisma } from "~/generated/prisma/client";

export const NOTICE_DAYS = 7;
export const NOTICE_MS = NOTICE_DAYS * 24 * 3600_000;

/** Records whose hours count at `now`: decided (COUNTED), or on notice that has run out. */
export function countingWhere(now: Date = new Date()): Prisma.ServiceRecordWhereInput {
  return { OR: [{ standing: "COUNTED" }, { standing: "NOTICE", noticeEndsAt: { lte: now } }] };
}

/** The same rule for a record already loaded. */
export function counts(r: { standing: string; noticeEndsAt: Date | null }, now: Date = new Date()): boolean {
  return r.standing === "COUNTED" || (r.standing === "NOTICE" && r.noticeEndsAt !== null && r.noticeEndsAt <= now);
}
