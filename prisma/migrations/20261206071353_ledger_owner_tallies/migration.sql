-- CreateTable
CREATE TABLE "LedgerOwnerTally" (
    "ownerKind" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "kind" "LedgerTransactionKind" NOT NULL,
    "reversal" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL,
    "fen" BIGINT NOT NULL,
    "n" BIGINT NOT NULL,

    CONSTRAINT "LedgerOwnerTally_pkey" PRIMARY KEY ("ownerKind","ownerId","kind","reversal","source")
);

-- CreateTable
CREATE TABLE "LedgerAccountBalance" (
    "accountId" TEXT NOT NULL,
    "fen" BIGINT NOT NULL,

    CONSTRAINT "LedgerAccountBalance_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "OwnerDonor" (
    "ownerKind" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "donorKey" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "OwnerDonor_pkey" PRIMARY KEY ("ownerKind","ownerId","donorKey")
);

-- CreateTable
CREATE TABLE "OwnerDonorCount" (
    "ownerKind" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "n" BIGINT NOT NULL,

    CONSTRAINT "OwnerDonorCount_pkey" PRIMARY KEY ("ownerKind","ownerId")
);

-- Owner tallies (issue 17, "cost that grows gently"; docs/decisions/027-ledger-owner-tallies.md).
-- A campaign page, the listing's cards and the goal check summed every ledger transaction, every
-- entry of the campaign's account and every paid donation of the campaign on each view or payment:
-- 0.5 s a view at 200,000 donations. These tables keep the same sums, updated by triggers in the
-- same transaction as the write, so each read is a handful of rows whatever the campaign's size.
-- The ledger stays append-only (prisma/sql/ledger.sql): a transaction is inserted and never
-- changes an amount, kind, owner or source (only donorName may be erased), an entry never changes,
-- so inserts are the only writes the first two triggers need to follow. Donations do change
-- (status, refunds, erasure of the e-mail), so their trigger follows every row change, at commit.
-- Rows are upserted in key order, as the statistics rollups are, and a campaign's row is held
-- only until its posting commits; a settlement that loses a deadlock is retried (db.server.ts).

CREATE OR REPLACE FUNCTION ledger_owner_tally() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "LedgerOwnerTally" ("ownerKind", "ownerId", kind, reversal, source, fen, n)
    SELECT owner_kind, owner_id, kind, reversal, source, SUM(amount)::bigint, count(*)::bigint FROM (
      SELECT 'CAMPAIGN' AS owner_kind, "campaignId" AS owner_id, kind, ("reversesId" IS NOT NULL) AS reversal, COALESCE(source, '') AS source, "amountFen" AS amount
        FROM new_rows WHERE "campaignId" IS NOT NULL
      UNION ALL
      SELECT 'FUND', "fundId", kind, ("reversesId" IS NOT NULL), COALESCE(source, ''), "amountFen"
        FROM new_rows WHERE "fundId" IS NOT NULL
    ) x
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ("ownerKind", "ownerId", kind, reversal, source)
    DO UPDATE SET fen = "LedgerOwnerTally".fen + EXCLUDED.fen, n = "LedgerOwnerTally".n + EXCLUDED.n;
  RETURN NULL;
END;
$fn$;

DROP TRIGGER IF EXISTS ledger_owner_tally_trg ON "LedgerTransaction";
CREATE TRIGGER ledger_owner_tally_trg AFTER INSERT ON "LedgerTransaction"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_owner_tally();

CREATE OR REPLACE FUNCTION ledger_account_balance() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Only campaign and fund accounts: the clearing and platform accounts take an entry from every
  -- payment in the city, and one row for them would make every settlement wait for the others.
  INSERT INTO "LedgerAccountBalance" ("accountId", fen)
    SELECT e."accountId", SUM(e."amountFen")::bigint FROM new_rows e JOIN "LedgerAccount" a ON a.id = e."accountId"
    WHERE a."campaignId" IS NOT NULL OR a."fundId" IS NOT NULL
    GROUP BY 1 ORDER BY 1
    ON CONFLICT ("accountId") DO UPDATE SET fen = "LedgerAccountBalance".fen + EXCLUDED.fen;
  RETURN NULL;
END;
$fn$;

DROP TRIGGER IF EXISTS ledger_account_balance_trg ON "LedgerEntry";
CREATE TRIGGER ledger_account_balance_trg AFTER INSERT ON "LedgerEntry"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_account_balance();

