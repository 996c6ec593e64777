/**
 * #16.5 Read replica. Two embedded PostgreSQL servers of this file's own: a primary
 * (wal_level=logical) and a replica fed by logical replication (a publication FOR ALL TABLES and a
 * subscription that copies the existing rows). The built app runs with DATABASE_URL (primary) and
 * DATABASE_REPLICA_URL (replica). With the subscription paused, writes through the app show at once
 * on the writer's own pages (primary) while the statistics, the exports and search keep
 * the replica's older figures; once it resumes, they catch up.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { applyMigrations } from "../../scripts/lib/migrate";
import { BUILD_PATH, createApp, listen } from "../../scripts/lib/http-server";
import { createDatabaseIfMissing, errorText, freePort, startEmbeddedPostgres, withClient, withDatabase, type PostgresHandle } from "../../scripts/lib/postgres";
import { TestClient } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";

const DB = "shanlian";
const SUB = "replica_sub";
const YEAR = new Date().getUTCFullYear();
const TODAY = new Date().toISOString().slice(0, 10);
const NAME = "助老志愿服务中心";

type Cluster = { handle: PostgresHandle; dir: string; port: number; password: string; url: string };
const clusters: Cluster[] = [];
const dirs: string[] = [];
let primary: Cluster;
let replicaDb: Cluster;
let server: Server | undefined;
let baseUrl: string;
let prisma: PrismaClient;
let staff: TestClient;
let owner: TestClient;
let orgA: { id: string };
let pending: { id: string; name: string };

async function startCluster(dir: string, password: string, flags: string[]): Promise<Cluster> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const handle = await startEmbeddedPostgres({
        dataDir: dir,
        port,
        password,
        log: () => {},
        initdbFlags: ["--no-sync"],
        postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", ...flags],
      });
      const cluster = { handle, dir, port, password, url: withDatabase(handle.serverUrl, DB) };
      clusters.push(cluster);
      await createDatabaseIfMissing(handle.serverUrl, DB);
      return cluster;
    } catch (error) {
      if (attempt >= 3 || !/already in use|could not bind/i.test(errorText(error))) throw error;
    }
  }
}

const tempDir = async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "shanlian-replica-pg-"));
  dirs.push(dir);
  return dir;
};

const sql = <T extends Record<string, unknown>>(c: Cluster, text: string, values: unknown[] = []) => withClient(c.url, async (client) => (await client.query<T>(text, values)).rows);

/** Waits until the replica has applied everything the primary wrote up to now. */
async function caughtUp() {
  const [{ lsn }] = await sql<{ lsn: string }>(primary, "SELECT pg_current_wal_lsn()::text AS lsn");
  let state = "";
  await until(
    async () => {
      const notReady = await sql<{ n: number }>(replicaDb, "SELECT count(*)::int AS n FROM pg_subscription_rel WHERE srsubstate <> 'r'");
      const [row] = await sql<{ ok: boolean | null; at: string | null }>(primary, "SELECT confirmed_flush_lsn >= $1::pg_lsn AS ok, confirmed_flush_lsn::text AS at FROM pg_replication_slots WHERE slot_name = $2", [lsn, SUB]);
      state = `${notReady[0]!.n} table(s) still copying, slot at ${row?.at ?? "none"}, target ${lsn}`;
      return notReady[0]!.n === 0 && row?.ok === true;
    },
    () => `the replica to catch up (${state})`,
    // A wait, not a measured time: the initial copy of every table is slow on a busy machine.
    90_000,
  );
}

