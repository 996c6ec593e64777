import type { Db } from "~/utils/db.server";

/**
 * Records that a searchable record changed. Call inside the transaction that changes it; the search
 * worker re-reads the record after commit and upserts or removes its document.
 */
export async function enqueueSearch(db: Db, kind: string, entityId: string) {
  await db.searchOutbox.create({ data: { kind, entityId } });
}
