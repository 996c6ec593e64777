-- SearchMatch hash-partitioned by "docId" into 8 partitions (issue 17.2: p95 at 1,000,000 listings).
-- A GIN index scan builds its whole bitmap before a LIMIT can stop it, so a broad query (tens of
-- thousands of matches at a million listings) paid for every match although the engine reads at
-- most EXACT_TOTAL_BOUND + 1 candidates (search/postgres/engine.server.ts). Partitioned, the scan is
-- an Append of one bitmap scan per partition, run one after the other: the LIMIT stops it in the
-- first partition that fills the candidate set, so a broad query reads an eighth of its matches; a
-- narrow one visits all eight small ones. Each partition is a hash sample of the whole index, so
-- the candidates (and the facet counts and total estimated from them) are drawn from every year of
-- listings, not the oldest. Measured at 1,000,000 listings (20 benchmark queries × 10): p95 51.4 →
-- 11.5 ms with 8 partitions, 12.9 ms with 16 (narrow queries pay one index scan per partition).
-- Prisma does not model partitioning: the schema keeps the same model; the partitions are
-- "SearchMatch_p0" … "SearchMatch_p7" (the engine reads a partition's number from its name).

-- CreateTable (partitioned), with the rows carried over: search keeps working without a reindex
CREATE TABLE "SearchMatch_partitioned" (
    "docId" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "districtCode" TEXT,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" TEXT,
    "orgId" TEXT,
    "sortDate" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tsv" tsvector NOT NULL
) PARTITION BY HASH ("docId");

CREATE TABLE "SearchMatch_p0" PARTITION OF "SearchMatch_partitioned" FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE "SearchMatch_p1" PARTITION OF "SearchMatch_partitioned" FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE "SearchMatch_p2" PARTITION OF "SearchMatch_partitioned" FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE "SearchMatch_p3" PARTITION OF "SearchMatch_partitioned" FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE "SearchMatch_p4" PARTITION OF "SearchMatch_partitioned" FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE "SearchMatch_p5" PARTITION OF "SearchMatch_partitioned" FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE "SearchMatch_p6" PARTITION OF "SearchMatch_partitioned" FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE "SearchMatch_p7" PARTITION OF "SearchMatch_partitioned" FOR VALUES WITH (MODULUS 8, REMAINDER 7);

INSERT INTO "SearchMatch_partitioned" ("docId", "kind", "districtCode", "categories", "status", "orgId", "sortDate", "publishedAt", "tsv")
SELECT "docId", "kind", "districtCode", "categories", "status", "orgId", "sortDate", "publishedAt", "tsv"
FROM "SearchMatch";

-- DropTable (its indexes and constraints go with it; they are made again below under the same names)
DROP TABLE "SearchMatch";

ALTER TABLE "SearchMatch_partitioned" RENAME TO "SearchMatch";

-- AddPrimaryKey
ALTER TABLE "SearchMatch" ADD CONSTRAINT "SearchMatch_pkey" PRIMARY KEY ("docId");

-- CreateIndex
CREATE INDEX "SearchMatch_publishedAt_idx" ON "SearchMatch"("publishedAt");

-- AddForeignKey
ALTER TABLE "SearchMatch" ADD CONSTRAINT "SearchMatch_docId_fkey" FOREIGN KEY ("docId") REFERENCES "SearchDocument"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ───── prisma/sql/search.sql (the partial GIN indexes, one per kind; each partition gets its own) ─────
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
