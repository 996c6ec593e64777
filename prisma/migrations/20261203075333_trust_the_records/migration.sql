-- CreateEnum
CREATE TYPE "ServiceRecordSource" AS ENUM ('CHECK_IN', 'MANUAL');

-- CreateEnum
CREATE TYPE "HoursStanding" AS ENUM ('FLAGGED', 'NOTICE', 'OBJECTED', 'REJECTED', 'COUNTED');

-- CreateEnum
CREATE TYPE "HoursFlagKind" AS ENUM ('OVERLAP', 'DAY_OVER_12H', 'LATE_BULK_ENTRY', 'SHARED_DEVICE', 'OUTSIDE_PLACE');

-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('OPEN', 'UPHELD', 'DISMISSED');

-- CreateEnum
CREATE TYPE "CheckInKind" AS ENUM ('IN', 'OUT');

-- CreateEnum
CREATE TYPE "PayeeKind" AS ENUM ('BENEFICIARY', 'HOSPITAL', 'SCHOOL', 'OTHER_INSTITUTION');

-- CreateEnum
CREATE TYPE "DisclosureKind" AS ENUM ('PERIODIC', 'FINAL');

-- CreateEnum
CREATE TYPE "AbuseTarget" AS ENUM ('CAMPAIGN', 'FUND', 'PRODUCT', 'ORGANIZATION');

-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('OPEN', 'UPHELD', 'DISMISSED');

-- CreateEnum
CREATE TYPE "HelpForWhom" AS ENUM ('SELF', 'OTHER');

-- CreateEnum
CREATE TYPE "HelpRequestStatus" AS ENUM ('NEW', 'CONVERTED', 'REFERRED', 'CLOSED');

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "capFen" BIGINT,
ADD COLUMN     "capSetById" TEXT,
ADD COLUMN     "disclosureHoldAt" TIMESTAMP(3),
ADD COLUMN     "disclosureHoldById" TEXT,
ADD COLUMN     "disclosureHoldReason" TEXT,
ADD COLUMN     "disclosureRemindedAt" TIMESTAMP(3),
ADD COLUMN     "overflowFundId" TEXT;

-- AlterTable
ALTER TABLE "Disbursement" ADD COLUMN     "payeeKind" "PayeeKind" NOT NULL DEFAULT 'BENEFICIARY',
ADD COLUMN     "payeeName" TEXT;

-- AlterTable
ALTER TABLE "Donation" ADD COLUMN     "redirectConsentAt" TIMESTAMP(3),
ADD COLUMN     "redirectedFromCampaignId" TEXT;

-- AlterTable
ALTER TABLE "Fund" ADD COLUMN     "disclosureHoldAt" TIMESTAMP(3),
ADD COLUMN     "disclosureHoldById" TEXT,
ADD COLUMN     "disclosureHoldReason" TEXT,
ADD COLUMN     "disclosureRemindedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ServiceRecord" ADD COLUMN     "noticeEndsAt" TIMESTAMPTZ(3),
ADD COLUMN     "reviewNote" TEXT,
ADD COLUMN     "reviewedAt" TIMESTAMP(3),
ADD COLUMN     "reviewedById" TEXT,
ADD COLUMN     "source" "ServiceRecordSource" NOT NULL DEFAULT 'CHECK_IN',
ADD COLUMN     "standing" "HoursStanding" NOT NULL DEFAULT 'COUNTED';

