// npm run db:migrate [-- --reset]
//
// Applies prisma/migrations to the development database (DATABASE_URL, or the embedded server
// under .data/postgres), like `prisma migrate deploy`.
//   --reset  drop and recreate the database first (embedded server only). Needed after
//            `db:migration -- --squash` rewrote migrations this database already applied.
import { applyMigrations, dropDatabase, listMigrationNames, recordedMigrationNames } from "./lib/migrate";
import { bootstrap } from "./lib/bootstrap";
import { createDatabaseIfMissing, databaseName, errorText } from "./lib/postgres";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--reset");
  if (unknown.length) {
    console.error(`Unknown argument(s): ${unknown.join(" ")}\nUsage: npm run db:migrate [-- --reset]`);
    return 2;
  }
  const reset = args.includes("--reset");

  const { db } = await bootstrap({ log: console.log, migrate: false, stopOnSignals: true });
  try {
    const name = databaseName(db.url);
    if (reset) {
      if (!db.embedded) throw new Error("--reset only works on the embedded server; drop a DATABASE_URL database yourself.");
      await dropDatabase(db.serverUrl, name);
      await createDatabaseIfMissing(db.serverUrl, name);
      console.log(`Reset database "${name}"`);
    }

    // A database that applied migrations which no longer exist (after a squash) would fail with
    // "type … already exists" halfway through; say what is wrong instead.
    const onDisk = await listMigrationNames();
    const known = new Set(onDisk);
    const unknownApplied = (await recordedMigrationNames(db.url)).filter((m) => !known.has(m));
    if (unknownApplied.length) {
      throw new Error(
        `database "${name}" applied migrations that are not in prisma/migrations: ${unknownApplied.join(", ")}.\n` +
          "They were probably squashed or renamed. Run `npm run db:migrate -- --reset` to rebuild it (drops its data).",
      );
    }

    const applied = await applyMigrations(db.url);
    if (applied.length) {
      console.log(`Applied ${applied.length} migration(s) to "${name}":`);
      for (const m of applied) console.log(`  ${m}`);
    } else {
      console.log(`Database "${name}" is up to date (${onDisk.length} migration(s), nothing to apply).`);
    }
    return 0;
  } finally {
    await db.stop();
  }
}

// Explicit exit: the embedded server's child process would otherwise keep Node alive, and the
// exit code must reflect failure.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:migrate failed: ${errorText(error)}`);
    process.exit(1);
  },
);
