/**
 * Must show (access): over real HTTP, a member of organization A cannot see or change B's rosters,
 * exports or records; a volunteer sees and touches only their own sign-ups, records and
 * certificates; phones and ID numbers never appear in listings, in exports for anyone but the
 * organization running the shift, in the audit trail or in the server's logs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import ExcelJS from "exceljs";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import type { PrismaClient } from "~/generated/prisma/client";
import { makeIdNumber } from "~/modules/accounts/id-number";

let app: TestApp;
let prisma: PrismaClient;
const c = {} as Record<"anonymous" | "memberA" | "ownerB" | "staff" | "v1" | "v2", TestClient>;
let orgA: { id: string };
let orgB: { id: string };
let shiftA: { id: string };
let shiftB: { id: string };
let draftId: string;
let projectA: { id: string };
let signupV2: string;
let recordV2: string;
let certV2: string;
const ID1 = makeIdNumber("500114", "19900315", "271");
const ID2 = makeIdNumber("500229", "19880620", "442");
const PHONE1 = "13983001111";
const PHONE2 = "13983002222";

/** Everything the server logs while the tests run, to check for personal data. */
const logged: string[] = [];
const spies: { mockRestore(): void }[] = [];

async function readXlsx(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
  return rows;
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  for (const level of ["log", "info", "warn"] as const) {
    spies.push(vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))));
  }
  const ownerA = await createUser(prisma, { profile: true });
  const memberA = await createUser(prisma, { profile: true });
  const ownerB = await createUser(prisma, { profile: true });
  const staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  const v1 = await createUser(prisma, { profile: { realName: "许晓燕", phone: PHONE1, idNumber: ID1 } });
  const v2 = await createUser(prisma, { profile: { realName: "何俊杰", phone: PHONE2, idNumber: ID2 } });
  orgA = await createOrganization(prisma, { createdById: ownerA.id, members: [{ userId: memberA.id, role: "MEMBER" }] });
  orgB = await createOrganization(prisma, { createdById: ownerB.id });
  projectA = await createProject(prisma, { orgId: orgA.id, createdById: ownerA.id, title: "敬老院探访" });
  const projectB = await createProject(prisma, { orgId: orgB.id, createdById: ownerB.id, title: "留守儿童课业辅导" });
  draftId = (await createProject(prisma, { orgId: orgA.id, createdById: ownerA.id, status: "DRAFT", title: "尚未发布的草稿项目" })).id;
  shiftA = await createShift(prisma, { projectId: projectA.id });
  shiftB = await createShift(prisma, { projectId: projectB.id });

  const { signUpForShift } = await import("~/modules/volunteering/signups.server");
  await signUpForShift(v1.id, shiftA.id);
  signupV2 = (await signUpForShift(v2.id, shiftB.id)).signupId;
  // A past, attended shift of B with a confirmed record and a certificate for v2.
  const past = await createShift(prisma, { projectId: projectB.id, startsAt: new Date(Date.now() - 5 * 24 * 3600_000) });
  const s = await prisma.shiftSignup.create({ data: { shiftId: past.id, userId: v2.id, status: "ATTENDED", checkedInAt: past.startsAt } });
  recordV2 = (await prisma.serviceRecord.create({ data: { userId: v2.id, orgId: orgB.id, projectId: projectB.id, shiftId: past.id, signupId: s.id, districtCode: "500114", category: "COMMUNITY", serviceDate: new Date(past.startsAt.toISOString().slice(0, 10)), minutes: 120, role: "辅导员", confirmedById: ownerB.id } })).id;
  const { issueCertificate } = await import("~/modules/volunteering/certificates.server");
  const today = new Date().toISOString().slice(0, 10);
  certV2 = (await issueCertificate(v2.id, "2020-01-01", today)).code;

  const users = { memberA, ownerB, staff, v1, v2 };
  c.anonymous = new TestClient(app.baseUrl);
  for (const [k, u] of Object.entries(users)) {
    c[k as keyof typeof users] = new TestClient(app.baseUrl);
    await c[k as keyof typeof users].signIn(u.email, u.password);
  }
});
afterAll(async () => {
  for (const s of spies) s.mockRestore();
  await app?.close();
});

