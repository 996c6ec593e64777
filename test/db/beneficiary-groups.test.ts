/**
 * One list of beneficiary groups (docs/decisions/010-layers.md): funds used to name their groups
 * from a list of their own (LOW_INCOME, ORPHANS, …, stored as strings) that matched neither the
 * reach records nor the needs. The migration carries every existing fund's groups over to the
 * BeneficiaryGroup enum, and every list in the code is that enum.
 */
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";
import { MIGRATIONS_DIR, applyMigrations } from "../../scripts/lib/migrate";
import { withClient } from "../../scripts/lib/postgres";
import { createEmptyTestDatabase, type TestDatabase } from "../support/db";

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

describe("beneficiary groups", () => {
  it("are the BeneficiaryGroup enum, one list for every module", async () => {
    const { BeneficiaryGroup } = await import("~/generated/prisma/enums");
    expect([...BENEFICIARY_GROUPS].sort()).toEqual(Object.values(BeneficiaryGroup).sort());
  });

  it("the migration carries each fund's old groups over to the enum", async () => {
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const convert = names.findIndex((n) => n.endsWith("_fund_beneficiary_groups"));
    expect(convert).toBeGreaterThan(0);
    // The history up to (not including) the conversion, then the rest.
    const before = await mkdtemp(path.join(os.tmpdir(), "shanlian-migrations-"));
    cleanup.push(() => rm(before, { recursive: true, force: true }));
    for (const n of names.slice(0, convert)) await cp(path.join(MIGRATIONS_DIR, n), path.join(before, n), { recursive: true });
    await cp(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(before, "migration_lock.toml"));

    const db: TestDatabase = await createEmptyTestDatabase();
    cleanup.push(() => db.drop());
    await applyMigrations(db.url, { migrationsDir: before });
    const old: Record<string, string[]> = {
      f1: ["LOW_INCOME", "DISABLED"],
      f2: ["LEFT_BEHIND_CHILDREN", "ORPHANS", "STUDENTS"],
      f3: ["EXTREMELY_POOR", "NEAR_THRESHOLD", "ELDERLY", "PATIENTS", "DISASTER_VICTIMS", "NOT_A_GROUP"],
      f4: [],
    };
    await withClient(db.url, async (client) => {
      // Foreign keys off for this session: only the fund rows matter here.
      await client.query(`SET session_replication_role = replica`);
      for (const [id, groups] of Object.entries(old)) {
        await client.query(
          `INSERT INTO "Fund" (id, "orgId", name, purpose, "beneficiaryGroups", "startDate", "createdById", "updatedAt") VALUES ($1, 'org', $1, 'p', $2, '2026-01-01', 'user', now())`,
          [id, groups],
        );
      }
    });
    await applyMigrations(db.url);
    const rows = await withClient(db.url, async (client) =>
      (await client.query<{ id: string; groups: string }>(`SELECT id, "beneficiaryGroups"::text AS groups FROM "Fund" ORDER BY id`)).rows,
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.groups]))).toEqual({
      f1: "{DIBAO,DISABLED}",
      f2: "{LEFT_BEHIND_CHILD,UNSUPPORTED_CHILD,ORPHAN,STUDENT}",
      f3: "{TEKUN,DIBAO_EDGE,ELDERLY,PATIENT,DISASTER_VICTIM}",
      f4: "{}",
    });
  });
});
