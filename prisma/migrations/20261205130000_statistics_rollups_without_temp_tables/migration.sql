-- The dashboard rollups' triggers without temporary tables (prisma/sql/statistics-dashboard.sql):
-- rollup_statmonthly and rollup_person_mask_count read the statement's transition tables directly;
-- rollup_statpersonyearly makes its temporary tables only when an update removed months (a delete
-- always). Creating a temporary table in every transaction that posted a donation or a reach record
-- cost about 3 ms of catalog work and re-planned the statements that used it. Same sums; the
-- triggers themselves are unchanged.

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
