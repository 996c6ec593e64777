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
