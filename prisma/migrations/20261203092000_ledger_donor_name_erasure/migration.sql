-- Issue 15.6: a person who deletes their account leaves the ledger's copy of their donor name
-- behind unless the ledger lets that one field be erased. The ledger stays append-only for every
-- amount, account, kind and link: the only change allowed on a transaction is its donorName set to
-- 匿名 (anonymous) with every other column unchanged. Entries stay fully immutable.
CREATE OR REPLACE FUNCTION ledger_transaction_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW."donorName" = '匿名'
     AND (to_jsonb(NEW) - 'donorName') = (to_jsonb(OLD) - 'donorName') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

DROP TRIGGER IF EXISTS ledger_transaction_append_only ON "LedgerTransaction";
CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON "LedgerTransaction"
  FOR EACH ROW EXECUTE FUNCTION ledger_transaction_refuse_change();
