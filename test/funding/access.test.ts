/**
 * Who may do what with campaigns, over real HTTP: only qualified hosts create campaigns (the
 * server refuses, not only the UI); verification documents are seen by the host and staff only;
 * review is staff-only; refunds and disbursements are the host's (or staff's).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, ensureLedgerSql } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
const c = {} as Record<"anonymous" | "host" | "member" | "unqualified" | "pendingHost" | "stranger" | "staff", TestClient>;
let qualifiedOrg: { id: string };
let unqualifiedOrg: { id: string };
let pendingOrg: { id: string };

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const campaignForm = (o: Record<string, string> = {}) => ({
  kind: "EMERGENCY",
  title: "黔江区王某急难救助",
  story: "王某为黔江区低保户，今年突发重病住院治疗，自付医疗费用较高，家庭无力承担。",
  beneficiaryMasked: "王某",
  districtCode: "500114",
  goal: "50000",
  deadline: inDays(30),
  filingNumber: "渝民募备〔2020〕018号",
  budgetItem: ["住院医疗费", "康复护理费", "", "", "", ""],
  budgetAmount: ["40000", "10000", "", "", "", ""],
  ...o,
});
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const users = {
    host: await createUser(prisma),
    member: await createUser(prisma),
    unqualified: await createUser(prisma),
    pendingHost: await createUser(prisma),
    stranger: await createUser(prisma),
    staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
  };
  qualifiedOrg = await createOrganization(prisma, { createdById: users.host.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, members: [{ userId: users.member.id, role: "MEMBER" }] });
  unqualifiedOrg = await createOrganization(prisma, { createdById: users.unqualified.id, isCharity: true, publicFundraising: false });
  pendingOrg = await createOrganization(prisma, { createdById: users.pendingHost.id, status: "SUBMITTED", isCharity: true, publicFundraising: true });
  await createOrganization(prisma, { createdById: users.stranger.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
  c.anonymous = new TestClient(app.baseUrl);
  for (const [k, u] of Object.entries(users)) {
    c[k as keyof typeof c] = new TestClient(app.baseUrl);
    await c[k as keyof typeof c].signIn(u.email, u.password);
  }
});
afterAll(async () => app?.close());

describe("who may host a campaign", () => {
  it("refuses an approved organization without public-fundraising qualification, on the server", async () => {
    expect((await c.unqualified.get(`/org/${unqualifiedOrg.id}/campaigns/new`)).status).toBe(403);
    const res = await c.unqualified.post(`/org/${unqualifiedOrg.id}/campaigns/new`, campaignForm());
    expect(res.status).toBe(403);
    expect(await prisma.campaign.count({ where: { orgId: unqualifiedOrg.id } })).toBe(0);
  });

  it("refuses an organization that is not approved, even with the qualification flag", async () => {
    const res = await c.pendingHost.post(`/org/${pendingOrg.id}/campaigns/new`, campaignForm());
    expect(res.status).toBe(403);
    expect(await prisma.campaign.count({ where: { orgId: pendingOrg.id } })).toBe(0);
  });

  it("refuses other organizations' people and plain members", async () => {
    expect((await c.stranger.post(`/org/${qualifiedOrg.id}/campaigns/new`, campaignForm())).status).toBe(403);
    expect((await c.member.post(`/org/${qualifiedOrg.id}/campaigns/new`, campaignForm())).status).toBe(403);
    expect((await c.staff.post(`/org/${qualifiedOrg.id}/campaigns/new`, campaignForm())).status).toBe(403);
  });

  it("validates the form with messages and keeps the draft with its filing number", async () => {
    const bad = await c.host.post(`/org/${qualifiedOrg.id}/campaigns/new`, campaignForm({ beneficiaryMasked: "王小明", goal: "12.345", deadline: "2001-01-01", filingNumber: "" }));
    expect(bad.status).toBe(400);
    const ok = await c.host.post(`/org/${qualifiedOrg.id}/campaigns/new`, campaignForm());
    expect(ok.status).toBe(302);
    const campaign = await prisma.campaign.findFirstOrThrow({ where: { orgId: qualifiedOrg.id } });
    expect(campaign).toMatchObject({ status: "DRAFT", filingNumber: "渝民募备〔2020〕018号", goalFen: 5_000_000n, beneficiaryMasked: "王某" });
    expect(campaign.budget).toEqual([
      { item: "住院医疗费", amountFen: 4_000_000 },
      { item: "康复护理费", amountFen: 1_000_000 },
    ]);
  });
});

describe("verification documents and review", () => {
  it("are private to the host and staff; submission needs one; only staff approve", async () => {
    const campaign = await prisma.campaign.findFirstOrThrow({ where: { orgId: qualifiedOrg.id, status: "DRAFT" } });
    const page = `/org/${qualifiedOrg.id}/campaigns/${campaign.id}`;
    expect((await c.host.post(page, { intent: "SUBMIT" })).status).toBe(409);

    const form = new FormData();
    form.set("intent", "upload");
    form.set("kind", "DIAGNOSIS");
    form.set("file", new Blob([PDF], { type: "application/pdf" }), "诊断证明.pdf");
    expect((await c.host.post(page, form)).status).toBe(302);
    const doc = await prisma.campaignDocument.findFirstOrThrow({ where: { campaignId: campaign.id }, include: { file: { select: { visibility: true } } } });
    expect(doc.file.visibility).toBe("PRIVATE");

    expect((await c.host.get(`/files/${doc.fileId}`)).status).toBe(200);
    // A plain member has no "org:documents": diagnoses and household proof are not theirs to read.
    expect((await c.member.get(`/files/${doc.fileId}`)).status).toBe(403);
    expect((await c.staff.get(`/files/${doc.fileId}`)).status).toBe(200);
    expect((await c.stranger.get(`/files/${doc.fileId}`)).status).toBe(404);
    expect((await c.anonymous.get(`/files/${doc.fileId}`)).status).toBe(404);
    // The manage page listing them is the host's (staff see it read-only); strangers get 403.
    expect((await c.stranger.get(page)).status).toBe(403);
    expect((await c.staff.get(page)).status).toBe(200);
    expect((await c.staff.get(`/staff/campaigns/${campaign.id}`)).status).toBe(200);
    expect((await c.host.get(`/staff/campaigns/${campaign.id}`)).status).toBe(403);

    // Drafts are not public.
    expect((await c.anonymous.get(`/campaigns/${campaign.id}`)).status).toBe(404);
    expect((await c.host.get(`/campaigns/${campaign.id}`)).status).toBe(200);

    expect((await c.host.post(page, { intent: "SUBMIT" })).status).toBe(302);
    expect((await c.host.post(`/staff/campaigns/${campaign.id}`, { decision: "APPROVE" })).status).toBe(403);
    expect((await c.staff.post(`/staff/campaigns/${campaign.id}`, { decision: "RETURN" })).status).toBe(400);
    expect((await c.staff.post(`/staff/campaigns/${campaign.id}`, { decision: "APPROVE" })).status).toBe(302);
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("APPROVED");
    const publicPage = await c.anonymous.get(`/campaigns/${campaign.id}`);
    expect(publicPage.status).toBe(200);
    const html = await publicPage.text();
    expect(html).toContain("渝民募备〔2020〕018号");
    expect(html).not.toContain("诊断证明.pdf");

    expect((await c.staff.post(`/staff/campaigns/${campaign.id}`, { decision: "SUSPEND", reason: "接到可信举报，暂停核查" })).status).toBe(302);
    const donate = await c.anonymous.post(`/campaigns/${campaign.id}`, { intent: "donate", preset: "50", email: "a@example.cn" });
    expect(donate.status).toBe(409);
  });
});

describe("money actions are the host's", () => {
  it("refuses disbursements and refunds from strangers", async () => {
    const owner = await prisma.orgMembership.findFirstOrThrow({ where: { orgId: qualifiedOrg.id, role: "OWNER" } });
    const campaign = await createCampaign(prisma, { orgId: qualifiedOrg.id, createdById: owner.userId });
    const form = { target: `campaign:${campaign.id}`, amount: "1", date: today(), recipientMasked: "王某", purpose: "医疗费" };
    expect((await c.stranger.post(`/org/${qualifiedOrg.id}/disbursements`, form)).status).toBe(403);
    expect((await c.member.post(`/org/${qualifiedOrg.id}/disbursements`, form)).status).toBe(403);
    // The host cannot disburse money that is not there.
    expect((await c.host.post(`/org/${qualifiedOrg.id}/disbursements`, form)).status).toBe(409);
    expect((await c.stranger.post(`/org/${qualifiedOrg.id}/campaigns/${campaign.id}`, { intent: "refund", donationId: "x", amount: "1", reason: "x" })).status).toBe(403);
    expect(await prisma.disbursement.count()).toBe(0);
  });
});

describe("campaign deadlines", () => {
  it("ends published campaigns past their deadline once, tells the host and leaves the others alone", async () => {
    const { endExpiredCampaigns } = await import("~/modules/campaigns/campaigns.server");
    const owner = await prisma.orgMembership.findFirstOrThrow({ where: { orgId: qualifiedOrg.id, role: "OWNER" } });
    const expired = await createCampaign(prisma, { orgId: qualifiedOrg.id, createdById: owner.userId, deadlineInDays: -1 });
    const expiredFunded = await createCampaign(prisma, { orgId: qualifiedOrg.id, createdById: owner.userId, deadlineInDays: -3, status: "FUNDED" });
    const running = await createCampaign(prisma, { orgId: qualifiedOrg.id, createdById: owner.userId, deadlineInDays: 5 });
    const suspended = await createCampaign(prisma, { orgId: qualifiedOrg.id, createdById: owner.userId, deadlineInDays: -2, status: "SUSPENDED" });

    const first = await endExpiredCampaigns();
    expect(first.ended).toBeGreaterThanOrEqual(2);
    const status = async (id: string) => (await prisma.campaign.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
    expect([await status(expired.id), await status(expiredFunded.id), await status(running.id), await status(suspended.id)]).toEqual(["ENDED", "ENDED", "APPROVED", "SUSPENDED"]);
    expect(await endExpiredCampaigns()).toEqual({ ended: 0 });

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: expired.id, action: "campaign.ended_at_deadline" } });
    expect(audit.actorId).toBeNull();
    expect(await prisma.notification.count({ where: { userId: owner.userId, kind: "funding.campaignENDED" } })).toBeGreaterThanOrEqual(2);
    const page = await (await c.anonymous.get(`/campaigns/${expired.id}`)).text();
    expect(page).toContain("已结束");
  });
});
