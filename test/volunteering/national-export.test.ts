/**
 * Issue 15.2, national volunteer-system export, over real HTTP through the built app: the volunteer's
 * consent (the ID number typed again, checked against the hash, stored encrypted, withdrawn), the
 * organization's export page and its .xlsx — exactly the counted records of the period, only of
 * consenting volunteers — the audit trail, who may export, and no ID number on any page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { addOrgMember, createAttendance, createServiceRecord } from "../support/factories/hours";
import type { PrismaClient } from "~/generated/prisma/client";
import type { HoursStanding, ServiceRecordStatus } from "~/generated/prisma/enums";
import { makeIdNumber } from "~/modules/accounts/id-number";
import { NATIONAL_SHEETS } from "~/modules/volunteering/national-workbook.server";

let app: TestApp;
let prisma: PrismaClient;
let orgId: string;
let otherOrgId: string;
const c = {} as Record<"owner" | "coordinator" | "member" | "otherOwner" | "staff" | "v1" | "v2" | "v3", TestClient>;
const ID1 = makeIdNumber("500114", "19900315", "271");
const ID2 = makeIdNumber("500229", "19880620", "442");
const ID3 = makeIdNumber("500101", "19950101", "033");
const V = {
  v1: { realName: "许晓燕", phone: "13983001111", idNumber: ID1, districtCode: "500114" },
  v2: { realName: "何俊杰", phone: "13983002222", idNumber: ID2, districtCode: "500229" },
  v3: { realName: "王建国", phone: "13983003333", idNumber: ID3, districtCode: "500101" },
};
const userIds = {} as Record<keyof typeof V, string>;
const PERIOD = { from: "2025-03-01", to: "2025-03-31" };
let projectA: { id: string; title: string };
let projectB: { id: string; title: string };
let projectC: { id: string; title: string };

/** A shift on `day` (09:00 Beijing), the volunteer's attendance and a record confirmed by the owner. */
async function record(who: keyof typeof V, project: { id: string }, day: string, o: { minutes?: number; status?: ServiceRecordStatus; standing?: HoursStanding; noticeEndsAt?: Date | null; role?: string; confirmedBy?: string } = {}) {
  const shift = await createShift(prisma, { projectId: project.id, startsAt: new Date(`${day}T01:00:00Z`) });
  const signup = await createAttendance(prisma, { shiftId: shift.id, userId: userIds[who] });
  const owner = await prisma.orgMembership.findFirstOrThrow({ where: { orgId, role: "OWNER" }, select: { userId: true } });
  const r = await createServiceRecord(prisma, { signupId: signup.id, minutes: o.minutes, status: o.status, role: o.role, confirmedById: o.confirmedBy ?? owner.userId });
  if (o.standing || o.noticeEndsAt !== undefined) await prisma.serviceRecord.update({ where: { id: r.id }, data: { standing: o.standing, noticeEndsAt: o.noticeEndsAt } });
  return r;
}

async function sheets(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
  expect(res.headers.get("Cache-Control")).toContain("no-store");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const out: Record<string, string[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    out[ws.name] = rows;
  }
  return { names: wb.worksheets.map((w) => w.name), rows: out };
}

const consent = (client: TestClient, idNumber: string, agree = true) => client.post("/me/profile", { intent: "nationalConsent", idNumber, agree: agree ? "on" : undefined });
const exportFile = (client: TestClient, period: Record<string, string> = PERIOD) => client.post(`/org/${orgId}/national-export.xlsx`, period);

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const owner = await createUser(prisma, { profile: true, displayName: "组织负责人" });
  const otherOwner = await createUser(prisma, { profile: true });
  const staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  const org = await createOrganization(prisma, { createdById: owner.id, name: "黔江区阳光志愿服务中心" });
  orgId = org.id;
  otherOrgId = (await createOrganization(prisma, { createdById: otherOwner.id })).id;
  const coordinator = await addOrgMember(prisma, orgId, "COORDINATOR");
  const member = await addOrgMember(prisma, orgId, "MEMBER");
  const people: Record<string, { email: string; password: string }> = { owner, otherOwner, staff, coordinator, member };
  for (const key of ["v1", "v2", "v3"] as const) {
    const u = await createUser(prisma, { profile: V[key] });
    userIds[key] = u.id;
    people[key] = u;
  }
  for (const [key, u] of Object.entries(people)) {
    const client = new TestClient(app.baseUrl);
    await client.signIn(u.email, u.password);
    c[key as keyof typeof c] = client;
  }
  projectA = await createProject(prisma, { orgId, createdById: owner.id, title: "敬老院探访", category: "ELDERLY", districtCode: "500114", contactName: "陈老师", contactPhone: "023-79221234" });
  projectB = await createProject(prisma, { orgId, createdById: owner.id, title: "社区环境整治", category: "COMMUNITY", districtCode: "500229", contactName: "李老师", contactPhone: "023-70651234" });
  projectC = await createProject(prisma, { orgId, createdById: owner.id, title: "只有未同意者参加的项目", districtCode: "500101" });
}, 180_000);

