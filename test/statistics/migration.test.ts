/**
 * The rollup triggers come with the migrations, never from the running code (issue #12, "Layers
 * that hold"): the newest migration carrying them holds exactly what sources.server.ts generates, so
 * a change to a source cannot land without its migration; a migrated database has them all; and
 * the run-time check refuses a database whose triggers are missing or stale instead of installing.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { generatedBlockOf, statisticsMigrationSql } from "~/modules/statistics/install.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const migrationsDir = path.join(root, "prisma/migrations");

function newestGeneratedMigration() {
  const names = readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const name of names.reverse()) {
    const block = generatedBlockOf(readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8"));
    if (block) return { name, block };
  }
  return undefined;
}

describe("statistics triggers in migrations", () => {
  it("the newest migration carrying them holds exactly what sources.server.ts generates", () => {
    const newest = newestGeneratedMigration();
    expect(newest, "no migration carries the statistics triggers").toBeDefined();
    expect(newest!.block === statisticsMigrationSql(), `sources.server.ts changed since ${newest!.name}: add a migration with \`npm run stats:rebuild -- --sql\``).toBe(true);
  });

  it("prisma/sql/statistics.sql (what a squash keeps) holds the same block", () => {
    const block = generatedBlockOf(readFileSync(path.join(root, "prisma/sql/statistics.sql"), "utf8"));
    expect(block === statisticsMigrationSql(), "prisma/sql/statistics.sql: paste `npm run stats:rebuild -- --sql`").toBe(true);
  });
});

describe("statistics triggers at run time", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    ({ prisma } = await import("~/utils/db.server"));
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    globalThis.__shanlianPrisma = undefined;
    await db?.drop();
  });

  it("a migrated database has every generated trigger, and the check passes without installing anything", async () => {
    const { statisticsDrift, checkStatistics } = await import("~/modules/statistics/install.server");
    expect(await statisticsDrift(prisma)).toEqual([]);
    await expect(checkStatistics()).resolves.toBeUndefined();
    const rows = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE 'stat\\_%\\_trg'`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(27);
  });

  it("reports a missing or altered trigger instead of repairing it, and rebuildRollups refuses to run on it", async () => {
    const { statisticsDrift } = await import("~/modules/statistics/install.server");
    await prisma.$executeRawUnsafe(`DROP TRIGGER stat_activity_insert_trg ON "Activity"`);
    await prisma.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION stat_goodsreceipt_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RETURN NULL; END $fn$`,
    );
    expect(await statisticsDrift(prisma)).toEqual([
      "trigger stat_activity_insert_trg on \"Activity\" is missing",
      "function stat_goodsreceipt_delete() differs from sources.server.ts",
    ]);
    // A process that has not checked yet (a fresh module instance) refuses loudly.
    vi.resetModules();
    const fresh = await import("~/modules/statistics/install.server");
    await expect(fresh.rebuildRollups()).rejects.toThrow(/do not match .*stat_activity_insert_trg.*npm run db:migrate/);
    expect(await statisticsDrift(prisma)).toHaveLength(2); // still broken: nothing was installed
  });
});
