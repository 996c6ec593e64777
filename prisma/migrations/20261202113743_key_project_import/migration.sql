-- AlterTable
ALTER TABLE "ReliefProject" ADD COLUMN     "amountFen" BIGINT,
ADD COLUMN     "importJobId" TEXT;

-- CreateIndex
CREATE INDEX "ReliefProject_importJobId_idx" ON "ReliefProject"("importJobId");