afterAll(async () => {
  await app?.close();
}, 60_000);

describe("consent on the profile page", () => {
  it("shows the separate consent section and never the ID number", async () => {
    const res = await c.v1.get("/me/profile");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-testid="national-consent"');
    expect(html).toContain("同意将本人实名信息（姓名、身份证号）报送全国志愿服务信息系统");
    expect(html).not.toContain(ID1);
  });

  it("refuses a wrong or invalid number and a missing tick, storing nothing and echoing nothing", async () => {
    const wrong = await consent(c.v1, ID2);
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain("身份证号与注册时填写的不一致");
    expect(html).not.toContain(ID2);
    expect((await consent(c.v1, "500114199003152710")).status).toBe(400);
    const unticked = await consent(c.v1, ID1, false);
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain("请勾选同意");
    const p = await prisma.volunteerProfile.findUniqueOrThrow({ where: { userId: userIds.v1 }, select: { idNumberCiphertext: true, nationalExportConsentAt: true } });
    expect(p).toEqual({ idNumberCiphertext: null, nationalExportConsentAt: null });
    expect(await prisma.auditLog.count({ where: { actorId: userIds.v1, action: "national.consent_mismatch" } })).toBe(1);
  });

  it("stores the number encrypted once it matches (normalised as at sign-up), and audits without it", async () => {
    const res = await consent(c.v1, ` ${ID1.toLowerCase().slice(0, 9)} ${ID1.toLowerCase().slice(9)} `);
    expect(res.status).toBe(302);
    expect((await consent(c.v2, ID2)).status).toBe(302);
    const p = await prisma.volunteerProfile.findUniqueOrThrow({ where: { userId: userIds.v1 }, select: { idNumberCiphertext: true, nationalExportConsentAt: true } });
    expect(p.idNumberCiphertext).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(p.idNumberCiphertext).not.toContain(ID1);
    expect(p.nationalExportConsentAt).toBeInstanceOf(Date);
    const { decryptIdNumber } = await import("~/modules/accounts/id-cipher.server");
    expect(decryptIdNumber(p.idNumberCiphertext!, userIds.v1)).toBe(ID1);
    expect(await prisma.auditLog.count({ where: { actorId: userIds.v1, action: "national.consent_given" } })).toBe(1);
    const page = await (await c.v1.get("/me/profile")).text();
    expect(page).toContain('data-testid="national-consent-given"');
    expect(page).not.toContain(ID1);
  });

  it("withdrawing erases the ciphertext and the date", async () => {
    expect((await consent(c.v3, ID3)).status).toBe(302);
    expect((await c.v3.post("/me/profile", { intent: "nationalWithdraw" })).status).toBe(302);
    const p = await prisma.volunteerProfile.findUniqueOrThrow({ where: { userId: userIds.v3 }, select: { idNumberCiphertext: true, nationalExportConsentAt: true } });
    expect(p).toEqual({ idNumberCiphertext: null, nationalExportConsentAt: null });
    expect(await prisma.auditLog.count({ where: { actorId: userIds.v3, action: "national.consent_withdrawn" } })).toBe(1);
    const audits = JSON.stringify(await prisma.auditLog.findMany({ where: { action: { startsWith: "national." } } }, ), (_k, v) => (typeof v === "bigint" ? String(v) : v));
    for (const id of [ID1, ID2, ID3]) expect(audits).not.toContain(id);
  });
});

