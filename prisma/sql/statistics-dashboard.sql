-- Dashboard rollups (issue 17.3, docs/decisions/005-statistics-rollups.md): coarser tables kept by
-- triggers on the rollups themselves, in the same transaction as the write that changed them, so the
-- generated source triggers (statistics.sql) stay as they are. Idempotent: (re)creates the functions
-- and triggers, then refills the four tables from StatMonthly and StatPersonYearly.
--   StatYearly, StatMonthlyCity  ← StatMonthly (sums of the statement's new rows minus its old rows)
--   StatPersonYearScope          ← StatPersonYearly (month masks OR-ed per scope; recomputed for the
--                                  persons whose months were removed)
--   StatPersonMaskCount          ← StatPersonYearly and StatPersonYearScope (persons per month mask)
-- A TRUNCATE of StatMonthly / StatPersonYearly (the rebuild) empties the tables derived from it; the
-- rebuild's INSERT then refills them through the same triggers.

CREATE OR REPLACE FUNCTION rollup_statmonthly() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE "StatYearly", "StatMonthlyCity";
    RETURN NULL;
  END IF;
  -- The statement's delta read straight from its transition tables, one statement per operation
  -- (a statement naming old_rows cannot be planned in an INSERT trigger, nor new_rows in a DELETE
  -- one). No temporary table: creating one in every transaction that posted a donation cost about
  -- 3 ms of catalog work and re-planned every statement that used it.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "StatYearly" (year, "districtCode", "orgType", metric, value)
      SELECT extract(year FROM month)::int, "districtCode", "orgType", metric, SUM(value)::bigint FROM new_rows
      GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (year, "districtCode", "orgType", metric) DO UPDATE SET value = "StatYearly".value + EXCLUDED.value;
    INSERT INTO "StatMonthlyCity" (month, "orgType", metric, value)
      SELECT month, "orgType", metric, SUM(value)::bigint FROM new_rows
      GROUP BY 1, 2, 3 HAVING SUM(value) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (month, "orgType", metric) DO UPDATE SET value = "StatMonthlyCity".value + EXCLUDED.value;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "StatYearly" (year, "districtCode", "orgType", metric, value)
      SELECT extract(year FROM month)::int, "districtCode", "orgType", metric, SUM(value)::bigint
      FROM (SELECT month, "districtCode", "orgType", metric, value FROM new_rows UNION ALL SELECT month, "districtCode", "orgType", metric, -value FROM old_rows) d
      GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (year, "districtCode", "orgType", metric) DO UPDATE SET value = "StatYearly".value + EXCLUDED.value;
    INSERT INTO "StatMonthlyCity" (month, "orgType", metric, value)
      SELECT month, "orgType", metric, SUM(value)::bigint
      FROM (SELECT month, "orgType", metric, value FROM new_rows UNION ALL SELECT month, "orgType", metric, -value FROM old_rows) d
      GROUP BY 1, 2, 3 HAVING SUM(value) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (month, "orgType", metric) DO UPDATE SET value = "StatMonthlyCity".value + EXCLUDED.value;
  ELSE
    INSERT INTO "StatYearly" (year, "districtCode", "orgType", metric, value)
      SELECT extract(year FROM month)::int, "districtCode", "orgType", metric, -SUM(value)::bigint FROM old_rows
      GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (year, "districtCode", "orgType", metric) DO UPDATE SET value = "StatYearly".value + EXCLUDED.value;
    INSERT INTO "StatMonthlyCity" (month, "orgType", metric, value)
      SELECT month, "orgType", metric, -SUM(value)::bigint FROM old_rows
      GROUP BY 1, 2, 3 HAVING SUM(value) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (month, "orgType", metric) DO UPDATE SET value = "StatMonthlyCity".value + EXCLUDED.value;
  END IF;
  RETURN NULL;
END
$fn$;

-- Persons per month mask: +1 for each new row's mask, −1 for each old row's.
CREATE OR REPLACE FUNCTION rollup_person_mask_count() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- From the transition tables directly, one statement per operation (no temporary table, as above).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "StatPersonMaskCount" (year, "districtCode", "orgType", months, n)
      SELECT year, "districtCode", "orgType"::text, months, count(*)::bigint FROM new_rows
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (year, "districtCode", "orgType", months) DO UPDATE SET n = "StatPersonMaskCount".n + EXCLUDED.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "StatPersonMaskCount" (year, "districtCode", "orgType", months, n)
      SELECT year, district_code, org_type, months, SUM(n)::bigint
      FROM (SELECT year, "districtCode" AS district_code, "orgType"::text AS org_type, months, 1 AS n FROM new_rows
            UNION ALL SELECT year, "districtCode", "orgType"::text, months, -1 FROM old_rows) d
      GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (year, "districtCode", "orgType", months) DO UPDATE SET n = "StatPersonMaskCount".n + EXCLUDED.n;
  ELSE
    INSERT INTO "StatPersonMaskCount" (year, "districtCode", "orgType", months, n)
      SELECT year, "districtCode", "orgType"::text, months, -count(*)::bigint FROM old_rows
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (year, "districtCode", "orgType", months) DO UPDATE SET n = "StatPersonMaskCount".n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION rollup_statpersonyearly() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE "StatPersonYearScope", "StatPersonMaskCount";
    RETURN NULL;
  END IF;
  -- Months only added (inserts, and updates that OR bits in): OR them into the coarser scopes.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "StatPersonYearScope" (year, "districtCode", "orgType", "personHash", months)
      SELECT year, COALESCE("districtCode", ''), COALESCE("orgType"::text, ''), "personHash", bit_or(months) FROM new_rows
      GROUP BY GROUPING SETS ((year, "personHash"), (year, "districtCode", "personHash"), (year, "orgType", "personHash")) ORDER BY 1, 2, 3, 4
      ON CONFLICT (year, "districtCode", "orgType", "personHash") DO UPDATE SET months = "StatPersonYearScope".months | EXCLUDED.months
      WHERE "StatPersonYearScope".months | EXCLUDED.months <> "StatPersonYearScope".months;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO "StatPersonYearScope" (year, "districtCode", "orgType", "personHash", months)
      SELECT year, COALESCE("districtCode", ''), COALESCE("orgType"::text, ''), "personHash", bit_or(months) FROM new_rows
      GROUP BY GROUPING SETS ((year, "personHash"), (year, "districtCode", "personHash"), (year, "orgType", "personHash")) ORDER BY 1, 2, 3, 4
      ON CONFLICT (year, "districtCode", "orgType", "personHash") DO UPDATE SET months = "StatPersonYearScope".months | EXCLUDED.months
      WHERE "StatPersonYearScope".months | EXCLUDED.months <> "StatPersonYearScope".months;
  END IF;
  -- Months removed (deletes, updates that clear bits): recompute those persons' scopes from StatPersonYearly.
  -- Most updates only OR months in: they end here, before any temporary table is made.
  -- (Nested: one expression naming new_rows cannot be planned in the DELETE trigger, whatever TG_OP.)
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (
      SELECT 1 FROM old_rows o
        LEFT JOIN new_rows n ON n.year = o.year AND n."districtCode" = o."districtCode" AND n."orgType" = o."orgType" AND n."personHash" = o."personHash"
        WHERE n.months IS NULL OR o.months & ~n.months <> 0) THEN
      RETURN NULL;
    END IF;
  END IF;
  CREATE TEMP TABLE IF NOT EXISTS rollup_touched_persons (year int, person_hash text) ON COMMIT DROP;
  DELETE FROM rollup_touched_persons;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO rollup_touched_persons SELECT DISTINCT year, "personHash" FROM old_rows;
  ELSE
    INSERT INTO rollup_touched_persons SELECT DISTINCT o.year, o."personHash" FROM old_rows o
      LEFT JOIN new_rows n ON n.year = o.year AND n."districtCode" = o."districtCode" AND n."orgType" = o."orgType" AND n."personHash" = o."personHash"
      WHERE n.months IS NULL OR o.months & ~n.months <> 0;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM rollup_touched_persons) THEN
    RETURN NULL;
  END IF;
  CREATE TEMP TABLE IF NOT EXISTS rollup_scope_now (year int, district_code text, org_type text, person_hash text, months int) ON COMMIT DROP;
  DELETE FROM rollup_scope_now;
  INSERT INTO rollup_scope_now
    SELECT y.year, COALESCE(y."districtCode", ''), COALESCE(y."orgType"::text, ''), y."personHash", bit_or(y.months)
    FROM "StatPersonYearly" y JOIN rollup_touched_persons k ON k.year = y.year AND k.person_hash = y."personHash"
    GROUP BY GROUPING SETS ((y.year, y."personHash"), (y.year, y."districtCode", y."personHash"), (y.year, y."orgType", y."personHash"));
  DELETE FROM "StatPersonYearScope" s USING rollup_touched_persons k
    WHERE s.year = k.year AND s."personHash" = k.person_hash
      AND NOT EXISTS (SELECT 1 FROM rollup_scope_now w WHERE w.year = s.year AND w.district_code = s."districtCode" AND w.org_type = s."orgType" AND w.person_hash = s."personHash");
  INSERT INTO "StatPersonYearScope" (year, "districtCode", "orgType", "personHash", months)
    SELECT year, district_code, org_type, person_hash, months FROM rollup_scope_now ORDER BY 1, 2, 3, 4
    ON CONFLICT (year, "districtCode", "orgType", "personHash") DO UPDATE SET months = EXCLUDED.months
    WHERE "StatPersonYearScope".months <> EXCLUDED.months;
  RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS rollup_statmonthly_insert ON "StatMonthly";
