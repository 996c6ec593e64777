/**
 * Must show (bad input): end before start, zero or negative capacity, shifts in the past, absurd
 * hours, oversized uploads and wrong file types get a clear message in the user's language over
 * real HTTP, and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import type { PrismaClient } from "~/generated/prisma/client";
import { isoDate } from "~/utils/format";

let app: TestApp;
let prisma: PrismaClient;
let owner: TestClient;
let volunteer: TestClient;
let orgId: string;
let projectId: string;
let attendedSignupId: string;
let shiftId: string;

const inDays = (n: number) => isoDate(new Date(Date.now() + n * 24 * 3600_000));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function projectForm(overrides: Record<string, string> = {}, cover?: { bytes: Buffer; name: string; type: string }) {
  const fd = new FormData();
  const fields = {
    title: "李家溪安置区社区融入服务",
    description: "协助搬迁群众办理社区事务，陪伴老人和儿童。",
    category: "COMMUNITY",
    districtCode: "500114",
    address: "黔江区城南街道李家溪社区",
    startDate: inDays(1),
    endDate: inDays(60),
    contactName: "陈老师",
    contactPhone: "023-79221234",
    cancelCutoffHours: "24",
    ...overrides,
  };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (cover) fd.append("cover", new Blob([new Uint8Array(cover.bytes)], { type: cover.type }), cover.name);
  return fd;
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const o = await createUser(prisma, { profile: true });
  const v = await createUser(prisma, { profile: true });
  orgId = (await createOrganization(prisma, { createdById: o.id })).id;
  projectId = (await createProject(prisma, { orgId, createdById: o.id })).id;
  const shift = await createShift(prisma, { projectId, startsAt: new Date(Date.now() - 3600_000) });
  shiftId = shift.id;
  attendedSignupId = (await prisma.shiftSignup.create({ data: { shiftId: shift.id, userId: v.id, status: "ATTENDED", checkedInAt: new Date(Date.now() - 3600_000) } })).id;
  owner = new TestClient(app.baseUrl);
  await owner.signIn(o.email, o.password);
  volunteer = new TestClient(app.baseUrl);
  await volunteer.signIn(v.email, v.password);
});
afterAll(async () => {
  await app?.close();
});

async function expect400(res: Response, ...messages: string[]) {
  expect(res.status).toBe(400);
  const html = await res.text();
  for (const m of messages) expect(html).toContain(m);
  return html;
}

describe("project form", () => {
  it("refuses an end date before the start and keeps what was typed", async () => {
    const before = await prisma.volunteerProject.count();
    const html = await expect400(await owner.post(`/org/${orgId}/projects/new`, projectForm({ startDate: inDays(10), endDate: inDays(5) })), "结束不能早于开始");
    expect(html).toContain("李家溪安置区社区融入服务");
    expect(await prisma.volunteerProject.count()).toBe(before);
  });

  it("refuses a cover over 2 MB and a file that is not an image", async () => {
    const before = [await prisma.volunteerProject.count(), await prisma.fileUpload.count()];
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    await expect400(await owner.post(`/org/${orgId}/projects/new`, projectForm({}, { bytes: big, name: "cover.png", type: "image/png" })), "文件过大");
    await expect400(await owner.post(`/org/${orgId}/projects/new`, projectForm({}, { bytes: Buffer.from("<script>alert(1)</script>"), name: "cover.png", type: "image/png" })), "文件类型不支持");
    await expect400(await owner.post(`/org/${orgId}/projects/new`, projectForm({}, { bytes: Buffer.from("%PDF-1.4 fake"), name: "cover.pdf", type: "application/pdf" })), "文件类型不支持");
    expect([await prisma.volunteerProject.count(), await prisma.fileUpload.count()]).toEqual(before);
  });

  it("accepts a small real image and renders the description as text, not HTML", async () => {
    const res = await owner.post(`/org/${orgId}/projects/new`, projectForm({ description: "**欢迎**参加 <img src=x onerror=alert(1)> 活动" }, { bytes: Buffer.concat([PNG, Buffer.alloc(100)]), name: "cover.png", type: "image/png" }));
    expect(res.status).toBe(302);
    const created = await prisma.volunteerProject.findFirstOrThrow({ where: { orgId, description: { contains: "onerror" } }, select: { id: true, coverId: true } });
    expect(created.coverId).not.toBeNull();
    const html = await (await owner.get(`/org/${orgId}/projects/${created.id}`)).text();
    expect(html).toContain("<strong>欢迎</strong>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("shift form", () => {
  const shift = (o: Record<string, string>) => ({ intent: "addShift", date: inDays(7), startTime: "09:00", endTime: "12:00", place: "李家溪社区", capacity: "10", repeatWeeks: "1", ...o });

  it.each([
    ["end before start", { startTime: "14:00", endTime: "09:00" }, "结束不能早于开始"],
    ["zero capacity", { capacity: "0" }, "名额须为 1–10000 之间的整数"],
    ["negative capacity", { capacity: "-5" }, "名额须为 1–10000 之间的整数"],
    ["fractional capacity", { capacity: "2.5" }, "名额须为 1–10000 之间的整数"],
    ["a shift in the past", { date: inDays(-3) }, "班次不能安排在过去的时间"],
    ["a malformed time", { startTime: "25:99" }, "请输入有效时间"],
    ["too many weeks", { repeatWeeks: "500" }, "重复周数须为 1–26 之间的整数"],
  ])("refuses %s", async (_name, o, message) => {
    const before = await prisma.shift.count({ where: { projectId } });
    await expect400(await owner.post(`/org/${orgId}/projects/${projectId}`, shift(o)), message);
    expect(await prisma.shift.count({ where: { projectId } })).toBe(before);
  });

  it("answers a nonsense intent with 400, not 500", async () => {
    expect((await owner.post(`/org/${orgId}/projects/${projectId}`, { intent: "explode" })).status).toBe(400);
    expect((await owner.post(`/org/${orgId}/rosters/${shiftId}`, { intent: "checkIn" })).status).toBe(400);
  });
});

describe("hours and volunteer forms", () => {
  it.each([
    ["30 hours", "30", "时长须大于 0 且不超过 24 小时"],
    ["zero hours", "0", "时长须大于 0 且不超过 24 小时"],
    ["negative hours", "-2", "时长须大于 0 且不超过 24 小时"],
    ["not a number", "三小时", "时长须大于 0 且不超过 24 小时"],
  ])("refuses %s", async (_name, hours, message) => {
    await expect400(await owner.post(`/org/${orgId}/rosters/${shiftId}`, { intent: "confirmHours", signupId: attendedSignupId, hours, role: "志愿者" }), message);
    expect(await prisma.serviceRecord.count()).toBe(0);
  });

  it("refuses a malformed check-in code and certificate dates in the wrong order", async () => {
    await expect400(await volunteer.post("/me/volunteering", { intent: "checkIn", code: "12" }), "签到码为 6 位字母或数字");
    await expect400(await volunteer.post("/me/certificates", { from: "2024-12-31", to: "2024-01-01" }), "结束不能早于开始");
    expect(await prisma.serviceCertificate.count()).toBe(0);
  });

  it("ignores garbage in the public filters instead of failing", async () => {
    const res = await volunteer.get("/projects?district=999999&category=NOPE&from=yesterday&page=-4&open=maybe");
    expect(res.status).toBe(200);
    expect((await volunteer.get("/projects/does-not-exist")).status).toBe(404);
  });
});
