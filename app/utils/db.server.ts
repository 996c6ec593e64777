import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";

export type { Prisma } from "~/generated/prisma/client";

/** A transaction client or the root client: money and workflow services accept either. */
export type Db = PrismaClient | Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** PostgreSQL's codes for a transaction that lost a race it could not wait out: serialization failure, deadlock. */
const CONFLICT_CODES = new Set(["40001", "40P01"]);

/**
 * True for an error that retrying the whole transaction can cure: Prisma's P2034 ("write conflict or
 * deadlock") or the driver's serialization-failure / deadlock codes, however the adapter wraps them.
 */
export function isTransientConflict(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && typeof cur === "object" && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const o = cur as { code?: unknown; originalCode?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } };
    if (o.code === "P2034") return true;
    for (const c of [o.code, o.originalCode, o.meta?.code, o.meta?.driverAdapterError?.cause?.originalCode]) if (typeof c === "string" && CONFLICT_CODES.has(c)) return true;
    if (o.meta?.driverAdapterError?.cause?.kind === "TransactionWriteConflict") return true;
  }
  return false;
}

/**
 * Runs `fn` in a transaction: the given one, or a new one when handed the root client.
 *
 * `retryConflicts: n` (root client only) runs the whole transaction again, up to n more times after a
 * short random pause, when PostgreSQL aborted it as a deadlock victim or a serialization failure — the
 * transaction left nothing behind, so running it again is safe. `fn` must then be repeatable: any
 * state it gathers outside the database (after-commit work) has to be reset by `onRetry`.
 */
export async function inTransaction<T>(
  db: Db,
  fn: (tx: Db) => Promise<T>,
  opts: { timeout?: number; retryConflicts?: number; onRetry?: () => void } = {},
): Promise<T> {
  // Handed a transaction: run in it. Prisma 7's transaction client has a $transaction of its own,
  // which opens a SAVEPOINT (two more round trips, and a write the caller did not ask to undo
  // apart); what it lacks is $connect. (The root client is a Proxy: `in` does not see its methods.)
  if (!isRootClient(db)) return fn(db);
  for (let attempt = 0; ; attempt++) {
    try {
      return await (db as PrismaClient).$transaction((tx) => fn(tx), { timeout: opts.timeout ?? 15_000, maxWait: 15_000 });
    } catch (e) {
      if (attempt >= (opts.retryConflicts ?? 0) || !isTransientConflict(e)) throw e;
      opts.onRetry?.();
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
    }
  }
}

/** True for the root client, false for a transaction client (which Prisma gives no $connect). */
export function isRootClient(db: Db): db is PrismaClient {
  return typeof (db as { $connect?: unknown }).$connect === "function";
}

declare global {
  // eslint-disable-next-line no-var
  var __shanlianPrisma: PrismaClient | undefined;
  // eslint-disable-next-line no-var
  var __shanlianPool: pg.Pool | undefined;
  // eslint-disable-next-line no-var
  var __shanlianReplica: PrismaClient | undefined;
  // eslint-disable-next-line no-var
  var __shanlianReplicaPool: pg.Pool | undefined;
}

