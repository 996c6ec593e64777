-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LedgerAccountKind" ADD VALUE 'PRODUCER_PAYABLE';
ALTER TYPE "LedgerAccountKind" ADD VALUE 'PRODUCER_PAID_OUT';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LedgerTransactionKind" ADD VALUE 'ORDER_PAYMENT';
ALTER TYPE "LedgerTransactionKind" ADD VALUE 'ORDER_REFUND';
ALTER TYPE "LedgerTransactionKind" ADD VALUE 'PRODUCER_PAYOUT';
