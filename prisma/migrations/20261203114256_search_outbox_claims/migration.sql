-- AlterTable
ALTER TABLE "SearchOutbox" ADD COLUMN     "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "SearchOutbox_processedAt_nextAttemptAt_idx" ON "SearchOutbox"("processedAt", "nextAttemptAt");

-- Claims and backoff used to be encoded in "lastError" ('claimed:<ms>:' and 'retry:<ms>:<message>').
-- A claimed row becomes claimable again; a row waiting for its retry keeps its time and its message.
UPDATE "SearchOutbox" SET "lastError" = NULL WHERE "lastError" LIKE 'claimed:%';
UPDATE "SearchOutbox"
SET "nextAttemptAt" = to_timestamp(split_part("lastError", ':', 2)::bigint / 1000.0) AT TIME ZONE 'UTC',
    "lastError" = NULLIF(substr("lastError", length(split_part("lastError", ':', 2)) + 8), '')
WHERE "lastError" ~ '^retry:[0-9]+:';
