-- New enum values are committed in their own migration: PostgreSQL refuses to use a value
-- (e.g. as a column default) in the transaction that adds it.

ALTER TYPE "FundStatus" ADD VALUE 'DRAFT';
ALTER TYPE "FundStatus" ADD VALUE 'SUBMITTED';
ALTER TYPE "FundStatus" ADD VALUE 'RETURNED';
ALTER TYPE "FundStatus" ADD VALUE 'REJECTED';
ALTER TYPE "FundStatus" ADD VALUE 'SUSPENDED';

ALTER TYPE "MemberRole" ADD VALUE 'FINANCE';
ALTER TYPE "MemberRole" ADD VALUE 'COORDINATOR';
