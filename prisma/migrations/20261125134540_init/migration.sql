-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "btree_gin";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "citext";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pgcrypto";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "unaccent";

-- CreateEnum
CREATE TYPE "GlobalRole" AS ENUM ('USER', 'BUREAU_STAFF', 'BUREAU_ADMIN');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "OrgType" AS ENUM ('SOCIAL_GROUP', 'SOCIAL_SERVICE_AGENCY', 'FOUNDATION');

-- CreateEnum
CREATE TYPE "OrgStatus" AS ENUM ('SUBMITTED', 'RETURNED', 'APPROVED', 'REJECTED', 'SUSPENDED', 'REVOKED');

-- CreateEnum
CREATE TYPE "ServiceArea" AS ENUM ('POVERTY_RELIEF', 'CONSUMPTION_AID', 'ELDERLY', 'CHILDREN', 'DISABLED', 'EDUCATION', 'HEALTH', 'DISASTER', 'EMERGENCY', 'COMMUNITY', 'ENVIRONMENT', 'OTHER');

-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('OWNER', 'ADMIN', 'MEMBER');

-- CreateEnum
CREATE TYPE "InvitationStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED');

-- CreateEnum
CREATE TYPE "FileVisibility" AS ENUM ('PUBLIC', 'PRIVATE');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ShiftStatus" AS ENUM ('OPEN', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SignupStatus" AS ENUM ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'ATTENDED', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "ServiceRecordStatus" AS ENUM ('CONFIRMED', 'DISPUTED', 'CORRECTED');

-- CreateEnum
CREATE TYPE "BeneficiaryGroup" AS ENUM ('DIBAO', 'TEKUN', 'DIBAO_EDGE', 'DISABLED', 'LEFT_BEHIND_CHILD', 'UNSUPPORTED_CHILD', 'ORPHAN', 'ELDERLY', 'INCAPACITATED');

-- CreateEnum
CREATE TYPE "AgeBand" AS ENUM ('CHILD', 'ADULT', 'SENIOR', 'ELDER');

-- CreateEnum
CREATE TYPE "GoodsCategory" AS ENUM ('FOOD', 'CLOTHING', 'DAILY_NECESSITIES', 'MEDICAL', 'EDUCATION', 'EQUIPMENT', 'OTHER');

-- CreateEnum
CREATE TYPE "ActivityKind" AS ENUM ('POVERTY_RELIEF', 'VISIT', 'CONSUMPTION_AID', 'EDUCATION', 'HEALTH', 'ELDERLY_CARE', 'DISABILITY', 'TRAINING', 'DISASTER', 'OTHER');

-- CreateEnum
CREATE TYPE "ReachSource" AS ENUM ('ACTIVITY', 'GOODS_DISTRIBUTION', 'DISBURSEMENT', 'SERVICE', 'OTHER');

