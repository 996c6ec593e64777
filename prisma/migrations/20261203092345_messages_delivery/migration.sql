-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'SKIPPED';

-- AlterTable
ALTER TABLE "MessageOutbox" ADD COLUMN     "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "provider" TEXT,
ADD COLUMN     "providerMessageId" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "messagePreferences" JSONB NOT NULL DEFAULT '{}';

-- CreateIndex
CREATE INDEX "MessageOutbox_status_nextAttemptAt_idx" ON "MessageOutbox"("status", "nextAttemptAt");
