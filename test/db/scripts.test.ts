/**
 * Every script in the README works on a fresh clone with no environment set, against the embedded
 * database and its generated local secrets, as `npm start` does (#11.11). Each runs in its
 * cheapest form against one temporary embedded data dir.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type PostgresHandle } from "../../scripts/lib/postgres";
import { embeddedAppUrl, query, runScript, tempInstall } from "./script-runner";

let install: Awaited<ReturnType<typeof tempInstall>>;
let env: Record<string, string>;
let port: number;
let server: PostgresHandle | undefined;
let url: string;

beforeAll(async () => {
  install = await tempInstall();
  port = await freePort();
  env = { EMBEDDED_PG_DATA_DIR: install.dataDir, EMBEDDED_PG_PORT: String(port) };
});

afterAll(async () => {
  await server?.stop();
  await install?.remove();
});

const run = async (name: string, args: string[] = [], extra: Record<string, string> = {}) => {
  const r = await runScript(name, args, { ...env, ...extra });
  return r;
};

describe("scripts on a fresh clone (no environment but a temporary data dir)", () => {
  it("db:migrate creates the embedded cluster, its password and local secrets, and migrates", { timeout: 240_000 }, async () => {
    const r = await run("db:migrate");
    expect(r.output).toMatch(/Applied \d+ migration\(s\) to "shanlian"/);
    expect(r.code, r.output).toBe(0);
    expect(existsSync(`${install.dataDir}.password`)).toBe(true);
    const secrets = JSON.parse(readFileSync(path.join(install.dir, "secrets.json"), "utf8")) as Record<string, string>;
    expect(Object.keys(secrets)).toEqual(expect.arrayContaining(["SESSION_SECRET", "ID_HASH_KEY"]));
    // The next scripts reuse this server instead of starting their own (faster; same code path
    // as `npm run …` beside a running `npm start`).
    server = await startEmbeddedPostgres({ dataDir: install.dataDir, port, log: () => {} });
    url = embeddedAppUrl(install.dataDir, port);
    const again = await run("db:migrate");
    expect(again.output).toMatch(/is up to date/);
  });

  it("db:seed loads demo data once, with a generated demo password printed and kept in secrets.json", { timeout: 240_000 }, async () => {
    // Seeding waits for the demo-seed advisory lock (two processes starting on one empty database
    // seed it once): held here as another seeding process would hold it, db:seed queues behind it.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(hashtext('shanlian:demo-seed'))`);
    let exited = false;
    const seeding = run("db:seed").finally(() => (exited = true));
    const waiting = async () => (await holder.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0]!.n;
    while (!exited && (await waiting()) === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(exited, "db:seed finished without waiting for the seeding lock").toBe(false);
    const [{ n: before }] = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "User"`);
    expect(Number(before)).toBe(0);
    await holder.end();
    const r = await seeding;
    expect(r.code, r.output).toBe(0);
    const secrets = JSON.parse(readFileSync(path.join(install.dir, "secrets.json"), "utf8")) as Record<string, string>;
    expect(secrets.DEMO_PASSWORD).toMatch(/^[A-Za-z0-9]{14}$/);
    expect(r.output).toContain(`*@shanlian.demo`);
    expect(r.output).toContain(secrets.DEMO_PASSWORD);
    expect(r.output).not.toContain("Shanlian2020");
    const [{ n }] = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "User"`);
    expect(Number(n)).toBeGreaterThan(5);
    const second = await run("db:seed");
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/already has users/);
    expect(second.output).not.toContain(secrets.DEMO_PASSWORD);
  });

  it("ledger:check verifies the invariants", async () => {
    const r = await run("ledger:check");
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/all \d+ invariants hold/);
  });

  it("ids:rekey re-encrypts the stored ID numbers under the current key generation (none to do after a fresh seed)", async () => {
    const r = await run("ids:rekey");
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/ID numbers: 0 re-encrypted to key generation 1, \d+ already on it, 0 unreadable/);
  });

  it("search:reindex rebuilds the index", async () => {
    const r = await run("search:reindex");
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Reindexed \d+ listings/);
  });

  it("stats:rebuild rebuilds the rollups", async () => {
    const r = await run("stats:rebuild");
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Rollups rebuilt/);
  });

  it("jobs:reminders, jobs:campaigns, jobs:refunds, jobs:purge, jobs:shop, jobs:monthly and jobs:reconcile run", { timeout: 150_000 }, async () => {
    const results = [...(await Promise.all([run("jobs:reminders"), run("jobs:campaigns"), run("jobs:refunds"), run("jobs:purge"), run("jobs:shop")]))];
    // Run after the others: each script may start (and then stop) the embedded server.
    results.push(await run("jobs:monthly"), await run("jobs:reconcile"));
    for (const r of results) expect(r.code, r.output).toBe(0);
    expect(results[0]!.output).toMatch(/volunteer reminders: \d+ due/);
    expect(results[1]!.output).toMatch(/campaign deadlines: \d+ campaign/);
    expect(results[2]!.output).toMatch(/refunds: \d+ sent/);
    expect(results[3]!.output).toMatch(/login purge: \d+ attempts/);
    expect(results[4]!.output).toMatch(/shop: \d+ checkout\(s\) expired/);
    expect(results[5]!.output).toMatch(/monthly: \d+ reminded, \d+ charged/);
    expect(results[6]!.output).toMatch(/reconciliation \d{4}-\d{2}-\d{2}: \d+ account\(s\)/);
  });

  it("db:migration finds nothing to write when the migrations match the schema", async () => {
    const r = await run("db:migration", ["check"]);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/No schema changes/);
  });

  it("admin:create creates a bureau admin with a printed password", async () => {
    const r = await run("admin:create", ["--email", "Chief@Example.cn"]);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Created BUREAU_ADMIN chief@example\.cn with password: \S{12,}/);
    const rows = await query<{ globalRole: string }>(url, `SELECT "globalRole" FROM "User" WHERE email = 'chief@example.cn'`);
    expect(rows).toEqual([{ globalRole: "BUREAU_ADMIN" }]);
  });

  it("admin:create refuses to promote an existing account or keep its password without being told", { timeout: 120_000 }, async () => {
    const who = "volunteer@shanlian.demo";
    const state = async () => (await query<{ globalRole: string; passwordHash: string }>(url, `SELECT "globalRole", "passwordHash" FROM "User" WHERE email = $1`, [who]))[0]!;
    const before = await state();
    expect(before.globalRole).toBe("USER");

    // No flags (no terminal to ask at): nothing changes.
    const bare = await run("admin:create", ["--email", who]);
    expect(bare.code).toBe(1);
    expect(bare.output).toMatch(/already exists.*--promote.*--keep-password/s);
    expect(await state()).toEqual(before);
    // --promote alone: what happens to the password is still unsaid.
    const promoteOnly = await run("admin:create", ["--email", who, "--promote"]);
    expect(promoteOnly.code).toBe(1);
    expect(await state()).toEqual(before);
    // --keep-password alone: the role change is unsaid.
    const keepOnly = await run("admin:create", ["--email", who, "--keep-password"]);
    expect(keepOnly.code).toBe(1);
    expect(await state()).toEqual(before);

    const confirmed = await run("admin:create", ["--email", who, "--promote", "--keep-password", "--role", "BUREAU_STAFF"]);
    expect(confirmed.code, confirmed.output).toBe(0);
    const after = await state();
    expect(after.globalRole).toBe("BUREAU_STAFF");
    expect(after.passwordHash).toBe(before.passwordHash);

    // A new password replaces the old one and signs the account out everywhere.
    const reset = await run("admin:create", ["--email", who, "--role", "BUREAU_STAFF", "--password", "a-new-long-password-42"]);
    expect(reset.code, reset.output).toBe(0);
    expect((await state()).passwordHash).not.toBe(before.passwordHash);
    const audit = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "AuditLog" WHERE action = 'user.admin_updated_cli'`);
    expect(Number(audit[0]!.n)).toBe(2);
  });

  it("bench runs a tiny dashboard benchmark", { timeout: 240_000 }, async () => {
    const r = await run("bench", ["dashboard"], { BENCH_DASHBOARD_SCALE: "0.001", BENCH_DASHBOARD_RUNS: "1", BENCH_DASHBOARD_RAW_RUNS: "1" });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/same figures/);
    expect(r.output).not.toMatch(/required in production/);
  });
});