CREATE TRIGGER rollup_statmonthly_insert AFTER INSERT ON "StatMonthly" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_statmonthly();
DROP TRIGGER IF EXISTS rollup_statmonthly_update ON "StatMonthly";
CREATE TRIGGER rollup_statmonthly_update AFTER UPDATE ON "StatMonthly" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_statmonthly();
DROP TRIGGER IF EXISTS rollup_statmonthly_delete ON "StatMonthly";
CREATE TRIGGER rollup_statmonthly_delete AFTER DELETE ON "StatMonthly" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_statmonthly();
DROP TRIGGER IF EXISTS rollup_statmonthly_truncate ON "StatMonthly";
CREATE TRIGGER rollup_statmonthly_truncate AFTER TRUNCATE ON "StatMonthly" FOR EACH STATEMENT EXECUTE FUNCTION rollup_statmonthly();

DROP TRIGGER IF EXISTS rollup_statpersonyearly_insert ON "StatPersonYearly";
CREATE TRIGGER rollup_statpersonyearly_insert AFTER INSERT ON "StatPersonYearly" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_statpersonyearly();
DROP TRIGGER IF EXISTS rollup_statpersonyearly_update ON "StatPersonYearly";
CREATE TRIGGER rollup_statpersonyearly_update AFTER UPDATE ON "StatPersonYearly" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_statpersonyearly();
DROP TRIGGER IF EXISTS rollup_statpersonyearly_delete ON "StatPersonYearly";
CREATE TRIGGER rollup_statpersonyearly_delete AFTER DELETE ON "StatPersonYearly" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_statpersonyearly();
DROP TRIGGER IF EXISTS rollup_statpersonyearly_truncate ON "StatPersonYearly";
CREATE TRIGGER rollup_statpersonyearly_truncate AFTER TRUNCATE ON "StatPersonYearly" FOR EACH STATEMENT EXECUTE FUNCTION rollup_statpersonyearly();

