import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";

export type { Prisma } from "~/generated/prisma/client";

/** A transaction client or the root client: money and workflow services accept either. */
export type Db = PrismaClient | Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

declare global {
  // eslint-disable-next-line no-var
  var __shanlianPrisma: PrismaClient | undefined;
}

function create() {
  const adapter = new PrismaPg({ connectionString: getEnv().DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  return new PrismaClient({ adapter });
}

/** One client per process (kept across dev rebuilds). */
export const prisma: PrismaClient = globalThis.__shanlianPrisma ?? (globalThis.__shanlianPrisma = create());
