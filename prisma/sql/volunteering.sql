-- Volunteering invariants the database enforces whatever the code does (idempotent).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Shift_capacity_positive') THEN
    ALTER TABLE "Shift" ADD CONSTRAINT "Shift_capacity_positive" CHECK ("capacity" > 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Shift_taken_within_capacity') THEN
    ALTER TABLE "Shift" ADD CONSTRAINT "Shift_taken_within_capacity" CHECK ("taken" >= 0 AND "taken" <= "capacity");
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Shift_ends_after_start') THEN
    ALTER TABLE "Shift" ADD CONSTRAINT "Shift_ends_after_start" CHECK ("endsAt" > "startsAt");
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ServiceRecord_minutes_range') THEN
    ALTER TABLE "ServiceRecord" ADD CONSTRAINT "ServiceRecord_minutes_range" CHECK ("minutes" > 0 AND "minutes" <= 1440);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'VolunteerProject_dates_ordered') THEN
    ALTER TABLE "VolunteerProject" ADD CONSTRAINT "VolunteerProject_dates_ordered" CHECK ("endDate" >= "startDate");
  END IF;
END $$;

-- A volunteer holds at most one waitlist place per position in a shift's queue.
CREATE UNIQUE INDEX IF NOT EXISTS "ShiftSignup_waitlist_position_unique"
  ON "ShiftSignup" ("shiftId", "waitlistPosition") WHERE "waitlistPosition" IS NOT NULL;
