import { pgPool, replicaPgPool } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { SearchEngine } from "./types";
import { PostgresSearchEngine } from "./postgres/engine.server";
import { MeiliSearchEngine } from "./meili/engine.server";

/**
 * The engine for this process: Meilisearch when MEILI_HOST is set, PostgreSQL otherwise. Both
 * answer the same SearchResult shape (search/contract.test.ts holds them to it).
 */
let engine: SearchEngine | undefined;

export function getSearchEngine(): SearchEngine {
  if (engine) return engine;
  const env = getEnv();
  engine = env.MEILI_HOST
    ? new MeiliSearchEngine({ host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY, index: process.env.MEILI_INDEX ?? "shanlian_listings" })
    : new PostgresSearchEngine(pgPool(), { readDb: replicaPgPool() });
  return engine;
}

/** Tests and scripts that build their own engine (a fake Meilisearch, another database). */
export function setSearchEngine(next: SearchEngine | undefined) {
  engine = next;
}