function newPool(connectionString: string) {
  const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle connection that the server closes (a restart, a failover, an administrator's
  // pg_terminate_backend) makes the pool emit "error"; without a listener that is an uncaught
  // exception that ends the process. Prisma adds one only once it has connected itself, and the raw
  // reads (search, listings) may use the pool first. The pool drops the dead connection either way.
  pool.on("error", (e: Error & { code?: string }) => {
    logger().warn({ code: e.code, msg: e.message }, "database: an idle pool connection was closed");
  });
  return pool;
}

/** Distinct statements one process prepares by name on each connection (the rest run unnamed). */
export const STATEMENT_CACHE_SIZE = 400;

/**
 * Names Prisma's statements so that each connection parses and plans a statement once and then
 * runs it by name: PostgreSQL switches a named statement to its cached generic plan after five
 * runs when that plan costs no more, which skips planning (≈ 1–2 ms of the server's CPU for the
 * listing's joins here, more than executing them). Without a name, pg sends every statement as
 * a fresh unnamed one, parsed and planned each time. The first STATEMENT_CACHE_SIZE distinct texts
 * get names, so the server's memory per connection stays bounded even if some code built texts
 * without end; DATABASE_STATEMENT_CACHE=off turns it off (PgBouncer in transaction mode before
 * 1.21 cannot carry named statements). The search engine queries its pool directly, unnamed:
 * its plans depend on the words searched.
 */
export function statementNames(size = STATEMENT_CACHE_SIZE): (query: { sql: string }) => string | undefined {
  const names = new Map<string, string>();
  return ({ sql }) => {
    const known = names.get(sql);
    if (known !== undefined || names.size >= size) return known;
    const name = `s${names.size}`;
    names.set(sql, name);
    return name;
  };
}

/** False when DATABASE_STATEMENT_CACHE=off: every statement then runs unnamed (PgBouncer before 1.21). */
export function namedStatementsOn(): boolean {
  return process.env.DATABASE_STATEMENT_CACHE !== "off";
}

function adapter(pool: pg.Pool) {
  const cache = namedStatementsOn();
  // The adapter's type wants a name for every statement; it passes the result to pg as `name`,
  // and pg runs a statement without one unnamed (the texts past the bound).
  const statementNameGenerator = statementNames() as (query: { sql: string }) => string;
  return new PrismaPg(pool, { disposeExternalPool: true, ...(cache ? { statementNameGenerator } : {}) });
}

function create() {
  // One pg pool for the process: Prisma runs on it, and the few hot read paths that Prisma's
  // per-query overhead would dominate (search) query it directly. Prisma ends it on $disconnect.
  const pool = (globalThis.__shanlianPool = newPool(getEnv().DATABASE_URL));
  return new PrismaClient({ adapter: adapter(pool) });
}

function client(): PrismaClient {
  return (globalThis.__shanlianPrisma ??= create());
}

/** The pg pool under `prisma`, for raw SQL on hot paths (search/postgres). */
export function pgPool(): pg.Pool {
  client();
  return globalThis.__shanlianPool!;
}

/** pg's OIDs of the types whose parsing differs from what Prisma's raw queries answer. */
const INT8 = 20;
const DATE = 1082;
const TIMESTAMP = 1114;
type TypeParser = (value: string) => unknown;
const prismaLikeTypes = {
  getTypeParser(oid: number, format?: string): TypeParser {
    // Prisma keeps `timestamp` columns in UTC and answers dates as UTC midnights; pg would read both
    // in the process's time zone. bigint stays exact (pg answers text).
    if (oid === INT8) return (v) => BigInt(v);
    if (oid === DATE) return (v) => new Date(`${v}T00:00:00Z`);
    if (oid === TIMESTAMP) return (v) => new Date(`${v.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, (format ?? "text") as "text") as TypeParser;
  },
};

/**
 * Raw SQL (a `Prisma.sql` template) straight on the pg pool, answering as `prisma.$queryRaw` does
 * (bigint, UTC dates and timestamps), for the hottest public reads: Prisma's own work per raw
 * query costs a visitor's page view more than PostgreSQL's (issue 17.5). `name` prepares it once per
 * connection — only for a text that is the same on every call (no varying list of placeholders),
 * and whose plan cannot depend on its values: PostgreSQL plans a named statement anew on every run
 * when, say, a LIMIT is a parameter. Dates are sent as ISO instants (UTC), as Prisma sends them.
 */
export async function sqlRows<T>(sql: { text: string; values: unknown[] }, opts: { name?: string } = {}): Promise<T[]> {
  const values = sql.values.map((v) => (v instanceof Date ? v.toISOString() : v));
  const name = opts.name && namedStatementsOn() ? { name: opts.name } : {};
  const res = await pgPool().query({ ...name, text: sql.text, values, types: prismaLikeTypes });
  return res.rows as T[];
}

/**
 * One client per process (kept across dev rebuilds), created on first use so that importing a
 * module never requires the configuration to be ready (scripts and tests set DATABASE_URL first).
 */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
  // `in` answers for the real client's methods too (isRootClient reads them through `get`).
  has(_target, prop) {
    return Reflect.has(client(), prop);
  },
});

/** True when DATABASE_REPLICA_URL names a read replica. */
export function hasReplica(): boolean {
  return Boolean(getEnv().DATABASE_REPLICA_URL);
}

/**
 * The read replica (DATABASE_REPLICA_URL), for reads that may lag the primary by the replication
 * delay: statistics, exports, search counts and facets (README, "Read replica"). Without a replica
 * this is the primary client itself, so callers never branch. Never write through it, and never
 * use it for a page that must show what the same request or the one before it wrote: a logical
 * subscriber accepts writes and would silently diverge; a streaming standby refuses them.
 */
export function replica(): PrismaClient {
  if (!hasReplica()) return prisma;
  return (globalThis.__shanlianReplica ??= new PrismaClient({ adapter: adapter(replicaPgPool()) }));
}

/** The pg pool of the replica (the primary's pool without one), for raw read-only SQL (search counts). */
export function replicaPgPool(): pg.Pool {
  const url = getEnv().DATABASE_REPLICA_URL;
  if (!url) return pgPool();
  return (globalThis.__shanlianReplicaPool ??= newPool(url));
}

/**
 * Closes the process's database client, its pool (Prisma ends only a pool it has connected to; one
 * used only for raw reads is ended here) and the replica's: graceful shutdown and tests.
 */
export async function closeDatabase(): Promise<void> {
  const client = globalThis.__shanlianPrisma;
  const pool = globalThis.__shanlianPool;
  globalThis.__shanlianPrisma = undefined;
  globalThis.__shanlianPool = undefined;
  await close(client, pool);
  await closeReplica();
}

/** Closes the replica's client and pool if this process opened them (graceful shutdown, tests). */
export async function closeReplica(): Promise<void> {
  const client = globalThis.__shanlianReplica;
  const pool = globalThis.__shanlianReplicaPool;
  globalThis.__shanlianReplica = undefined;
  globalThis.__shanlianReplicaPool = undefined;
  await close(client, pool);
}

async function close(client: PrismaClient | undefined, pool: pg.Pool | undefined) {
  if (client) await client.$disconnect();
  if (pool && !pool.ended) await pool.end();
}
