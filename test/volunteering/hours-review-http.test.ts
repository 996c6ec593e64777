/**
 * Issue 15.1 over real HTTP: the project page announces confirmed hours with a masked name; a
 * signed-in neighbour objects there (a too-short reason is refused with the form kept); the
 * organization's review page shows the objection, refuses a decision by the record's own
 * confirmer and a decision without a note, and records one by another coordinator; the bureau's
 * city-wide page shows names masked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { addOrgMember, createAttendance } from "../support/factories/hours";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => {
  await app?.close();
});

async function client(u: { email: string; password: string }) {
  const c = new TestClient(app.baseUrl);
  await c.signIn(u.email, u.password);
  return c;
}

describe("notice, objection and review through the pages", () => {
  it("goes from a public notice to a decided objection, names masked where they should be", async () => {
    const { confirmHours } = await import("~/modules/volunteering/attendance.server");
    const owner = await createUser(prisma, { profile: true });
    const org = await createOrganization(prisma, { createdById: owner.id });
    const confirmer = await addOrgMember(prisma, org.id, "COORDINATOR");
    const other = await addOrgMember(prisma, org.id, "COORDINATOR");
    const project = await createProject(prisma, { orgId: org.id, createdById: owner.id, title: "社区防汛巡查" });
    const shift = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() - 26 * 3600_000), hours: 3 });
    const v = await createUser(prisma, { profile: { realName: "许晓燕" } });
    const s = await createAttendance(prisma, { shiftId: shift.id, userId: v.id });
    const record = await confirmHours(org.id, confirmer.id, s.id, { minutes: 180, role: "巡查员" });

    const visitor = await (await new TestClient(app.baseUrl).get(`/projects/${project.id}`)).text();
    expect(visitor).toContain("服务时长公示");
    expect(visitor).toContain("许某某");
    expect(visitor).not.toContain("许晓燕");
    expect(visitor).toContain("登录后可提出异议");

    const neighbour = await client(await createUser(prisma));
    const short = await neighbour.post(`/projects/${project.id}`, { intent: "object", recordId: record.id, reason: "不对" });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(shortHtml).toContain("内容过短");
    expect(shortHtml).toContain("不对");
    const ok = await neighbour.post(`/projects/${project.id}`, { intent: "object", recordId: record.id, reason: "当天巡查点没有人值守，我一直在现场。" }, { followRedirects: false });
    expect(ok.status).toBe(302);
    expect(await prisma.serviceRecord.findUniqueOrThrow({ where: { id: record.id }, select: { standing: true } })).toEqual({ standing: "OBJECTED" });

    const mine = await client(v);
    const own = await mine.post(`/projects/${project.id}`, { intent: "object", recordId: record.id, reason: "我想对自己的记录提出异议看看" });
    expect(own.status).toBe(403);

    const queue = `/org/${org.id}/hours/review?status=OBJECTED`;
    const confirmerPage = await (await (await client(confirmer)).get(queue)).text();
    expect(confirmerPage).toContain("当天巡查点没有人值守");
    expect(confirmerPage).toContain("许晓燕");
    expect(confirmerPage).toContain("此记录由您确认");
    const refused = await (await client(confirmer)).post(queue, { recordId: record.id, decision: "dismiss", note: "核实无误" });
    expect(refused.status).toBe(403);

    const second = await client(other);
    const noNote = await second.post(queue, { recordId: record.id, decision: "dismiss", note: "" });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain("此项必填");

    const staff = await client(await createUser(prisma, { globalRole: "BUREAU_STAFF" }));
    const city = await (await staff.get("/staff/hours?status=OBJECTED")).text();
    expect(city).toContain("许某某");
    expect(city).not.toContain("许晓燕");

    const decided = await second.post(queue, { recordId: record.id, decision: "dismiss", note: "巡查签到照片与轨迹核实无误" }, { followRedirects: false });
    expect(decided.status).toBe(302);
    expect(await prisma.serviceRecord.findUniqueOrThrow({ where: { id: record.id }, select: { standing: true } })).toEqual({ standing: "COUNTED" });
    const page = await (await mine.get("/me/volunteering")).text();
    expect(page).toContain("已计入");
    expect(page).toContain("异议不成立，计入时长");
  });
});
