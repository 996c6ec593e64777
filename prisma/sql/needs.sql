-- Needs invariants the database enforces whatever the code does (idempotent).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'Need_wanted_positive') THEN
    ALTER TABLE "Need" ADD CONSTRAINT "Need_wanted_positive" CHECK (
      ("wantVolunteers" IS NULL OR "wantVolunteers" > 0) AND ("wantMoneyFen" IS NULL OR "wantMoneyFen" > 0)
      AND ("produceQuantity" IS NULL OR "produceQuantity" > 0) AND ("producePriceFen" IS NULL OR "producePriceFen" > 0)
      AND ("peopleAffected" IS NULL OR "peopleAffected" > 0));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'NeedGoodsItem_quantity_positive') THEN
    ALTER TABLE "NeedGoodsItem" ADD CONSTRAINT "NeedGoodsItem_quantity_positive" CHECK ("quantity" > 0);
  END IF;
  -- An offer carries exactly what its kind needs.
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'NeedResponse_kind_fields') THEN
    ALTER TABLE "NeedResponse" ADD CONSTRAINT "NeedResponse_kind_fields" CHECK (
      ("kind" = 'VOLUNTEERS' AND "volunteerCount" > 0)
      OR ("kind" = 'MONEY' AND "amountFen" > 0)
      OR ("kind" = 'GOODS' AND "goodsItemId" IS NOT NULL AND "quantity" > 0)
      OR ("kind" = 'PURCHASE' AND "quantity" > 0 AND "unitPriceFen" > 0));
  END IF;
END $$;