describe("rosters belong to their organization", () => {
  it("shows A's roster to A's member, phones masked (a plain member lacks org:volunteering)", async () => {
    const res = await c.memberA.get(`/org/${orgA.id}/rosters/${shiftA.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("许晓燕");
    expect(html).not.toContain(PHONE1);
    expect(html).toContain("139****1111");
    expect(html).not.toContain(ID1);
  });

  it("refuses B's roster, export and records to A's member, and A's shift under B's address", async () => {
    expect((await c.memberA.get(`/org/${orgB.id}/rosters/${shiftB.id}`)).status).toBe(403);
    expect((await c.memberA.get(`/org/${orgB.id}/rosters/${shiftB.id}/export`)).status).toBe(403);
    expect((await c.memberA.get(`/org/${orgB.id}/service-records`)).status).toBe(403);
    expect((await c.memberA.get(`/org/${orgB.id}/service-records/export`)).status).toBe(403);
    expect((await c.memberA.get(`/org/${orgB.id}/projects`)).status).toBe(403);
    // B's shift through A's own address: not found, and its volunteer is not shown.
    const sneaky = await c.memberA.get(`/org/${orgA.id}/rosters/${shiftB.id}`);
    expect(sneaky.status).toBe(404);
    expect(await sneaky.text()).not.toContain("何俊杰");
    expect((await c.memberA.get(`/org/${orgA.id}/rosters/${shiftB.id}/export`)).status).toBe(404);
    expect((await c.ownerB.get(`/org/${orgB.id}/rosters/${shiftA.id}`)).status).toBe(404);
  });

  it("refuses changes to B's roster and records from A", async () => {
    const before = await prisma.shiftSignup.findUniqueOrThrow({ where: { id: signupV2 }, select: { status: true, checkedInAt: true } });
    expect((await c.memberA.post(`/org/${orgB.id}/rosters/${shiftB.id}`, { intent: "checkIn", signupId: signupV2 })).status).toBe(403);
    expect((await c.memberA.post(`/org/${orgA.id}/rosters/${shiftA.id}`, { intent: "checkIn", signupId: signupV2 })).status).toBe(404);
    expect((await c.memberA.post(`/org/${orgB.id}/rosters/${shiftB.id}`, { intent: "cancelShift" })).status).toBe(403);
    expect((await c.memberA.post(`/org/${orgA.id}/service-records`, { intent: "correct", recordId: recordV2, hours: "9", role: "x", note: "改时长" })).status).toBe(404);
    expect(await prisma.shiftSignup.findUniqueOrThrow({ where: { id: signupV2 }, select: { status: true, checkedInAt: true } })).toEqual(before);
    expect(await prisma.serviceRecord.findUniqueOrThrow({ where: { id: recordV2 }, select: { minutes: true, status: true } })).toEqual({ minutes: 120, status: "CONFIRMED" });
    expect(await prisma.shift.findUniqueOrThrow({ where: { id: shiftB.id }, select: { status: true } })).toEqual({ status: "OPEN" });
  });

  it("sends the anonymous to sign in and refuses plain volunteers", async () => {
    const res = await c.anonymous.get(`/org/${orgA.id}/rosters/${shiftA.id}`, { followRedirects: false });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("/auth/login");
    expect((await c.v1.get(`/org/${orgA.id}/rosters/${shiftA.id}`)).status).toBe(403);
    expect((await c.v1.post(`/org/${orgA.id}/projects/${projectA.id}`, { intent: "status", status: "CANCELLED" })).status).toBe(403);
  });

  it("lets bureau staff supervise with names and phones masked, and not act", async () => {
    const res = await c.staff.get(`/org/${orgA.id}/rosters/${shiftA.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(PHONE1);
    expect(html).not.toContain("许晓燕");
    expect(html).toContain("许某某");
    const rows = await readXlsx(await c.staff.get(`/org/${orgA.id}/rosters/${shiftA.id}/export`));
    expect(rows.flat().join("|")).not.toContain(PHONE1);
    expect((await c.staff.post(`/org/${orgA.id}/rosters/${shiftA.id}`, { intent: "cancelShift" })).status).toBe(403);
  });
});

describe("exports", () => {
  it("gives the organization its roster with a title, the filters and Chinese headers", async () => {
    const rows = await readXlsx(await c.memberA.get(`/org/${orgA.id}/rosters/${shiftA.id}/export`));
    expect(rows[0]![0]).toContain("敬老院探访");
    expect(rows[1]![0]).toMatch(/^筛选：/);
    const header = rows.find((r) => r[0] === "序号")!;
    expect(header).toEqual(expect.arrayContaining(["姓名", "联系电话", "报名状态", "签到时间", "确认时长（小时）"]));
    // Full numbers only through the audited export with a reason (test/safety/privacy-roster.test.ts).
    expect(rows.flat()).toContain("139****1111");
    expect(rows.flat().join("|")).not.toContain(ID1);
  });

  it("exports service records without phones or ID numbers", async () => {
    const rows = await readXlsx(await c.ownerB.get(`/org/${orgB.id}/service-records/export?from=2020-01-01`));
    const all = rows.flat().join("|");
    expect(all).toContain("何俊杰");
    expect(all).toContain("服务日期");
    expect(all).toContain("日期 2020-01-01 至 不限");
    expect(all).not.toContain(PHONE2);
    expect(all).not.toContain(ID2);
  });
});

describe("a volunteer sees only their own", () => {
  it("lists only their sign-ups and records", async () => {
    const mine = await (await c.v1.get("/me/volunteering")).text();
    expect(mine).toContain("敬老院探访");
    expect(mine).not.toContain("留守儿童课业辅导");
    const theirs = await (await c.v2.get("/me/volunteering")).text();
    expect(theirs).toContain("留守儿童课业辅导");
    expect(theirs).toContain("辅导员");
  });

  it("cannot cancel, dispute or read someone else's sign-up, record or certificate", async () => {
    expect((await c.v1.post("/me/volunteering", { intent: "cancel", signupId: signupV2 })).status).toBe(404);
    expect((await c.v1.post("/me/volunteering", { intent: "dispute", recordId: recordV2, reason: "这不是我的记录啊" })).status).toBe(404);
    expect((await c.v1.get(`/me/certificates/${certV2}`)).status).toBe(404);
    expect((await c.v2.get(`/me/certificates/${certV2}`)).status).toBe(200);
    expect(await prisma.shiftSignup.findUniqueOrThrow({ where: { id: signupV2 }, select: { status: true } })).toEqual({ status: "CONFIRMED" });
    expect(await prisma.serviceRecord.findUniqueOrThrow({ where: { id: recordV2 }, select: { status: true } })).toEqual({ status: "CONFIRMED" });
  });

  it("shows the public certificate check with the name masked", async () => {
    const html = await (await c.anonymous.get(`/verify/certificates?code=${certV2}`)).text();
    expect(html).toContain("证明有效");
    expect(html).toContain("何某某");
    expect(html).not.toContain("何俊杰");
    expect(html).not.toContain(ID2.slice(0, 6) + ID2.slice(6, 14));
    expect(await (await c.anonymous.get("/verify/certificates?code=AAAA-BBBB-CCCC")).text()).toContain("未找到该验证码对应的证明");
  });
});

describe("public pages and logs carry no personal data", () => {
  it("keeps phones and ID numbers out of the listing and project pages, and hides drafts", async () => {
    const listing = await (await c.anonymous.get("/projects")).text();
    expect(listing).toContain("敬老院探访");
    expect(listing).not.toContain("尚未发布的草稿项目");
    const page = await (await c.v1.get(`/projects/${projectA.id}`)).text();
    for (const html of [listing, page]) {
      for (const secret of [PHONE1, PHONE2, ID1, ID2, "许晓燕", "何俊杰"]) expect(html).not.toContain(secret);
    }
    expect((await c.anonymous.get(`/projects/${draftId}`)).status).toBe(404);
  });

  it("never writes a phone or an ID number to the audit trail or the logs", async () => {
    const audit = await prisma.auditLog.findMany({ select: { before: true, after: true, reason: true } });
    const notes = await prisma.notification.findMany({ select: { params: true } });
    const outbox = await prisma.messageOutbox.findMany({ select: { payload: true } });
    const text = JSON.stringify([audit, notes, outbox]) + logged.join("\n");
    for (const secret of [PHONE1, PHONE2, ID1, ID2]) expect(text).not.toContain(secret);
  });
});
