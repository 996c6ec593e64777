/**
 * #16.1 /staff/jobs through the built app: bureau admins only; queues, a failure with its message
 * redacted, the schedules; retry of a failed job and of a dead-lettered one (audited); bad input 400.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import type { PrismaClient } from "~/generated/prisma/client";
import type { JobsRuntime } from "~/modules/jobs/runtime.server";

let app: TestApp;
let prisma: PrismaClient;
let runtime: JobsRuntime;
let admin: TestClient, staff: TestClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const { startJobs } = await import("~/modules/jobs/boss.server");
  // A web process that only sends jobs (JOBS_WORKER=off): the failed jobs stay for the page.
  runtime = await startJobs({ workers: false });
  const a = await createUser(prisma, { globalRole: "BUREAU_ADMIN" });
  const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  admin = new TestClient(app.baseUrl);
  staff = new TestClient(app.baseUrl);
  await admin.signIn(a.email, a.password);
  await staff.signIn(s.email, s.password);
});
afterAll(async () => {
  const { stopJobs } = await import("~/modules/jobs/boss.server");
  await stopJobs({ graceful: false });
  await app?.close();
});

async function failedJob(queue: string, message: string) {
  const id = (await runtime.boss.send(queue, { queue }))!;
  await runtime.boss.getDb().executeSql(`UPDATE pgboss.job SET state = 'failed', completed_on = now(), output = $3::jsonb WHERE name = $1 AND id = $2::uuid`, [queue, id, JSON.stringify({ message })]);
  return id;
}

describe("/staff/jobs", () => {
  it("is for bureau admins only", async () => {
    expect((await staff.get("/staff/jobs")).status).toBe(403);
    expect((await admin.get("/staff/jobs")).status).toBe(200);
  });

  it("lists queues and failures without personal data, and retries a failed job (audited)", async () => {
    const id = await failedJob("refund-retries", "provider said no for 13800138000");
    const html = await (await admin.get("/staff/jobs")).text();
    expect(html).toContain('data-queue="refund-retries"');
    expect(html).toContain(`data-job="${id}"`);
    expect(html).toContain("provider said no");
    expect(html).not.toContain("13800138000");

    const res = await admin.post("/staff/jobs", { queue: "refund-retries", jobId: id });
    expect(res.status).toBeLessThan(400);
    const { rows } = await runtime.boss.getDb().executeSql(`SELECT state::text AS state FROM pgboss.job WHERE id = $1::uuid`, [id]);
    expect(rows[0].state).toBe("retry");
    expect(await prisma.auditLog.count({ where: { action: "job.retry", entityId: id } })).toBe(1);
  });

  it("sends a dead-lettered job back to its queue", async () => {
    const dead = (await runtime.boss.send("dead-letter", { queue: "shop" }))!;
    const html = await (await admin.get("/staff/jobs")).text();
    expect(html).toContain(`data-job="${dead}"`);
    await admin.post("/staff/jobs", { queue: "dead-letter", jobId: dead });
    const { rows } = await runtime.boss.getDb().executeSql(`SELECT name, state::text AS state FROM pgboss.job WHERE name IN ('dead-letter', 'shop') ORDER BY created_on`, []);
    expect(rows).toEqual([
      { name: "dead-letter", state: "cancelled" },
      { name: "shop", state: "created" },
    ]);
  });

  it("refuses bad input with 400 and an unknown job with 404", async () => {
    expect((await admin.post("/staff/jobs", { queue: "x; drop", jobId: "nope" })).status).toBe(400);
    expect((await admin.post("/staff/jobs", { queue: "shop", jobId: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
  });
});
