/**
 * #11.8 Private stays private, over real HTTP: contact phones masked for the public unless the
 * organization consented; a duplicate credit code names nobody; private documents only for owner,
 * finance and staff; anonymous donors anonymous to their host too (donation list, statistics
 * records and their export); volunteer phones masked for plain members and in exports unless asked
 * for with a reason (audited, without numbers); public texts with an ID or mobile number refused;
 * search documents never carry a phone.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";
import type { MemberRole } from "~/generated/prisma/enums";
import { makeIdNumber } from "~/modules/accounts/id-number";

let app: TestApp;
let prisma: PrismaClient;
type Who = "anonymous" | "stranger" | "owner" | "admin" | "member" | "finance" | "coordinator" | "staff";
const c = {} as Record<Who, TestClient>;
let org: { id: string; name: string };
let pendingOrg: { id: string; creditCode: string };
let projectId: string;
let ownerId: string;

const ORG_PHONE = "13812345678";
const PROJECT_PHONE = "13987654321";
const VOLUNTEER_PHONE = "13983001111";
const ANON_NAME = "隐名捐赠人甲";
const LEGACY_ANON_NAME = "隐名捐赠人乙";
const ID = makeIdNumber("500114", "19800101", "123");

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function readXlsx(res: Response) {
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const rows: string[] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? "")).join("|")));
  return rows.join("\n");
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const roles: Exclude<Who, "anonymous" | "stranger" | "owner" | "staff">[] = ["admin", "member", "finance", "coordinator"];
  const users = {
    stranger: await createUser(prisma),
    owner: await createUser(prisma, { profile: true }),
    staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
  } as unknown as Record<Exclude<Who, "anonymous">, { id: string; email: string; password: string }>;
  for (const r of roles) users[r] = await createUser(prisma);
  ownerId = users.owner.id;
  org = await createOrganization(prisma, {
    createdById: users.owner.id,
    type: "FOUNDATION",
    isCharity: true,
    publicFundraising: true,
    members: roles.map((r) => ({ userId: users[r].id, role: r.toUpperCase() as MemberRole })),
  });
  await prisma.organization.update({ where: { id: org.id }, data: { contactPhone: ORG_PHONE } });
  projectId = (await createProject(prisma, { orgId: org.id, createdById: users.owner.id, contactPhone: PROJECT_PHONE })).id;
  const someone = await createUser(prisma);
  pendingOrg = await createOrganization(prisma, { createdById: someone.id, name: "尚未公开的待审机构", type: "SOCIAL_GROUP", status: "SUBMITTED" });
  c.anonymous = new TestClient(app.baseUrl);
  for (const [k, u] of Object.entries(users)) {
    c[k as Who] = new TestClient(app.baseUrl);
    await c[k as Who].signIn(u.email, u.password);
  }
});
afterAll(async () => app?.close());

describe("contact phones", () => {
  it("masks the organization's and the project's phone for visitors, in full for members and staff", async () => {
    for (const who of ["anonymous", "stranger"] as const) {
      const orgPage = await (await c[who].get(`/orgs/${org.id}`)).text();
      expect(orgPage).toContain("138****5678");
      expect(orgPage).not.toContain(ORG_PHONE);
      const projectPage = await (await c[who].get(`/projects/${projectId}`)).text();
      expect(projectPage).toContain("139****4321");
      expect(projectPage).not.toContain(PROJECT_PHONE);
    }
    for (const who of ["member", "staff"] as const) {
      expect(await (await c[who].get(`/orgs/${org.id}`)).text()).toContain(ORG_PHONE);
      expect(await (await c[who].get(`/projects/${projectId}`)).text()).toContain(PROJECT_PHONE);
    }
  });

  it("shows the full number to everyone once the organization consented, and the forms ask for it", async () => {
    await prisma.organization.update({ where: { id: org.id }, data: { contactPhonePublic: true } });
    await prisma.volunteerProject.update({ where: { id: projectId }, data: { contactPhonePublic: true } });
    expect(await (await c.anonymous.get(`/orgs/${org.id}`)).text()).toContain(ORG_PHONE);
    expect(await (await c.anonymous.get(`/projects/${projectId}`)).text()).toContain(PROJECT_PHONE);
    expect(await (await c.stranger.get("/orgs/new")).text()).toContain('name="contactPhonePublic"');
    expect(await (await c.owner.get(`/org/${org.id}/projects/new`)).text()).toContain('name="contactPhonePublic"');
    await prisma.organization.update({ where: { id: org.id }, data: { contactPhonePublic: false } });
    await prisma.volunteerProject.update({ where: { id: projectId }, data: { contactPhonePublic: false } });
  });
});

describe("duplicate credit code", () => {
  it("says only that the code is taken: no applicant's name, no {name}", async () => {
    const res = await c.stranger.post("/orgs/new", {
      name: "黔江区另一家社会团体",
      type: "SOCIAL_GROUP",
      creditCode: pendingOrg.creditCode,
      districtCode: "500114",
      foundedOn: "2016-05-20",
      address: "重庆市黔江区城南街道 3 栋",
      contactName: "陈静",
      contactPhone: "023-79221234",
      mission: "为易地扶贫搬迁群众提供社区融入和儿童关爱服务。",
      serviceAreas: ["COMMUNITY"],
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("该统一社会信用代码已被登记");
    expect(html).not.toContain("尚未公开的待审机构");
    expect(html).not.toContain("{name}");
    expect(html).not.toContain("{{name}}");
  });
});

describe("private documents", () => {
  it("serves a private file to owner, finance and staff only; 403 to other members, 404 to strangers", async () => {
    const file = await prisma.fileUpload.create({
      data: { orgId: org.id, uploadedById: ownerId, purpose: "campaign-verification", visibility: "PRIVATE", fileName: "诊断证明.pdf", mimeType: "application/pdf", size: 10, sha256: "x", data: new Uint8Array(Buffer.from("%PDF-1.4\n")) },
      select: { id: true },
    });
    const expected: Record<Who, number> = { owner: 200, finance: 200, staff: 200, member: 403, admin: 403, coordinator: 403, stranger: 404, anonymous: 404 };
    const got = Object.fromEntries(await Promise.all(Object.keys(expected).map(async (w) => [w, (await c[w as Who].get(`/files/${file.id}`)).status] as const)));
    expect(got).toEqual(expected);
  });
});

describe("anonymous donors", () => {
  it("stay anonymous on the host's donation list, the statistics records and their export", async () => {
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: ownerId });
    const { applyProviderEvent } = await import("~/modules/donations/events.server");
    // Paid through the real event path.
    const d1 = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 10_000n, anonymous: true, donorName: ANON_NAME });
    await applyProviderEvent({ provider: "STRIPE", eventId: `evt_${randomBytes(6).toString("hex")}`, type: "checkout.session.completed", kind: "payment_succeeded", occurredAt: new Date(), donationId: d1.id, sessionId: d1.providerSessionId!, paymentId: `pi_${randomBytes(6).toString("hex")}`, amountFen: 10_000n, currency: "CNY" });
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d1.id } })).status).toBe("PAID");
    expect(await prisma.ledgerTransaction.count({ where: { donationId: d1.id, donorName: ANON_NAME } })).toBe(0);
    // A ledger row written before the fix (the ledger is append-only: it keeps the name forever).
    const d2 = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 20_000n, anonymous: true, donorName: LEGACY_ANON_NAME });
    await prisma.donation.update({ where: { id: d2.id }, data: { status: "PAID", paidAt: new Date(), providerPaymentId: `pi_${randomBytes(6).toString("hex")}` } });
    const { postDonation } = await import("~/modules/ledger/postings.server");
    await postDonation(prisma, { donationId: d2.id, campaignId: campaign.id, amountFen: 20_000n, provider: "STRIPE", occurredAt: new Date(), donorName: LEGACY_ANON_NAME });

    const pages = [
      await (await c.owner.get(`/org/${org.id}/campaigns/${campaign.id}`)).text(),
      await (await c.member.get(`/org/${org.id}/stats/records/money`)).text(),
      await (await c.owner.get(`/org/${org.id}/stats/records-export/money?format=csv`)).text(),
      await readXlsx(await c.owner.get(`/org/${org.id}/stats/records-export/money?format=xlsx`)),
      await (await c.staff.get(`/staff/stats/records/money`)).text(),
    ];
    for (const page of pages) {
      expect(page).not.toContain(ANON_NAME);
      expect(page).not.toContain(LEGACY_ANON_NAME);
    }
    expect(pages[0]).toContain("匿名捐赠者");
    expect(pages[1]).toContain("匿名捐赠者");
  });
});

describe("volunteer phones", () => {
  let shiftId: string;
  beforeAll(async () => {
    const v = await createUser(prisma, { profile: { realName: "许晓燕", phone: VOLUNTEER_PHONE } });
    shiftId = (await createShift(prisma, { projectId })).id;
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    await signUpForShift(v.id, shiftId);
  });

  it("masks them on the roster for a plain member, in full for coordinators and the owner", async () => {
    const member = await (await c.member.get(`/org/${org.id}/rosters/${shiftId}`)).text();
    expect(member).toContain("许晓燕");
    expect(member).toContain("139****1111");
    expect(member).not.toContain(VOLUNTEER_PHONE);
    for (const who of ["coordinator", "owner"] as const) expect(await (await c[who].get(`/org/${org.id}/rosters/${shiftId}`)).text()).toContain(VOLUNTEER_PHONE);
  });

  it("masks them in exports unless asked for with a reason, which is audited without numbers", async () => {
    const plain = await readXlsx(await c.coordinator.get(`/org/${org.id}/rosters/${shiftId}/export`));
    expect(plain).toContain("139****1111");
    expect(plain).not.toContain(VOLUNTEER_PHONE);

    // No reason, or a member without org:volunteering: refused, nothing audited.
    expect((await c.coordinator.post(`/org/${org.id}/rosters/${shiftId}/export`, {})).status).toBe(400);
    expect((await c.member.post(`/org/${org.id}/rosters/${shiftId}/export`, { reason: "活动前电话提醒" })).status).toBe(403);
    expect(await prisma.auditLog.count({ where: { action: "roster.exported_phones" } })).toBe(0);

    const full = await readXlsx(await c.coordinator.post(`/org/${org.id}/rosters/${shiftId}/export`, { reason: "活动前一天电话提醒志愿者" }));
    expect(full).toContain(VOLUNTEER_PHONE);
    const audit = await prisma.auditLog.findMany({ where: { action: "roster.exported_phones" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ orgId: org.id, entityId: shiftId, reason: "活动前一天电话提醒志愿者" });
    expect(JSON.stringify(audit[0], (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(VOLUNTEER_PHONE);
  });

  it("never shows phones in the service records page or export", async () => {
    const page = await (await c.member.get(`/org/${org.id}/service-records`)).text();
    expect(page).not.toContain(VOLUNTEER_PHONE);
    expect(await readXlsx(await c.member.get(`/org/${org.id}/service-records/export`))).not.toContain(VOLUNTEER_PHONE);
  });
});

describe("public texts", () => {
  const campaignForm = (o: Record<string, string> = {}) => ({
    kind: "EMERGENCY",
    title: "黔江区王某急难救助",
    story: "王某为黔江区低保户，今年突发重病住院治疗，自付医疗费用较高，家庭无力承担。",
    beneficiaryMasked: "王某",
    districtCode: "500114",
    goal: "50000",
    deadline: inDays(30),
    filingNumber: "渝民募备〔2020〕018号",
    budgetItem: ["住院医疗费", "", "", "", "", ""],
    budgetAmount: ["50000", "", "", "", "", ""],
    ...o,
  });

  it("refuses a campaign story with an ID number and a title with a mobile number", async () => {
    const before = await prisma.campaign.count();
    const story = await c.owner.post(`/org/${org.id}/campaigns/new`, campaignForm({ story: `受助人王某，身份证 ${ID}，今年突发重病住院治疗，家庭无力承担。` }));
    expect(story.status).toBe(400);
    expect(await story.text()).toContain("内容中含有身份证号");
    const title = await c.owner.post(`/org/${org.id}/campaigns/new`, campaignForm({ title: "王某救助 联系13812345678" }));
    expect(title.status).toBe(400);
    expect(await prisma.campaign.count()).toBe(before);
  });

  it("refuses updates, fund purposes and donor messages carrying a mobile number", async () => {
    const { updateSchema } = await import("~/modules/campaigns/schema");
    const { fundSchema } = await import("~/modules/funds/schema");
    const { donateSchema } = await import("~/modules/donations/schema");
    expect(updateSchema.safeParse({ body: "物资已送达，有事请打 138 1234 5678" }).error?.issues[0]?.message).toBe("privacy.errors.phoneInText");
    expect(fundSchema.safeParse({ name: "社区阳光基金", purpose: `资助低保家庭，联系人身份证${ID}`, beneficiaryGroups: ["DIBAO"], districtCodes: ["500114"], startDate: "2024-01-01" }).error?.issues[0]?.message).toBe("privacy.errors.idNumberInText");
    expect(donateSchema.safeParse({ preset: "50", message: "加油！我的电话13912345678" }).error?.issues[0]?.message).toBe("privacy.errors.phoneInText");
    expect(donateSchema.safeParse({ preset: "50", message: "加油！" }).success).toBe(true);
  });

  it("keeps phones and ID numbers out of search documents, even from rows written before the refusal", async () => {
    const project = await createProject(prisma, { orgId: org.id, createdById: ownerId, title: "敬老院探访 13812345678", description: `报名请联系 +86 139-1234-5678，带上身份证 ${ID}，感谢大家。` });
    await prisma.volunteerProject.update({ where: { id: project.id }, data: { skills: ["陪伴老人", "13512345678"] } });
    const { adapterFor } = await import("~/modules/search-outbox/worker.server");
    const docs = await adapterFor("project")!.load(prisma, [project.id]);
    const text = JSON.stringify(docs.get(project.id));
    expect(text).toContain("感谢大家");
    expect(text).not.toMatch(/1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}/);
    expect(text).not.toContain(ID);
  });
});
