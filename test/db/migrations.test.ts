// prisma/migrations must always produce exactly what prisma/schema.prisma describes, and apply
// the way `prisma migrate deploy` does. If the first test fails, create the missing migration:
//   npm run db:migration -- <what_changed>
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import {
  MIGRATIONS_DIR,
  SCHEMA_PATH,
  applyMigrations,
  diffMigrationsToSchema,
  listMigrationNames,
  loadSchemaFiles,
  recordedMigrationNames,
} from "../../scripts/lib/migrate";
import { REQUIRED_EXTENSIONS, withClient } from "../../scripts/lib/postgres";
import { createEmptyTestDatabase, createTestDatabase, type TestDatabase } from "../support/db";

const databases: TestDatabase[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createEmptyTestDatabase();
  databases.push(db);
  return db;
}

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

describe("prisma/migrations", () => {
  it("matches prisma/schema.prisma (no drift)", async () => {
    const db = await emptyDatabase();
    const diff = await diffMigrationsToSchema(db.url);
    expect(
      diff,
      "prisma/schema.prisma differs from prisma/migrations: run `npm run db:migration -- <name>`",
    ).toBe("");
  });

  it("applies to a fresh database once, recording each migration in _prisma_migrations", async () => {
    const names = await listMigrationNames();
    expect(names.length, "no migrations in prisma/migrations").toBeGreaterThan(0);
    expect(existsSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"))).toBe(true);

    const db = await emptyDatabase();
    expect(await applyMigrations(db.url)).toEqual(names);
    expect(await applyMigrations(db.url)).toEqual([]);

    expect(await recordedMigrationNames(db.url)).toEqual(names);
    const rows = await withClient(db.url, async (client) =>
      (
        await client.query<{ migration_name: string; finished: boolean; applied_steps_count: number }>(
          `SELECT migration_name, finished_at IS NOT NULL AS finished, applied_steps_count
             FROM _prisma_migrations ORDER BY migration_name`,
        )
      ).rows,
    );
    expect(rows).toEqual(names.map((migration_name) => ({ migration_name, finished: true, applied_steps_count: 1 })));
  });

  it("yields only the change for a modified schema (no spurious CREATE EXTENSION)", async () => {
    // A copy of the schema with one extra model, next to the real migrations.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "shanlian-schema-"));
    try {
      const files = await loadSchemaFiles();
      for (const file of files) {
        const target = path.join(dir, path.relative(path.dirname(SCHEMA_PATH), file.path));
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, file.content);
      }
      await fs.appendFile(path.join(dir, "schema.prisma"), "\nmodel ZzDriftProbe {\n  id Int @id\n}\n");

      const diff = await diffMigrationsToSchema((await emptyDatabase()).url, { prismaDir: dir });
      expect(diff).toContain('CREATE TABLE "ZzDriftProbe"');
      expect(diff).not.toMatch(/CREATE EXTENSION/);
      expect(diff).not.toMatch(/DROP /);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("gives each test database a migrated clone of the template", async () => {
    const db = await createTestDatabase();
    databases.push(db);
    expect(await recordedMigrationNames(db.url)).toEqual(await listMigrationNames());
    const extensions = await withClient(db.url, async (client) =>
      (await client.query<{ extname: string }>("SELECT extname FROM pg_extension")).rows.map((r) => r.extname),
    );
    expect(extensions).toEqual(expect.arrayContaining([...REQUIRED_EXTENSIONS]));
  });
});