-- AlterTable
ALTER TABLE "Shift" ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION,
ADD COLUMN     "minCoveragePercent" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "radiusMeters" INTEGER,
ADD COLUMN     "rosterSignedAt" TIMESTAMP(3),
ADD COLUMN     "rosterSignedById" TEXT,
ADD COLUMN     "totpSecret" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "VolunteerProfile" ADD COLUMN     "idNumberCiphertext" TEXT,
ADD COLUMN     "nationalExportConsentAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "HoursFlag" (
    "id" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "kind" "HoursFlagKind" NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HoursFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HoursObjection" (
    "id" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "objectorId" TEXT,
    "reason" TEXT NOT NULL,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'OPEN',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HoursObjection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckInEvent" (
    "id" TEXT NOT NULL,
    "shiftId" TEXT NOT NULL,
    "signupId" TEXT,
    "userId" TEXT NOT NULL,
    "kind" "CheckInKind" NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "refusal" TEXT,
    "deviceHash" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "accuracyM" DOUBLE PRECISION,
    "distanceM" INTEGER,
    "withinRadius" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckInEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisbursementTranche" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "payeeKind" "PayeeKind" NOT NULL DEFAULT 'BENEFICIARY',
    "payeeName" TEXT,
    "purpose" TEXT NOT NULL,
    "dueDate" DATE,
    "disbursementId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisbursementTranche_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Disclosure" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "campaignId" TEXT,
    "fundId" TEXT,
    "kind" "DisclosureKind" NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "incomeFen" BIGINT NOT NULL,
    "spendingFen" BIGINT NOT NULL,
    "beneficiaryProgress" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "filedById" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Disclosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureEvidence" (
    "id" TEXT NOT NULL,
    "disclosureId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisclosureEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AbuseReport" (
    "id" TEXT NOT NULL,
    "targetType" "AbuseTarget" NOT NULL,
    "targetId" TEXT NOT NULL,
    "orgId" TEXT,
    "category" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "reporterId" TEXT,
    "contact" TEXT,
    "ipHash" TEXT,
    "status" "ReportStatus" NOT NULL DEFAULT 'OPEN',
    "outcome" TEXT,
    "handledById" TEXT,
    "handledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AbuseReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HelpRequest" (
    "id" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "category" "NeedCategory" NOT NULL,
    "districtCode" TEXT NOT NULL,
    "town" TEXT,
    "village" TEXT,
    "needText" TEXT NOT NULL,
    "forWhom" "HelpForWhom" NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "medicalDetails" TEXT,
    "medicalConsentAt" TIMESTAMP(3),
    "involvesChild" BOOLEAN NOT NULL DEFAULT false,
    "childDetails" TEXT,
    "guardianName" TEXT,
    "guardianConsentAt" TIMESTAMP(3),
    "submittedById" TEXT,
    "ipHash" TEXT,
    "status" "HelpRequestStatus" NOT NULL DEFAULT 'NEW',
    "outcomeNote" TEXT,
    "needId" TEXT,
    "handledById" TEXT,
    "handledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HelpRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HelpRequestDocument" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HelpRequestDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HoursFlag_recordId_kind_key" ON "HoursFlag"("recordId", "kind");

-- CreateIndex
CREATE INDEX "HoursObjection_recordId_status_idx" ON "HoursObjection"("recordId", "status");

-- CreateIndex
CREATE INDEX "HoursObjection_status_createdAt_idx" ON "HoursObjection"("status", "createdAt");

-- CreateIndex
CREATE INDEX "CheckInEvent_shiftId_deviceHash_idx" ON "CheckInEvent"("shiftId", "deviceHash");

-- CreateIndex
CREATE INDEX "CheckInEvent_signupId_idx" ON "CheckInEvent"("signupId");

-- CreateIndex
CREATE INDEX "CheckInEvent_userId_createdAt_idx" ON "CheckInEvent"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DisbursementTranche_disbursementId_key" ON "DisbursementTranche"("disbursementId");

-- CreateIndex
CREATE UNIQUE INDEX "DisbursementTranche_campaignId_seq_key" ON "DisbursementTranche"("campaignId", "seq");

-- CreateIndex
CREATE INDEX "Disclosure_campaignId_filedAt_idx" ON "Disclosure"("campaignId", "filedAt");

-- CreateIndex
CREATE INDEX "Disclosure_fundId_filedAt_idx" ON "Disclosure"("fundId", "filedAt");

-- CreateIndex
CREATE INDEX "Disclosure_orgId_filedAt_idx" ON "Disclosure"("orgId", "filedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DisclosureEvidence_fileId_key" ON "DisclosureEvidence"("fileId");

-- CreateIndex
CREATE INDEX "AbuseReport_status_createdAt_idx" ON "AbuseReport"("status", "createdAt");

-- CreateIndex
CREATE INDEX "AbuseReport_targetType_targetId_idx" ON "AbuseReport"("targetType", "targetId");

-- CreateIndex
CREATE UNIQUE INDEX "HelpRequest_codeHash_key" ON "HelpRequest"("codeHash");

-- CreateIndex
CREATE UNIQUE INDEX "HelpRequest_needId_key" ON "HelpRequest"("needId");

-- CreateIndex
CREATE INDEX "HelpRequest_status_createdAt_idx" ON "HelpRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "HelpRequest_districtCode_status_idx" ON "HelpRequest"("districtCode", "status");

-- CreateIndex
CREATE INDEX "HelpRequest_ipHash_createdAt_idx" ON "HelpRequest"("ipHash", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "HelpRequestDocument_fileId_key" ON "HelpRequestDocument"("fileId");

-- CreateIndex
CREATE INDEX "ServiceRecord_standing_noticeEndsAt_idx" ON "ServiceRecord"("standing", "noticeEndsAt");

-- AddForeignKey
ALTER TABLE "HoursFlag" ADD CONSTRAINT "HoursFlag_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "ServiceRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HoursObjection" ADD CONSTRAINT "HoursObjection_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "ServiceRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckInEvent" ADD CONSTRAINT "CheckInEvent_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "Shift"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_overflowFundId_fkey" FOREIGN KEY ("overflowFundId") REFERENCES "Fund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisbursementTranche" ADD CONSTRAINT "DisbursementTranche_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisbursementTranche" ADD CONSTRAINT "DisbursementTranche_disbursementId_fkey" FOREIGN KEY ("disbursementId") REFERENCES "Disbursement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Disclosure" ADD CONSTRAINT "Disclosure_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Disclosure" ADD CONSTRAINT "Disclosure_fundId_fkey" FOREIGN KEY ("fundId") REFERENCES "Fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisclosureEvidence" ADD CONSTRAINT "DisclosureEvidence_disclosureId_fkey" FOREIGN KEY ("disclosureId") REFERENCES "Disclosure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisclosureEvidence" ADD CONSTRAINT "DisclosureEvidence_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "FileUpload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HelpRequest" ADD CONSTRAINT "HelpRequest_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HelpRequestDocument" ADD CONSTRAINT "HelpRequestDocument_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "HelpRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HelpRequestDocument" ADD CONSTRAINT "HelpRequestDocument_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "FileUpload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written constraints (Prisma does not model CHECK constraints).
ALTER TABLE "Shift" ADD CONSTRAINT "Shift_minCoveragePercent_range" CHECK ("minCoveragePercent" BETWEEN 0 AND 100);
ALTER TABLE "Shift" ADD CONSTRAINT "Shift_radius_positive" CHECK ("radiusMeters" IS NULL OR "radiusMeters" > 0);
ALTER TABLE "Shift" ADD CONSTRAINT "Shift_place_complete" CHECK (("latitude" IS NULL) = ("longitude" IS NULL) AND ("radiusMeters" IS NULL OR "latitude" IS NOT NULL));
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_capFen_positive" CHECK ("capFen" IS NULL OR "capFen" > 0);
ALTER TABLE "Disclosure" ADD CONSTRAINT "Disclosure_one_target" CHECK (("campaignId" IS NULL) <> ("fundId" IS NULL));
ALTER TABLE "Disclosure" ADD CONSTRAINT "Disclosure_amounts_nonnegative" CHECK ("incomeFen" >= 0 AND "spendingFen" >= 0);
ALTER TABLE "Disclosure" ADD CONSTRAINT "Disclosure_period_order" CHECK ("periodEnd" >= "periodStart");
ALTER TABLE "DisbursementTranche" ADD CONSTRAINT "DisbursementTranche_amount_positive" CHECK ("amountFen" > 0);
ALTER TABLE "DisbursementTranche" ADD CONSTRAINT "DisbursementTranche_institution_named" CHECK ("payeeKind" = 'BENEFICIARY' OR "payeeName" IS NOT NULL);
ALTER TABLE "Disbursement" ADD CONSTRAINT "Disbursement_institution_named" CHECK ("payeeKind" = 'BENEFICIARY' OR "payeeName" IS NOT NULL);
-- Medical details and a child's details exist only with the recorded consent (PIPL art. 28-31).
ALTER TABLE "HelpRequest" ADD CONSTRAINT "HelpRequest_medical_needs_consent" CHECK ("medicalDetails" IS NULL OR "medicalConsentAt" IS NOT NULL);
ALTER TABLE "HelpRequest" ADD CONSTRAINT "HelpRequest_child_needs_guardian_consent" CHECK ("childDetails" IS NULL OR ("guardianConsentAt" IS NOT NULL AND "guardianName" IS NOT NULL));
ALTER TABLE "VolunteerProfile" ADD CONSTRAINT "VolunteerProfile_id_cipher_needs_consent" CHECK ("idNumberCiphertext" IS NULL OR "nationalExportConsentAt" IS NOT NULL);