/** Polls `check` until it holds (expect.poll only works inside a test, and this runs in beforeAll too). */
async function until(check: () => Promise<boolean>, what: string | (() => string), timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rollups = (c: Cluster) =>
  sql(c, `SELECT 'd' AS t, day::text AS k, "districtCode" AS dc, "orgType"::text AS ot, metric, value::text AS v FROM "StatDaily"
          UNION ALL SELECT 'm', month::text, "districtCode", "orgType"::text, metric, value::text FROM "StatMonthly"
          UNION ALL SELECT 'p', day::text, "districtCode", "orgType"::text, "personHash", n::text FROM "StatPersonDaily"
          ORDER BY 1, 2, 3, 4, 5`);

const metric = (html: string, key: string) => Number(new RegExp(`data-metric="${key}" data-value="(-?[\\d.]+)"`).exec(html)?.[1]);
const staffActivities = async () => metric(await (await staff.get(`/staff/stats?year=${YEAR}`)).text(), "activities");
const exportedActivities = async () => {
  const res = await staff.get(`/staff/stats/records-export/activities?year=${YEAR}&format=csv`);
  expect(res.status).toBe(200);
  return res.text();
};
const searchTotal = async () => ((await (await fetch(`${baseUrl}/api/search?q=${encodeURIComponent(NAME)}&size=1`)).json()) as { total: number }).total;
async function registryStatus(name: string): Promise<string | undefined> {
  const res = await staff.get("/staff/reviews/export");
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  let status: string | undefined;
  wb.worksheets[0]!.eachRow((row) => {
    const values = (row.values as unknown[]).map((v) => String(v ?? ""));
    if (values.includes(name)) status = values[9];
  });
  return status;
}

/** Every cell of the staff's paired-purchasing export (`/staff/pledges/export`, an export: the replica). */
async function pledgeExportCells(): Promise<string[]> {
  const res = await staff.get(`/staff/pledges/export?year=${YEAR}`);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const cells: string[] = [];
  wb.worksheets[0]!.eachRow((row) => cells.push(...(row.values as unknown[]).map((v) => String(v ?? ""))));
  return cells;
}

beforeAll(async () => {
  // Loading the build takes seconds and reads no configuration: start it while the servers start.
  const buildLoaded = import(/* @vite-ignore */ BUILD_PATH) as Promise<ServerBuild>;
  buildLoaded.catch(() => {});
  // One initdb and one migration run: the replica starts as a copy of the migrated primary taken
  // while it is stopped (a cold physical copy, as `npm run backup` makes), and gets its rows from
  // the subscription.
  const primaryDir = await tempDir();
  const password = randomBytes(12).toString("hex");
  // The initial copy runs one table-sync worker (each with a slot and a walsender) per table at a time.
  const primaryFlags = ["-c", "wal_level=logical", "-c", "max_wal_senders=10", "-c", "max_replication_slots=10"];
  const first = await startCluster(primaryDir, password, primaryFlags);
  await applyMigrations(first.url);
  await first.handle.stop();
  const replicaDir = await tempDir();
  const cp = spawnSync("cp", ["-a", `${primaryDir}/.`, replicaDir]);
  if (cp.status !== 0) throw new Error(`copying the data directory failed: ${cp.stderr.toString()}`);
  [primary, replicaDb] = await Promise.all([startCluster(primaryDir, password, primaryFlags), startCluster(replicaDir, password, ["-c", "wal_receiver_status_interval=1", "-c", "max_sync_workers_per_subscription=4", "-c", "max_logical_replication_workers=6"])]);

  // Logical replication sends UPDATE/DELETE by the replica identity: every table needs a primary key.
  const withoutKey = await sql<{ relname: string }>(
    primary,
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relreplident = 'd'
       AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)`,
  );
  expect(withoutKey.map((r) => r.relname)).toEqual([]);

  // The unit-level check: without DATABASE_REPLICA_URL the replica client is the primary's.
  process.env.DATABASE_URL = primary.url;
  process.env.NODE_ENV = "test";
  delete process.env.DATABASE_REPLICA_URL;
  const db = await import("~/utils/db.server");
  prisma = db.prisma;
  expect(db.hasReplica()).toBe(false);
  expect(db.replica()).toBe(db.prisma);
  expect(db.replicaPgPool()).toBe(db.pgPool());

  // Data that exists before the replica subscribes (copied by the subscription's initial sync).
  const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  const o = await createUser(prisma);
  orgA = await createOrganization(prisma, { createdById: o.id, name: `黔江区${NAME}`, districtCode: "500114" });
  const b = await createOrganization(prisma, { createdById: o.id, name: `渝中区${NAME}`, districtCode: "500103" });
  pending = await createOrganization(prisma, { createdById: o.id, name: `万州区${NAME}`, districtCode: "500101", status: "SUBMITTED" });
  const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
  for (const id of [orgA.id, b.id, pending.id]) await enqueueSearch(prisma, "organization", id);
  const { createActivity } = await import("~/modules/activities/activities.server");
  const base = { kind: "VISIT" as const, place: undefined, reliefProjectId: undefined, needId: undefined, note: undefined, volunteers: 0, staff: 0, beneficiaryIds: [], headCount: 0, groups: [] };
  await createActivity(orgA.id, null, { ...base, title: "入户走访", heldOn: TODAY, districtCode: "500114", participants: 6 });
  await createActivity(b.id, null, { ...base, title: "重阳敬老", heldOn: TODAY, districtCode: "500103", participants: 20 });

  // Replica: the schema from the migrations, the rows (migration history included) from the primary.
  await withClient(replicaDb.url, async (client) => {
    const { rows } = await client.query<{ list: string }>(`SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') AS list FROM pg_tables WHERE schemaname = 'public'`);
    // As the subscription's apply worker does: no ordinary triggers (the rollup tables' TRUNCATE
    // triggers would truncate tables this same statement is truncating).
    await client.query("SET session_replication_role = replica");
    await client.query(`TRUNCATE ${rows[0]!.list} CASCADE`);
  });
  await sql(primary, "CREATE PUBLICATION shanlian_pub FOR ALL TABLES");
  await sql(replicaDb, `CREATE SUBSCRIPTION ${SUB} CONNECTION 'host=127.0.0.1 port=${primary.port} user=postgres password=${primary.password} dbname=${DB}' PUBLICATION shanlian_pub WITH (copy_data = true)`);

  // The built app, on both.
  process.env.DATABASE_REPLICA_URL = replicaDb.url;
  // No background poll: searches catch up with the outbox themselves, and a timer would outlive the servers.
  process.env.SEARCH_WORKER = "off";
  process.env.DATABASE_POOL_SIZE ??= "10";
  const build = await buildLoaded;
  server = await listen(createApp(() => build, { mode: "production" }), 0, "127.0.0.1");
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  baseUrl = `http://127.0.0.1:${address.port}`;
  staff = new TestClient(baseUrl);
  await staff.signIn(s.email, s.password);
  owner = new TestClient(baseUrl);
  await owner.signIn(o.email, o.password);
  // Indexes the seeded organizations (the search page catches up with the outbox first).
  expect((await fetch(`${baseUrl}/api/search?q=${encodeURIComponent(NAME)}`)).status).toBe(200);
  await caughtUp();
}, 300_000);

