// npm run db:migration -- <name>        write the next migration for prisma/schema.prisma changes
// npm run db:migration -- --squash      replace all migrations with one `<timestamp>_init`
//
// The `prisma migrate dev --create-only` of this repository: the migration SQL is computed by
// replaying prisma/migrations into a scratch database and diffing it with the schema (see
// scripts/lib/migrate.ts), so it needs PostgreSQL (DATABASE_URL or the embedded server) but
// never touches the application database. Review the file, then run `npm run db:migrate`.
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import {
  LOCKFILE_CONTENT,
  LOCKFILE_NAME,
  MIGRATIONS_DIR,
  SCHEMA_PATH,
  createScratchDatabase,
  diffMigrationsToSchema,
  listMigrationNames,
} from "./lib/migrate";
import { bootstrap } from "./lib/bootstrap";
import { PROJECT_ROOT, errorText } from "./lib/postgres";

const USAGE = "Usage: npm run db:migration -- <name>   |   npm run db:migration -- --squash";

function parseArgs(argv: string[]): { name: string; squash: boolean } {
  const squash = argv.includes("--squash");
  const rest = argv.filter((a) => a !== "--squash");
  if (rest.some((a) => a.startsWith("-"))) throw new UsageError(`Unknown option: ${rest.find((a) => a.startsWith("-"))}`);
  // `db:migration -- add shift notes` works as well as `add_shift_notes`.
  const raw = rest.join(" ") || (squash ? "init" : "");
  if (!raw) throw new UsageError("Missing migration name.");
  // Same shape as the names `prisma migrate dev` writes: lower case, words joined with "_".
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
  if (!name) throw new UsageError(`Migration name "${raw}" has no letters or digits.`);
  return { name, squash };
}

class UsageError extends Error {}

/** `YYYYMMDDHHMMSS` in UTC, as Prisma names migration folders; later than every existing one. */
function nextTimestamp(existing: string[]): string {
  const now = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const last = existing.map((n) => n.slice(0, 14)).filter((t) => /^\d{14}$/.test(t)).sort().at(-1);
  if (!last || now > last) return now;
  // Two migrations within one second (or a clock behind the last one): keep the order strict.
  return String(BigInt(last) + 1n);
}

async function main(): Promise<number> {
  let args: { name: string; squash: boolean };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (!existsSync(SCHEMA_PATH)) {
    console.error(`No schema at ${path.relative(PROJECT_ROOT, SCHEMA_PATH)}.`);
    return 1;
  }

  const existing = await listMigrationNames();
  // Only the server is needed: the application database is left as it is (no migrations).
  const { db } = await bootstrap({ log: console.log, migrate: false, stopOnSignals: true });
  try {
    // --squash: diff against an empty history, i.e. the whole schema as one migration.
    const emptyDir = args.squash ? await fs.mkdtemp(path.join(os.tmpdir(), "shanlian-no-migrations-")) : undefined;
    const sql = await diffInScratch(db.serverUrl, emptyDir).finally(() =>
      emptyDir ? fs.rm(emptyDir, { recursive: true, force: true }) : undefined,
    );
    if (!sql) {
      console.log("No schema changes: prisma/migrations already matches prisma/schema.prisma.");
      return 0;
    }

    const folder = `${nextTimestamp(args.squash ? [] : existing)}_${args.name}`;
    if (args.squash) {
      for (const old of existing) await fs.rm(path.join(MIGRATIONS_DIR, old), { recursive: true, force: true });
      if (existing.length) {
        console.log(`Removed ${existing.length} migration(s): ${existing.join(", ")} (hand-written SQL in them is gone: re-add it)`);
      }
    }
    await fs.mkdir(path.join(MIGRATIONS_DIR, folder), { recursive: true });
    await fs.writeFile(path.join(MIGRATIONS_DIR, folder, "migration.sql"), args.squash ? sql + (await handWrittenSql()) : sql);
    const lockfile = path.join(MIGRATIONS_DIR, LOCKFILE_NAME);
    if (!existsSync(lockfile)) await fs.writeFile(lockfile, LOCKFILE_CONTENT);
    console.log(`Wrote ${path.relative(PROJECT_ROOT, path.join(MIGRATIONS_DIR, folder, "migration.sql"))}`);

    // Replay the new history once more: proves the file applies and leaves nothing behind.
    const remaining = await diffInScratch(db.serverUrl);
    if (remaining) {
      console.error(`Warning: after this migration the schema still differs:\n${remaining}`);
      return 1;
    }
    console.log(
      args.squash
        ? "Verified. Databases that applied the old migrations need `npm run db:migrate -- --reset`."
        : "Verified: migrations now match the schema. Review the SQL, then run `npm run db:migrate`.",
    );
    return 0;
  } finally {
    await db.stop();
  }
}

/**
 * SQL Prisma cannot express (triggers, CHECK constraints, functions), kept per domain in
 * prisma/sql/*.sql as idempotent statements. A squash appends them to the init migration; later
 * migrations that change them carry their own copy.
 */
async function handWrittenSql(): Promise<string> {
  const dir = path.join(PROJECT_ROOT, "prisma", "sql");
  if (!existsSync(dir)) return "";
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  let out = "";
  for (const f of files) out += `\n-- ───── prisma/sql/${f} ─────\n${await fs.readFile(path.join(dir, f), "utf8")}\n`;
  return out;
}

/** Diff of (migrations in `migrationsDir`) → schema, computed in a throwaway database. */
async function diffInScratch(serverUrl: string, migrationsDir?: string): Promise<string> {
  const scratch = await createScratchDatabase(serverUrl, { prefix: "shanlian_migration" });
  try {
    return await diffMigrationsToSchema(scratch.url, { migrationsDir });
  } finally {
    await scratch.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:migration failed: ${errorText(error)}`);
    process.exit(1);
  },
);
