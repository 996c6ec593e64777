/** Shared setup for the volunteering service tests: a fresh database and the real modules. */
import { createTestDatabase, type TestDatabase } from "../support/db";
import type { PrismaClient } from "~/generated/prisma/client";

export type ServiceEnv = { db: TestDatabase; prisma: PrismaClient; close(): Promise<void> };

/** Points the app's Prisma client at a fresh database; import services after calling this. */
export async function startServiceDb(poolSize = 10): Promise<ServiceEnv> {
  const db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.NODE_ENV = "test";
  process.env.DATABASE_POOL_SIZE = String(poolSize);
  const { prisma } = await import("~/utils/db.server");
  return {
    db,
    prisma,
    async close() {
      await prisma.$disconnect();
      globalThis.__shanlianPrisma = undefined;
      await db.drop();
    },
  };
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
