/**
 * `sqlRows` (app/utils/db.server.ts) runs a `Prisma.sql` template straight on the pg pool for the
 * hottest public reads (issue 17.5). It must answer exactly as `prisma.$queryRaw` does — bigint as
 * BigInt, `date` as a UTC midnight, `timestamp` (Prisma's UTC) and `timestamptz` as the same instant,
 * json parsed, arrays as arrays — whatever the process's time zone, and a named statement must give
 * the same rows on every run (after PostgreSQL switches it to its cached plan).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import type { PrismaClient } from "~/generated/prisma/client";

let db: TestDatabase;
let prisma: PrismaClient;
let sqlRows: typeof import("~/utils/db.server").sqlRows;
let Prisma: typeof import("~/generated/prisma/client").Prisma;
const savedTz = process.env.TZ;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.NODE_ENV = "test";
  ({ prisma, sqlRows } = await import("~/utils/db.server"));
  ({ Prisma } = await import("~/generated/prisma/client"));
});

afterAll(async () => {
  process.env.TZ = savedTz;
  await prisma?.$disconnect();
  await db?.drop();
});

const query = (at: Date, day: Date) => Prisma.sql`
  SELECT 9007199254740993::bigint AS big, ${day}::date AS day, ${at}::timestamp(3) AS stamp, ${at}::timestamptz AS stamptz,
         json_build_object('n', 1, 'at', ${at}::timestamptz) AS doc, ARRAY['a', 'b']::text[] AS list, 7::int AS n, 'é字'::text AS s,
         ${[`x`, `y`]}::text[] @> ARRAY['y'] AS has`;

describe("sqlRows answers as prisma.$queryRaw", () => {
  it("for bigint, dates, timestamps, json and arrays, in any time zone, named or not", async () => {
    const at = new Date("2026-03-01T23:30:15.123Z");
    const day = new Date("2026-03-01T00:00:00Z");
    const expected = await prisma.$queryRaw<Record<string, unknown>[]>(query(at, day));
    expect(expected[0]!.big).toBe(9007199254740993n);
    for (const tz of ["UTC", "Asia/Shanghai", "America/Los_Angeles"]) {
      // pg reads `date` and `timestamp` in the process's zone unless told otherwise.
      process.env.TZ = tz;
      const plain = await sqlRows<Record<string, unknown>>(query(at, day));
      expect(plain, tz).toEqual(expected);
      for (let i = 0; i < 7; i++) expect(await sqlRows(query(at, day), { name: "sql-rows-test" }), `${tz} run ${i}`).toEqual(expected);
    }
    const row = expected[0]!;
    expect((row.day as Date).toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect((row.stamp as Date).toISOString()).toBe(at.toISOString());
    expect((row.stamptz as Date).toISOString()).toBe(at.toISOString());
  });

  it("prepares a named statement on its connection, and runs it unnamed when DATABASE_STATEMENT_CACHE=off", async () => {
    // The statement lists its own session's prepared statements: named, it is among them.
    const own = Prisma.sql`SELECT coalesce(array_agg(name::text), '{}') AS names FROM pg_prepared_statements`;
    const [named] = await sqlRows<{ names: string[] }>(own, { name: "sql-rows-self" });
    expect(named!.names).toContain("sql-rows-self");
    const saved = process.env.DATABASE_STATEMENT_CACHE;
    process.env.DATABASE_STATEMENT_CACHE = "off";
    try {
      const [unnamed] = await sqlRows<{ names: string[] }>(own, { name: "sql-rows-off" });
      expect(unnamed!.names).not.toContain("sql-rows-off");
    } finally {
      if (saved === undefined) delete process.env.DATABASE_STATEMENT_CACHE;
      else process.env.DATABASE_STATEMENT_CACHE = saved;
    }
  });
});
