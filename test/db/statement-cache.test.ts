/**
 * Prisma's statements are prepared by name (app/utils/db.server.ts, statementNames): on one
 * connection a statement is parsed once and then run by name, so PostgreSQL can keep its plan.
 * Checked on a real database through a one-connection pool, where the session's
 * pg_prepared_statements shows what the app prepared; and the cache's bound.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createUser } from "../support/factories/accounts";

let db: TestDatabase;
let prisma: PrismaClient;
let statementNames: typeof import("~/utils/db.server").statementNames;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  // One connection: every query below runs in the session whose prepared statements we read.
  process.env.DATABASE_POOL_SIZE = "1";
  ({ prisma, statementNames } = await import("~/utils/db.server"));
});
afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  delete process.env.DATABASE_POOL_SIZE;
  await db?.drop();
});

describe("statement cache", () => {
  it("names each distinct text once and stops naming at its bound", () => {
    const names = statementNames(2);
    const a = names({ sql: "SELECT 1" });
    expect(a).toMatch(/^s\d+$/);
    expect(names({ sql: "SELECT 1" })).toBe(a);
    const b = names({ sql: "SELECT 2" });
    expect(b).not.toBe(a);
    // Full: a new text runs unnamed; the named ones keep their names.
    expect(names({ sql: "SELECT 3" })).toBeUndefined();
    expect(names({ sql: "SELECT 2" })).toBe(b);
  });

  it("prepares a Prisma query once per connection and reuses it, with the right rows each time", async () => {
    const users = [await createUser(prisma), await createUser(prisma)];
    for (let round = 0; round < 7; round++) {
      for (const u of users) {
        // Past the fifth run PostgreSQL may switch to the generic plan; the answers must not change.
        const found = await prisma.user.findUnique({ where: { id: u.id }, select: { id: true, displayName: true } });
        expect(found).toEqual({ id: u.id, displayName: u.displayName });
      }
    }
    const prepared = await prisma.$queryRaw<{ name: string; statement: string; generic_plans: bigint; custom_plans: bigint }[]>`
      SELECT name, statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM "public"."User"%'`;
    const lookup = prepared.filter((p) => p.statement.includes('"id" = $1'));
    expect(lookup).toHaveLength(1);
    expect(lookup[0]!.name).toMatch(/^s\d+$/);
    // Fourteen runs of one prepared statement (planned once per run at most, never parsed again).
    expect(Number(lookup[0]!.generic_plans) + Number(lookup[0]!.custom_plans)).toBe(14);
  });
});
