/**
 * #11.9 Data belongs to its organization, over real HTTP: a form of organization A posting the id of
 * organization B's campaign, fund, project, need, goods item or relief project is refused and
 * nothing is written; A's own ids still go through.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject } from "../support/factories/volunteering";
import { createCampaign, createFund, ensureLedgerSql } from "../support/factories/funding";
import { createNeed, createNeedResponse } from "../support/factories/needs";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let ownerA: TestClient;
let orgA: { id: string };
let mine: { campaignId: string; fundId: string; projectId: string; needId: string };
let theirs: { campaignId: string; fundId: string; projectId: string; needId: string; goodsItemId: string; reliefProjectId: string };

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const receipt = (o: Record<string, string> = {}) => ({ intent: "receive", itemName: "大米", category: "FOOD", unit: "袋", donorName: "某某超市", quantity: "10", value: "500", receivedOn: today(), districtCode: "500114", ...o });

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const a = await createUser(prisma);
  const b = await createUser(prisma);
  const staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  orgA = await createOrganization(prisma, { createdById: a.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
  const orgB = await createOrganization(prisma, { createdById: b.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
  const needA = await createNeed(prisma, { createdById: staff.id, title: "黔江区敬老院冬季物资" });
  await createNeedResponse(prisma, { needId: needA.id, orgId: orgA.id, createdById: a.id, kind: "VOLUNTEERS", volunteerCount: 3 });
  mine = {
    campaignId: (await createCampaign(prisma, { orgId: orgA.id, createdById: a.id })).id,
    fundId: (await createFund(prisma, { orgId: orgA.id, createdById: a.id })).id,
    projectId: (await createProject(prisma, { orgId: orgA.id, createdById: a.id })).id,
    needId: needA.id,
  };
  const item = await prisma.goodsItem.create({ data: { orgId: orgB.id, name: "棉被", unit: "床", category: "DAILY_NECESSITIES", stock: 50 }, select: { id: true } });
  const relief = await prisma.reliefProject.create({ data: { orgId: orgB.id, name: "B 的重点帮扶项目", category: "POVERTY_RELIEF", districtCode: "500114", startsOn: new Date("2024-01-01") }, select: { id: true } });
  theirs = {
    campaignId: (await createCampaign(prisma, { orgId: orgB.id, createdById: b.id })).id,
    fundId: (await createFund(prisma, { orgId: orgB.id, createdById: b.id })).id,
    projectId: (await createProject(prisma, { orgId: orgB.id, createdById: b.id })).id,
    needId: (await createNeed(prisma, { createdById: b.id, proposedByOrgId: orgB.id, title: "B 提出的需求" } as never)).id,
    goodsItemId: item.id,
    reliefProjectId: relief.id,
  };
  ownerA = new TestClient(app.baseUrl);
  await ownerA.signIn(a.email, a.password);
});
afterAll(async () => app?.close());

describe("ids from another organization are refused and nothing is written", () => {
  it("goods received for B's campaign, fund, project or need", async () => {
    for (const field of ["campaignId", "fundId", "projectId", "needId"] as const) {
      const res = await ownerA.post(`/org/${orgA.id}/goods`, receipt({ [field]: theirs[field] }));
      expect(res.status, field).toBe(404);
    }
    expect(await prisma.goodsReceipt.count({ where: { orgId: orgA.id } })).toBe(0);
    expect(await prisma.goodsItem.count({ where: { orgId: orgA.id } })).toBe(0);
    // A's own ids are fine.
    expect((await ownerA.post(`/org/${orgA.id}/goods`, receipt(mine))).status).toBe(302);
    expect(await prisma.goodsReceipt.count({ where: { orgId: orgA.id, campaignId: mine.campaignId, fundId: mine.fundId, projectId: mine.projectId, needId: mine.needId } })).toBe(1);
  });

  it("goods distributed from B's store", async () => {
    const res = await ownerA.post(`/org/${orgA.id}/goods`, { intent: "distribute", itemId: theirs.goodsItemId, quantity: "1", distributedOn: today(), districtCode: "500114", place: "村委会", headCount: "1" });
    expect(res.status).toBe(404);
    expect((await prisma.goodsItem.findUniqueOrThrow({ where: { id: theirs.goodsItemId } })).stock).toBe(50);
    expect(await prisma.goodsDistribution.count()).toBe(0);
  });

  it("an activity under B's relief project or need", async () => {
    const activity = (o: Record<string, string>) => ({ title: "走访慰问", kind: "VISIT", heldOn: today(), districtCode: "500114", participants: "3", volunteers: "1", staff: "1", ...o });
    expect((await ownerA.post(`/org/${orgA.id}/activities`, activity({ reliefProjectId: theirs.reliefProjectId }))).status).toBeGreaterThanOrEqual(400);
    expect((await ownerA.post(`/org/${orgA.id}/activities`, activity({ needId: theirs.needId }))).status).toBe(404);
    expect(await prisma.activity.count()).toBe(0);
  });

  it("a campaign linked to B's need", async () => {
    const form = (o: Record<string, string>) => ({
      kind: "EMERGENCY",
      title: "黔江区王某急难救助",
      story: "王某为黔江区低保户，今年突发重病住院治疗，自付医疗费用较高，家庭无力承担。",
      beneficiaryMasked: "王某",
      districtCode: "500114",
      goal: "50000",
      deadline: inDays(30),
      filingNumber: `渝民募备〔2026〕${Math.floor(Math.random() * 1e6)}号`,
      budgetItem: ["住院医疗费", "", "", "", "", ""],
      budgetAmount: ["50000", "", "", "", "", ""],
      ...o,
    });
    const before = await prisma.campaign.count({ where: { orgId: orgA.id } });
    expect((await ownerA.post(`/org/${orgA.id}/campaigns/new`, form({ needId: theirs.needId }))).status).toBe(404);
    expect(await prisma.campaign.count({ where: { orgId: orgA.id } })).toBe(before);
    // A need A responded to may be linked.
    expect((await ownerA.post(`/org/${orgA.id}/campaigns/new`, form({ needId: mine.needId }))).status).toBe(302);
    expect(await prisma.campaign.count({ where: { orgId: orgA.id, needId: mine.needId } })).toBe(1);
  });

  it("a disbursement from B's fund or campaign", async () => {
    for (const target of [`fund:${theirs.fundId}`, `campaign:${theirs.campaignId}`]) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ target, amount: "10", date: today(), recipientMasked: "王某", purpose: "购买过冬物资" })) form.set(k, v);
      expect((await ownerA.post(`/org/${orgA.id}/disbursements`, form)).status).toBe(404);
    }
    expect(await prisma.disbursement.count()).toBe(0);
  });

  it("the service answers 404 for every kind of foreign id", async () => {
    const { assertOwnedByOrg } = await import("~/modules/organizations/ownership.server");
    for (const [key, id] of Object.entries(theirs)) {
      await expect(assertOwnedByOrg(prisma, orgA.id, { [key]: id }), key).rejects.toMatchObject({ status: 404, messageKey: "privacy.errors.notYours" });
    }
    await expect(assertOwnedByOrg(prisma, orgA.id, { ...mine, beneficiaryIds: [] })).resolves.toBeUndefined();
  });
});
