/**
 * #16.1 /staff/jobs/export through the built app: the queues and recent failures as a workbook for
 * bureau admins (messages redacted as on the page); refused for staff and for visitors.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import type { JobsRuntime } from "~/modules/jobs/runtime.server";

let app: TestApp;
let runtime: JobsRuntime;
let admin: TestClient, staff: TestClient, visitor: TestClient;

beforeAll(async () => {
  app = await startTestApp();
  const { prisma } = await import("~/utils/db.server");
  const { startJobs } = await import("~/modules/jobs/boss.server");
  runtime = await startJobs({ workers: false });
  const a = await createUser(prisma, { globalRole: "BUREAU_ADMIN" });
  const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  admin = new TestClient(app.baseUrl);
  staff = new TestClient(app.baseUrl);
  visitor = new TestClient(app.baseUrl);
  await admin.signIn(a.email, a.password);
  await staff.signIn(s.email, s.password);
});
afterAll(async () => {
  const { stopJobs } = await import("~/modules/jobs/boss.server");
  await stopJobs({ graceful: false });
  await app?.close();
});

describe("/staff/jobs/export", () => {
  it("gives bureau admins the queues and failures as a workbook, linked from the page", async () => {
    const id = (await runtime.boss.send("refund-retries", { queue: "refund-retries" }))!;
    await runtime.boss.getDb().executeSql(`UPDATE pgboss.job SET state = 'failed', completed_on = now(), output = $2::jsonb WHERE id = $1::uuid`, [id, JSON.stringify({ message: "provider said no for 13800138000" })]);

    expect(await (await admin.get("/staff/jobs")).text()).toContain('href="/staff/jobs/export"');
    const res = await admin.get("/staff/jobs/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(["队列", "最近的失败"]);
    const cells = (ws: ExcelJS.Worksheet) => {
      const out: string[][] = [];
      ws.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
      return out;
    };
    const queues = cells(wb.worksheets[0]!);
    expect(queues.find((r) => r[0] === "refund-retries")).toEqual(["refund-retries", "0", "0", "1"]);
    const failures = cells(wb.worksheets[1]!);
    const row = failures.find((r) => r[0] === id)!;
    expect(row[1]).toBe("refund-retries");
    expect(row[2]).toContain("provider said no");
    expect(JSON.stringify(failures)).not.toContain("13800138000");
  });

  it("is refused to everyone else", async () => {
    expect((await staff.get("/staff/jobs/export")).status).toBe(403);
    const anon = await visitor.get("/staff/jobs/export", { followRedirects: false });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toContain("/login");
    expect(anon.headers.get("Content-Type") ?? "").not.toContain("spreadsheetml");
  });
});
