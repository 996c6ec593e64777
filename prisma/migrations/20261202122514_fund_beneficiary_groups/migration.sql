-- Fund.beneficiaryGroups: free strings from a list of its own → the BeneficiaryGroup enum, keeping
-- every fund's groups (docs/decisions/010-layers.md). "ORPHANS" was labelled 孤儿及事实无人抚养儿童,
-- so it becomes both ORPHAN and UNSUPPORTED_CHILD; unknown strings are dropped.
CREATE FUNCTION pg_temp.fund_groups(old text[]) RETURNS "BeneficiaryGroup"[] LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(array_agg(DISTINCT g ORDER BY g), ARRAY[]::"BeneficiaryGroup"[])
  FROM unnest(old) AS o(v)
  CROSS JOIN LATERAL unnest(CASE o.v
    WHEN 'LOW_INCOME' THEN ARRAY['DIBAO']
    WHEN 'EXTREMELY_POOR' THEN ARRAY['TEKUN']
    WHEN 'NEAR_THRESHOLD' THEN ARRAY['DIBAO_EDGE']
    WHEN 'DISABLED' THEN ARRAY['DISABLED']
    WHEN 'ELDERLY' THEN ARRAY['ELDERLY']
    WHEN 'LEFT_BEHIND_CHILDREN' THEN ARRAY['LEFT_BEHIND_CHILD']
    WHEN 'ORPHANS' THEN ARRAY['ORPHAN', 'UNSUPPORTED_CHILD']
    WHEN 'STUDENTS' THEN ARRAY['STUDENT']
    WHEN 'PATIENTS' THEN ARRAY['PATIENT']
    WHEN 'DISASTER_VICTIMS' THEN ARRAY['DISASTER_VICTIM']
    ELSE CASE WHEN o.v IN (SELECT unnest(enum_range(NULL::"BeneficiaryGroup"))::text) THEN ARRAY[o.v] ELSE ARRAY[]::text[] END
  END) AS m(name)
  CROSS JOIN LATERAL (SELECT m.name::"BeneficiaryGroup" AS g) c
$$;

-- AlterTable
ALTER TABLE "Fund" ALTER COLUMN "beneficiaryGroups" DROP DEFAULT;
ALTER TABLE "Fund" ALTER COLUMN "beneficiaryGroups" TYPE "BeneficiaryGroup"[] USING pg_temp.fund_groups("beneficiaryGroups");
ALTER TABLE "Fund" ALTER COLUMN "beneficiaryGroups" SET DEFAULT ARRAY[]::"BeneficiaryGroup"[];