-- CreateEnum
CREATE TYPE "ImportJobStatus" AS ENUM ('UPLOADED', 'VALIDATING', 'INVALID', 'VALID', 'IMPORTING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "CampaignKind" AS ENUM ('EMERGENCY', 'EDUCATION', 'MEDICAL', 'DISASTER', 'OTHER');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'RETURNED', 'REJECTED', 'APPROVED', 'FUNDED', 'ENDED', 'SUSPENDED', 'CLOSED');

-- CreateEnum
CREATE TYPE "FundStatus" AS ENUM ('ACTIVE', 'PAUSED', 'CLOSED');

-- CreateEnum
CREATE TYPE "PaymentProviderName" AS ENUM ('STRIPE', 'WECHAT_PAY', 'ALIPAY', 'OFFLINE');

-- CreateEnum
CREATE TYPE "DonationStatus" AS ENUM ('PENDING', 'PAID', 'PARTLY_REFUNDED', 'REFUNDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DonationFrequency" AS ENUM ('ONE_TIME', 'MONTHLY');

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "LedgerAccountKind" AS ENUM ('PROVIDER_CLEARING', 'DONOR_CLEARING', 'OFFLINE_RECEIPTS', 'CAMPAIGN', 'FUND', 'ORGANIZATION', 'DISBURSED', 'REFUNDS', 'PROVIDER_FEES');

-- CreateEnum
CREATE TYPE "LedgerTransactionKind" AS ENUM ('DONATION', 'OFFLINE_DONATION', 'REFUND', 'DISBURSEMENT', 'FEE', 'GRANT');

-- CreateEnum
CREATE TYPE "NeedCategory" AS ENUM ('CONSUMPTION_AID', 'EMERGENCY_AID', 'EDUCATION_AID', 'ELDERLY_CARE', 'LEFT_BEHIND_CHILDREN', 'DISABILITY', 'DISASTER_RELIEF', 'RESETTLEMENT_COMMUNITY', 'OTHER');

-- CreateEnum
CREATE TYPE "NeedStatus" AS ENUM ('PROPOSED', 'OPEN', 'PARTLY_MET', 'MET', 'CLOSED', 'REJECTED');

-- CreateEnum
CREATE TYPE "NeedUrgency" AS ENUM ('LOW', 'NORMAL', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "NeedResponseKind" AS ENUM ('VOLUNTEERS', 'MONEY', 'GOODS', 'PURCHASE');

-- CreateEnum
CREATE TYPE "NeedResponseStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" CITEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "globalRole" "GlobalRole" NOT NULL DEFAULT 'USER',
    "locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolunteerProfile" (
    "userId" TEXT NOT NULL,
    "realName" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "idNumberHash" TEXT NOT NULL,
    "idNumberMasked" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "sex" "Sex" NOT NULL,
    "districtCode" TEXT,
    "skills" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VolunteerProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" BIGSERIAL NOT NULL,
    "email" CITEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "creditCode" TEXT NOT NULL,
    "type" "OrgType" NOT NULL,
    "status" "OrgStatus" NOT NULL DEFAULT 'SUBMITTED',
    "districtCode" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "foundedOn" DATE NOT NULL,
    "mission" TEXT NOT NULL,
    "serviceAreas" "ServiceArea"[],
    "isVolunteerGroup" BOOLEAN NOT NULL DEFAULT false,
    "isCharity" BOOLEAN NOT NULL DEFAULT false,
    "publicFundraising" BOOLEAN NOT NULL DEFAULT false,
    "fundraisingCertificate" TEXT,
    "website" TEXT,
    "logoId" TEXT,
    "reviewReason" TEXT,
    "createdById" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgMembership" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrgMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgInvitation" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "email" CITEXT NOT NULL,
    "role" "MemberRole" NOT NULL DEFAULT 'MEMBER',
    "status" "InvitationStatus" NOT NULL DEFAULT 'PENDING',
    "invitedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMP(3),

    CONSTRAINT "OrgInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "orgId" TEXT,
    "reason" TEXT,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FileUpload" (
    "id" TEXT NOT NULL,
    "orgId" TEXT,
    "uploadedById" TEXT,
    "purpose" TEXT NOT NULL,
    "visibility" "FileVisibility" NOT NULL DEFAULT 'PUBLIC',
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FileUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "link" TEXT,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageOutbox" (
    "id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "MessageOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchOutbox" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "SearchOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolunteerProject" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "ServiceArea" NOT NULL,
    "districtCode" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "skills" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "requirements" TEXT,
    "minAge" INTEGER,
    "maxAge" INTEGER,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "coverId" TEXT,
    "needId" TEXT,
    "status" "ProjectStatus" NOT NULL DEFAULT 'DRAFT',
    "cancelCutoffHours" INTEGER NOT NULL DEFAULT 24,
    "createdById" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VolunteerProject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shift" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "place" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "taken" INTEGER NOT NULL DEFAULT 0,
    "requiredSkill" TEXT,
    "status" "ShiftStatus" NOT NULL DEFAULT 'OPEN',
    "checkInCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShiftSignup" (
    "id" TEXT NOT NULL,
    "shiftId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "SignupStatus" NOT NULL,
    "waitlistPosition" INTEGER,
    "checkedInAt" TIMESTAMPTZ(3),
    "checkedOutAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMP(3),
    "promotedAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShiftSignup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceRecord" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "shiftId" TEXT NOT NULL,
    "signupId" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "category" "ServiceArea" NOT NULL,
    "serviceDate" DATE NOT NULL,
    "minutes" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "status" "ServiceRecordStatus" NOT NULL DEFAULT 'CONFIRMED',
    "disputeReason" TEXT,
    "correctionNote" TEXT,
    "confirmedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceCertificate" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "totalMinutes" INTEGER NOT NULL,
    "recordCount" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReliefProject" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" "ServiceArea" NOT NULL DEFAULT 'POVERTY_RELIEF',
    "districtCode" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReliefProject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Beneficiary" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "idNumberHash" TEXT NOT NULL,
    "idNumberMasked" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "groups" "BeneficiaryGroup"[] DEFAULT ARRAY[]::"BeneficiaryGroup"[],
    "sex" "Sex" NOT NULL,
    "ageBand" "AgeBand" NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Beneficiary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoodsItem" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" "GoodsCategory" NOT NULL,
    "unit" TEXT NOT NULL,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GoodsItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoodsReceipt" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "category" "GoodsCategory" NOT NULL,
    "donorName" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "valueFen" BIGINT NOT NULL,
    "receivedOn" DATE NOT NULL,
    "districtCode" TEXT NOT NULL,
    "needId" TEXT,
    "campaignId" TEXT,
    "fundId" TEXT,
    "projectId" TEXT,
    "note" TEXT,
    "importJobId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GoodsReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoodsDistribution" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "distributedOn" DATE NOT NULL,
    "districtCode" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "beneficiaryId" TEXT,
    "recipientLabel" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GoodsDistribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "ActivityKind" NOT NULL,
    "heldOn" DATE NOT NULL,
    "districtCode" TEXT NOT NULL,
    "place" TEXT,
    "reliefProjectId" TEXT,
    "needId" TEXT,
    "participants" INTEGER NOT NULL,
    "volunteers" INTEGER NOT NULL DEFAULT 0,
    "staff" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT,
    "importJobId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReachRecord" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "occurredOn" DATE NOT NULL,
    "districtCode" TEXT NOT NULL,
    "source" "ReachSource" NOT NULL,
    "sourceId" TEXT,
    "beneficiaryId" TEXT,
    "personHash" TEXT,
    "headCount" INTEGER NOT NULL,
    "groups" "BeneficiaryGroup"[] DEFAULT ARRAY[]::"BeneficiaryGroup"[],
    "sex" "Sex",
    "ageBand" "AgeBand",
    "importJobId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReachRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatDaily" (
    "day" DATE NOT NULL,
    "districtCode" TEXT NOT NULL,
    "orgType" "OrgType" NOT NULL,
    "metric" TEXT NOT NULL,
    "value" BIGINT NOT NULL,

    CONSTRAINT "StatDaily_pkey" PRIMARY KEY ("day","districtCode","orgType","metric")
);

-- CreateTable
CREATE TABLE "StatMonthly" (
    "month" DATE NOT NULL,
    "districtCode" TEXT NOT NULL,
    "orgType" "OrgType" NOT NULL,
    "metric" TEXT NOT NULL,
    "value" BIGINT NOT NULL,

    CONSTRAINT "StatMonthly_pkey" PRIMARY KEY ("month","districtCode","orgType","metric")
);

-- CreateTable
CREATE TABLE "StatPersonDaily" (
    "day" DATE NOT NULL,
    "districtCode" TEXT NOT NULL,
    "orgType" "OrgType" NOT NULL,
    "personHash" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "StatPersonDaily_pkey" PRIMARY KEY ("day","districtCode","orgType","personHash")
);

-- CreateTable
CREATE TABLE "StatPersonYearly" (
    "year" INTEGER NOT NULL,
    "districtCode" TEXT NOT NULL,
    "orgType" "OrgType" NOT NULL,
    "personHash" TEXT NOT NULL,
    "months" INTEGER NOT NULL,

    CONSTRAINT "StatPersonYearly_pkey" PRIMARY KEY ("year","districtCode","orgType","personHash")
);

-- CreateTable
CREATE TABLE "StatMeta" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StatMeta_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileData" BYTEA NOT NULL,
    "status" "ImportJobStatus" NOT NULL DEFAULT 'UPLOADED',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "doneRows" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "summary" JSONB,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Fund" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "beneficiaryGroups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "districtCodes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "startDate" DATE NOT NULL,
    "status" "FundStatus" NOT NULL DEFAULT 'ACTIVE',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Fund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" "CampaignKind" NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "title" TEXT NOT NULL,
    "story" TEXT NOT NULL,
    "beneficiaryMasked" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "goalFen" BIGINT NOT NULL,
    "deadline" DATE NOT NULL,
    "filingNumber" TEXT NOT NULL,
    "budget" JSONB NOT NULL DEFAULT '[]',
    "needId" TEXT,
    "reviewReason" TEXT,
    "createdById" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "approvedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignDocument" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundingUpdate" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT,
    "fundId" TEXT,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FundingUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Donation" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT,
    "fundId" TEXT,
    "orgId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "frequency" "DonationFrequency" NOT NULL DEFAULT 'ONE_TIME',
    "donorUserId" TEXT,
    "donorEmail" CITEXT,
    "donorName" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "message" TEXT,
    "status" "DonationStatus" NOT NULL DEFAULT 'PENDING',
    "provider" "PaymentProviderName" NOT NULL,
    "providerSessionId" TEXT,
    "providerPaymentId" TEXT,
    "receiptCode" TEXT,
    "accessToken" TEXT NOT NULL,
    "refundedFen" BIGINT NOT NULL DEFAULT 0,
    "paidAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Donation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentEvent" (
    "id" TEXT NOT NULL,
    "provider" "PaymentProviderName" NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "donationId" TEXT,
    "result" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "PaymentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL,
    "donationId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "reason" TEXT,
    "status" "RefundStatus" NOT NULL DEFAULT 'PENDING',
    "providerRefundId" TEXT,
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Disbursement" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "campaignId" TEXT,
    "fundId" TEXT,
    "amountFen" BIGINT NOT NULL,
    "date" DATE NOT NULL,
    "recipientMasked" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "evidenceFileId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Disbursement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerAccount" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "LedgerAccountKind" NOT NULL,
    "campaignId" TEXT,
    "fundId" TEXT,
    "orgId" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerTransaction" (
    "id" TEXT NOT NULL,
    "kind" "LedgerTransactionKind" NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "reversesId" TEXT,
    "orgId" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "campaignId" TEXT,
    "fundId" TEXT,
    "donationId" TEXT,
    "refundId" TEXT,
    "disbursementId" TEXT,
    "provider" "PaymentProviderName",
    "source" TEXT,
    "externalRef" TEXT,
    "donorName" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" BIGSERIAL NOT NULL,
    "transactionId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Need" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "NeedCategory" NOT NULL,
    "status" "NeedStatus" NOT NULL DEFAULT 'PROPOSED',
    "urgency" "NeedUrgency" NOT NULL DEFAULT 'NORMAL',
    "districtCode" TEXT NOT NULL,
    "town" TEXT,
    "village" TEXT,
    "peopleAffected" INTEGER,
    "beneficiaryGroups" "BeneficiaryGroup"[] DEFAULT ARRAY[]::"BeneficiaryGroup"[],
    "wantVolunteers" INTEGER,
    "wantMoneyFen" BIGINT,
    "produceName" TEXT,
    "produceQuantity" INTEGER,
    "produceUnit" TEXT,
    "producePriceFen" BIGINT,
    "deadline" DATE,
    "proposedByOrgId" TEXT,
    "createdById" TEXT NOT NULL,
    "reviewedById" TEXT,
    "reviewReason" TEXT,
    "openedAt" TIMESTAMP(3),
    "metAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Need_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NeedGoodsItem" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "NeedGoodsItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NeedResponse" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" "NeedResponseKind" NOT NULL,
    "status" "NeedResponseStatus" NOT NULL DEFAULT 'PENDING',
    "message" TEXT,
    "volunteerCount" INTEGER,
    "projectId" TEXT,
    "amountFen" BIGINT,
    "goodsItemId" TEXT,
    "quantity" INTEGER,
    "unitPriceFen" BIGINT,
    "createdById" TEXT NOT NULL,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NeedResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NeedInvitation" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "sentById" TEXT NOT NULL,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NeedInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchDocument" (
    "kind" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "districtCode" TEXT,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" TEXT,
    "orgId" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sortDate" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "indexedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tsv" tsvector,
    "trgm_text" TEXT NOT NULL,

    CONSTRAINT "SearchDocument_pkey" PRIMARY KEY ("kind","entityId")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "VolunteerProfile_idNumberHash_key" ON "VolunteerProfile"("idNumberHash");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_email_createdAt_idx" ON "LoginAttempt"("email", "createdAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_ip_createdAt_idx" ON "LoginAttempt"("ip", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_creditCode_key" ON "Organization"("creditCode");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_logoId_key" ON "Organization"("logoId");

-- CreateIndex
CREATE INDEX "Organization_status_submittedAt_idx" ON "Organization"("status", "submittedAt");

-- CreateIndex
CREATE INDEX "Organization_districtCode_status_idx" ON "Organization"("districtCode", "status");

-- CreateIndex
CREATE INDEX "OrgMembership_userId_idx" ON "OrgMembership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "OrgMembership_orgId_userId_key" ON "OrgMembership"("orgId", "userId");

-- CreateIndex
CREATE INDEX "OrgInvitation_email_status_idx" ON "OrgInvitation"("email", "status");

-- CreateIndex
CREATE INDEX "OrgInvitation_orgId_status_idx" ON "OrgInvitation"("orgId", "status");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_createdAt_idx" ON "AuditLog"("entityType", "entityId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_orgId_createdAt_idx" ON "AuditLog"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "FileUpload_orgId_idx" ON "FileUpload"("orgId");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE INDEX "MessageOutbox_status_createdAt_idx" ON "MessageOutbox"("status", "createdAt");

-- CreateIndex
CREATE INDEX "SearchOutbox_processedAt_id_idx" ON "SearchOutbox"("processedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "VolunteerProject_coverId_key" ON "VolunteerProject"("coverId");

-- CreateIndex
CREATE INDEX "VolunteerProject_status_startDate_idx" ON "VolunteerProject"("status", "startDate");

-- CreateIndex
CREATE INDEX "VolunteerProject_orgId_status_idx" ON "VolunteerProject"("orgId", "status");

-- CreateIndex
CREATE INDEX "VolunteerProject_districtCode_status_startDate_idx" ON "VolunteerProject"("districtCode", "status", "startDate");

-- CreateIndex
CREATE INDEX "VolunteerProject_category_status_idx" ON "VolunteerProject"("category", "status");

-- CreateIndex
CREATE INDEX "VolunteerProject_needId_idx" ON "VolunteerProject"("needId");

-- CreateIndex
CREATE INDEX "Shift_projectId_startsAt_idx" ON "Shift"("projectId", "startsAt");

-- CreateIndex
CREATE INDEX "Shift_startsAt_status_idx" ON "Shift"("startsAt", "status");

-- CreateIndex
CREATE INDEX "ShiftSignup_userId_status_idx" ON "ShiftSignup"("userId", "status");

-- CreateIndex
CREATE INDEX "ShiftSignup_shiftId_status_waitlistPosition_idx" ON "ShiftSignup"("shiftId", "status", "waitlistPosition");

-- CreateIndex
CREATE UNIQUE INDEX "ShiftSignup_shiftId_userId_key" ON "ShiftSignup"("shiftId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceRecord_signupId_key" ON "ServiceRecord"("signupId");

-- CreateIndex
CREATE INDEX "ServiceRecord_orgId_serviceDate_idx" ON "ServiceRecord"("orgId", "serviceDate");

-- CreateIndex
CREATE INDEX "ServiceRecord_districtCode_serviceDate_idx" ON "ServiceRecord"("districtCode", "serviceDate");

-- CreateIndex
CREATE INDEX "ServiceRecord_userId_serviceDate_idx" ON "ServiceRecord"("userId", "serviceDate");

-- CreateIndex
CREATE INDEX "ServiceRecord_projectId_idx" ON "ServiceRecord"("projectId");

-- CreateIndex
CREATE INDEX "ServiceRecord_status_orgId_idx" ON "ServiceRecord"("status", "orgId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCertificate_code_key" ON "ServiceCertificate"("code");

-- CreateIndex
CREATE INDEX "ServiceCertificate_userId_createdAt_idx" ON "ServiceCertificate"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "ReliefProject_orgId_startsOn_idx" ON "ReliefProject"("orgId", "startsOn");

-- CreateIndex
CREATE INDEX "ReliefProject_startsOn_districtCode_idx" ON "ReliefProject"("startsOn", "districtCode");

-- CreateIndex
CREATE INDEX "Beneficiary_idNumberHash_idx" ON "Beneficiary"("idNumberHash");

-- CreateIndex
CREATE INDEX "Beneficiary_orgId_createdAt_idx" ON "Beneficiary"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Beneficiary_orgId_idNumberHash_key" ON "Beneficiary"("orgId", "idNumberHash");

-- CreateIndex
CREATE UNIQUE INDEX "GoodsItem_orgId_name_unit_key" ON "GoodsItem"("orgId", "name", "unit");

-- CreateIndex
CREATE INDEX "GoodsReceipt_orgId_receivedOn_idx" ON "GoodsReceipt"("orgId", "receivedOn");

-- CreateIndex
CREATE INDEX "GoodsReceipt_receivedOn_districtCode_idx" ON "GoodsReceipt"("receivedOn", "districtCode");

-- CreateIndex
CREATE INDEX "GoodsDistribution_orgId_distributedOn_idx" ON "GoodsDistribution"("orgId", "distributedOn");

-- CreateIndex
CREATE INDEX "Activity_orgId_heldOn_idx" ON "Activity"("orgId", "heldOn");

-- CreateIndex
CREATE INDEX "Activity_heldOn_districtCode_idx" ON "Activity"("heldOn", "districtCode");

-- CreateIndex
CREATE INDEX "ReachRecord_orgId_occurredOn_idx" ON "ReachRecord"("orgId", "occurredOn");

-- CreateIndex
CREATE INDEX "ReachRecord_occurredOn_districtCode_idx" ON "ReachRecord"("occurredOn", "districtCode");

-- CreateIndex
CREATE INDEX "ReachRecord_source_sourceId_idx" ON "ReachRecord"("source", "sourceId");

-- CreateIndex
CREATE INDEX "ReachRecord_beneficiaryId_idx" ON "ReachRecord"("beneficiaryId");

-- CreateIndex
CREATE INDEX "StatDaily_metric_day_idx" ON "StatDaily"("metric", "day");

-- CreateIndex
CREATE INDEX "ImportJob_createdById_createdAt_idx" ON "ImportJob"("createdById", "createdAt");

-- CreateIndex
CREATE INDEX "Fund_orgId_idx" ON "Fund"("orgId");

-- CreateIndex
CREATE INDEX "Fund_status_idx" ON "Fund"("status");

-- CreateIndex
CREATE INDEX "Campaign_status_deadline_idx" ON "Campaign"("status", "deadline");

-- CreateIndex
CREATE INDEX "Campaign_orgId_status_idx" ON "Campaign"("orgId", "status");

-- CreateIndex
CREATE INDEX "Campaign_districtCode_status_idx" ON "Campaign"("districtCode", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignDocument_fileId_key" ON "CampaignDocument"("fileId");

-- CreateIndex
CREATE INDEX "CampaignDocument_campaignId_idx" ON "CampaignDocument"("campaignId");

-- CreateIndex
CREATE INDEX "FundingUpdate_campaignId_createdAt_idx" ON "FundingUpdate"("campaignId", "createdAt");

-- CreateIndex
CREATE INDEX "FundingUpdate_fundId_createdAt_idx" ON "FundingUpdate"("fundId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Donation_providerSessionId_key" ON "Donation"("providerSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Donation_providerPaymentId_key" ON "Donation"("providerPaymentId");

-- CreateIndex
CREATE UNIQUE INDEX "Donation_receiptCode_key" ON "Donation"("receiptCode");

-- CreateIndex
CREATE UNIQUE INDEX "Donation_accessToken_key" ON "Donation"("accessToken");

-- CreateIndex
CREATE INDEX "Donation_campaignId_status_paidAt_idx" ON "Donation"("campaignId", "status", "paidAt");

-- CreateIndex
CREATE INDEX "Donation_fundId_status_paidAt_idx" ON "Donation"("fundId", "status", "paidAt");

-- CreateIndex
CREATE INDEX "Donation_donorUserId_paidAt_idx" ON "Donation"("donorUserId", "paidAt");

-- CreateIndex
CREATE INDEX "PaymentEvent_donationId_idx" ON "PaymentEvent"("donationId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentEvent_provider_eventId_key" ON "PaymentEvent"("provider", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_providerRefundId_key" ON "Refund"("providerRefundId");

-- CreateIndex
CREATE INDEX "Refund_donationId_idx" ON "Refund"("donationId");

-- CreateIndex
CREATE UNIQUE INDEX "Disbursement_evidenceFileId_key" ON "Disbursement"("evidenceFileId");

-- CreateIndex
CREATE INDEX "Disbursement_campaignId_date_idx" ON "Disbursement"("campaignId", "date");

-- CreateIndex
CREATE INDEX "Disbursement_fundId_date_idx" ON "Disbursement"("fundId", "date");

-- CreateIndex
CREATE INDEX "Disbursement_orgId_date_idx" ON "Disbursement"("orgId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerAccount_key_key" ON "LedgerAccount"("key");

-- CreateIndex
CREATE INDEX "LedgerAccount_kind_idx" ON "LedgerAccount"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerTransaction_idempotencyKey_key" ON "LedgerTransaction"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerTransaction_refundId_key" ON "LedgerTransaction"("refundId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerTransaction_disbursementId_key" ON "LedgerTransaction"("disbursementId");

-- CreateIndex
CREATE INDEX "LedgerTransaction_kind_occurredAt_idx" ON "LedgerTransaction"("kind", "occurredAt");

-- CreateIndex
CREATE INDEX "LedgerTransaction_orgId_occurredAt_idx" ON "LedgerTransaction"("orgId", "occurredAt");

-- CreateIndex
CREATE INDEX "LedgerTransaction_districtCode_occurredAt_idx" ON "LedgerTransaction"("districtCode", "occurredAt");

-- CreateIndex
CREATE INDEX "LedgerTransaction_campaignId_idx" ON "LedgerTransaction"("campaignId");

-- CreateIndex
CREATE INDEX "LedgerTransaction_fundId_idx" ON "LedgerTransaction"("fundId");

-- CreateIndex
CREATE INDEX "LedgerTransaction_donationId_idx" ON "LedgerTransaction"("donationId");

-- CreateIndex
CREATE INDEX "LedgerTransaction_reversesId_idx" ON "LedgerTransaction"("reversesId");

-- CreateIndex
CREATE INDEX "LedgerEntry_transactionId_idx" ON "LedgerEntry"("transactionId");

-- CreateIndex
CREATE INDEX "LedgerEntry_accountId_idx" ON "LedgerEntry"("accountId");

-- CreateIndex
CREATE INDEX "Need_status_districtCode_idx" ON "Need"("status", "districtCode");

-- CreateIndex
CREATE INDEX "Need_category_status_idx" ON "Need"("category", "status");

-- CreateIndex
CREATE INDEX "Need_proposedByOrgId_idx" ON "Need"("proposedByOrgId");

-- CreateIndex
CREATE INDEX "NeedGoodsItem_needId_idx" ON "NeedGoodsItem"("needId");

-- CreateIndex
CREATE INDEX "NeedResponse_needId_status_idx" ON "NeedResponse"("needId", "status");

-- CreateIndex
CREATE INDEX "NeedResponse_orgId_createdAt_idx" ON "NeedResponse"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "NeedInvitation_orgId_createdAt_idx" ON "NeedInvitation"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "NeedInvitation_needId_orgId_key" ON "NeedInvitation"("needId", "orgId");

-- CreateIndex
CREATE INDEX "SearchDocument_trgm_text_idx" ON "SearchDocument" USING GIN ("trgm_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "SearchDocument_categories_idx" ON "SearchDocument" USING GIN ("categories");

-- CreateIndex
CREATE INDEX "SearchDocument_districtCode_idx" ON "SearchDocument"("districtCode");

-- CreateIndex
CREATE INDEX "SearchDocument_publishedAt_idx" ON "SearchDocument"("publishedAt");

-- AddForeignKey
ALTER TABLE "VolunteerProfile" ADD CONSTRAINT "VolunteerProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_logoId_fkey" FOREIGN KEY ("logoId") REFERENCES "FileUpload"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgMembership" ADD CONSTRAINT "OrgMembership_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgMembership" ADD CONSTRAINT "OrgMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgInvitation" ADD CONSTRAINT "OrgInvitation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgInvitation" ADD CONSTRAINT "OrgInvitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FileUpload" ADD CONSTRAINT "FileUpload_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FileUpload" ADD CONSTRAINT "FileUpload_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolunteerProject" ADD CONSTRAINT "VolunteerProject_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolunteerProject" ADD CONSTRAINT "VolunteerProject_coverId_fkey" FOREIGN KEY ("coverId") REFERENCES "FileUpload"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolunteerProject" ADD CONSTRAINT "VolunteerProject_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Shift" ADD CONSTRAINT "Shift_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "VolunteerProject"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftSignup" ADD CONSTRAINT "ShiftSignup_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "Shift"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftSignup" ADD CONSTRAINT "ShiftSignup_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRecord" ADD CONSTRAINT "ServiceRecord_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRecord" ADD CONSTRAINT "ServiceRecord_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRecord" ADD CONSTRAINT "ServiceRecord_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "VolunteerProject"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRecord" ADD CONSTRAINT "ServiceRecord_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "Shift"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRecord" ADD CONSTRAINT "ServiceRecord_signupId_fkey" FOREIGN KEY ("signupId") REFERENCES "ShiftSignup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceCertificate" ADD CONSTRAINT "ServiceCertificate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReliefProject" ADD CONSTRAINT "ReliefProject_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Beneficiary" ADD CONSTRAINT "Beneficiary_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoodsItem" ADD CONSTRAINT "GoodsItem_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoodsReceipt" ADD CONSTRAINT "GoodsReceipt_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoodsReceipt" ADD CONSTRAINT "GoodsReceipt_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "GoodsItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoodsDistribution" ADD CONSTRAINT "GoodsDistribution_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoodsDistribution" ADD CONSTRAINT "GoodsDistribution_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "GoodsItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_reliefProjectId_fkey" FOREIGN KEY ("reliefProjectId") REFERENCES "ReliefProject"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReachRecord" ADD CONSTRAINT "ReachRecord_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReachRecord" ADD CONSTRAINT "ReachRecord_beneficiaryId_fkey" FOREIGN KEY ("beneficiaryId") REFERENCES "Beneficiary"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fund" ADD CONSTRAINT "Fund_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignDocument" ADD CONSTRAINT "CampaignDocument_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignDocument" ADD CONSTRAINT "CampaignDocument_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "FileUpload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundingUpdate" ADD CONSTRAINT "FundingUpdate_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundingUpdate" ADD CONSTRAINT "FundingUpdate_fundId_fkey" FOREIGN KEY ("fundId") REFERENCES "Fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Donation" ADD CONSTRAINT "Donation_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Donation" ADD CONSTRAINT "Donation_fundId_fkey" FOREIGN KEY ("fundId") REFERENCES "Fund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Donation" ADD CONSTRAINT "Donation_donorUserId_fkey" FOREIGN KEY ("donorUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentEvent" ADD CONSTRAINT "PaymentEvent_donationId_fkey" FOREIGN KEY ("donationId") REFERENCES "Donation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_donationId_fkey" FOREIGN KEY ("donationId") REFERENCES "Donation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Disbursement" ADD CONSTRAINT "Disbursement_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Disbursement" ADD CONSTRAINT "Disbursement_fundId_fkey" FOREIGN KEY ("fundId") REFERENCES "Fund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Disbursement" ADD CONSTRAINT "Disbursement_evidenceFileId_fkey" FOREIGN KEY ("evidenceFileId") REFERENCES "FileUpload"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_fundId_fkey" FOREIGN KEY ("fundId") REFERENCES "Fund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransaction" ADD CONSTRAINT "LedgerTransaction_reversesId_fkey" FOREIGN KEY ("reversesId") REFERENCES "LedgerTransaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransaction" ADD CONSTRAINT "LedgerTransaction_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransaction" ADD CONSTRAINT "LedgerTransaction_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransaction" ADD CONSTRAINT "LedgerTransaction_fundId_fkey" FOREIGN KEY ("fundId") REFERENCES "Fund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "LedgerTransaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_proposedByOrgId_fkey" FOREIGN KEY ("proposedByOrgId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedGoodsItem" ADD CONSTRAINT "NeedGoodsItem_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedResponse" ADD CONSTRAINT "NeedResponse_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedResponse" ADD CONSTRAINT "NeedResponse_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedResponse" ADD CONSTRAINT "NeedResponse_goodsItemId_fkey" FOREIGN KEY ("goodsItemId") REFERENCES "NeedGoodsItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedResponse" ADD CONSTRAINT "NeedResponse_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedInvitation" ADD CONSTRAINT "NeedInvitation_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedInvitation" ADD CONSTRAINT "NeedInvitation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ───── prisma/sql/ledger.sql ─────
-- Ledger guarantees Prisma cannot express (owned by app/modules/ledger). Idempotent.

-- Append-only: entries and transactions are never changed or removed; corrections are new
-- reversing transactions.
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

DROP TRIGGER IF EXISTS ledger_entry_append_only ON "LedgerEntry";
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

DROP TRIGGER IF EXISTS ledger_transaction_append_only ON "LedgerTransaction";
CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON "LedgerTransaction"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

-- Every transaction's entries sum to zero, checked at commit (deferred), so a group is written
-- entry by entry yet can never be committed unbalanced.
CREATE OR REPLACE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total numeric;
BEGIN
  SELECT COALESCE(SUM("amountFen"), 0) INTO total FROM "LedgerEntry" WHERE "transactionId" = NEW."transactionId";
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced (sum %)', NEW."transactionId", total USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS ledger_entry_balanced ON "LedgerEntry";
CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON "LedgerEntry"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

ALTER TABLE "LedgerEntry" DROP CONSTRAINT IF EXISTS ledger_entry_nonzero;
ALTER TABLE "LedgerEntry" ADD CONSTRAINT ledger_entry_nonzero CHECK ("amountFen" <> 0);
ALTER TABLE "LedgerTransaction" DROP CONSTRAINT IF EXISTS ledger_transaction_amount_positive;
ALTER TABLE "LedgerTransaction" ADD CONSTRAINT ledger_transaction_amount_positive CHECK ("amountFen" > 0);
ALTER TABLE "Donation" DROP CONSTRAINT IF EXISTS donation_amount_min;
ALTER TABLE "Donation" ADD CONSTRAINT donation_amount_min CHECK ("amountFen" >= 100 AND "refundedFen" >= 0 AND "refundedFen" <= "amountFen");
ALTER TABLE "Donation" DROP CONSTRAINT IF EXISTS donation_one_target;
ALTER TABLE "Donation" ADD CONSTRAINT donation_one_target CHECK (("campaignId" IS NULL) <> ("fundId" IS NULL));
ALTER TABLE "Disbursement" DROP CONSTRAINT IF EXISTS disbursement_one_target;
ALTER TABLE "Disbursement" ADD CONSTRAINT disbursement_one_target CHECK (("campaignId" IS NULL) <> ("fundId" IS NULL) AND "amountFen" > 0);


-- ───── prisma/sql/needs.sql ─────
-- Needs invariants the database enforces whatever the code does (idempotent).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Need_wanted_positive') THEN
    ALTER TABLE "Need" ADD CONSTRAINT "Need_wanted_positive" CHECK (
      ("wantVolunteers" IS NULL OR "wantVolunteers" > 0) AND ("wantMoneyFen" IS NULL OR "wantMoneyFen" > 0)
      AND ("produceQuantity" IS NULL OR "produceQuantity" > 0) AND ("producePriceFen" IS NULL OR "producePriceFen" > 0)
      AND ("peopleAffected" IS NULL OR "peopleAffected" > 0));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'NeedGoodsItem_quantity_positive') THEN
    ALTER TABLE "NeedGoodsItem" ADD CONSTRAINT "NeedGoodsItem_quantity_positive" CHECK ("quantity" > 0);
  END IF;
  -- An offer carries exactly what its kind needs.
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'NeedResponse_kind_fields') THEN
    ALTER TABLE "NeedResponse" ADD CONSTRAINT "NeedResponse_kind_fields" CHECK (
      ("kind" = 'VOLUNTEERS' AND "volunteerCount" > 0)
      OR ("kind" = 'MONEY' AND "amountFen" > 0)
      OR ("kind" = 'GOODS' AND "goodsItemId" IS NOT NULL AND "quantity" > 0)
      OR ("kind" = 'PURCHASE' AND "quantity" > 0 AND "unitPriceFen" > 0));
  END IF;
END $$;


-- ───── prisma/sql/search.sql ─────
-- Full-text index of the PostgreSQL search engine (search/postgres/engine.server.ts): one GIN over
-- tsv AND the filter fields (kind, status, district: btree_gin; categories: array_ops). A filtered
-- search is then narrowed inside the index, so a broad query ("留守儿童", kind = need) fetches only
-- the rows that pass the filters instead of every text match: 2–6× fewer heap rows, and those
-- heap visits are most of a broad query's time.
-- Partial (every indexed row has a tsv; `tsv @@ …` implies the predicate) because Prisma ignores
-- partial indexes: declared in schema.prisma with btree_gin operator classes, Prisma would drop and
-- recreate it in every migration (prisma/orm#17518).
CREATE INDEX IF NOT EXISTS "SearchDocument_tsv_filters_idx"
  ON "SearchDocument" USING GIN ("tsv", "kind", "status", "districtCode", "categories")
  WHERE "tsv" IS NOT NULL;


-- ───── prisma/sql/statistics.sql ─────
-- Goods, activities, reach and statistics: invariants the database enforces whatever the code does
-- (idempotent). The rollup triggers are generated from app/modules/statistics/sources.server.ts and
-- installed by ensureStatistics()/`npm run stats:rebuild` (they follow other modules' tables).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'GoodsItem_stock_nonnegative') THEN
    ALTER TABLE "GoodsItem" ADD CONSTRAINT "GoodsItem_stock_nonnegative" CHECK ("stock" >= 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'GoodsReceipt_positive') THEN
    ALTER TABLE "GoodsReceipt" ADD CONSTRAINT "GoodsReceipt_positive" CHECK ("quantity" > 0 AND "valueFen" >= 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'GoodsDistribution_positive') THEN
    ALTER TABLE "GoodsDistribution" ADD CONSTRAINT "GoodsDistribution_positive" CHECK ("quantity" > 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Activity_counts') THEN
    ALTER TABLE "Activity" ADD CONSTRAINT "Activity_counts" CHECK ("volunteers" >= 0 AND "staff" >= 0 AND "participants" >= "volunteers" + "staff");
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ReachRecord_head_count') THEN
    ALTER TABLE "ReachRecord" ADD CONSTRAINT "ReachRecord_head_count" CHECK ("headCount" > 0 AND ("personHash" IS NULL OR "headCount" = 1));
  END IF;
END $$;


-- ───── prisma/sql/volunteering.sql ─────
-- Volunteering invariants the database enforces whatever the code does (idempotent).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Shift_capacity_positive') THEN
    ALTER TABLE "Shift" ADD CONSTRAINT "Shift_capacity_positive" CHECK ("capacity" > 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Shift_taken_within_capacity') THEN
    ALTER TABLE "Shift" ADD CONSTRAINT "Shift_taken_within_capacity" CHECK ("taken" >= 0 AND "taken" <= "capacity");
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Shift_ends_after_start') THEN
    ALTER TABLE "Shift" ADD CONSTRAINT "Shift_ends_after_start" CHECK ("endsAt" > "startsAt");
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ServiceRecord_minutes_range') THEN
    ALTER TABLE "ServiceRecord" ADD CONSTRAINT "ServiceRecord_minutes_range" CHECK ("minutes" > 0 AND "minutes" <= 1440);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'VolunteerProject_dates_ordered') THEN
    ALTER TABLE "VolunteerProject" ADD CONSTRAINT "VolunteerProject_dates_ordered" CHECK ("endDate" >= "startDate");
  END IF;
END $$;

-- A volunteer holds at most one waitlist place per position in a shift's queue.
CREATE UNIQUE INDEX IF NOT EXISTS "ShiftSignup_waitlist_position_unique"
  ON "ShiftSignup" ("shiftId", "waitlistPosition") WHERE "waitlistPosition" IS NOT NULL;

