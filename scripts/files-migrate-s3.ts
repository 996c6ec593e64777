/**
 * Moves the uploads still stored in the database to S3-compatible storage (S3_BUCKET and the other
 * S3_* variables, see README "Object storage"), in batches, printing a progress line per batch.
 * Idempotent: run it again after an interruption and it continues where it stopped.
 *
 *   npm run files:migrate-to-s3 [-- --batch 100]
 */
import { runJob } from "./lib/job";

const i = process.argv.indexOf("--batch");
const batchSize = i > 0 ? Number(process.argv[i + 1]) : 50;
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
  console.error("--batch must be a whole number from 1 to 1000");
  process.exit(2);
}

runJob("files:migrate-to-s3", async () => {
  const { migrateFilesToS3 } = await import("../app/modules/files/migrate-s3.server");
  const { moved } = await migrateFilesToS3({
    batchSize,
    onProgress: (p) => console.log(`files:migrate-to-s3: batch ${p.batch}, ${p.moved} moved, ${p.remaining} left`),
  });
  return `files:migrate-to-s3: ${moved} files moved to S3`;
});
