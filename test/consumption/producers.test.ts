/**
 * #13.1 and #13.7 — producers (供应主体): registration refuses a bad credit code, a district outside
 * the aided ones and an agent without origin (400, values kept, message in Chinese); the review
 * runs in two steps (the district recommends, city staff approve — never the recommender, never a
 * member of the supporting organization); staff suspend and reinstate; named households are kept
 * as keyed hashes and count once city-wide; one organization cannot see or touch another's
 * producers; the public page masks the contact and shows no household data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer, makeProducerCreditCode } from "../support/factories/consumption";
import { makeIdNumber } from "~/modules/accounts/id-number";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
type Person = { id: string; email: string; password: string; client: TestClient };
let owner: Person; // owner of organization A (supports the producers)
let otherOwner: Person; // owner of organization B
let districtStaff: Person; // BUREAU_STAFF of 石柱 (500240)
let districtAdmin: Person; // BUREAU_ADMIN of 石柱: district and city staff at once
let otherDistrictStaff: Person; // BUREAU_STAFF of 奉节 (500236)
let cityStaff: Person; // BUREAU_STAFF without district
let staffInOrg: Person; // city staff who is a member of organization A
let accountUser: Person; // will become a producer's own account
let visitor: TestClient;
let orgA: { id: string };
let orgB: { id: string };

const ID1 = makeIdNumber("500240", "19650312", "021");
const ID2 = makeIdNumber("500240", "19720801", "013");
const ID3 = makeIdNumber("500236", "19801115", "044");

async function person(o: Parameters<typeof createUser>[1] = {}, districtCode?: string): Promise<Person> {
  const u = await createUser(prisma, o);
  if (districtCode) await prisma.user.update({ where: { id: u.id }, data: { districtCode } });
  const client = new TestClient(app.baseUrl);
  await client.signIn(u.email, u.password);
  return { ...u, client };
}

function form(o: Record<string, string> = {}) {
  return {
    name: "石柱县中益乡华溪蜂蜜专业合作社",
    kind: "COOPERATIVE",
    creditCode: makeProducerCreditCode("COOPERATIVE", "500240")!,
    districtCode: "500240",
    town: "中益乡",
    village: "华溪村",
    contactName: "谭大姐",
    contactPhone: "13812345678",
    householdCount: "12",
    description: "林下养蜂，带动本村脱贫户发展产业。",
    originStatement: "",
    households: "",
    ...o,
  };
}

const review = (who: Person, producerId: string, fields: Record<string, string>) => who.client.post(`/staff/producers/${producerId}`, fields);
const statusOf = async (id: string) => (await prisma.producer.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

async function register(o: Record<string, string> = {}) {
  const res = await owner.client.post(`/org/${orgA.id}/producers/new`, form(o));
  expect(res.status, await res.clone().text()).toBe(302);
  const id = res.headers.get("Location")!.split("/").pop()!;
  return id;
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  owner = await person();
  otherOwner = await person();
  districtStaff = await person({ globalRole: "BUREAU_STAFF" }, "500240");
  districtAdmin = await person({ globalRole: "BUREAU_ADMIN" }, "500240");
  otherDistrictStaff = await person({ globalRole: "BUREAU_STAFF" }, "500236");
  cityStaff = await person({ globalRole: "BUREAU_STAFF" });
  staffInOrg = await person({ globalRole: "BUREAU_STAFF" });
  accountUser = await person();
  visitor = new TestClient(app.baseUrl);
  orgA = await createOrganization(prisma, { createdById: owner.id, members: [{ userId: staffInOrg.id, role: "MEMBER" }] });
  orgB = await createOrganization(prisma, { createdById: otherOwner.id });
}, 180_000);
afterAll(async () => app?.close());

describe("registration", () => {
  it("refuses a credit code with a wrong check character or the wrong prefix, keeping what was typed", async () => {
    const good = makeProducerCreditCode("COOPERATIVE", "500240")!;
    const broken = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const res = await owner.client.post(`/org/${orgA.id}/producers/new`, form({ creditCode: broken, name: "石柱县黄水镇莼菜专业合作社" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("统一社会信用代码格式或校验位不正确");
    expect(html).toContain("石柱县黄水镇莼菜专业合作社");
    expect(html).toContain(broken);

    const enterpriseCode = makeProducerCreditCode("ENTERPRISE", "500240")!;
    const wrongPrefix = await owner.client.post(`/org/${orgA.id}/producers/new`, form({ creditCode: enterpriseCode }));
    expect(wrongPrefix.status).toBe(400);
    expect(await wrongPrefix.text()).toContain("农民专业合作社的统一社会信用代码应以 93 开头");
    // Cooperatives, enterprises, village collectives and agents must give one.
    const missing = await owner.client.post(`/org/${orgA.id}/producers/new`, form({ creditCode: "" }));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("该类型须填写统一社会信用代码");
    expect(await prisma.producer.count()).toBe(0);
  });

  it("refuses a producer outside the aided districts (the 832 rule), and an agent without an origin in one", async () => {
    const res = await owner.client.post(`/org/${orgA.id}/producers/new`, form({ districtCode: "500103", creditCode: makeProducerCreditCode("COOPERATIVE", "500103")!, town: "解放碑街道" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("该区县不属于重点帮扶区县");
    expect(html).toContain("解放碑街道");

    const agent = { kind: "AGENT", districtCode: "500103", creditCode: makeProducerCreditCode("AGENT", "500103")!, name: "重庆山货电子商务有限公司", town: "解放碑街道" };
    const noOrigin = await owner.client.post(`/org/${orgA.id}/producers/new`, form(agent));
    expect(noOrigin.status).toBe(400);
    const noOriginHtml = await noOrigin.text();
    expect(noOriginHtml).toContain("代理商须填写产地说明");
    expect(noOriginHtml).toContain("重庆山货电子商务有限公司");
    const elsewhere = await owner.client.post(`/org/${orgA.id}/producers/new`, form({ ...agent, originStatement: "产自江津区的花椒" }));
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain("产地说明须写明产品产自的重点帮扶区县");
    expect(await prisma.producer.count()).toBe(0);

    // An agent whose produce comes from 奉节 may register from 渝中.
    const id = await register({ ...agent, originStatement: "代理销售奉节县脐橙，产自奉节县草堂镇" });
    expect(await prisma.producer.findUniqueOrThrow({ where: { id }, select: { status: true, kind: true, supportOrgId: true } })).toEqual({ status: "SUBMITTED", kind: "AGENT", supportOrgId: orgA.id });
  });

  it("refuses household lines that are not ID numbers, saying which; keeps valid ones only as hash and masked form", async () => {
    const bad = await owner.client.post(`/org/${orgA.id}/producers/new`, form({ households: `${ID1}\n12345\n${ID2}\n${ID3.slice(0, 17)}${ID3[17] === "0" ? "1" : "0"}` }));
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("第 2, 4 行无效");
    expect(await prisma.producer.count({ where: { kind: "COOPERATIVE" } })).toBe(0);

    const id = await register({ households: `${ID1}\n\n${ID2.toLowerCase()}\n${ID1}` });
    const rows = await prisma.producerHousehold.findMany({ where: { producerId: id }, select: { idNumberHash: true, idNumberMasked: true } });
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
      expect([ID1, ID2]).not.toContain(r.idNumberHash);
      expect(r.idNumberMasked).toMatch(/^500\*{11}\d{3}[\dX]$/);
    }
    // Nothing in the audit trail holds a number.
    const audit = JSON.stringify(await prisma.auditLog.findMany({ where: { entityId: id }, select: { before: true, after: true, reason: true } }));
    expect(audit).not.toContain(ID1);
    expect(audit).not.toContain(ID2);
    // The same credit code cannot be registered twice.
    const code = (await prisma.producer.findUniqueOrThrow({ where: { id }, select: { creditCode: true } })).creditCode!;
    const again = await owner.client.post(`/org/${orgA.id}/producers/new`, form({ creditCode: code }));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("该统一社会信用代码已被登记");
  });

  it("needs an approved organization with org:shop", async () => {
    const pending = await createOrganization(prisma, { createdById: owner.id, status: "SUBMITTED" });
    expect((await owner.client.post(`/org/${pending.id}/producers/new`, form({ creditCode: makeProducerCreditCode("COOPERATIVE", "500240")! }))).status).toBe(403);
    expect((await otherOwner.client.post(`/org/${orgA.id}/producers/new`, form({ creditCode: makeProducerCreditCode("COOPERATIVE", "500240")! }))).status).toBe(403);
  });
});

describe("review in two steps", () => {
  let id: string;

  beforeAll(async () => {
    id = await register({ name: "石柱县冷水镇黄连专业合作社", creditCode: makeProducerCreditCode("COOPERATIVE", "500240")! });
  });

  it("lets only the producer's district recommend a SUBMITTED producer", async () => {
    const byCity = await review(cityStaff, id, { decision: "RECOMMEND" });
    expect(byCity.status).toBe(403);
    expect(await byCity.text()).toContain("只有该供应主体所在区县的民政局工作人员可以推荐或退回");
    expect((await review(otherDistrictStaff, id, { decision: "RECOMMEND" })).status).toBe(403);
    // City staff cannot skip the district's step.
    expect((await review(cityStaff, id, { decision: "APPROVE" })).status).toBe(409);
    // District staff see it first in their queue.
    const queue = await (await districtStaff.client.get("/staff/producers")).text();
    expect(queue).toContain("本区县待推荐");
    expect(queue).toContain("石柱县冷水镇黄连专业合作社");
    expect(await statusOf(id)).toBe("SUBMITTED");

    const ok = await review(districtAdmin, id, { decision: "RECOMMEND" });
    expect(ok.status).toBe(302);
    expect(await prisma.producer.findUniqueOrThrow({ where: { id }, select: { status: true, recommendedById: true } })).toEqual({ status: "RECOMMENDED", recommendedById: districtAdmin.id });
  });

  it("refuses the approval to the recommender and to staff who are members of the supporting organization", async () => {
    // The 石柱 admin is city staff too, but recommended it: a colleague approves.
    const own = await review(districtAdmin, id, { decision: "APPROVE" });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain("您推荐了该供应主体，须由其他工作人员审核认定");
    const member = await review(staffInOrg, id, { decision: "APPROVE" });
    expect(member.status).toBe(403);
    // District staff do not approve.
    expect((await review(districtStaff, id, { decision: "APPROVE" })).status).toBe(403);
    expect(await statusOf(id)).toBe("RECOMMENDED");
    // The page offers no decision to them either.
    expect(await (await staffInOrg.client.get(`/staff/producers/${id}`)).text()).toContain("您当前不能对该供应主体作出决定");
  });

  it("approves by city staff, audited and told to the organization", async () => {
    const res = await review(cityStaff, id, { decision: "APPROVE" });
    expect(res.status).toBe(302);
    expect(await prisma.producer.findUniqueOrThrow({ where: { id }, select: { status: true, approvedById: true } })).toEqual({ status: "APPROVED", approvedById: cityStaff.id });
    const actions = (await prisma.auditLog.findMany({ where: { entityType: "Producer", entityId: id }, select: { action: true, actorId: true }, orderBy: { createdAt: "asc" } })).map((a) => [a.action, a.actorId]);
    expect(actions).toEqual([
      ["producer.submitted", owner.id],
      ["producer.recommend", districtAdmin.id],
      ["producer.approve", cityStaff.id],
    ]);
    expect(await prisma.notification.count({ where: { userId: owner.id, kind: "producers.APPROVED" } })).toBe(1);
    expect((await visitor.get(`/producers/${id}`)).status).toBe(200);
  });

  it("suspends on a complaint with its category and reinstates; a suspended producer has no public page", async () => {
    const noCategory = await review(cityStaff, id, { decision: "SUSPEND", reason: "消费者投诉价格虚高" });
    expect(noCategory.status).toBe(400);
    expect(await noCategory.text()).toContain("暂停须选择原因类别");
    const noReason = await review(cityStaff, id, { decision: "SUSPEND", category: "PRICE" });
    expect(noReason.status).toBe(400);
    expect(await statusOf(id)).toBe("APPROVED");

    expect((await review(districtStaff, id, { decision: "SUSPEND", category: "QUALITY", reason: "抽检发现蜂蜜含水量超标" })).status).toBe(302);
    expect(await statusOf(id)).toBe("SUSPENDED");
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { entityId: id, action: "producer.suspend" }, select: { reason: true, after: true } });
    expect(entry).toEqual({ reason: "抽检发现蜂蜜含水量超标", after: { status: "SUSPENDED", category: "QUALITY" } });
    expect((await visitor.get(`/producers/${id}`)).status).toBe(404);
    const overview = await (await owner.client.get(`/producer/${id}`)).text();
    expect(overview).toContain("已因质量问题暂停：抽检发现蜂蜜含水量超标");
    // Staff of another district cannot touch it.
    expect((await review(otherDistrictStaff, id, { decision: "REINSTATE" })).status).toBe(403);

    expect((await review(cityStaff, id, { decision: "REINSTATE" })).status).toBe(302);
    expect(await statusOf(id)).toBe("APPROVED");
  });

  it("returns to the organization, which edits and resubmits; identity is locked once approved", async () => {
    const other = await register({ name: "石柱县三河镇辣椒专业合作社", creditCode: makeProducerCreditCode("COOPERATIVE", "500240")! });
    const noReason = await review(districtStaff, other, { decision: "RETURN" });
    expect(noReason.status).toBe(400);
    expect((await review(districtStaff, other, { decision: "RETURN", reason: "请补充带贫户名单" })).status).toBe(302);
    expect(await statusOf(other)).toBe("RETURNED");
    const editPage = await (await owner.client.get(`/producer/${other}/edit`)).text();
    expect(editPage).toContain("保存并重新提交");
    const current = await prisma.producer.findUniqueOrThrow({ where: { id: other }, select: { creditCode: true } });
    const res = await owner.client.post(`/producer/${other}/edit`, form({ name: "石柱县三河镇辣椒专业合作社", creditCode: current.creditCode!, householdCount: "30", resubmit: "1" }));
    expect(res.status).toBe(302);
    expect(await prisma.producer.findUniqueOrThrow({ where: { id: other }, select: { status: true, householdCount: true } })).toEqual({ status: "SUBMITTED", householdCount: 30 });

    // The approved one keeps its name: a descriptive change passes, a new name is refused.
    const approved = await prisma.producer.findUniqueOrThrow({ where: { id }, select: { name: true, creditCode: true } });
    const rename = await owner.client.post(`/producer/${id}/edit`, form({ name: "改名合作社", creditCode: approved.creditCode! }));
    expect(rename.status).toBe(409);
    const descriptive = await owner.client.post(`/producer/${id}/edit`, form({ name: approved.name, creditCode: approved.creditCode!, description: "新的简介：林下养蜂二十年。" }));
    expect(descriptive.status).toBe(302);
    expect(await statusOf(id)).toBe("APPROVED");
  });
});

describe("households count once city-wide", () => {
  it("counts a household named by two producers once, plus the declared counts of producers without named households", async () => {
    const { uniqueHouseholds } = await import("~/modules/producers/households.server");
    const p1 = await createProducer(prisma, { supportOrgId: orgA.id, createdById: owner.id, householdCount: 40 });
    const p2 = await createProducer(prisma, { supportOrgId: orgB.id, createdById: otherOwner.id, householdCount: 50 });
    const p3 = await createProducer(prisma, { supportOrgId: orgB.id, createdById: otherOwner.id, householdCount: 7 });
    // Through the overview's form, as the organizations would.
    const add1 = await owner.client.post(`/producer/${p1.id}?index`, { intent: "addHouseholds", households: `${ID1}\n${ID2}` });
    expect(add1.status).toBe(302);
    const add2 = await otherOwner.client.post(`/producer/${p2.id}?index`, { intent: "addHouseholds", households: `${ID1}\n${ID3}\n${ID3}` });
    expect(add2.status).toBe(302);
    // Adding the same number again changes nothing.
    expect((await owner.client.post(`/producer/${p1.id}?index`, { intent: "addHouseholds", households: ID2 })).status).toBe(302);
    const bad = await owner.client.post(`/producer/${p1.id}?index`, { intent: "addHouseholds", households: "not a number" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("第 1 行无效");

    const ids = { id: { in: [p1.id, p2.id, p3.id] } };
    // p1: ID1 ID2; p2: ID1 ID3 → 3 distinct households; p3 declared 7 (p1 and p2's declared counts give way to their named ones).
    expect(await uniqueHouseholds(ids)).toEqual({ named: 3, declared: 7, total: 10 });
    expect(await uniqueHouseholds({ id: { in: [p1.id, p2.id] } })).toEqual({ named: 3, declared: 0, total: 3 });

    // Removing one: the shared household still counts through the other producer.
    const h = await prisma.producerHousehold.findFirstOrThrow({ where: { producerId: p1.id, idNumberMasked: `${ID1.slice(0, 3)}${"*".repeat(11)}${ID1.slice(-4)}` }, select: { id: true } });
    expect((await owner.client.post(`/producer/${p1.id}?index`, { intent: "removeHousehold", householdId: h.id })).status).toBe(302);
    expect(await uniqueHouseholds(ids)).toEqual({ named: 3, declared: 7, total: 10 });
    // Another organization cannot remove p2's households.
    const h2 = await prisma.producerHousehold.findFirstOrThrow({ where: { producerId: p2.id }, select: { id: true } });
    expect((await owner.client.post(`/producer/${p2.id}?index`, { intent: "removeHousehold", householdId: h2.id })).status).toBe(403);
    // …nor reach another producer's household through its own producer's page.
    expect((await owner.client.post(`/producer/${p1.id}?index`, { intent: "removeHousehold", householdId: h2.id })).status).toBe(404);
  });
});

describe("access", () => {
  let producer: { id: string };

  beforeAll(async () => {
    producer = await createProducer(prisma, { supportOrgId: orgA.id, createdById: owner.id, contactPhone: "13987654321" });
  });

  it("keeps organization A's producers from organization B's owner", async () => {
    expect((await otherOwner.client.get(`/producer/${producer.id}`)).status).toBe(403);
    expect((await otherOwner.client.get(`/producer/${producer.id}/edit`)).status).toBe(403);
    expect((await otherOwner.client.post(`/producer/${producer.id}/edit`, form())).status).toBe(403);
    expect((await otherOwner.client.post(`/producer/${producer.id}?index`, { intent: "linkAccount", email: otherOwner.email })).status).toBe(403);
    expect((await otherOwner.client.get(`/org/${orgA.id}/producers`)).status).toBe(403);
    expect((await otherOwner.client.get("/producer/no-such-producer")).status).toBe(404);
    // Organization B's own list does not show A's producers.
    const list = await (await otherOwner.client.get(`/org/${orgB.id}/producers`)).text();
    const name = (await prisma.producer.findUniqueOrThrow({ where: { id: producer.id }, select: { name: true } })).name;
    expect(list).not.toContain(name);
    expect(await (await owner.client.get(`/org/${orgA.id}/producers`)).text()).toContain(name);
    // Staff read the workspace but do not act in it.
    expect((await cityStaff.client.get(`/producer/${producer.id}`)).status).toBe(200);
    expect((await cityStaff.client.post(`/producer/${producer.id}?index`, { intent: "unlinkAccount" })).status).toBe(403);
  });

  it("shows the public page with a masked phone and no household data", async () => {
    await owner.client.post(`/producer/${producer.id}?index`, { intent: "addHouseholds", households: ID3 });
    const res = await visitor.get(`/producers/${producer.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("139****4321");
    expect(html).not.toContain("13987654321");
    expect(html).not.toContain(`${ID3.slice(0, 3)}***`);
    expect(html).not.toContain("谭大姐");
    expect(html).toContain("谭某某");
    // The organization sees the full number in its workspace.
    expect(await (await owner.client.get(`/producer/${producer.id}`)).text()).toContain("13987654321");
    // Not approved: no public page.
    const submitted = await createProducer(prisma, { supportOrgId: orgA.id, createdById: owner.id, status: "SUBMITTED" });
    expect((await visitor.get(`/producers/${submitted.id}`)).status).toBe(404);
  });

  it("links a producer account by e-mail, which then finds it under /me and reads it, but cannot edit it", async () => {
    const unknown = await owner.client.post(`/producer/${producer.id}?index`, { intent: "linkAccount", email: "nobody-here@example.cn" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("没有使用该邮箱的账户");
    expect((await owner.client.post(`/producer/${producer.id}?index`, { intent: "linkAccount", email: accountUser.email })).status).toBe(302);
    expect((await prisma.producer.findUniqueOrThrow({ where: { id: producer.id }, select: { accountUserId: true } })).accountUserId).toBe(accountUser.id);
    expect(await prisma.notification.count({ where: { userId: accountUser.id, kind: "producers.accountLinked" } })).toBe(1);
    const mine = await (await accountUser.client.get("/me/producers")).text();
    expect(mine).toContain(`/producer/${producer.id}`);
    expect(mine).toContain("本人账户");
    expect((await accountUser.client.get(`/producer/${producer.id}`)).status).toBe(200);
    expect((await accountUser.client.get(`/producer/${producer.id}/edit`)).status).toBe(403);
    expect((await accountUser.client.post(`/producer/${producer.id}?index`, { intent: "unlinkAccount" })).status).toBe(403);
    // The organization's members find it under /me too.
    expect(await (await owner.client.get("/me/producers")).text()).toContain(`/producer/${producer.id}`);

    expect((await owner.client.post(`/producer/${producer.id}?index`, { intent: "unlinkAccount" })).status).toBe(302);
    expect((await accountUser.client.get(`/producer/${producer.id}`)).status).toBe(403);
    expect(await prisma.notification.count({ where: { userId: accountUser.id, kind: "producers.accountUnlinked" } })).toBe(1);
  });

  it("lets a bureau admin make a staff member district staff", async () => {
    const admin = await person({ globalRole: "BUREAU_ADMIN" });
    expect((await admin.client.post("/staff/users", { intent: "district", userId: cityStaff.id, districtCode: "500237" })).status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: cityStaff.id }, select: { districtCode: true } })).districtCode).toBe("500237");
    expect((await admin.client.post("/staff/users", { intent: "district", userId: accountUser.id, districtCode: "500237" })).status).toBe(400);
    expect((await cityStaff.client.post("/staff/users", { intent: "district", userId: cityStaff.id, districtCode: "" })).status).toBe(403);
    expect((await admin.client.post("/staff/users", { intent: "district", userId: cityStaff.id, districtCode: "" })).status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: cityStaff.id }, select: { districtCode: true } })).districtCode).toBeNull();
  });
});