-- The mask counts of both person tables (StatPersonYearly holds the district × type scope).
DROP TRIGGER IF EXISTS rollup_maskcount_yearly_insert ON "StatPersonYearly";
CREATE TRIGGER rollup_maskcount_yearly_insert AFTER INSERT ON "StatPersonYearly" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_person_mask_count();
DROP TRIGGER IF EXISTS rollup_maskcount_yearly_update ON "StatPersonYearly";
CREATE TRIGGER rollup_maskcount_yearly_update AFTER UPDATE ON "StatPersonYearly" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_person_mask_count();
DROP TRIGGER IF EXISTS rollup_maskcount_yearly_delete ON "StatPersonYearly";
CREATE TRIGGER rollup_maskcount_yearly_delete AFTER DELETE ON "StatPersonYearly" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_person_mask_count();
DROP TRIGGER IF EXISTS rollup_maskcount_scope_insert ON "StatPersonYearScope";
CREATE TRIGGER rollup_maskcount_scope_insert AFTER INSERT ON "StatPersonYearScope" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_person_mask_count();
DROP TRIGGER IF EXISTS rollup_maskcount_scope_update ON "StatPersonYearScope";
CREATE TRIGGER rollup_maskcount_scope_update AFTER UPDATE ON "StatPersonYearScope" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_person_mask_count();
DROP TRIGGER IF EXISTS rollup_maskcount_scope_delete ON "StatPersonYearScope";
CREATE TRIGGER rollup_maskcount_scope_delete AFTER DELETE ON "StatPersonYearScope" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_person_mask_count();

-- Refill from the rollups as they are (the scope inserts fill their mask counts through the trigger).
TRUNCATE "StatYearly", "StatMonthlyCity", "StatPersonYearScope", "StatPersonMaskCount";
INSERT INTO "StatYearly" (year, "districtCode", "orgType", metric, value)
  SELECT extract(year FROM month)::int, "districtCode", "orgType", metric, SUM(value)::bigint FROM "StatMonthly" GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0;
INSERT INTO "StatMonthlyCity" (month, "orgType", metric, value)
  SELECT month, "orgType", metric, SUM(value)::bigint FROM "StatMonthly" GROUP BY 1, 2, 3 HAVING SUM(value) <> 0;
INSERT INTO "StatPersonMaskCount" (year, "districtCode", "orgType", months, n)
  SELECT year, "districtCode", "orgType"::text, months, count(*) FROM "StatPersonYearly" GROUP BY 1, 2, 3, 4;
INSERT INTO "StatPersonYearScope" (year, "districtCode", "orgType", "personHash", months)
  SELECT year, COALESCE("districtCode", ''), COALESCE("orgType"::text, ''), "personHash", bit_or(months) FROM "StatPersonYearly"
  GROUP BY GROUPING SETS ((year, "personHash"), (year, "districtCode", "personHash"), (year, "orgType", "personHash"));
