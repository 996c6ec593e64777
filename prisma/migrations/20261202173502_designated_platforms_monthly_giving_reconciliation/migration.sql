-- CreateEnum
CREATE TYPE "MonthlyGiftStatus" AS ENUM ('ACTIVE', 'PAUSED', 'PAST_DUE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "MonthlyGiftMethod" AS ENUM ('STRIPE_SUBSCRIPTION', 'WECHAT_CONTRACT', 'ALIPAY_AGREEMENT', 'REMINDER');

-- CreateEnum
CREATE TYPE "MonthlyChargeStatus" AS ENUM ('DUE', 'PENDING', 'PAID', 'FAILED', 'SKIPPED');

-- CreateEnum
CREATE TYPE "ReconciliationRunStatus" AS ENUM ('RUNNING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "ReconciliationIssueKind" AS ENUM ('AMOUNT_MISMATCH', 'UNKNOWN_REFUND', 'UNKNOWN_PAYMENT', 'MISSING_FROM_STATEMENT', 'REFUND_FAILED');

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "designatedPlatform" TEXT,
ADD COLUMN     "platformProjectId" TEXT,
ADD COLUMN     "platformUrl" TEXT;

-- AlterTable
ALTER TABLE "Donation" ADD COLUMN     "monthlyGiftId" TEXT;

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "failedAt" TIMESTAMP(3),
ADD COLUMN     "failureReason" TEXT;

-- CreateTable
CREATE TABLE "MonthlyGift" (
    "id" TEXT NOT NULL,
    "donorUserId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "campaignId" TEXT,
    "fundId" TEXT,
    "amountFen" BIGINT NOT NULL,
    "method" "MonthlyGiftMethod" NOT NULL,
    "provider" "PaymentProviderName",
    "merchantAccountId" TEXT,
    "status" "MonthlyGiftStatus" NOT NULL DEFAULT 'ACTIVE',
    "dayOfMonth" INTEGER NOT NULL,
    "nextChargeOn" DATE NOT NULL,
    "providerAgreementId" TEXT,
    "signingSessionId" TEXT,
    "donorName" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "pausedUntil" DATE,
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "failureCount" INTEGER NOT NULL DEFAULT 0,
    "lastFailureReason" TEXT,
    "lastFailureAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MonthlyGift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonthlyGiftCharge" (
    "id" TEXT NOT NULL,
    "giftId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "status" "MonthlyChargeStatus" NOT NULL DEFAULT 'DUE',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "failureReason" TEXT,
    "donationId" TEXT,
    "providerChargeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MonthlyGiftCharge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationRun" (
    "id" TEXT NOT NULL,
    "provider" "PaymentProviderName" NOT NULL,
    "accountKey" TEXT NOT NULL,
    "statementDate" DATE NOT NULL,
    "status" "ReconciliationRunStatus" NOT NULL DEFAULT 'RUNNING',
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "matchedCount" INTEGER NOT NULL DEFAULT 0,
    "recoveredCount" INTEGER NOT NULL DEFAULT 0,
    "issueCount" INTEGER NOT NULL DEFAULT 0,
    "feeFen" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ReconciliationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationIssue" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "provider" "PaymentProviderName" NOT NULL,
    "accountKey" TEXT NOT NULL,
    "kind" "ReconciliationIssueKind" NOT NULL,
    "providerRef" TEXT NOT NULL,
    "orgId" TEXT,
    "donationId" TEXT,
    "checkoutId" TEXT,
    "refundId" TEXT,
    "expectedFen" BIGINT,
    "statementFen" BIGINT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" TEXT,
    "resolution" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReconciliationIssue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyGift_providerAgreementId_key" ON "MonthlyGift"("providerAgreementId");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyGift_signingSessionId_key" ON "MonthlyGift"("signingSessionId");

-- CreateIndex
CREATE INDEX "MonthlyGift_donorUserId_status_idx" ON "MonthlyGift"("donorUserId", "status");

-- CreateIndex
CREATE INDEX "MonthlyGift_orgId_status_idx" ON "MonthlyGift"("orgId", "status");

-- CreateIndex
CREATE INDEX "MonthlyGift_status_nextChargeOn_idx" ON "MonthlyGift"("status", "nextChargeOn");

-- CreateIndex
CREATE INDEX "MonthlyGift_campaignId_idx" ON "MonthlyGift"("campaignId");

-- CreateIndex
CREATE INDEX "MonthlyGift_fundId_idx" ON "MonthlyGift"("fundId");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyGiftCharge_donationId_key" ON "MonthlyGiftCharge"("donationId");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyGiftCharge_providerChargeId_key" ON "MonthlyGiftCharge"("providerChargeId");

-- CreateIndex
CREATE INDEX "MonthlyGiftCharge_status_nextAttemptAt_idx" ON "MonthlyGiftCharge"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyGiftCharge_giftId_period_key" ON "MonthlyGiftCharge"("giftId", "period");

-- CreateIndex
CREATE INDEX "ReconciliationRun_statementDate_idx" ON "ReconciliationRun"("statementDate");

-- CreateIndex
CREATE UNIQUE INDEX "ReconciliationRun_accountKey_statementDate_key" ON "ReconciliationRun"("accountKey", "statementDate");

-- CreateIndex
CREATE INDEX "ReconciliationIssue_resolvedAt_createdAt_idx" ON "ReconciliationIssue"("resolvedAt", "createdAt");

-- CreateIndex
CREATE INDEX "ReconciliationIssue_orgId_resolvedAt_idx" ON "ReconciliationIssue"("orgId", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReconciliationIssue_accountKey_kind_providerRef_key" ON "ReconciliationIssue"("accountKey", "kind", "providerRef");

-- CreateIndex
CREATE INDEX "Donation_monthlyGiftId_idx" ON "Donation"("monthlyGiftId");

-- AddForeignKey
ALTER TABLE "Donation" ADD CONSTRAINT "Donation_monthlyGiftId_fkey" FOREIGN KEY ("monthlyGiftId") REFERENCES "MonthlyGift"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonthlyGift" ADD CONSTRAINT "MonthlyGift_donorUserId_fkey" FOREIGN KEY ("donorUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonthlyGiftCharge" ADD CONSTRAINT "MonthlyGiftCharge_giftId_fkey" FOREIGN KEY ("giftId") REFERENCES "MonthlyGift"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonthlyGiftCharge" ADD CONSTRAINT "MonthlyGiftCharge_donationId_fkey" FOREIGN KEY ("donationId") REFERENCES "Donation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReconciliationIssue" ADD CONSTRAINT "ReconciliationIssue_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReconciliationRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Money positive, charge day within every month.
ALTER TABLE "MonthlyGift" ADD CONSTRAINT "MonthlyGift_amount_positive" CHECK ("amountFen" > 0);
ALTER TABLE "MonthlyGift" ADD CONSTRAINT "MonthlyGift_day_of_month" CHECK ("dayOfMonth" BETWEEN 1 AND 28);
ALTER TABLE "MonthlyGift" ADD CONSTRAINT "MonthlyGift_one_target" CHECK (("campaignId" IS NULL) <> ("fundId" IS NULL));
ALTER TABLE "MonthlyGiftCharge" ADD CONSTRAINT "MonthlyGiftCharge_amount_positive" CHECK ("amountFen" > 0);
ALTER TABLE "MonthlyGiftCharge" ADD CONSTRAINT "MonthlyGiftCharge_period_shape" CHECK ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
