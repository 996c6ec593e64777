/**
 * Public help requests (求助, issue 15.5) through the built app: validation, the consent refusal
 * (medical or child details without consent are not stored anywhere), documents kept private,
 * the hourly limit, tracking by code, staff triage into a need / referral / closing with access
 * checks, district scope, the audited view, and nobody triaging their own request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let users: Record<"staff" | "staff2" | "districtStaff" | "plain", { id: string; email: string; password: string }>;
let staff: TestClient, staff2: TestClient, districtStaff: TestClient, plain: TestClient, anonymous: TestClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  users = {
    staff: await createUser(prisma, { globalRole: "BUREAU_STAFF", displayName: "周科长" }),
    staff2: await createUser(prisma, { globalRole: "BUREAU_ADMIN" }),
    districtStaff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
    plain: await createUser(prisma),
  };
  // District staff of 黔江区: the requests below are in 城口县.
  await prisma.user.update({ where: { id: users.districtStaff.id }, data: { districtCode: "500114" } });
  [staff, staff2, districtStaff, plain, anonymous] = Array.from({ length: 5 }, () => new TestClient(app.baseUrl));
  await staff.signIn(users.staff.email, users.staff.password);
  await staff2.signIn(users.staff2.email, users.staff2.password);
  await districtStaff.signIn(users.districtStaff.email, users.districtStaff.password);
  await plain.signIn(users.plain.email, users.plain.password);
});
afterAll(async () => app?.close());

/** Every test starts under the limits: earlier requests move back two hours, look-up counters go. */
beforeEach(async () => {
  await prisma.$executeRaw`UPDATE "HelpRequest" SET "createdAt" = "createdAt" - interval '2 hours'`;
  await prisma.$executeRaw`DELETE FROM "LoginThrottle" WHERE "key" LIKE 'help-track:%'`;
});

const MEDICAL = "老人患有二型糖尿病并发肾病，每周透析三次，医药费负担很重。";
const CHILD = "孙子今年9岁，在修齐镇中心小学读三年级，父母外出务工。";
const valid = {
  forWhom: "OTHER",
  category: "EMERGENCY_AID",
  districtCode: "500229",
  town: "修齐镇",
  village: "枇杷村",
  needText: "邻居刘婆婆今年七十八岁独自居住，上月摔伤后行动不便，需要有人帮忙买菜做饭和陪同就医。",
  contactName: "刘桂英",
  contactPhone: "13987654321",
};
const CODE = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/;

async function file(client: TestClient, fields: Record<string, string>) {
  const res = await client.post("/help", fields);
  const html = await res.text();
  return { res, html, code: res.status === 200 ? html.match(CODE)?.[0] : undefined };
}

async function countWith(column: "medicalDetails" | "childDetails") {
  const rows = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "HelpRequest" WHERE "${column}" IS NOT NULL`);
  return Number(rows[0]!.n);
}

/** Any trace of a text outside the request rows: audit, notifications, mail, needs. */
async function traces(text: string) {
  const like = `%${text}%`;
  const rows = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT (SELECT count(*) FROM "AuditLog" WHERE coalesce("after"::text, '') LIKE ${like} OR coalesce("reason", '') LIKE ${like})
         + (SELECT count(*) FROM "Notification" WHERE "params"::text LIKE ${like})
         + (SELECT count(*) FROM "MessageOutbox" WHERE "payload"::text LIKE ${like})
         + (SELECT count(*) FROM "Need" WHERE "description" LIKE ${like} OR "title" LIKE ${like}) AS n`;
  return Number(rows[0]!.n);
}

