/**
 * #16.7: `npm run backup` / `npm run restore` round trip on the embedded database. An online
 * backup taken while another connection keeps writing restores, into a fresh directory on another
 * port, to a consistent database holding every row committed before the backup started; a backup
 * of the stopped cluster restores to exactly its state; an existing cluster is never overwritten
 * without --force; an external server gets the pg_dump commands and nothing is done.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseIfMissing, freePort, startEmbeddedPostgres, withDatabase, type PostgresHandle } from "../../scripts/lib/postgres";
import { runScript, tempInstall } from "./script-runner";

type Install = Awaited<ReturnType<typeof tempInstall>>;

const installs: Install[] = [];
const servers: PostgresHandle[] = [];
let source: Install;
let sourcePort: number;
let sourceServer: PostgresHandle;
let appUrl: string;
const SECRETS = { SESSION_SECRET: "s".repeat(40), ID_HASH_KEY: "i".repeat(40), MERCHANT_SECRETS_KEY: "m".repeat(43) };

async function newInstall() {
  const install = await tempInstall();
  installs.push(install);
  return install;
}

async function start(install: Install, port: number) {
  const server = await startEmbeddedPostgres({ dataDir: install.dataDir, port, log: () => {} });
  servers.push(server);
  return server;
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** The ledger is consistent: movements 1..n without a gap, each balance the previous plus its amount, the account matching the last. */
async function ledgerState(url: string) {
  const [account] = await sql<{ balance: string; movements: number }>(url, "SELECT balance, movements FROM account WHERE id = 1");
  const [check] = await sql<{ n: string; max: number | null; bad: string }>(
    url,
    `SELECT count(*) AS n, max(id) AS max,
            count(*) FILTER (WHERE balance <> coalesce(prev, 0) + amount) AS bad
       FROM (SELECT id, amount, balance, lag(balance) OVER (ORDER BY id) AS prev FROM movement) m`,
  );
  const [last] = await sql<{ balance: string }>(url, "SELECT balance FROM movement ORDER BY id DESC LIMIT 1");
  return { n: Number(check!.n), max: check!.max ?? 0, bad: Number(check!.bad), account: { balance: account!.balance, movements: account!.movements }, lastBalance: last?.balance ?? "0" };
}

beforeAll(async () => {
  source = await newInstall();
  sourcePort = await freePort();
  sourceServer = await start(source, sourcePort);
  await createDatabaseIfMissing(sourceServer.serverUrl, "shanlian");
  appUrl = withDatabase(sourceServer.serverUrl, "shanlian");
  writeFileSync(path.join(source.dir, "secrets.json"), JSON.stringify(SECRETS), { mode: 0o600 });
  await sql(
    appUrl,
    `CREATE TABLE account (id int PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0), movements int NOT NULL);
     CREATE TABLE movement (id int PRIMARY KEY, amount int NOT NULL, balance bigint NOT NULL CHECK (balance >= 0));
     INSERT INTO account VALUES (1, 0, 0);
     -- Some bulk, so that the copy takes a moment while the writer goes on.
     CREATE TABLE filler AS SELECT g AS id, md5(g::text) AS note FROM generate_series(1, 200000) g;
     CREATE INDEX ON filler (note);`,
  );
}, 180_000);

afterAll(async () => {
  for (const s of servers) await s.stop().catch(() => {});
  for (const i of installs) await i.remove();
}, 120_000);

