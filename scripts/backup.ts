/**
 * `npm run backup [-- <file.tar.gz | directory>]`: a consistent backup of the embedded database
 * (online while `npm start` runs, a plain copy when it is stopped), with its password file and
 * secrets.json, into `backups/shanlian-<time>.tar.gz` by default. See scripts/lib/backup.ts.
 *
 * With DATABASE_URL set (an external server) it does nothing: it prints the pg_dump commands to
 * use and exits 2.
 */
import { parseArgs } from "node:util";
import { backupEmbedded, externalServerAdvice } from "./lib/backup";
import { embeddedDataDir, errorText } from "./lib/postgres";

const USAGE = "Usage: npm run backup [-- <file.tar.gz | directory>]   (default: backups/shanlian-<time>.tar.gz)";

async function main(): Promise<number> {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ options: {}, allowPositionals: true }));
  } catch (error) {
    console.error(`${errorText(error)}\n${USAGE}`);
    return 2;
  }
  if (positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  if (process.env.DATABASE_URL) {
    console.error(externalServerAdvice(process.env.DATABASE_URL, "backup"));
    return 2;
  }
  const started = Date.now();
  const { file, manifest, bytes } = await backupEmbedded({ dataDir: embeddedDataDir(), output: positionals[0], log: console.log });
  console.log(
    `Backup written: ${file} (${(bytes / 1024 / 1024).toFixed(1)} MiB, ${manifest.method}, PostgreSQL ${manifest.serverVersion ?? manifest.pgMajor}, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  console.log("It holds the database password and secrets.json: keep it as safe as the database itself.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`backup failed: ${errorText(error)}`);
    process.exit(1);
  },
);
