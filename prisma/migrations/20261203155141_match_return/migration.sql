-- AlterEnum
ALTER TYPE "LedgerAccountKind" ADD VALUE 'MATCH_RETURNED';

-- AlterEnum
ALTER TYPE "LedgerTransactionKind" ADD VALUE 'MATCH_RETURN';

-- AlterEnum
ALTER TYPE "MatchPledgeStatus" ADD VALUE 'CLOSED';