describe("npm run backup / npm run restore (embedded database)", () => {
  let online: string;

  it("takes an online backup while another connection keeps writing", { timeout: 240_000 }, async () => {
    const writer = new pg.Client({ connectionString: appUrl });
    await writer.connect();
    let committed = 0;
    let writing = true;
    let failure: unknown;
    const loop = (async () => {
      while (writing) {
        const amount = committed % 3 === 2 ? -1 : 2; // the balance goes up and down, never below 0
        await writer.query("BEGIN");
        const { rows } = await writer.query<{ balance: string; movements: number }>(
          "UPDATE account SET balance = balance + $1, movements = movements + 1 WHERE id = 1 RETURNING balance, movements",
          [amount],
        );
        await writer.query("INSERT INTO movement (id, amount, balance) VALUES ($1, $2, $3)", [rows[0]!.movements, amount, rows[0]!.balance]);
        await writer.query("COMMIT");
        committed = rows[0]!.movements;
      }
    })().catch((error: unknown) => (failure = error));

    while (committed < 200) await new Promise((r) => setTimeout(r, 20));
    const beforeBackup = committed;
    online = path.join(source.dir, "online.tar.gz");
    const r = await runScript("backup", [online], { EMBEDDED_PG_DATA_DIR: source.dataDir, EMBEDDED_PG_PORT: String(sourcePort) });
    const duringBackup = committed - beforeBackup;
    writing = false;
    await loop;
    await writer.end();
    expect(failure).toBeUndefined();
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/online backup/);
    expect(r.output).toMatch(/Backup written: .*online\.tar\.gz .*online, PostgreSQL 18/);
    expect(duringBackup, "rows written while the backup ran").toBeGreaterThan(0);
    expect(existsSync(online)).toBe(true);

    // Restore into a fresh directory on another port, then open it as the app would.
    const target = await newInstall();
    const targetPort = await freePort();
    const restored = await runScript("restore", [online], { EMBEDDED_PG_DATA_DIR: target.dataDir, EMBEDDED_PG_PORT: String(targetPort) });
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toMatch(/Restored the online backup/);
    expect(readFileSync(`${target.dataDir}.password`, "utf8")).toBe(readFileSync(`${source.dataDir}.password`, "utf8"));
    expect(JSON.parse(readFileSync(path.join(target.dir, "secrets.json"), "utf8"))).toEqual(SECRETS);
    expect(existsSync(path.join(target.dataDir, "backup_label")), "consumed by recovery").toBe(false);

    const server = await start(target, targetPort);
    const url = withDatabase(server.serverUrl, "shanlian");
    const state = await ledgerState(url);
    expect(state.n).toBeGreaterThanOrEqual(beforeBackup);
    expect(state.max).toBe(state.n); // no gap
    expect(state.bad).toBe(0);
    expect(state.account).toEqual({ balance: state.lastBalance, movements: state.n });
    const [filler] = await sql<{ n: string }>(url, "SELECT count(*) AS n FROM filler");
    expect(Number(filler!.n)).toBe(200000);
    // Indexes agree with their tables (amcheck ships with the embedded server's contrib).
    await sql(url, "CREATE EXTENSION IF NOT EXISTS amcheck");
    const indexes = await sql<{ name: string }>(url, "SELECT indexrelid::regclass::text AS name FROM pg_index JOIN pg_class c ON c.oid = indrelid WHERE c.relnamespace = 'public'::regnamespace");
    for (const { name } of indexes) await sql(url, "SELECT bt_index_check($1::regclass, true)", [name]);
    // And it takes writes.
    await sql(url, "INSERT INTO movement (id, amount, balance) VALUES ($1, 0, $2)", [state.n + 1, state.lastBalance]);
    await server.stop();
  });

  it("refuses to restore over an existing cluster, and with --force moves it aside", { timeout: 240_000 }, async () => {
    const refused = await runScript("restore", [online], { EMBEDDED_PG_DATA_DIR: source.dataDir, EMBEDDED_PG_PORT: String(sourcePort) });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/running on|Refusing to overwrite/);

    const target = await newInstall();
    const port = await freePort();
    writeFileSync(path.join(target.dir, "secrets.json"), "{}");
    const again = await runScript("restore", [online], { EMBEDDED_PG_DATA_DIR: target.dataDir, EMBEDDED_PG_PORT: String(port) });
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/Refusing to overwrite .*secrets\.json.*--force/s);

    const forced = await runScript("restore", [online, "--force"], { EMBEDDED_PG_DATA_DIR: target.dataDir, EMBEDDED_PG_PORT: String(port) });
    expect(forced.code, forced.output).toBe(0);
    expect(readdirSync(target.dir).some((f) => /^secrets\.json\.before-restore-/.test(f))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(target.dir, "secrets.json"), "utf8"))).toEqual(SECRETS);
  });

  it("backs up the stopped cluster with a plain copy that restores to exactly its state", { timeout: 240_000 }, async () => {
    const before = await ledgerState(appUrl);
    await sourceServer.stop();
    const offline = path.join(source.dir, "offline.tar.gz");
    const r = await runScript("backup", [offline], { EMBEDDED_PG_DATA_DIR: source.dataDir });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/server not running/);

    const target = await newInstall();
    const port = await freePort();
    const restored = await runScript("restore", [offline], { EMBEDDED_PG_DATA_DIR: target.dataDir, EMBEDDED_PG_PORT: String(port) });
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toMatch(/Restored the offline backup/);
    const server = await start(target, port);
    expect(await ledgerState(withDatabase(server.serverUrl, "shanlian"))).toEqual(before);
    await server.stop();
  });

  it("does nothing for an external server (DATABASE_URL) but print the pg_dump commands", async () => {
    const url = "postgresql://app:secret@db.example.cn:5432/shanlian";
    const backup = await runScript("backup", [], { DATABASE_URL: url });
    expect(backup.code).toBe(2);
    expect(backup.output).toMatch(/pg_dump --format=custom/);
    expect(backup.output).not.toContain("secret@");
    const restore = await runScript("restore", ["x.tar.gz"], { DATABASE_URL: url });
    expect(restore.code).toBe(2);
    expect(restore.output).toMatch(/pg_restore/);
  });
});
