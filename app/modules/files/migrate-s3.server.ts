import { prisma } from "~/utils/db.server";
import { configuredS3 } from "./storage.server";

export type MigrationProgress = { moved: number; remaining: number; batch: number };

/**
 * Moves database-stored files to S3 in batches: each file's bytes are put under a key derived from
 * its id (`migrated/<id>`), then the row is switched to "s3" and its bytes dropped, in one UPDATE
 * guarded by `storage = 'db'`. Idempotent: a file already moved is not selected again, and a run
 * interrupted between the put and the update simply puts the same object again next time.
 */
export async function migrateFilesToS3(opts: { batchSize?: number; onProgress?: (p: MigrationProgress) => void } = {}) {
  const s3 = configuredS3();
  if (!s3) throw new Error("S3_BUCKET is not set: there is nowhere to move the files to.");
  const batchSize = Math.max(1, opts.batchSize ?? 50);
  let moved = 0;
  let batch = 0;
  let afterId = "";
  for (;;) {
    // Rows in id order after the last one seen, so a file that fails is not retried forever in one run.
    const rows = await prisma.fileUpload.findMany({ where: { storage: "db", id: { gt: afterId } }, select: { id: true, mimeType: true, data: true }, orderBy: { id: "asc" }, take: batchSize });
    if (rows.length === 0) break;
    batch++;
    for (const row of rows) {
      afterId = row.id;
      if (!row.data) continue;
      const key = `migrated/${row.id}`;
      await s3.put(key, row.data, row.mimeType);
      const res = await prisma.fileUpload.updateMany({ where: { id: row.id, storage: "db" }, data: { storage: "s3", storageKey: key, data: null } });
      moved += res.count;
    }
    const remaining = await prisma.fileUpload.count({ where: { storage: "db", id: { gt: afterId } } });
    opts.onProgress?.({ moved, remaining, batch });
  }
  return { moved };
}
