-- AlterTable
ALTER TABLE "FileUpload" ADD COLUMN     "storage" TEXT NOT NULL DEFAULT 'db',
ADD COLUMN     "storageKey" TEXT,
ALTER COLUMN "data" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "FileUpload_storage_idx" ON "FileUpload"("storage");

-- Every existing row keeps its bytes in the database ("db", the default above). A row names one
-- place for its bytes: the data column for "db", an object key for "s3".
ALTER TABLE "FileUpload" ADD CONSTRAINT "FileUpload_storage_check" CHECK (
  ("storage" = 'db' AND "data" IS NOT NULL) OR ("storage" = 's3' AND "storageKey" IS NOT NULL AND "data" IS NULL)
);
