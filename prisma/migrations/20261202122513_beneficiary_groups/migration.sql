-- One list of beneficiary groups (docs/decisions/010-layers.md): the groups funds used to name on
-- their own join the BeneficiaryGroup enum. The values are used by the next migration, which
-- PostgreSQL only allows once this one is committed.

-- AlterEnum
ALTER TYPE "BeneficiaryGroup" ADD VALUE 'STUDENT';
ALTER TYPE "BeneficiaryGroup" ADD VALUE 'PATIENT';
ALTER TYPE "BeneficiaryGroup" ADD VALUE 'DISASTER_VICTIM';
