-- CreateEnum
CREATE TYPE "MatcherKind" AS ENUM ('FUND', 'ORGANIZATION', 'COMPANY');

-- CreateEnum
CREATE TYPE "MatchPledgeStatus" AS ENUM ('PENDING', 'ACTIVE', 'REJECTED');

-- CreateEnum
CREATE TYPE "MatchedGiftStatus" AS ENUM ('PAID', 'FLAGGED', 'REFUSED', 'REVERSED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LedgerAccountKind" ADD VALUE 'MATCH_PLEDGE';
ALTER TYPE "LedgerAccountKind" ADD VALUE 'MATCHED';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LedgerTransactionKind" ADD VALUE 'MATCH_FUNDING';
ALTER TYPE "LedgerTransactionKind" ADD VALUE 'MATCH';
ALTER TYPE "LedgerTransactionKind" ADD VALUE 'MATCH_REVERSAL';

-- AlterTable
ALTER TABLE "Donation" ADD COLUMN     "deviceHash" TEXT,
ADD COLUMN     "ipHash" TEXT,
ADD COLUMN     "payerHash" TEXT;

-- AlterTable
ALTER TABLE "LedgerTransaction" ADD COLUMN     "matchPledgeId" TEXT;

-- CreateTable
CREATE TABLE "MatchPledge" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "matcherKind" "MatcherKind" NOT NULL,
    "matcherName" TEXT NOT NULL,
    "matcherOrgId" TEXT,
    "matcherEmailDomain" TEXT,
    "ratioNum" INTEGER NOT NULL,
    "ratioDen" INTEGER NOT NULL,
    "perDonationCapFen" BIGINT NOT NULL,
    "perDonorDayCapFen" BIGINT NOT NULL,
    "totalCapFen" BIGINT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "status" "MatchPledgeStatus" NOT NULL DEFAULT 'PENDING',
    "createdById" TEXT NOT NULL,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "fundingRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchPledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatchedGift" (
    "id" TEXT NOT NULL,
    "pledgeId" TEXT NOT NULL,
    "donationId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "donorKey" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "originalFen" BIGINT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "status" "MatchedGiftStatus" NOT NULL,
    "flags" JSONB NOT NULL DEFAULT '[]',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchedGift_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MatchPledge_campaignId_status_idx" ON "MatchPledge"("campaignId", "status");

-- CreateIndex
CREATE INDEX "MatchPledge_matcherOrgId_idx" ON "MatchPledge"("matcherOrgId");

-- CreateIndex
CREATE INDEX "MatchedGift_pledgeId_donorKey_day_idx" ON "MatchedGift"("pledgeId", "donorKey", "day");

-- CreateIndex
CREATE INDEX "MatchedGift_status_createdAt_idx" ON "MatchedGift"("status", "createdAt");

-- CreateIndex
CREATE INDEX "MatchedGift_donationId_idx" ON "MatchedGift"("donationId");

-- CreateIndex
CREATE UNIQUE INDEX "MatchedGift_pledgeId_donationId_key" ON "MatchedGift"("pledgeId", "donationId");

-- CreateIndex
CREATE INDEX "Donation_campaignId_ipHash_idx" ON "Donation"("campaignId", "ipHash");

-- CreateIndex
CREATE INDEX "Donation_campaignId_deviceHash_idx" ON "Donation"("campaignId", "deviceHash");

-- CreateIndex
CREATE INDEX "Donation_payerHash_idx" ON "Donation"("payerHash");

-- AddForeignKey
ALTER TABLE "MatchPledge" ADD CONSTRAINT "MatchPledge_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchPledge" ADD CONSTRAINT "MatchPledge_matcherOrgId_fkey" FOREIGN KEY ("matcherOrgId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchedGift" ADD CONSTRAINT "MatchedGift_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "MatchPledge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchedGift" ADD CONSTRAINT "MatchedGift_donationId_fkey" FOREIGN KEY ("donationId") REFERENCES "Donation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
