/**
 * The standing of a newly confirmed service record (issue 15.1): flagged for review, or announced for
 * NOTICE_DAYS before it counts. Called inside the transaction that creates or corrects the record.
 */
import type { Db } from "~/utils/db.server";
import { NOTICE_MS } from "./standing";

/** Decides whether a new record waits for review (FLAGGED) or goes on notice (NOTICE). */
export async function assessNewRecord(tx: Db, recordId: string, now: Date = new Date()) {
  await tx.serviceRecord.update({ where: { id: recordId }, data: { standing: "NOTICE", noticeEndsAt: new Date(now.getTime() + NOTICE_MS) } });
}