describe("the export", () => {
  beforeAll(async () => {
    const past = new Date(Date.now() - 3600_000);
    const future = new Date(Date.now() + 3 * 24 * 3600_000);
    // Counted: decided, notice run out, and a corrected record.
    await record("v1", projectA, "2025-03-10", { minutes: 180, role: "陪伴老人" });
    await record("v1", projectB, "2025-03-12", { minutes: 90, standing: "NOTICE", noticeEndsAt: past, role: "清扫" });
    await record("v2", projectA, "2025-03-15", { minutes: 150, status: "CORRECTED", role: "登记" });
    // Not counted, or not confirmed, or outside the period.
    await record("v2", projectA, "2025-03-16", { standing: "FLAGGED" });
    await record("v1", projectA, "2025-03-17", { standing: "NOTICE", noticeEndsAt: future });
    await record("v2", projectB, "2025-03-18", { standing: "OBJECTED" });
    await record("v1", projectB, "2025-03-19", { standing: "REJECTED" });
    await record("v2", projectB, "2025-03-20", { status: "DISPUTED" });
    await record("v2", projectA, "2025-03-22", { confirmedBy: userIds.v2 });
    await record("v1", projectA, "2025-04-01");
    await record("v2", projectA, "2025-02-28");
    // Counted, but the volunteer has not consented (withdrew above).
    await record("v3", projectC, "2025-03-11", { minutes: 240 });
  });

  it("shows the counts and who is left out (masked), and no ID number", async () => {
    const res = await c.owner.get(`/org/${orgId}/national-export?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const counts = html.slice(html.indexOf('data-testid="national-counts"'), html.indexOf("</dl>", html.indexOf('data-testid="national-counts"')));
    expect([...counts.matchAll(/<dd>([^<]*)<\/dd>/g)].map((m) => m[1])).toEqual(["2", "2", "3", "7"]);
    expect(html).toContain('data-testid="national-excluded"');
    expect(html).toContain("1 名志愿者的 1 条记录（共 4 小时）未包含在导出文件中");
    expect(html).toContain("王某某");
    expect(html).not.toContain(V.v3.realName);
    for (const id of [ID1, ID2, ID3]) expect(html).not.toContain(id);
  });

  it("downloads exactly the counted records of consenting volunteers, in the national layout", async () => {
    const { names, rows } = await sheets(await exportFile(c.owner));
    expect(names).toEqual(["志愿者", "项目", "服务时长"]);
    expect(rows["志愿者"]![0]).toEqual([...NATIONAL_SHEETS.volunteers.headers]);
    expect(rows["志愿者"]![0]).toEqual(["姓名", "证件类型", "证件号码", "性别", "出生日期", "手机号码", "民族", "政治面貌", "所在区县"]);
    expect(rows["项目"]![0]).toEqual(["项目名称", "服务类别", "开始日期", "结束日期", "服务地点（区县）", "项目联系人", "联系电话"]);
    expect(rows["服务时长"]![0]).toEqual(["姓名", "证件号码", "项目名称", "服务日期", "服务时长（小时）", "服务岗位"]);

    const sex = (id: string) => (Number(id[16]) % 2 === 1 ? "男" : "女");
    const birth = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    const volunteers = rows["志愿者"]!.slice(1).sort((a, b) => a[2]!.localeCompare(b[2]!));
    expect(volunteers).toEqual(
      [
        ["许晓燕", "居民身份证", ID1, sex(ID1), birth(ID1), V.v1.phone, "", "", "黔江区"],
        ["何俊杰", "居民身份证", ID2, sex(ID2), birth(ID2), V.v2.phone, "", "", "城口县"],
      ].sort((a, b) => a[2]!.localeCompare(b[2]!)),
    );
    const dates = await prisma.volunteerProject.findMany({ where: { id: { in: [projectA.id, projectB.id] } }, select: { id: true, startDate: true, endDate: true } });
    const d = (id: string, k: "startDate" | "endDate") => dates.find((p) => p.id === id)![k].toISOString().slice(0, 10);
    expect(rows["项目"]!.slice(1)).toEqual([
      ["敬老院探访", "养老服务", d(projectA.id, "startDate"), d(projectA.id, "endDate"), "黔江区", "陈老师", "023-79221234"],
      ["社区环境整治", "社区服务", d(projectB.id, "startDate"), d(projectB.id, "endDate"), "城口县", "李老师", "023-70651234"],
    ]);
    expect(rows["服务时长"]!.slice(1)).toEqual([
      ["许晓燕", ID1, "敬老院探访", "2025-03-10", "3", "陪伴老人"],
      ["许晓燕", ID1, "社区环境整治", "2025-03-12", "1.5", "清扫"],
      ["何俊杰", ID2, "敬老院探访", "2025-03-15", "2.5", "登记"],
    ]);
    // The volunteer without consent is nowhere in the file.
    const all = JSON.stringify(rows);
    expect(all).not.toContain(V.v3.realName);
    expect(all).not.toContain(ID3);
    expect(all).not.toContain(projectC.title);
  });

  it("records every export in the audit log, without personal data, and lists it on the page", async () => {
    expect((await exportFile(c.coordinator)).status).toBe(200);
    const entries = await prisma.auditLog.findMany({ where: { orgId, action: "national.export" }, orderBy: { createdAt: "asc" }, select: { actorId: true, entityType: true, entityId: true, after: true } });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ entityType: "Organization", entityId: orgId, after: { from: PERIOD.from, to: PERIOD.to, volunteers: 2, projects: 2, records: 3, minutes: 420, excludedVolunteers: 1, excludedRecords: 1, unreadable: 0 } });
    const text = JSON.stringify(entries);
    for (const s of [ID1, ID2, ID3, V.v1.realName, V.v2.realName, V.v3.realName, V.v1.phone]) expect(text).not.toContain(s);
    const html = await (await c.owner.get(`/org/${orgId}/national-export?from=${PERIOD.from}&to=${PERIOD.to}`)).text();
    expect(html).toContain('data-testid="national-history"');
    expect(html).toContain("组织负责人");
    expect(html).toContain("2 人、2 个项目、3 条记录、7 小时；未包含 1 人");
    for (const id of [ID1, ID2, ID3]) expect(html).not.toContain(id);
  });

  it("leaves out everything while the organization is suspended", async () => {
    await prisma.organization.update({ where: { id: orgId }, data: { status: "SUSPENDED" } });
    try {
      const { rows } = await sheets(await exportFile(c.owner));
      expect(rows["服务时长"]).toHaveLength(1);
      expect(rows["志愿者"]).toHaveLength(1);
    } finally {
      await prisma.organization.update({ where: { id: orgId }, data: { status: "APPROVED" } });
    }
  });

  it("refuses members without the role, another organization's owner and bureau staff's download", async () => {
    const before = await prisma.auditLog.count({ where: { action: "national.export" } });
    expect((await c.member.get(`/org/${orgId}/national-export`)).status).toBe(403);
    expect((await exportFile(c.member)).status).toBe(403);
    expect((await c.otherOwner.get(`/org/${orgId}/national-export`)).status).toBe(403);
    expect((await exportFile(c.otherOwner)).status).toBe(403);
    expect((await c.v1.get(`/org/${orgId}/national-export`)).status).toBe(403);
    // Staff supervise: they see the counts, never the file.
    const page = await c.staff.get(`/org/${orgId}/national-export?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain("national-export.xlsx");
    for (const id of [ID1, ID2, ID3]) expect(html).not.toContain(id);
    expect((await exportFile(c.staff)).status).toBe(403);
    // The other organization's own export holds none of these records.
    const other = await c.otherOwner.post(`/org/${otherOrgId}/national-export.xlsx`, PERIOD);
    const { rows } = await sheets(other);
    expect(rows["服务时长"]).toHaveLength(1);
    expect(await prisma.auditLog.count({ where: { action: "national.export" } })).toBe(before + 1);
  });

  it("answers a bad period with 400 and a message, never 500", async () => {
    const reversed = await c.owner.get(`/org/${orgId}/national-export?from=2025-03-31&to=2025-03-01`);
    expect(reversed.status).toBe(400);
    expect(await reversed.text()).toContain("结束日期不能早于开始日期");
    const long = await c.owner.get(`/org/${orgId}/national-export?from=2024-01-01&to=2025-01-01`);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("导出期间最长为一年");
    expect((await c.owner.get(`/org/${orgId}/national-export?from=2024-01-01&to=2024-12-31`)).status).toBe(200);
    expect((await c.owner.get(`/org/${orgId}/national-export?from=garbage&to=%00`)).status).toBe(400);
    expect((await exportFile(c.owner, { from: "2024-01-01", to: "2025-06-01" })).status).toBe(400);
    expect((await exportFile(c.owner, { from: "x" })).status).toBe(400);
    expect((await exportFile(c.owner, {})).status).toBe(400);
  });
});
