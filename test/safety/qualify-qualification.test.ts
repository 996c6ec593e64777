/**
 * #11.2 — fundraising qualification is reviewed, not declared. Charity status, public-fundraising
 * qualification and its certificate number change only when staff approve a request that carries
 * the supporting document; the change is audited; a pending request changes nothing; staff never
 * review their own organization.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { makeCreditCode } from "~/modules/organizations/credit-code";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let owner: TestClient;
let staff: TestClient;
let staffInOrg: TestClient;
let anonymous: TestClient;
let org: { id: string; name: string; creditCode: string };
let ownerId: string;

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

function orgForm(o: Record<string, string>) {
  const fd = new FormData();
  const base: Record<string, string | string[]> = {
    name: org.name,
    type: "FOUNDATION",
    creditCode: org.creditCode,
    districtCode: "500114",
    foundedOn: "2015-06-01",
    address: "重庆市黔江区城西街道 1 号",
    contactName: "张老师",
    contactPhone: "023-79221234",
    mission: "为困难群众提供社会工作服务，开展扶贫济困、助老助残活动。",
    serviceAreas: ["POVERTY_RELIEF", "COMMUNITY"],
    ...o,
  };
  for (const [k, v] of Object.entries(base)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  return fd;
}

function requestForm(o: Record<string, string> = {}, withDocument = true) {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ isCharity: "on", publicFundraising: "on", fundraisingCertificate: "渝民募证字〔2024〕007号", note: "已取得市民政局公开募捐资格证书", ...o })) fd.append(k, v);
  if (withDocument) fd.append("document", new Blob([PDF], { type: "application/pdf" }), "公开募捐资格证书.pdf");
  return fd;
}

const campaignForm = () => ({
  kind: "EMERGENCY",
  title: "黔江区王某急难救助",
  story: "王某为黔江区低保户，今年突发重病住院治疗，自付医疗费用较高，家庭无力承担。",
  beneficiaryMasked: "王某",
  districtCode: "500114",
  goal: "50000",
  deadline: inDays(30),
  filingNumber: "渝民募备〔2024〕031号",
  budgetItem: ["住院医疗费", "", "", "", "", ""],
  budgetAmount: ["50000", "", "", "", "", ""],
});

const flags = () => prisma.organization.findUniqueOrThrow({ where: { id: org.id }, select: { isCharity: true, publicFundraising: true, fundraisingCertificate: true } });

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const u = { owner: await createUser(prisma), staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }), staffInOrg: await createUser(prisma, { globalRole: "BUREAU_STAFF" }) };
  ownerId = u.owner.id;
  org = await createOrganization(prisma, { createdById: u.owner.id, type: "FOUNDATION", members: [{ userId: u.staffInOrg.id, role: "MEMBER" }] });
  owner = new TestClient(app.baseUrl);
  await owner.signIn(u.owner.email, u.owner.password);
  staff = new TestClient(app.baseUrl);
  await staff.signIn(u.staff.email, u.staff.password);
  staffInOrg = new TestClient(app.baseUrl);
  await staffInOrg.signIn(u.staffInOrg.email, u.staffInOrg.password);
  anonymous = new TestClient(app.baseUrl);
});
afterAll(async () => app?.close());

describe("qualification cannot be declared", () => {
  it("ignores charity and fundraising fields posted to the organization's edit form", async () => {
    const res = await owner.post(`/org/${org.id}/edit`, orgForm({ isCharity: "on", publicFundraising: "on", fundraisingCertificate: "渝民募证字〔2099〕999号", mission: "为困难群众提供社会工作服务，开展扶贫济困、助老助残和社区帮扶活动。" }));
    expect(res.status).toBe(302);
    const after = await prisma.organization.findUniqueOrThrow({ where: { id: org.id }, select: { mission: true, isCharity: true, publicFundraising: true, fundraisingCertificate: true } });
    expect(after.mission).toContain("社区帮扶"); // the descriptive edit went through…
    expect(after).toMatchObject({ isCharity: false, publicFundraising: false, fundraisingCertificate: null }); // …the qualification did not
    expect((await owner.post(`/org/${org.id}/campaigns/new`, campaignForm())).status).toBe(403);
  });

  it("ignores them at registration too: a new organization starts without qualification", async () => {
    const creditCode = makeCreditCode("FOUNDATION", "500114", "MJ7700123");
    const fd = orgForm({ name: "黔江区扶贫济困慈善基金会", creditCode, isCharity: "on", publicFundraising: "on", fundraisingCertificate: "渝民募证字〔2024〕001号" });
    const res = await owner.post("/orgs/new", fd);
    expect(res.status).toBe(302);
    const created = await prisma.organization.findUniqueOrThrow({ where: { creditCode }, select: { isCharity: true, publicFundraising: true, fundraisingCertificate: true } });
    expect(created).toEqual({ isCharity: false, publicFundraising: false, fundraisingCertificate: null });
  });
});

describe("a qualification request", () => {
  let requestId: string;

  it("needs the supporting document and a certificate number for fundraising, and fundraising needs charity status", async () => {
    const noDoc = await owner.post(`/org/${org.id}/qualification`, requestForm({}, false));
    expect(noDoc.status).toBe(400);
    expect(await noDoc.text()).toContain("请上传证明材料");
    const noCert = await owner.post(`/org/${org.id}/qualification`, requestForm({ fundraisingCertificate: "" }));
    expect(noCert.status).toBe(400);
    expect(await noCert.text()).toContain("请填写公开募捐资格证书编号");
    const fd = requestForm();
    fd.delete("isCharity");
    const noCharity = await owner.post(`/org/${org.id}/qualification`, fd);
    expect(noCharity.status).toBe(400);
    expect(await noCharity.text()).toContain("只有慈善组织才能具有公开募捐资格");
    expect(await prisma.qualificationRequest.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("while pending changes nothing: no campaign can be created", async () => {
    const res = await owner.post(`/org/${org.id}/qualification`, requestForm());
    expect(res.status).toBe(302);
    const r = await prisma.qualificationRequest.findFirstOrThrow({ where: { orgId: org.id }, select: { id: true, status: true, documentId: true, document: { select: { visibility: true, purpose: true, orgId: true } } } });
    requestId = r.id;
    expect(r.status).toBe("PENDING");
    expect(r.document).toEqual({ visibility: "PRIVATE", purpose: "qualification", orgId: org.id });
    expect(await flags()).toEqual({ isCharity: false, publicFundraising: false, fundraisingCertificate: null });
    expect((await owner.get(`/org/${org.id}/campaigns/new`)).status).toBe(403);
    expect((await owner.post(`/org/${org.id}/campaigns/new`, campaignForm())).status).toBe(403);
    expect(await prisma.campaign.count({ where: { orgId: org.id } })).toBe(0);
    // The owner sees it pending; a second request waits for the first.
    expect(await (await owner.get(`/org/${org.id}/qualification`)).text()).toContain("待审核的申请");
    const again = await owner.post(`/org/${org.id}/qualification`, requestForm());
    expect(again.status).toBe(409);
    // The document is private: staff may open it, the public may not.
    expect((await anonymous.get(`/files/${r.documentId}`)).status).toBe(404);
    expect((await staff.get(`/files/${r.documentId}`)).status).toBe(200);
  });

  it("cannot be reviewed by a staff member who belongs to the organization", async () => {
    const res = await staffInOrg.post(`/staff/qualifications/${requestId}`, { decision: "APPROVE" });
    expect(res.status).toBe(403);
    expect(await flags()).toEqual({ isCharity: false, publicFundraising: false, fundraisingCertificate: null });
    expect((await prisma.qualificationRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("PENDING");
  });

  it("is listed for staff, paginated, pending first", async () => {
    const html = await (await staff.get("/staff/qualifications")).text();
    expect(html).toContain(`/staff/qualifications/${requestId}`);
    expect(await (await staff.get("/staff/qualifications?status=APPROVED")).text()).not.toContain(`/staff/qualifications/${requestId}`);
    expect((await owner.get("/staff/qualifications")).status).toBe(403);
    expect((await owner.post(`/staff/qualifications/${requestId}`, { decision: "APPROVE" })).status).toBe(403);
  });

  it("once approved by staff writes the organization's fields with an audit entry, and campaigns become possible", async () => {
    const res = await staff.post(`/staff/qualifications/${requestId}`, { decision: "APPROVE" });
    expect(res.status).toBe(302);
    expect(await flags()).toEqual({ isCharity: true, publicFundraising: true, fundraisingCertificate: "渝民募证字〔2024〕007号" });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityType: "Organization", entityId: org.id, action: "org.qualification_approved" } });
    expect(audit.before).toEqual({ isCharity: false, publicFundraising: false, fundraisingCertificate: null });
    expect(audit.after).toMatchObject({ isCharity: true, publicFundraising: true, fundraisingCertificate: "渝民募证字〔2024〕007号", requestId });
    const r = await prisma.qualificationRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(r.status).toBe("APPROVED");
    expect(r.reviewedAt).not.toBeNull();
    expect((await staff.post(`/staff/qualifications/${requestId}`, { decision: "REJECT", reason: "重复" })).status).toBe(409);
    expect((await owner.get(`/org/${org.id}/campaigns/new`)).status).toBe(200);
  });

  it("when rejected needs a reason and leaves the organization as it was", async () => {
    const fd = requestForm({ publicFundraising: "", fundraisingCertificate: "" });
    fd.delete("publicFundraising");
    expect((await owner.post(`/org/${org.id}/qualification`, fd)).status).toBe(302);
    const r = await prisma.qualificationRequest.findFirstOrThrow({ where: { orgId: org.id, status: "PENDING" } });
    const noReason = await staff.post(`/staff/qualifications/${r.id}`, { decision: "REJECT" });
    expect(noReason.status).toBe(400);
    expect((await staff.post(`/staff/qualifications/${r.id}`, { decision: "REJECT", reason: "资格证书仍在有效期内，无需变更" })).status).toBe(302);
    expect(await flags()).toEqual({ isCharity: true, publicFundraising: true, fundraisingCertificate: "渝民募证字〔2024〕007号" });
    expect(await (await owner.get(`/org/${org.id}/qualification`)).text()).toContain("资格证书仍在有效期内，无需变更");
    expect(ownerId).toBeTruthy();
  });
});
