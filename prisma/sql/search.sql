-- Full-text indexes of the PostgreSQL search engine (search/postgres/engine.server.ts): one partial
-- GIN per search kind over tsv AND the filter fields (status, district: btree_gin; categories:
-- array_ops). Per kind, because nearly every search names its kinds (the engine spells "every
-- kind" out when none is chosen): a kind's index holds only that kind's rows, so its posting lists
-- are a fraction of one shared index's, and no entry for `kind` itself (tens of thousands of rows)
-- has to be intersected. Measured on the benchmark's 100,000 listings: broad queries ("留守儿童",
-- kind = need) 2-3x faster than one GIN over (tsv, kind, status, …).
-- A new search kind needs its index here and in a migration; test/search/indexes.test.ts checks
-- that every kind in search/types.ts has one.
CREATE INDEX IF NOT EXISTS "SearchMatch_organization_idx" ON "SearchMatch" USING GIN ("tsv", "status", "districtCode", "categories") WHERE "kind" = 'organization';
CREATE INDEX IF NOT EXISTS "SearchMatch_need_idx" ON "SearchMatch" USING GIN ("tsv", "status", "districtCode", "categories") WHERE "kind" = 'need';
CREATE INDEX IF NOT EXISTS "SearchMatch_project_idx" ON "SearchMatch" USING GIN ("tsv", "status", "districtCode", "categories") WHERE "kind" = 'project';
CREATE INDEX IF NOT EXISTS "SearchMatch_campaign_idx" ON "SearchMatch" USING GIN ("tsv", "status", "districtCode", "categories") WHERE "kind" = 'campaign';
CREATE INDEX IF NOT EXISTS "SearchMatch_fund_idx" ON "SearchMatch" USING GIN ("tsv", "status", "districtCode", "categories") WHERE "kind" = 'fund';
CREATE INDEX IF NOT EXISTS "SearchMatch_product_idx" ON "SearchMatch" USING GIN ("tsv", "status", "districtCode", "categories") WHERE "kind" = 'product';
