-- Full-text index of the PostgreSQL search engine (search/postgres/engine.server.ts): one GIN over
-- tsv AND the filter fields (kind, status, district: btree_gin; categories: array_ops). A filtered
-- search is then narrowed inside the index, so a broad query ("留守儿童", kind = need) fetches only
-- the rows that pass the filters instead of every text match: 2–6× fewer heap rows, and those
-- heap visits are most of a broad query's time.
-- Partial (every indexed row has a tsv; `tsv @@ …` implies the predicate) because Prisma ignores
-- partial indexes: declared in schema.prisma with btree_gin operator classes, Prisma would drop and
-- recreate it in every migration (prisma/orm#17518).
CREATE INDEX IF NOT EXISTS "SearchDocument_tsv_filters_idx"
  ON "SearchDocument" USING GIN ("tsv", "kind", "status", "districtCode", "categories")
  WHERE "tsv" IS NOT NULL;
