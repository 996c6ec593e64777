/**
 * `npm run restore -- <backup.tar.gz> [--force] [--data-dir DIR]`: restores a backup made by
 * `npm run backup` into the embedded data directory (EMBEDDED_PG_DATA_DIR or .data/postgres),
 * with its password file and secrets.json beside it, then starts the server once: PostgreSQL
 * replays the backup's WAL, and the command checks the database answers before stopping it.
 *
 * An existing cluster is never overwritten: the command refuses, or with --force moves the old
 * files aside (`*.before-restore-<time>`). A running server on the directory must be stopped first.
 * With DATABASE_URL set (an external server) it does nothing: it prints the pg_restore commands
 * to use and exits 2.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { externalServerAdvice, restoreEmbedded } from "./lib/backup";
import { embeddedDataDir, errorText } from "./lib/postgres";

const USAGE = "Usage: npm run restore -- <backup.tar.gz> [--force] [--data-dir DIR]";

async function main(): Promise<number> {
  let parsed: { values: { force?: boolean; "data-dir"?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ options: { force: { type: "boolean", default: false }, "data-dir": { type: "string" } }, allowPositionals: true });
  } catch (error) {
    console.error(`${errorText(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  if (process.env.DATABASE_URL) {
    console.error(externalServerAdvice(process.env.DATABASE_URL, "restore"));
    return 2;
  }
  const dataDir = values["data-dir"] ? path.resolve(values["data-dir"]) : embeddedDataDir();
  const rawPort = process.env.EMBEDDED_PG_PORT;
  const port = rawPort ? Number(rawPort) : undefined;
  const { manifest, check, movedAside } = await restoreEmbedded({ archive: positionals[0]!, dataDir, force: values.force, port, log: console.log });
  console.log(
    `Restored the ${manifest.method} backup of ${manifest.createdAt} into ${dataDir}` +
      (check.appTables !== undefined ? `: database "shanlian" with ${check.appTables} tables, ${check.migrations ?? 0} migrations applied.` : "."),
  );
  if (movedAside.length) console.log(`The previous files are kept: ${movedAside.join(", ")}`);
  console.log("Start it as usual (npm start).");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`restore failed: ${errorText(error)}`);
    process.exit(1);
  },
);