-- The donor wall counts distinct donors: the signed-in user, else the e-mail (case-insensitively),
-- else the donation itself, over the PAID and PARTLY_REFUNDED donations. Hashed: no e-mail here.
CREATE OR REPLACE FUNCTION owner_donor_key(user_id text, email text, donation_id text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $fn$
  SELECT encode(sha256(convert_to(COALESCE('u:' || user_id, 'e:' || lower(email), 'd:' || donation_id), 'UTF8')), 'hex')
$fn$;

CREATE OR REPLACE FUNCTION owner_donor_add(owner_kind text, owner_id text, donor_key text, delta int) RETURNS void
  LANGUAGE plpgsql AS $fn$
DECLARE left_n int;
BEGIN
  IF delta > 0 THEN
    INSERT INTO "OwnerDonor" ("ownerKind", "ownerId", "donorKey", n) VALUES (owner_kind, owner_id, donor_key, 1)
      ON CONFLICT ("ownerKind", "ownerId", "donorKey") DO UPDATE SET n = "OwnerDonor".n + 1
      RETURNING n INTO left_n;
    IF left_n = 1 THEN
      INSERT INTO "OwnerDonorCount" ("ownerKind", "ownerId", n) VALUES (owner_kind, owner_id, 1)
        ON CONFLICT ("ownerKind", "ownerId") DO UPDATE SET n = "OwnerDonorCount".n + 1;
    END IF;
  ELSE
    UPDATE "OwnerDonor" SET n = n - 1 WHERE "ownerKind" = owner_kind AND "ownerId" = owner_id AND "donorKey" = donor_key
      RETURNING n INTO left_n;
    IF left_n = 0 THEN
      DELETE FROM "OwnerDonor" WHERE "ownerKind" = owner_kind AND "ownerId" = owner_id AND "donorKey" = donor_key;
      UPDATE "OwnerDonorCount" SET n = n - 1 WHERE "ownerKind" = owner_kind AND "ownerId" = owner_id;
    END IF;
  END IF;
END;
$fn$;

CREATE OR REPLACE FUNCTION owner_donor_follow() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  old_counts boolean := TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('PAID', 'PARTLY_REFUNDED');
  new_counts boolean := TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN ('PAID', 'PARTLY_REFUNDED');
  old_kind text; old_id text; old_key text; new_kind text; new_id text; new_key text;
BEGIN
  IF old_counts THEN
    old_kind := CASE WHEN OLD."campaignId" IS NOT NULL THEN 'CAMPAIGN' ELSE 'FUND' END;
    old_id := COALESCE(OLD."campaignId", OLD."fundId");
    old_key := owner_donor_key(OLD."donorUserId", OLD."donorEmail"::text, OLD.id);
  END IF;
  IF new_counts THEN
    new_kind := CASE WHEN NEW."campaignId" IS NOT NULL THEN 'CAMPAIGN' ELSE 'FUND' END;
    new_id := COALESCE(NEW."campaignId", NEW."fundId");
    new_key := owner_donor_key(NEW."donorUserId", NEW."donorEmail"::text, NEW.id);
  END IF;
  IF old_counts AND new_counts AND old_kind = new_kind AND old_id = new_id AND old_key = new_key THEN
    RETURN NULL;
  END IF;
  IF old_counts THEN PERFORM owner_donor_add(old_kind, old_id, old_key, -1); END IF;
  IF new_counts THEN PERFORM owner_donor_add(new_kind, new_id, new_key, 1); END IF;
  RETURN NULL;
END;
$fn$;

-- Deferred to the commit: a donor's row and the campaign's count are locked for the moment of the
-- commit only. Fired when the row changes (a settlement marks its donation PAID well before it
-- posts to the ledger), two settlements of one campaign would wait for each other from there to
-- their commit. Each change's OLD and NEW are those of that change, so the deltas add up whatever
-- the order and number of changes in the transaction.
DROP TRIGGER IF EXISTS owner_donor_follow_trg ON "Donation";
CREATE CONSTRAINT TRIGGER owner_donor_follow_trg
  AFTER INSERT OR UPDATE OF status, "donorUserId", "donorEmail", "campaignId", "fundId" OR DELETE ON "Donation"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION owner_donor_follow();

-- First fill from what is there.
INSERT INTO "LedgerOwnerTally" ("ownerKind", "ownerId", kind, reversal, source, fen, n)
  SELECT owner_kind, owner_id, kind, reversal, source, SUM(amount)::bigint, count(*)::bigint FROM (
    SELECT 'CAMPAIGN' AS owner_kind, "campaignId" AS owner_id, kind, ("reversesId" IS NOT NULL) AS reversal, COALESCE(source, '') AS source, "amountFen" AS amount
      FROM "LedgerTransaction" WHERE "campaignId" IS NOT NULL
    UNION ALL
    SELECT 'FUND', "fundId", kind, ("reversesId" IS NOT NULL), COALESCE(source, ''), "amountFen"
      FROM "LedgerTransaction" WHERE "fundId" IS NOT NULL
  ) x GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "LedgerAccountBalance" ("accountId", fen)
  SELECT e."accountId", SUM(e."amountFen")::bigint FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a.id = e."accountId"
  WHERE a."campaignId" IS NOT NULL OR a."fundId" IS NOT NULL GROUP BY 1;

INSERT INTO "OwnerDonor" ("ownerKind", "ownerId", "donorKey", n)
  SELECT CASE WHEN "campaignId" IS NOT NULL THEN 'CAMPAIGN' ELSE 'FUND' END, COALESCE("campaignId", "fundId"),
         owner_donor_key("donorUserId", "donorEmail"::text, id), count(*)::int
  FROM "Donation" WHERE status IN ('PAID', 'PARTLY_REFUNDED') GROUP BY 1, 2, 3;

INSERT INTO "OwnerDonorCount" ("ownerKind", "ownerId", n)
  SELECT "ownerKind", "ownerId", count(*)::bigint FROM "OwnerDonor" GROUP BY 1, 2;