afterAll(async () => {
  if (server) {
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server.closeAllConnections?.();
  }
  const db = await import("~/utils/db.server");
  await db.closeReplica().catch(() => {});
  await globalThis.__shanlianPrisma?.$disconnect().catch(() => {});
  globalThis.__shanlianPrisma = undefined;
  // The subscription first: stopping the primary under a live walsender makes the replica log errors.
  if (replicaDb) await sql(replicaDb, `DROP SUBSCRIPTION IF EXISTS ${SUB}`).catch(() => {});
  for (const c of clusters.reverse()) await c.handle.stop().catch(() => {});
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe("read replica (logical replication)", () => {
  it("the replica holds the primary's rows, rollups as rows (no trigger fired on the subscriber)", async () => {
    const [p, r] = await Promise.all([rollups(primary), rollups(replicaDb)]);
    expect(p.length).toBeGreaterThan(0);
    expect(r).toEqual(p);
    const [[pa], [ra]] = await Promise.all([sql(primary, `SELECT count(*)::int AS n FROM "Activity"`), sql(replicaDb, `SELECT count(*)::int AS n FROM "Activity"`)]);
    expect(ra).toEqual(pa);
    const [[docs]] = await Promise.all([sql<{ n: number }>(replicaDb, `SELECT count(*)::int AS n FROM "SearchDocument"`)]);
    expect(docs!.n).toBe(2); // the two approved organizations; the submitted one is not public
  });

  it("with the replica paused, statistics, exports and search counts keep its figures; the writer's pages show the write", async () => {
    expect(await staffActivities()).toBe(2);
    expect(await exportedActivities()).toContain("入户走访");
    expect(await searchTotal()).toBe(2);
    expect(await registryStatus(pending.name)).toBe("待审核");
    await sql(replicaDb, `ALTER SUBSCRIPTION ${SUB} DISABLE`);
    await until(async () => (await sql<{ n: number }>(primary, "SELECT count(*)::int AS n FROM pg_stat_replication"))[0]!.n === 0, "the walsender to stop");

    // The organization records an activity: its own list (primary) shows it at once.
    const saved = await owner.post(`/org/${orgA.id}/activities`, { title: "暑期助学", kind: "VISIT", heldOn: TODAY, districtCode: "500114", participants: "9", volunteers: "1", staff: "1" }, { followRedirects: true });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("暑期助学");
    // Staff approve the submitted organization: the decision page (primary) shows the new status.
    const approved = await staff.post(`/staff/reviews/${pending.id}`, { decision: "APPROVE", reason: "材料齐全" }, { followRedirects: true });
    expect(approved.status).toBe(200);
    expect(await (await staff.get(`/staff/reviews/${pending.id}`)).text()).toContain("已通过");
    expect(await sql(primary, `SELECT status::text FROM "Organization" WHERE id = $1`, [pending.id])).toEqual([{ status: "APPROVED" }]);
    // A canteen's purchase pledge written on the primary (as the pledge form does).
    const creator = await prisma.user.findFirstOrThrow({ select: { id: true } });
    const unit = await prisma.buyingUnit.create({
      data: { name: "黔江区第一中学食堂", kind: "SCHOOL_CANTEEN", districtCode: "500114", isBudgetUnit: true, contactName: "王老师", contactPhone: "13800000000", createdById: creator.id },
    });
    await prisma.purchasePledge.create({ data: { buyingUnitId: unit.id, year: YEAR, pledgedFen: 5_000_000n, targetDistrictCode: "500114", createdById: creator.id } });

    // Statistics (dashboard, its export, the drill-down), the registry export and the search count: the replica's figures.
    expect(await staffActivities()).toBe(2);
    expect(await exportedActivities()).not.toContain("暑期助学");
    expect(metric(await (await owner.get(`/org/${orgA.id}/stats`)).text(), "activities")).toBe(1);
    expect(await (await staff.get(`/staff/stats/records/activities?year=${YEAR}`)).text()).not.toContain("暑期助学");
    expect(await registryStatus(pending.name)).toBe("待审核");
    expect(await pledgeExportCells()).not.toContain("黔江区第一中学食堂");
    expect(await searchTotal()).toBe(2);
    // Search reads the replica whole (total, facets and hits, like an asynchronous index): the
    // approved organization is indexed on the primary but not found until the replica has it.
    const searchFor = async (q: string) => (await (await fetch(`${baseUrl}/api/search?q=${encodeURIComponent(q)}`)).json()) as { total: number; hits: { id: string }[] };
    expect((await searchFor(pending.name)).hits.map((h) => h.id)).not.toContain(pending.id);
    const [indexed] = await sql<{ n: number }>(primary, `SELECT count(*)::int AS n FROM "SearchDocument" WHERE "entityId" = $1`, [pending.id]);
    expect(indexed.n).toBe(1);

    // Resumed: the replica catches up, rollups included.
    await sql(replicaDb, `ALTER SUBSCRIPTION ${SUB} ENABLE`);
    await caughtUp();
    expect(await staffActivities()).toBe(3);
    expect(await exportedActivities()).toContain("暑期助学");
    expect(await (await staff.get(`/staff/stats/records/activities?year=${YEAR}`)).text()).toContain("暑期助学");
    expect(metric(await (await owner.get(`/org/${orgA.id}/stats`)).text(), "activities")).toBe(2);
    expect(await registryStatus(pending.name)).toBe("已通过");
    expect(await pledgeExportCells()).toContain("黔江区第一中学食堂");
    expect(await searchTotal()).toBe(3);
    expect((await searchFor(pending.name)).hits.map((h) => h.id)).toContain(pending.id);
    const [p, r] = await Promise.all([rollups(primary), rollups(replicaDb)]);
    expect(r).toEqual(p);
  });

  it("in the app's own modules, the replica client reads the replica when DATABASE_REPLICA_URL is set", async () => {
    vi.resetModules();
    const db = await import("~/utils/db.server");
    expect(db.hasReplica()).toBe(true);
    expect(db.replica()).not.toBe(db.prisma);
    const [[onReplica], [onPrimary]] = await Promise.all([
      db.replica().$queryRawUnsafe<{ port: number }[]>("SELECT current_setting('port')::int AS port"),
      db.prisma.$queryRawUnsafe<{ port: number }[]>("SELECT current_setting('port')::int AS port"),
    ]);
    expect(onReplica!.port).toBe(replicaDb.port);
    expect(onPrimary!.port).toBe(primary.port);
    const { rows } = await db.replicaPgPool().query<{ port: number }>("SELECT current_setting('port')::int AS port");
    expect(rows[0]!.port).toBe(replicaDb.port);
  });
});
