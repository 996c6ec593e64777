import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";

export type { Prisma } from "~/generated/prisma/client";

/** A transaction client or the root client: money and workflow services accept either. */
export type Db = PrismaClient | Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

declare global {
  // eslint-disable-next-line no-var
  var __shanlianPrisma: PrismaClient | undefined;
  // eslint-disable-next-line no-var
  var __shanlianPool: pg.Pool | undefined;
}

function create() {
  // One pg pool for the process: Prisma runs on it, and the few hot read paths that Prisma's
  // per-query overhead would dominate (search) query it directly. Prisma ends it on $disconnect.
  const pool = (globalThis.__shanlianPool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }));
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

function client(): PrismaClient {
  return (globalThis.__shanlianPrisma ??= create());
}

/** The pg pool under `prisma`, for raw SQL on hot paths (search/postgres). */
export function pgPool(): pg.Pool {
  client();
  return globalThis.__shanlianPool!;
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
  // `"$transaction" in db` is how services tell the root client from a transaction client.
  has(_target, prop) {
    return Reflect.has(client(), prop);
  },
});