describe("filing a request", () => {
  it("explains invalid input and keeps what was typed", async () => {
    const empty = await file(anonymous, {});
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain("此项必填");
    const bad = await file(anonymous, { ...valid, contactPhone: "12345", needText: "太短了", districtCode: "999999", category: "NOPE" });
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain("请输入有效的手机号或固定电话");
    expect(bad.html).toContain("内容过短");
    expect(bad.html).toContain("请选择区县");
    expect(bad.html).toContain("刘桂英");
    expect(await prisma.helpRequest.count()).toBe(0);
  });

  it("refuses medical details without the separate consent: 400, and nothing of it stored", async () => {
    const { res, html } = await file(anonymous, { ...valid, medicalDetails: MEDICAL });
    expect(res.status).toBe(400);
    expect(html).toContain("填写医疗情况需要勾选单独同意");
    expect(html).toContain("本次求助没有保存");
    // The form keeps what was typed, so the person can tick the box or clear the field.
    expect(html).toContain(MEDICAL);
    expect(await countWith("medicalDetails")).toBe(0);
    expect(await prisma.helpRequest.count()).toBe(0);
    expect(await traces("二型糖尿病")).toBe(0);
  });

  it("refuses a child's details without the guardian's name and consent", async () => {
    const noConsent = await file(anonymous, { ...valid, involvesChild: "on", childDetails: CHILD, guardianName: "刘德明" });
    expect(noConsent.res.status).toBe(400);
    expect(noConsent.html).toContain("填写儿童情况需要监护人同意");
    const noName = await file(anonymous, { ...valid, involvesChild: "on", childDetails: CHILD, guardianConsent: "on" });
    expect(noName.res.status).toBe(400);
    expect(noName.html).toContain("需要填写监护人姓名");
    expect(await countWith("childDetails")).toBe(0);
    expect(await traces("中心小学")).toBe(0);
    expect(await prisma.helpRequest.count()).toBe(0);
  });

  it("saves a request with consents, gives a code shown once, and stores only its keyed hash", async () => {
    const { res, html, code } = await file(anonymous, { ...valid, medicalDetails: MEDICAL, medicalConsent: "on", involvesChild: "on", childDetails: CHILD, guardianName: "刘德明", guardianConsent: "on" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    expect(code).toMatch(CODE);
    expect(html).toContain("只显示这一次");
    const row = await prisma.helpRequest.findFirstOrThrow({ select: { codeHash: true, medicalDetails: true, medicalConsentAt: true, childDetails: true, guardianName: true, guardianConsentAt: true, ipHash: true, submittedById: true, status: true } });
    expect(row).toMatchObject({ medicalDetails: MEDICAL, childDetails: CHILD, guardianName: "刘德明", status: "NEW", submittedById: null });
    expect(row.medicalConsentAt).toBeInstanceOf(Date);
    expect(row.guardianConsentAt).toBeInstanceOf(Date);
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.ipHash).toMatch(/^[0-9a-f]{64}$/);
    const raw = code!.replace(/-/g, "");
    expect(await prisma.$queryRaw<unknown[]>`SELECT id FROM "HelpRequest" WHERE "codeHash" IN (${raw}, ${code!})`).toHaveLength(0);
  });

  it("keeps documents private and refuses files of the wrong type", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(valid)) form.append(k, v);
    form.append("documents", new Blob([Buffer.from("%PDF-1.4\n%test\n")], { type: "application/pdf" }), "诊断证明.pdf");
    const ok = await anonymous.post("/help", form);
    expect(ok.status).toBe(200);
    const doc = await prisma.helpRequestDocument.findFirstOrThrow({ select: { file: { select: { id: true, visibility: true, orgId: true, purpose: true } } } });
    expect(doc.file).toMatchObject({ visibility: "PRIVATE", orgId: null, purpose: "help-request" });
    expect((await anonymous.get(`/files/${doc.file.id}`)).status).toBe(404);
    expect((await plain.get(`/files/${doc.file.id}`)).status).toBe(404);
    expect((await staff.get(`/files/${doc.file.id}`)).status).toBe(200);
    expect((await staff2.get(`/files/${doc.file.id}`)).status).toBe(200);
    // Staff of another district (黔江; the request is in 城口) may not open it, as they may not open the request.
    expect((await districtStaff.get(`/files/${doc.file.id}`)).status).toBe(404);
    const opened = await prisma.auditLog.findMany({ where: { action: "help_request.document_viewed" }, select: { actorId: true } });
    expect(opened.map((a) => a.actorId).sort()).toEqual([users.staff.id, users.staff2.id].sort());

    const wrong = new FormData();
    for (const [k, v] of Object.entries(valid)) wrong.append(k, v);
    wrong.append("documents", new Blob(["just text"], { type: "application/pdf" }), "fake.pdf");
    const refused = await anonymous.post("/help", wrong);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("文件类型不支持");
  });

  it("limits requests to 5 an hour per address, and per signed-in account", async () => {
    const before = await prisma.helpRequest.count();
    for (let i = 0; i < 5; i++) expect((await file(anonymous, valid)).res.status).toBe(200);
    const sixth = await file(anonymous, valid);
    expect(sixth.res.status).toBe(429);
    expect(sixth.html).toContain("提交次数过多");
    expect(await prisma.helpRequest.count()).toBe(before + 5);

    // Per account: five recent requests of the person from other addresses.
    await prisma.$executeRaw`UPDATE "HelpRequest" SET "createdAt" = "createdAt" - interval '2 hours'`;
    const { hashTrackingCode } = await import("~/modules/help/tracking.server");
    for (let i = 0; i < 5; i++) {
      await prisma.helpRequest.create({ data: { codeHash: hashTrackingCode(`AAAABBBBCCC${i + 2}`), category: "OTHER", districtCode: "500229", needText: valid.needText, forWhom: "SELF", contactName: "测试", contactPhone: "13900000000", submittedById: users.plain.id, ipHash: `elsewhere-${i}` } });
    }
    expect((await file(plain, valid)).res.status).toBe(429);
    expect((await file(anonymous, valid)).res.status).toBe(200);
  });
});

