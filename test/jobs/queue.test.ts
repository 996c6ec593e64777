/**
 * #16.1 Jobs on pg-boss (real PostgreSQL, schema `pgboss` of a fresh database): a job that fails
 * twice then succeeds runs once to success; a job that keeps failing lands in the dead-letter
 * queue; a schedule registered by two processes runs once per period; a worker killed mid-job
 * (SIGKILL of a child process) has its job picked up again after expiry; the search outbox and
 * the message outbox are worked through their queues; /readyz checks the queue.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createUser } from "../support/factories/accounts";
import { testDefinitions } from "./definitions";
import type { PrismaClient } from "~/generated/prisma/client";
import type { JobsRuntime } from "~/modules/jobs/runtime.server";
import type { OutgoingMail } from "~/modules/messages/mail.server";

const ROOT = path.resolve(import.meta.dirname, "../..");
let db: TestDatabase;
let prisma: PrismaClient;
let runtime: JobsRuntime;
let boss: PgBoss;
const children: ChildProcess[] = [];
const sent: OutgoingMail[] = [];
let flakyCalls = 0;
let flakySuccesses = 0;

type Row = { id: string; name: string; state: string; retry_count: number; output: unknown; data: Record<string, unknown> };
/** A job wherever it is now (live table or archive). */
async function jobRows(name: string): Promise<Row[]> {
  const { rows } = await boss.getDb().executeSql(
    `SELECT id, name, state, retry_count, output, data, created_on FROM pgboss.job WHERE name = $1
     UNION ALL SELECT id, name, state, retry_count, output, data, created_on FROM pgboss.archive WHERE name = $1 ORDER BY created_on`,
    [name],
  );
  return rows as Row[];
}
async function until<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startChild(): { child: ChildProcess; lines: string[]; waitFor(re: RegExp, ms?: number): Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/jobs/boss-child.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "error", SHANLIAN_LOG_FILE: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines: string[] = [];
  child.stdout!.on("data", (b: Buffer) => lines.push(...b.toString().split("\n")));
  child.stderr!.on("data", (b: Buffer) => lines.push(...b.toString().split("\n")));
  return {
    child,
    lines,
    waitFor: (re, ms = 60_000) => until(async () => lines.some((l) => re.test(l)), ms).then(() => undefined),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.NODE_ENV = "test";
  ({ prisma } = await import("~/utils/db.server"));
  const { startJobs } = await import("~/modules/jobs/boss.server");
  const { JOB_DEFINITIONS } = await import("~/modules/jobs/queues.server");
  const real = JOB_DEFINITIONS.filter((d) => d.name === "search-index" || d.name === "messages-deliver").map((d) => ({ ...d, cron: undefined }));
  const tests = testDefinitions({
    onFlaky: async () => {
      flakyCalls++;
      if (flakyCalls <= 2) throw new Error(`provider unavailable (${flakyCalls})`);
      flakySuccesses++;
    },
  }).filter((d) => d.name !== "test-hang");
  runtime = await startJobs({
    definitions: [...tests, ...real],
    pollingIntervalSeconds: 0.5,
    maintenanceIntervalSeconds: 1,
    cronMonitorIntervalSeconds: 1,
    retryDelay: 1,
    context: { mailer: { name: "fake", send: async (m) => (sent.push(m), { messageId: `m${sent.length}` }) } },
  });
  boss = runtime.boss;
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  const { stopJobs } = await import("~/modules/jobs/boss.server");
  await stopJobs({ graceful: false });
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
}, 60_000);

describe("retries", () => {
  it("a job that fails twice then succeeds runs exactly once to success", async () => {
    const id = await boss.send("test-flaky", { queue: "test-flaky" });
    expect(id).toBeTruthy();
    const done = await until(async () => (await jobRows("test-flaky")).find((r) => r.id === id && r.state === "completed"));
    expect(done.retry_count).toBe(2);
    expect(flakyCalls).toBe(3);
    expect(flakySuccesses).toBe(1);
    expect(await jobRows("test-flaky")).toHaveLength(1);
    expect(await jobRows("dead-letter")).toHaveLength(0);
  });

  it("a job that keeps failing ends failed, with a copy in the dead-letter queue that names its queue", async () => {
    const id = await boss.send("test-doomed", { queue: "test-doomed" });
    await until(async () => (await jobRows("test-doomed")).find((r) => r.id === id && r.state === "failed"));
    const dead = await until(async () => (await jobRows("dead-letter"))[0]);
    expect(dead.data).toEqual({ queue: "test-doomed" });
  });
});

