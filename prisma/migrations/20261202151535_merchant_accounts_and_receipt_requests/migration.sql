-- CreateEnum
CREATE TYPE "ReceiptRequestStatus" AS ENUM ('REQUESTED', 'ISSUED', 'VOIDED');

-- CreateEnum
CREATE TYPE "ReceiptPayerKind" AS ENUM ('PERSON', 'COMPANY');

-- AlterTable
ALTER TABLE "Donation" ADD COLUMN     "merchantAccountId" TEXT;

-- AlterTable
ALTER TABLE "ShopCheckout" ADD COLUMN     "merchantAccountId" TEXT;

-- CreateTable
CREATE TABLE "MerchantAccount" (
    "id" TEXT NOT NULL,
    "orgId" TEXT,
    "provider" "PaymentProviderName" NOT NULL,
    "label" TEXT,
    "publicConfig" JSONB NOT NULL,
    "secretCiphertext" BYTEA NOT NULL,
    "secretHint" TEXT NOT NULL,
    "keyVersion" INTEGER NOT NULL DEFAULT 1,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MerchantAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DonationReceiptRequest" (
    "id" TEXT NOT NULL,
    "donationId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "payerKind" "ReceiptPayerKind" NOT NULL,
    "payerName" TEXT NOT NULL,
    "taxId" TEXT,
    "email" CITEXT,
    "status" "ReceiptRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "receiptCode" TEXT,
    "receiptNumber" TEXT,
    "issuedOn" DATE,
    "fileId" TEXT,
    "link" TEXT,
    "voidReason" TEXT,
    "replacesId" TEXT,
    "requestedById" TEXT,
    "issuedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DonationReceiptRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MerchantAccount_provider_idx" ON "MerchantAccount"("provider");

-- CreateIndex
CREATE UNIQUE INDEX "MerchantAccount_orgId_provider_key" ON "MerchantAccount"("orgId", "provider");

-- CreateIndex
CREATE UNIQUE INDEX "DonationReceiptRequest_fileId_key" ON "DonationReceiptRequest"("fileId");

-- CreateIndex
CREATE UNIQUE INDEX "DonationReceiptRequest_replacesId_key" ON "DonationReceiptRequest"("replacesId");

-- CreateIndex
CREATE INDEX "DonationReceiptRequest_donationId_idx" ON "DonationReceiptRequest"("donationId");

-- CreateIndex
CREATE INDEX "DonationReceiptRequest_orgId_status_createdAt_idx" ON "DonationReceiptRequest"("orgId", "status", "createdAt");

-- AddForeignKey
ALTER TABLE "MerchantAccount" ADD CONSTRAINT "MerchantAccount_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DonationReceiptRequest" ADD CONSTRAINT "DonationReceiptRequest_donationId_fkey" FOREIGN KEY ("donationId") REFERENCES "Donation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DonationReceiptRequest" ADD CONSTRAINT "DonationReceiptRequest_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "FileUpload"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DonationReceiptRequest" ADD CONSTRAINT "DonationReceiptRequest_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "DonationReceiptRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;
