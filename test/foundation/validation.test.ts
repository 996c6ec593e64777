/** Bad input never yields a 500: clear messages in the user's language, typed values kept. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { makeCreditCode } from "~/modules/organizations/credit-code";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let c: TestClient;
let userId: string;

const valid = () => ({
  name: "黔江区阳光社会工作服务中心",
  type: "SOCIAL_SERVICE_AGENCY",
  creditCode: makeCreditCode("SOCIAL_SERVICE_AGENCY", "500114", `MJ${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`),
  districtCode: "500114",
  foundedOn: "2016-05-20",
  address: "重庆市黔江区城南街道李家溪安置区 3 栋",
  contactName: "陈静",
  contactPhone: "023-79221234",
  mission: "为易地扶贫搬迁群众提供社区融入和儿童关爱服务。",
  serviceAreas: ["COMMUNITY", "CHILDREN"],
});

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const u = await createUser(prisma);
  userId = u.id;
  c = new TestClient(app.baseUrl);
  await c.signIn(u.email, u.password);
});
afterAll(async () => app?.close());

async function register(fields: Record<string, string | string[] | undefined>) {
  const res = await c.post("/orgs/new", fields);
  return { status: res.status, html: res.status === 302 ? "" : await res.text(), location: res.headers.get("Location") };
}

describe("organization registration validation", () => {
  it("registers a valid organization as SUBMITTED with its owner and an audit entry", async () => {
    const v = valid();
    const r = await register(v);
    expect(r.status).toBe(302);
    const org = await prisma.organization.findUniqueOrThrow({ where: { creditCode: v.creditCode }, include: { memberships: true } });
    expect(org.status).toBe("SUBMITTED");
    expect(org.memberships).toEqual([expect.objectContaining({ userId, role: "OWNER" })]);
    expect(await prisma.auditLog.count({ where: { entityId: org.id, action: "org.submitted" } })).toBe(1);
  });

  it.each([
    ["a wrong check character", { creditCode: "52500114MJ00000010" }, "统一社会信用代码无效"],
    ["a forbidden letter", { creditCode: "52500114MJ0000001I" }, "统一社会信用代码无效"],
    ["a prefix that does not match the type", { type: "FOUNDATION" }, "基金会的统一社会信用代码应以 53 开头"],
    ["an unknown district", { districtCode: "110105" }, "请选择区县"],
    ["a founding date in the future", { foundedOn: "2999-01-01" }, "日期不能晚于今天"],
    ["an impossible date", { foundedOn: "2020-02-31x" }, "请输入有效日期"],
    ["a bad phone number", { contactPhone: "12345" }, "请输入有效的手机号或固定电话"],
    ["no service area", { serviceAreas: [] }, "请至少选择一个服务领域"],
    ["an unknown service area", { serviceAreas: ["HACKING"] }, "请从列表中选择"],
    ["an over-long name", { name: "很".repeat(101) }, "内容过长"],
    ["an over-long mission", { mission: "长".repeat(2001) }, "内容过长"],
    ["a javascript: website", { website: "javascript:alert(1)" }, "请输入以 http:// 或 https:// 开头的网址"],
  ])("refuses %s with a clear message and keeps the typed values", async (_name, override, message) => {
    const before = await prisma.organization.count();
    const fields = { ...valid(), ...override } as Record<string, string | string[]>;
    const r = await register(fields);
    expect(r.status).toBe(400);
    expect(r.html).toContain(message);
    expect(r.html).toContain("重庆市黔江区城南街道李家溪安置区 3 栋");
    expect(await prisma.organization.count()).toBe(before);
  });

  it("refuses a duplicate credit code without naming the organization that holds it", async () => {
    const owner = await createUser(prisma);
    const existing = await createOrganization(prisma, { createdById: owner.id, name: "重庆市慈善总会", type: "SOCIAL_GROUP" });
    const r = await register({ ...valid(), type: "SOCIAL_GROUP", creditCode: existing.creditCode.toLowerCase() });
    expect(r.status).toBe(409);
    expect(r.html).toContain("该统一社会信用代码已被登记");
    expect(r.html).not.toContain("重庆市慈善总会");
  });

  it("renders HTML and script typed into text fields inert", async () => {
    const v = { ...valid(), name: '<script>alert("x")</script>阳光中心', mission: '<img src=x onerror="alert(1)">扶贫济困助老助残' };
    const r = await register(v);
    expect(r.status).toBe(302);
    const org = await prisma.organization.findUniqueOrThrow({ where: { creditCode: v.creditCode } });
    const page = await (await c.get(`/orgs/${org.id}`)).text();
    expect(page).not.toContain('<script>alert("x")</script>');
    expect(page).not.toContain('<img src=x onerror="alert(1)">');
    expect(page).toContain("&lt;script&gt;");
  });

  it("answers malformed posts with 4xx, never 500", async () => {
    const cases: [string, RequestInit][] = [
      ["garbage body", { method: "POST", body: "%%%&&&==", headers: { "Content-Type": "application/x-www-form-urlencoded" } }],
      ["JSON body", { method: "POST", body: JSON.stringify({ name: 1 }), headers: { "Content-Type": "application/json" } }],
      ["broken multipart", { method: "POST", body: "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nabc", headers: { "Content-Type": "multipart/form-data; boundary=x" } }],
    ];
    // The registration form, and a public donation form that guests post to.
    for (const path of ["/orgs/new", "/campaigns/does-not-exist"]) {
      for (const [name, init] of cases) {
        const res = await c.request(path, { ...init, followRedirects: false });
        expect(res.status, `${path} ${name}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${name}`).toBeLessThan(500);
      }
    }
    const badIntent = await c.post(`/me`, { intent: "explode" });
    expect(badIntent.status).toBe(400);
  });

  it("refuses a logo that is not an image or is too large, keeping the other fields", async () => {
    const v = valid();
    const fd = new FormData();
    for (const [k, val] of Object.entries(v)) for (const one of Array.isArray(val) ? val : [val]) fd.append(k, one);
    fd.append("logo", new Blob(["#!/bin/sh\necho hi"], { type: "image/png" }), "logo.png");
    const wrong = await c.post("/orgs/new", fd);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("文件类型不支持");
    const big = new FormData();
    for (const [k, val] of Object.entries(v)) for (const one of Array.isArray(val) ? val : [val]) big.append(k, one);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(1024 * 1024 + 10)]);
    big.append("logo", new Blob([png], { type: "image/png" }), "big.png");
    const tooBig = await c.post("/orgs/new", big);
    expect(tooBig.status).toBe(400);
    const html = await tooBig.text();
    expect(html).toContain("文件过大");
    expect(html).toContain("陈静");
    expect(await prisma.organization.count({ where: { creditCode: v.creditCode } })).toBe(0);
  });
});

describe("review workflow", () => {
  it("returns with a reason, lets the owner resubmit, approves, and audits every step", async () => {
    const owner = await createUser(prisma);
    const staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
    const ownerClient = new TestClient(app.baseUrl);
    await ownerClient.signIn(owner.email, owner.password);
    const staffClient = new TestClient(app.baseUrl);
    await staffClient.signIn(staff.email, staff.password);
    const v = valid();
    expect((await ownerClient.post("/orgs/new", v)).status).toBe(302);
    const org = await prisma.organization.findUniqueOrThrow({ where: { creditCode: v.creditCode } });

    expect((await staffClient.post(`/staff/reviews/${org.id}`, { decision: "APPROVE_ALL" })).status).toBe(400);
    expect((await staffClient.post(`/staff/reviews/${org.id}`, { decision: "RETURN", reason: "请补充住所证明" })).status).toBe(302);
    // A second, stale decision on the same registration is refused.
    const stale = await staffClient.post(`/staff/reviews/${org.id}`, { decision: "REJECT", reason: "重复" });
    expect(stale.status).toBe(409);
    const overview = await (await ownerClient.get(`/org/${org.id}`)).text();
    expect(overview).toContain("请补充住所证明");
    expect((await ownerClient.post(`/org/${org.id}/edit`, { ...v, address: "重庆市黔江区城南街道 8 号", intent: "resubmit" })).status).toBe(302);
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe("SUBMITTED");
    expect((await staffClient.post(`/staff/reviews/${org.id}`, { decision: "APPROVE" })).status).toBe(302);
    // Once approved, the registered identity is locked.
    const locked = await ownerClient.post(`/org/${org.id}/edit`, { ...v, name: "改名后的中心" });
    expect(locked.status).toBe(409);
    expect(await locked.text()).toContain("名称、代码、类型和登记区县不能在线修改");
    const trail = await prisma.auditLog.findMany({ where: { entityId: org.id }, orderBy: { id: "asc" }, select: { action: true, actorId: true, reason: true } });
    expect(trail.map((t) => t.action)).toEqual(["org.submitted", "org.return", "org.resubmitted", "org.approve"]);
    expect(trail[1]).toMatchObject({ actorId: staff.id, reason: "请补充住所证明" });
    const notes = await prisma.notification.findMany({ where: { userId: owner.id }, select: { kind: true } });
    expect(notes.map((n) => n.kind).sort()).toEqual(["orgs.APPROVED", "orgs.RETURNED"]);
  });
});
