/**
 * #11.2 — special funds go through staff review before they take donations, and carry a filing
 * number (募捐方案备案号) checked for shape and unique per organization. Staff never review their
 * own organization's registration, campaigns or funds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, ensureLedgerSql } from "../support/factories/funding";
import { rethrowFilingTaken } from "~/modules/campaigns/filing.server";
import { AppError } from "~/utils/errors";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
const c = {} as Record<"owner" | "staff" | "staffInOrg" | "anonymous", TestClient>;
let org: { id: string; creditCode: string };
let ownerId: string;
let staffInOrgId: string;

const fundForm = (o: Record<string, string | string[]> = {}) => ({
  name: "黔江区助学专项基金",
  purpose: "资助黔江区低保家庭和特困家庭的在校学生完成学业，按学期发放助学金。",
  beneficiaryGroups: ["STUDENT", "DIBAO"],
  districtCodes: ["500114"],
  startDate: "2026-01-01",
  filingNumber: "渝民募备〔2024〕101号",
  ...o,
});
const donate = { intent: "donate", preset: "other", amount: "50", email: "donor@example.cn" };

async function newFund(o: Record<string, string | string[]> = {}) {
  const res = await c.owner.post(`/org/${org.id}/funds/new`, fundForm(o));
  expect(res.status).toBe(302);
  return res.headers.get("Location")!.split("/").at(-1)!;
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const u = { owner: await createUser(prisma), staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }), staffInOrg: await createUser(prisma, { globalRole: "BUREAU_STAFF" }) };
  ownerId = u.owner.id;
  staffInOrgId = u.staffInOrg.id;
  org = await createOrganization(prisma, { createdById: u.owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, members: [{ userId: u.staffInOrg.id, role: "FINANCE" }] });
  for (const k of ["owner", "staff", "staffInOrg"] as const) {
    c[k] = new TestClient(app.baseUrl);
    await c[k].signIn(u[k].email, u[k].password);
  }
  c.anonymous = new TestClient(app.baseUrl);
});
afterAll(async () => app?.close());

describe("a new fund waits for staff review", () => {
  let fundId: string;

  it("is created as a DRAFT: not public, not searchable, refusing donations over HTTP", async () => {
    fundId = await newFund();
    const f = await prisma.fund.findUniqueOrThrow({ where: { id: fundId }, select: { status: true, filingNumber: true } });
    expect(f).toEqual({ status: "DRAFT", filingNumber: "渝民募备〔2024〕101号" });
    expect((await c.anonymous.get(`/funds/${fundId}`)).status).toBe(404);
    expect(await (await c.anonymous.get("/funds")).text()).not.toContain(fundId);
    const res = await c.anonymous.post(`/funds/${fundId}`, donate);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await prisma.donation.count({ where: { fundId } })).toBe(0);
    // The organization cannot switch it on itself.
    expect((await c.owner.post(`/org/${org.id}/funds/${fundId}`, { intent: "status", status: "ACTIVE" })).status).toBe(409);
    expect((await prisma.fund.findUniqueOrThrow({ where: { id: fundId } })).status).toBe("DRAFT");
    // Its members can preview it.
    expect((await c.owner.get(`/funds/${fundId}`)).status).toBe(200);
  });

  it("once SUBMITTED still refuses donations and stays hidden", async () => {
    expect((await c.owner.post(`/org/${org.id}/funds/${fundId}`, { intent: "submit" })).status).toBe(302);
    expect((await prisma.fund.findUniqueOrThrow({ where: { id: fundId } })).status).toBe("SUBMITTED");
    expect((await c.anonymous.get(`/funds/${fundId}`)).status).toBe(404);
    expect((await c.anonymous.post(`/funds/${fundId}`, donate)).status).toBeGreaterThanOrEqual(400);
    expect(await prisma.donation.count({ where: { fundId } })).toBe(0);
    expect(await (await c.staff.get("/staff/funds")).text()).toContain(`/staff/funds/${fundId}`);
  });

  it("cannot be approved by a staff member who belongs to the organization", async () => {
    expect((await c.staffInOrg.post(`/staff/funds/${fundId}`, { decision: "APPROVE" })).status).toBe(403);
    expect((await prisma.fund.findUniqueOrThrow({ where: { id: fundId } })).status).toBe("SUBMITTED");
    expect((await c.owner.post(`/staff/funds/${fundId}`, { decision: "APPROVE" })).status).toBe(403);
  });

  it("returned with a reason goes back to the organization, which edits and resubmits", async () => {
    expect((await c.staff.post(`/staff/funds/${fundId}`, { decision: "RETURN" })).status).toBe(400);
    expect((await c.staff.post(`/staff/funds/${fundId}`, { decision: "RETURN", reason: "请补充资助标准" })).status).toBe(302);
    expect((await prisma.fund.findUniqueOrThrow({ where: { id: fundId } })).status).toBe("RETURNED");
    expect(await (await c.owner.get(`/org/${org.id}/funds/${fundId}`)).text()).toContain("请补充资助标准");
    const edit = await c.owner.post(`/org/${org.id}/funds/${fundId}/edit`, fundForm({ purpose: "资助黔江区低保家庭和特困家庭的在校学生完成学业，每生每学期 1000 元。" }));
    expect(edit.status).toBe(302);
    expect((await c.owner.post(`/org/${org.id}/funds/${fundId}`, { intent: "submit" })).status).toBe(302);
  });

  it("approved by staff becomes ACTIVE: public, with a suspension link for staff, taking donations", async () => {
    expect((await c.staff.post(`/staff/funds/${fundId}`, { decision: "APPROVE" })).status).toBe(302);
    const f = await prisma.fund.findUniqueOrThrow({ where: { id: fundId } });
    expect(f.status).toBe("ACTIVE");
    expect(f.approvedAt).not.toBeNull();
    expect(await prisma.auditLog.count({ where: { entityType: "Fund", entityId: fundId, action: "fund.approve" } })).toBe(1);
    expect(await (await c.staff.get(`/staff/funds/${fundId}`)).text()).toContain(`href="/staff/funds/${fundId}/suspension"`);
    expect((await c.anonymous.get(`/funds/${fundId}`)).status).toBe(200);
    expect(await (await c.anonymous.get("/funds")).text()).toContain(fundId);
    const res = await c.anonymous.post(`/funds/${fundId}`, donate);
    expect(res.status).toBe(302);
    expect(await prisma.donation.count({ where: { fundId } })).toBe(1);
    // Once approved the draft form is closed.
    expect((await c.owner.post(`/org/${org.id}/funds/${fundId}/edit`, fundForm())).status).toBe(409);
  });

  it("cannot be submitted without a filing number", async () => {
    const id = await newFund({ name: "无备案号的基金", filingNumber: "" });
    const res = await c.owner.post(`/org/${org.id}/funds/${id}`, { intent: "submit" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("提交审核前请填写募捐方案备案号");
    expect((await prisma.fund.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
  });
});

describe("filing numbers", () => {
  it("refuses a filing number of the wrong shape, on funds and campaigns", async () => {
    for (const bad of ["已备案", "2024-001", "渝民募备〔2031〕001号"]) {
      const res = await c.owner.post(`/org/${org.id}/funds/new`, fundForm({ name: "形状错误的基金", filingNumber: bad }));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("备案号格式不正确");
    }
    const campaign = await c.owner.post(`/org/${org.id}/campaigns/new`, {
      kind: "EMERGENCY",
      title: "黔江区王某急难救助",
      story: "王某为黔江区低保户，今年突发重病住院治疗，自付医疗费用较高，家庭无力承担。",
      beneficiaryMasked: "王某",
      districtCode: "500114",
      goal: "50000",
      deadline: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      filingNumber: "随便写的",
      budgetItem: ["住院医疗费"],
      budgetAmount: ["50000"],
    });
    expect(campaign.status).toBe(400);
    expect(await campaign.text()).toContain("备案号格式不正确");
    expect(await prisma.fund.count({ where: { name: "形状错误的基金" } })).toBe(0);
  });

  it("accepts the 慈善中国 number only for the organization whose credit code it carries", async () => {
    const own = await newFund({ name: "平台备案基金", filingNumber: `${org.creditCode}24007` });
    expect((await prisma.fund.findUniqueOrThrow({ where: { id: own } })).filingNumber).toBe(`${org.creditCode}24007`);
    const other = await createOrganization(prisma, { createdById: ownerId, type: "FOUNDATION" });
    const res = await c.owner.post(`/org/${org.id}/funds/new`, fundForm({ name: "冒用备案基金", filingNumber: `${other.creditCode}24008` }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("属于其他组织");
  });

  it("refuses a filing number already used in the same organization, with a message on the field", async () => {
    const res = await c.owner.post(`/org/${org.id}/funds/new`, fundForm({ name: "重复备案基金", filingNumber: "渝民募备[2024]101号" }));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("本组织已有项目使用此备案号");
    expect(html).toContain('aria-invalid="true"');
    expect(await prisma.fund.count({ where: { name: "重复备案基金" } })).toBe(0);
    // A campaign's filing number counts too.
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: ownerId });
    const { filingNumber } = await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { filingNumber: true } });
    expect((await c.owner.post(`/org/${org.id}/funds/new`, fundForm({ name: "重复备案基金", filingNumber }))).status).toBe(409);
  });

  it("turns the database's unique refusal (two forms at once) into the same field error", async () => {
    const data = { orgId: org.id, createdById: ownerId, name: "并发", purpose: "并发测试并发测试", startDate: new Date(), filingNumber: "渝民募备〔2024〕555号" };
    await prisma.fund.create({ data });
    const err = await prisma.fund.create({ data }).catch((e: unknown) => e);
    let mapped: unknown;
    try {
      rethrowFilingTaken(err);
    } catch (e) {
      mapped = e;
    }
    expect(mapped).toBeInstanceOf(AppError);
    expect((mapped as AppError).fieldErrors).toEqual({ filingNumber: "qualification.filing.taken" });
  });
});

describe("staff never review their own organization", () => {
  it("refuses a staff member of the organization on its registration and campaigns", async () => {
    const pending = await createOrganization(prisma, { createdById: ownerId, status: "SUBMITTED", members: [] });
    await prisma.orgMembership.create({ data: { orgId: pending.id, userId: staffInOrgId, role: "ADMIN" } });
    expect((await c.staffInOrg.post(`/staff/reviews/${pending.id}`, { decision: "APPROVE" })).status).toBe(403);
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("SUBMITTED");
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: ownerId, status: "SUBMITTED" });
    expect((await c.staffInOrg.post(`/staff/campaigns/${campaign.id}`, { decision: "APPROVE" })).status).toBe(403);
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("SUBMITTED");
    // A colleague outside the organization may.
    expect((await c.staff.post(`/staff/campaigns/${campaign.id}`, { decision: "APPROVE" })).status).toBe(302);
  });
});