describe("schedules", () => {
  it("a schedule registered by two processes runs once per period", { timeout: 120_000 }, async () => {
    const second = startChild();
    try {
      await second.waitFor(/^READY$/);
      // Both processes registered `test-cron` (every minute) and check the schedules every second.
      await until(async () => (await jobRows("test-cron")).some((r) => r.state === "completed"));
      await new Promise((r) => setTimeout(r, 5_000)); // five more cron checks by each process
      // pg-boss turns a due schedule into one `__pgboss__send-it` job per period (its singleton
      // minute), whose worker then sends the real job. Count per period, not per creation minute:
      // under load the job of minute M can be created in minute M + 1, beside that minute's own.
      const { rows: periods } = await boss.getDb().executeSql(
        `SELECT singleton_on, count(*)::int AS n, count(*) FILTER (WHERE state = 'completed')::int AS done
           FROM (SELECT singleton_on, state::text FROM pgboss.job WHERE name = '__pgboss__send-it' AND data->>'name' = 'test-cron'
                 UNION ALL SELECT singleton_on, state::text FROM pgboss.archive WHERE name = '__pgboss__send-it' AND data->>'name' = 'test-cron') s
          GROUP BY 1`,
        [],
      );
      const perPeriod = periods as { singleton_on: Date | null; n: number; done: number }[];
      expect(perPeriod.length).toBeGreaterThanOrEqual(1);
      for (const p of perPeriod) {
        expect(p.singleton_on).not.toBeNull();
        expect(p.n).toBe(1);
      }
      const rows = await jobRows("test-cron");
      const sentOnce = perPeriod.reduce((a, p) => a + p.done, 0);
      expect(rows.length).toBeGreaterThanOrEqual(sentOnce);
      expect(rows.length).toBeLessThanOrEqual(perPeriod.length);
    } finally {
      // Never leave this worker running: it would take the next test's jobs.
      if (second.child.exitCode === null) {
        second.child.kill("SIGTERM");
        await new Promise((r) => second.child.once("exit", r));
      }
    }
  });
});

describe("a worker that dies mid-job", () => {
  it("has its job picked up again after the job expires", { timeout: 120_000 }, async () => {
    const dying = startChild();
    await dying.waitFor(/^READY$/);
    const id = await boss.send("test-hang", { queue: "test-hang", marker: "crash-1" });
    await dying.waitFor(/^STARTED crash-1$/);
    dying.child.kill("SIGKILL");
    await new Promise((r) => dying.child.once("exit", r));
    expect((await jobRows("test-hang")).find((r) => r.id === id)?.state).toBe("active");

    // This process's maintenance fails the expired job into retry; its worker takes it.
    let taken = 0;
    await boss.work("test-hang", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      taken++;
      return { marker: (job!.data as { marker: string }).marker };
    });
    const done = await until(async () => (await jobRows("test-hang")).find((r) => r.id === id && r.state === "completed"));
    expect(done.retry_count).toBe(1);
    expect(taken).toBe(1);
  });
});

describe("the app's queues", () => {
  it("indexes the search outbox through the search-index job", async () => {
    const { createOrganization } = await import("../support/factories/organizations");
    const owner = await createUser(prisma);
    const org = await createOrganization(prisma, { createdById: owner.id, name: "渝中区邻里互助服务中心", districtCode: "500103", serviceAreas: ["ELDERLY"] });
    await prisma.searchOutbox.create({ data: { kind: "organization", entityId: org.id } });
    const { kickSearchOutbox } = await import("~/modules/search-outbox/worker.server");
    await kickSearchOutbox();
    const done = await until(async () => (await jobRows("search-index")).find((r) => r.state === "completed"));
    expect(done.output).toMatchObject({ processed: expect.any(Number) });
    expect(await prisma.searchOutbox.count({ where: { processedAt: null } })).toBe(0);
    expect(await prisma.searchOutbox.count({ where: { lastError: { not: null } } })).toBe(0);
  });

  it("delivers queued messages through the messages-deliver job", async () => {
    const user = await createUser(prisma, { displayName: "李华" });
    await prisma.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    const { notify } = await import("~/modules/notifications/notifications.server");
    await notify(prisma, user.id, "volunteering.reminder", { project: "社区助老", time: "12月5日 09:00", place: "渝北区服务站" }, "/me/volunteering");
    const row = await until(async () => prisma.messageOutbox.findFirst({ where: { recipient: user.id, status: "SENT" }, select: { id: true, provider: true } }));
    expect(row.provider).toBe("fake");
    expect(sent.filter((m) => m.to === user.email)).toHaveLength(1);
    expect((await jobRows("messages-deliver")).some((r) => r.state === "completed")).toBe(true);
  });

  it("/readyz checks the queue of a process that runs it", async () => {
    const { readiness } = await import("../../scripts/lib/health");
    const r = await readiness();
    expect(r.checks.queue).toMatchObject({ status: "ok", workers: true });
    expect(r.status).toBe("ok");
  });
});
