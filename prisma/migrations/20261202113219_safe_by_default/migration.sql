-- CreateEnum
CREATE TYPE "EmailTokenPurpose" AS ENUM ('VERIFY_EMAIL', 'RESET_PASSWORD');

-- CreateEnum
CREATE TYPE "QualificationStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "CertificateStatus" AS ENUM ('VALID', 'SUPERSEDED', 'REVOKED');



-- AlterTable
ALTER TABLE "Donation" ADD COLUMN     "heldAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Fund" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "filingNumber" TEXT,
ADD COLUMN     "reviewReason" TEXT,
ADD COLUMN     "submittedAt" TIMESTAMP(3),
ALTER COLUMN "status" SET DEFAULT 'DRAFT';

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "contactPhonePublic" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ServiceCertificate" ADD COLUMN     "issuedById" TEXT,
ADD COLUMN     "replacedById" TEXT,
ADD COLUMN     "revokeReason" TEXT,
ADD COLUMN     "revokedAt" TIMESTAMP(3),
ADD COLUMN     "status" "CertificateStatus" NOT NULL DEFAULT 'VALID';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "passwordChangedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "VolunteerProject" ADD COLUMN     "contactPhonePublic" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "EmailToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "purpose" "EmailTokenPurpose" NOT NULL,
    "email" CITEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "QualificationRequest" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "isCharity" BOOLEAN NOT NULL,
    "publicFundraising" BOOLEAN NOT NULL,
    "fundraisingCertificate" TEXT,
    "documentId" TEXT,
    "note" TEXT,
    "status" "QualificationStatus" NOT NULL DEFAULT 'PENDING',
    "requestedById" TEXT NOT NULL,
    "reviewedById" TEXT,
    "reviewReason" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QualificationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailToken_tokenHash_key" ON "EmailToken"("tokenHash");

-- CreateIndex
CREATE INDEX "EmailToken_userId_purpose_idx" ON "EmailToken"("userId", "purpose");

-- CreateIndex
CREATE INDEX "EmailToken_expiresAt_idx" ON "EmailToken"("expiresAt");

-- CreateIndex
CREATE INDEX "LoginThrottle_updatedAt_idx" ON "LoginThrottle"("updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "QualificationRequest_documentId_key" ON "QualificationRequest"("documentId");

-- CreateIndex
CREATE INDEX "QualificationRequest_status_createdAt_idx" ON "QualificationRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "QualificationRequest_orgId_createdAt_idx" ON "QualificationRequest"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_orgId_filingNumber_key" ON "Campaign"("orgId", "filingNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Fund_orgId_filingNumber_key" ON "Fund"("orgId", "filingNumber");

-- AddForeignKey
ALTER TABLE "EmailToken" ADD CONSTRAINT "EmailToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QualificationRequest" ADD CONSTRAINT "QualificationRequest_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QualificationRequest" ADD CONSTRAINT "QualificationRequest_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "FileUpload"("id") ON DELETE SET NULL ON UPDATE CASCADE;
