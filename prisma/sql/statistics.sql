-- Goods, activities, reach and statistics: invariants the database enforces whatever the code does
-- (idempotent). The rollup triggers are generated from app/modules/statistics/sources.server.ts and
-- installed by ensureStatistics()/`npm run stats:rebuild` (they follow other modules' tables).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'GoodsItem_stock_nonnegative') THEN
    ALTER TABLE "GoodsItem" ADD CONSTRAINT "GoodsItem_stock_nonnegative" CHECK ("stock" >= 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'GoodsReceipt_positive') THEN
    ALTER TABLE "GoodsReceipt" ADD CONSTRAINT "GoodsReceipt_positive" CHECK ("quantity" > 0 AND "valueFen" >= 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'GoodsDistribution_positive') THEN
    ALTER TABLE "GoodsDistribution" ADD CONSTRAINT "GoodsDistribution_positive" CHECK ("quantity" > 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Activity_counts') THEN
    ALTER TABLE "Activity" ADD CONSTRAINT "Activity_counts" CHECK ("volunteers" >= 0 AND "staff" >= 0 AND "participants" >= "volunteers" + "staff");
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ReachRecord_head_count') THEN
    ALTER TABLE "ReachRecord" ADD CONSTRAINT "ReachRecord_head_count" CHECK ("headCount" > 0 AND ("personHash" IS NULL OR "headCount" = 1));
  END IF;
END $$;
