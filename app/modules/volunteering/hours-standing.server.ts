/**
 * The standing of a newly confirmed (or corrected) service record (issue 15.1): flagged for review
 * when any rule of hours-flags.server.ts holds, else announced for NOTICE_DAYS before it counts.
 * Called inside the transaction that creates or corrects the record.
 */
import type { Db } from "~/utils/db.server";
import type { HoursFlagKind } from "~/generated/prisma/enums";
import { NOTICE_MS } from "./standing";
import { detectFlags, writeFlags } from "./hours-flags.server";

export type Assessment = { standing: "FLAGGED" | "NOTICE"; noticeEndsAt: Date | null; flags: HoursFlagKind[] };

/**
 * Decides whether a record waits for review (FLAGGED, no notice end) or goes on notice (NOTICE
 * until now + NOTICE_DAYS). Re-running it (after a correction) replaces the flags and clears any
 * earlier review. The other records of a late bulk entry that are still only on notice are held
 * for review as well.
 */
export async function assessNewRecord(tx: Db, recordId: string, now: Date = new Date()): Promise<Assessment> {
  const { flags, bulkIds } = await detectFlags(tx, recordId);
  await writeFlags(tx, recordId, flags);
  const standing = flags.length ? "FLAGGED" : "NOTICE";
  const noticeEndsAt = flags.length ? null : new Date(now.getTime() + NOTICE_MS);
  await tx.serviceRecord.update({ where: { id: recordId }, data: { standing, noticeEndsAt, reviewedById: null, reviewedAt: null, reviewNote: null } });
  const bulk = flags.find((f) => f.kind === "LATE_BULK_ENTRY");
  if (bulk && bulkIds.length) {
    const held = await tx.serviceRecord.findMany({ where: { id: { in: bulkIds }, standing: { in: ["NOTICE", "FLAGGED"] } }, select: { id: true } });
    for (const { id } of held) {
      await tx.hoursFlag.upsert({ where: { recordId_kind: { recordId: id, kind: "LATE_BULK_ENTRY" } }, create: { recordId: id, kind: "LATE_BULK_ENTRY", detail: bulk.detail }, update: {} });
    }
    await tx.serviceRecord.updateMany({ where: { id: { in: held.map((h) => h.id) }, standing: "NOTICE" }, data: { standing: "FLAGGED", noticeEndsAt: null } });
  }
  return { standing, noticeEndsAt, flags: flags.map((f) => f.kind) };
}