describe("tracking and triage", () => {
  it("shows status by code; wrong codes get a generic not-found and are rate limited", async () => {
    const { code } = await file(anonymous, { ...valid, medicalDetails: MEDICAL, medicalConsent: "on" });
    const malformed = await anonymous.post("/help/track", { code: "hello" });
    expect(malformed.status).toBe(400);
    const wrong = await anonymous.post("/help/track", { code: "ABCD-EFGH-JKLM" });
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain("没有找到与该查询码对应的求助");
    const right = await anonymous.post("/help/track", { code: code!.toLowerCase().replace(/-/g, " ") });
    expect(right.status).toBe(200);
    const html = await right.text();
    expect(html).toContain("急难救助");
    expect(html).toContain("待处理");
    for (const secret of [valid.needText, valid.contactName, valid.contactPhone, MEDICAL, valid.village]) expect(html).not.toContain(secret);

    for (let i = 0; i < 8; i++) await anonymous.post("/help/track", { code: "ABCD-EFGH-JKLN" });
    const limited = await anonymous.post("/help/track", { code: code! });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain("查询次数过多");
  });

  it("lists the queue for staff only, without request text, scoped for district staff", async () => {
    await file(anonymous, valid);
    const queue = await staff.get("/staff/help");
    expect(queue.status).toBe(200);
    const html = await queue.text();
    expect(html).toContain("急难救助");
    expect(html).toContain("城口县");
    for (const secret of [valid.needText, valid.contactName, valid.contactPhone]) expect(html).not.toContain(secret);
    expect((await plain.get("/staff/help")).status).toBe(403);
    expect((await anonymous.get("/staff/help", { followRedirects: false })).status).toBe(302);

    // District staff of 黔江区 see none of 城口县's requests, even when asking for them.
    const scoped = await (await districtStaff.get("/staff/help?district=500229")).text();
    expect(scoped).toContain("仅显示本区县");
    expect(scoped).not.toContain("data-request-id");
    const one = await prisma.helpRequest.findFirstOrThrow({ where: { status: "NEW" }, select: { id: true } });
    expect((await districtStaff.get(`/staff/help/${one.id}`)).status).toBe(403);
    expect((await districtStaff.post(`/staff/help/${one.id}`, { intent: "close", note: "重复提交" })).status).toBe(403);

    const xlsx = await staff.get("/staff/help/export?status=NEW");
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const cells = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(cells).toContain("急难救助");
    for (const secret of [valid.needText, valid.contactName, valid.contactPhone, "刘婆婆"]) expect(cells).not.toContain(secret);
    expect((await plain.get("/staff/help/export")).status).toBe(403);
  });

  it("converts a request into a need written by staff, never copying the person's data", async () => {
    const { code } = await file(plain, { ...valid, medicalDetails: MEDICAL, medicalConsent: "on" });
    const req = await prisma.helpRequest.findFirstOrThrow({ where: { submittedById: users.plain.id, status: "NEW", medicalDetails: { not: null } }, orderBy: { createdAt: "desc" }, select: { id: true } });
    // The audited view: opening a request with medical details leaves an entry.
    const page = await staff.get(`/staff/help/${req.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(MEDICAL);
    expect(await prisma.auditLog.count({ where: { entityType: "HelpRequest", entityId: req.id, action: "help_request.sensitive_viewed", actorId: users.staff.id } })).toBe(1);
    expect((await plain.get(`/staff/help/${req.id}`)).status).toBe(403);
    expect((await plain.post(`/staff/help/${req.id}`, { intent: "close", note: "关闭" })).status).toBe(403);

    const need = { intent: "convert", title: "城口县修齐镇独居老人生活照料", description: "一位独居高龄老人受伤后行动不便，需要志愿者每周上门协助买菜做饭、陪同就医。", category: "ELDERLY_CARE", urgency: "HIGH", districtCode: "500229", town: "修齐镇", wantVolunteers: "3", outcomeNote: "已发布需求，社区志愿者将与您联系。" };
    const named = await staff.post(`/staff/help/${req.id}`, { ...need, description: `${need.description}联系人刘桂英。` });
    expect(named.status).toBe(400);
    expect(await named.text()).toContain("不能出现求助人或监护人的姓名");
    const copied = await staff.post(`/staff/help/${req.id}`, { ...need, description: valid.needText });
    expect(copied.status).toBe(400);
    expect(await copied.text()).toContain("不要直接复制求助原文");
    const medical = await staff.post(`/staff/help/${req.id}`, { ...need, description: `${need.description}${MEDICAL}` });
    expect(medical.status).toBe(400);
    expect(await prisma.need.count()).toBe(0);

    const ok = await staff.post(`/staff/help/${req.id}`, need);
    expect(ok.status).toBe(302);
    const after = await prisma.helpRequest.findUniqueOrThrow({ where: { id: req.id }, select: { status: true, needId: true, handledById: true, outcomeNote: true } });
    expect(after).toMatchObject({ status: "CONVERTED", handledById: users.staff.id, outcomeNote: need.outcomeNote });
    const created = await prisma.need.findUniqueOrThrow({ where: { id: after.needId! }, select: { status: true, title: true, category: true } });
    expect(created).toMatchObject({ status: "OPEN", title: need.title, category: "ELDERLY_CARE" });
    const publicPage = await (await anonymous.get(`/needs/${after.needId}`)).text();
    for (const secret of [valid.contactName, valid.contactPhone, MEDICAL, valid.needText]) expect(publicPage).not.toContain(secret);
    expect(await prisma.auditLog.count({ where: { entityId: req.id, action: "help_request.converted" } })).toBe(1);

    // The submitter is told, with a link only.
    const note = await prisma.notification.findFirstOrThrow({ where: { userId: users.plain.id, kind: "help.outcome" }, select: { params: true, link: true } });
    expect(note).toEqual({ params: {}, link: "/help/track" });
    expect(await traces("二型糖尿病")).toBe(0);
    expect(await traces("摔伤")).toBe(0);

    // A second decision is refused.
    expect((await staff2.post(`/staff/help/${req.id}`, { intent: "close", note: "重复处理" })).status).toBe(409);

    // The requester sees the outcome by code, and in their own list.
    const track = await (await anonymous.post("/help/track", { code: code! })).text();
    expect(track).toContain("已发布为帮扶需求");
    expect(track).toContain(need.outcomeNote);
    expect(track).toContain(`/needs/${after.needId}`);
    const mine = await (await plain.get("/help/track")).text();
    expect(mine).toContain("我提交的求助");
    expect(mine).toContain(need.outcomeNote);
    expect(mine).not.toContain(valid.needText);
  });

  it("refers or closes with a note the requester reads", async () => {
    const a = await file(anonymous, { ...valid, category: "DISABILITY" });
    const b = await file(anonymous, { ...valid, category: "EDUCATION_AID" });
    const [ra, rb] = await Promise.all(
      ["DISABILITY", "EDUCATION_AID"].map((category) => prisma.helpRequest.findFirstOrThrow({ where: { category: category as "DISABILITY", status: "NEW" }, select: { id: true } })),
    );
    expect((await staff.post(`/staff/help/${ra!.id}`, { intent: "refer", note: "" })).status).toBe(400);
    expect((await staff.post(`/staff/help/${ra!.id}`, { intent: "bogus", note: "x" })).status).toBe(400);
    expect((await staff.post(`/staff/help/${ra!.id}`, { intent: "refer", note: "已转城口县民政局社会救助科办理临时救助。" })).status).toBe(302);
    expect((await staff.post(`/staff/help/${rb!.id}`, { intent: "close", note: "经电话核实，已由学校落实资助。" })).status).toBe(302);
    expect(await prisma.helpRequest.findUniqueOrThrow({ where: { id: ra!.id }, select: { status: true } })).toEqual({ status: "REFERRED" });
    expect(await prisma.helpRequest.findUniqueOrThrow({ where: { id: rb!.id }, select: { status: true } })).toEqual({ status: "CLOSED" });
    expect(await prisma.auditLog.count({ where: { entityId: { in: [ra!.id, rb!.id] }, action: { in: ["help_request.referred", "help_request.closed"] } } })).toBe(2);
    const ta = await (await anonymous.post("/help/track", { code: a.code! })).text();
    expect(ta).toContain("已转介社会救助");
    expect(ta).toContain("社会救助科办理临时救助");
    const tb = await (await anonymous.post("/help/track", { code: b.code! })).text();
    expect(tb).toContain("已关闭");
    expect(tb).toContain("已由学校落实资助");
  });

  it("does not let staff triage a request they filed themselves", async () => {
    expect((await file(staff, { ...valid, category: "DISASTER_RELIEF" })).res.status).toBe(200);
    const own = await prisma.helpRequest.findFirstOrThrow({ where: { submittedById: users.staff.id }, select: { id: true } });
    const page = await (await staff.get(`/staff/help/${own.id}`)).text();
    expect(page).toContain("须由其他工作人员处理");
    expect((await staff.post(`/staff/help/${own.id}`, { intent: "close", note: "自己关闭" })).status).toBe(403);
    expect((await staff.post(`/staff/help/${own.id}`, { intent: "convert", title: "城口县修齐镇防灾物资", description: "山体滑坡后有几户受灾群众需要帐篷和棉被等防灾物资。", category: "DISASTER_RELIEF", districtCode: "500229", wantVolunteers: "2" })).status).toBe(403);
    expect(await prisma.helpRequest.findUniqueOrThrow({ where: { id: own.id }, select: { status: true } })).toEqual({ status: "NEW" });
    // Another staff member may.
    expect((await staff2.post(`/staff/help/${own.id}`, { intent: "refer", note: "转应急管理部门处理。" })).status).toBe(302);
    expect((await staff.get(`/staff/help/does-not-exist`)).status).toBe(404);
  });
});
