import type { PrismaClient } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { adapterFor, searchAdapters } from "./registry.server";
import { getSearchEngine } from "./engine.server";
import { isSearchKind, type SearchEngine } from "./types";

/**
 * Applies SearchOutbox rows to the index after their transaction committed: re-reads each record
 * through its adapter and upserts its document, or removes it when it is no longer public. Rows
 * are claimed with SKIP LOCKED (several workers never process the same row): the claim pushes
 * `nextAttemptAt` forward by a lease, so a row whose worker died is taken again when the lease
 * ends. A row is marked processed only after the engine accepted the change, and retried on
 * failure (backoff in `nextAttemptAt`, the message in `lastError`) up to MAX_ATTEMPTS — the index
 * is never silently behind. Run by the `search-index` job (app/modules/jobs) and before a search.
 */
export const MAX_ATTEMPTS = 10;
/** A claimed row whose worker died is retried after this long. */
const CLAIM_TIMEOUT_MS = 60_000;
/** Timestamps are stored as UTC without a time zone (Prisma's DateTime). */
const NOW = "(clock_timestamp() AT TIME ZONE 'UTC')";

type Claimed = { id: bigint; kind: string; entityId: string };
export type OutboxRun = { processed: number; failed: number; upserted: number; removed: number };

export async function processSearchOutbox(opts: { db?: PrismaClient; engine?: SearchEngine; limit?: number } = {}): Promise<OutboxRun> {
  const db = opts.db ?? prisma;
  const engine = opts.engine ?? getSearchEngine();
  const limit = opts.limit ?? 500;
  const claimed = await db.$queryRawUnsafe<Claimed[]>(
    `UPDATE "SearchOutbox" o SET attempts = o.attempts + 1, "nextAttemptAt" = ${NOW} + $2 * interval '1 millisecond'
     WHERE o.id IN (
       SELECT id FROM "SearchOutbox"
       WHERE "processedAt" IS NULL AND attempts < $1 AND "nextAttemptAt" <= ${NOW}
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING o.id, o.kind, o."entityId"`,
    MAX_ATTEMPTS,
    CLAIM_TIMEOUT_MS,
    limit,
  );
  const run: OutboxRun = { processed: 0, failed: 0, upserted: 0, removed: 0 };
  if (!claimed.length) return run;
  if (searchAdapters().length === 0) {
    // Nothing registered: this process did not load app/modules/search-outbox/worker.server.ts.
    // Leave the rows for a process that did, rather than marking them as kinds nobody indexes.
    await db.$executeRawUnsafe(`UPDATE "SearchOutbox" SET attempts = attempts - 1, "nextAttemptAt" = ${NOW} WHERE id = ANY($1::bigint[])`, claimed.map((r) => r.id));
    throw new Error("no search adapters registered: import ~/modules/search-outbox/worker.server");
  }

  const byKind = new Map<string, Claimed[]>();
  for (const row of claimed) byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row]);

  for (const [kind, rows] of byKind) {
    const adapter = adapterFor(kind);
    const ids = rows.map((r) => r.id);
    if (!adapter || !isSearchKind(kind)) {
      await markFailed(db, ids, `no search adapter for kind "${kind}"`, true);
      run.failed += rows.length;
      continue;
    }
    try {
      const entityIds = [...new Set(rows.map((r) => r.entityId))];
      const docs = await adapter.load(db, entityIds);
      const gone = entityIds.filter((id) => !docs.has(id));
      if (docs.size) await engine.upsert([...docs.values()]);
      if (gone.length) await engine.remove(kind, gone);
      await db.$executeRawUnsafe(`UPDATE "SearchOutbox" SET "processedAt" = ${NOW}, "lastError" = NULL WHERE id = ANY($1::bigint[])`, ids);
      run.processed += rows.length;
      run.upserted += docs.size;
      run.removed += gone.length;
    } catch (e) {
      await markFailed(db, ids, e instanceof Error ? e.message : String(e), false);
      run.failed += rows.length;
    }
  }
  return run;
}

/** A failed row waits 2 s, 4 s, 8 s… after attempt 1, 2, 3 (capped at 10 minutes); a permanent failure gives up now. */
async function markFailed(db: PrismaClient, ids: bigint[], message: string, permanent: boolean) {
  await db.$executeRawUnsafe(
    `UPDATE "SearchOutbox" SET
       "lastError" = $2,
       "nextAttemptAt" = ${NOW} + LEAST(600000, 1000 * power(2, attempts)) * interval '1 millisecond',
       attempts = CASE WHEN $3 THEN ${MAX_ATTEMPTS} ELSE attempts END
     WHERE id = ANY($1::bigint[])`,
    ids,
    message.replace(/\s+/g, " ").slice(0, 500),
    permanent,
  );
}

/** Processes until nothing is pending (scripts, tests). */
export async function drainSearchOutbox(opts: { db?: PrismaClient; engine?: SearchEngine } = {}) {
  const total: OutboxRun = { processed: 0, failed: 0, upserted: 0, removed: 0 };
  for (;;) {
    const run = await processSearchOutbox(opts);
    total.processed += run.processed;
    total.failed += run.failed;
    total.upserted += run.upserted;
    total.removed += run.removed;
    if (run.processed + run.failed === 0) return total;
  }
}

/** Rows that gave up (MAX_ATTEMPTS reached): shown to staff, never silently dropped. */
export async function stuckSearchOutbox(db: PrismaClient = prisma) {
  return db.searchOutbox.findMany({ where: { processedAt: null, attempts: { gte: MAX_ATTEMPTS } }, select: { id: true, kind: true, entityId: true, attempts: true, lastError: true, createdAt: true }, orderBy: { id: "asc" }, take: 100 });
}

// ── In-process catch-up ──────────────────────────────────────────────────
// The background work (after-commit kicks, the per-minute sweep, retries) is the `search-index`
// job of app/modules/jobs; what stays here is the drain a search runs before it reads the index,
// and the fallback kick of a process without the job queue (scripts, tests).
let running: Promise<unknown> | null = null;
let again = false;

/** Drains the outbox in this process, one pass at a time (a kick during a pass runs one more). */
export function kickSearchOutbox() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await drainSearchOutbox();
    } while (again);
  })()
    .catch((e) => {
      // The rows stay unprocessed and are retried by the next job run.
      process.stderr.write(`search outbox: ${e instanceof Error ? e.message : String(e)}\n`);
    })
    .finally(() => {
      running = null;
    });
  return running;
}

/** Brings the index up to date before a search reads it (cheap when nothing is due). */
export async function catchUpSearchIndex() {
  const due = await prisma.searchOutbox.findFirst({ where: { processedAt: null, attempts: { lt: MAX_ATTEMPTS }, nextAttemptAt: { lte: new Date() } }, select: { id: true } });
  if (due) await kickSearchOutbox();
}
