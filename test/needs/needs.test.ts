/**
 * Needs and responses through the built app (real HTTP, fresh database): posting with validation
 * and the personal-data refusal, responding, acceptance moving progress and status under a lock,
 * access per role, the search outbox keeping the index in step, and /search never answering 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createNeed, createNeedResponse } from "../support/factories/needs";
import { makeIdNumber } from "~/modules/accounts/id-number";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let staff: TestClient, owner: TestClient, otherOwner: TestClient, anonymous: TestClient, plainUser: TestClient;
let users: Record<string, { id: string; email: string; password: string }>;
let org: { id: string }, otherOrg: { id: string };
let drain: () => Promise<unknown>;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  ({ drainSearchOutbox: drain } = await import("~/modules/search-outbox/worker.server"));
  users = {
    staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
    owner: await createUser(prisma),
    otherOwner: await createUser(prisma),
    plain: await createUser(prisma),
  };
  org = await createOrganization(prisma, { createdById: users.owner!.id, name: "城口县青山社会工作服务中心", districtCode: "500229", serviceAreas: ["CHILDREN", "EDUCATION"] });
  otherOrg = await createOrganization(prisma, { createdById: users.otherOwner!.id, name: "黔江区夕阳红养老服务中心", districtCode: "500114", serviceAreas: ["ELDERLY"] });
  [staff, owner, otherOwner, anonymous, plainUser] = [new TestClient(app.baseUrl), new TestClient(app.baseUrl), new TestClient(app.baseUrl), new TestClient(app.baseUrl), new TestClient(app.baseUrl)];
  await staff.signIn(users.staff!.email, users.staff!.password);
  await owner.signIn(users.owner!.email, users.owner!.password);
  await otherOwner.signIn(users.otherOwner!.email, users.otherOwner!.password);
  await plainUser.signIn(users.plain!.email, users.plain!.password);
});
afterAll(async () => {
  await app?.close();
});

const validNeed = {
  title: "城口县修齐镇留守儿童周末课业辅导",
  description: "修齐镇有32名留守儿童，需要志愿者周末开展课业辅导和心理陪伴，并募集学习用品。",
  category: "LEFT_BEHIND_CHILDREN",
  urgency: "HIGH",
  districtCode: "500229",
  town: "修齐镇",
  beneficiaryGroups: ["LEFT_BEHIND_CHILD"],
  wantVolunteers: "6",
  wantMoneyYuan: "3000",
  goodsName0: "书包",
  goodsQuantity0: "32",
  goodsUnit0: "个",
};

describe("posting needs", () => {
  it("refuses text with an ID number or a mobile number, keeping the typed values", async () => {
    const id = makeIdNumber("500229", "20120305", "021");
    const res = await staff.post("/staff/needs/new", { ...validNeed, description: `受助儿童身份证号 ${id}，请帮助。` });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("内容中含有身份证号");
    expect(html).toContain("城口县修齐镇留守儿童周末课业辅导");
    const phone = await staff.post("/staff/needs/new", { ...validNeed, village: "联系人 13912345678" });
    expect(phone.status).toBe(400);
    expect(await phone.text()).toContain("内容中含有手机号");
    expect(await prisma.need.count()).toBe(0);
  });

  it("explains other invalid input instead of failing", async () => {
    const res = await staff.post("/staff/needs/new", { ...validNeed, wantVolunteers: "", wantMoneyYuan: "", goodsName0: "", goodsQuantity0: "", goodsUnit0: "", category: "BOGUS", districtCode: "123" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请选择区县");
    const nothing = await staff.post("/staff/needs/new", { ...validNeed, wantVolunteers: "", wantMoneyYuan: "", goodsName0: "", goodsQuantity0: "", goodsUnit0: "" });
    expect(nothing.status).toBe(400);
    expect(await nothing.text()).toContain("请至少填写一项需要的帮助");
    const money = await staff.post("/staff/needs/new", { ...validNeed, wantMoneyYuan: "12.345" });
    expect(money.status).toBe(400);
  });

  it("lets only staff post, and opens the need at once", async () => {
    expect((await anonymous.post("/staff/needs/new", validNeed)).status).toBe(302);
    expect((await plainUser.post("/staff/needs/new", validNeed)).status).toBe(403);
    const res = await staff.post("/staff/needs/new", validNeed);
    expect(res.status).toBe(302);
    const need = await prisma.need.findFirstOrThrow({ select: { id: true, status: true, wantMoneyFen: true, goods: { select: { name: true, quantity: true } } } });
    expect(need).toMatchObject({ status: "OPEN", wantMoneyFen: 300_000n, goods: [{ name: "书包", quantity: 32 }] });
    expect(res.headers.get("Location")).toBe(`/staff/needs/${need.id}`);
  });
});

describe("responses and progress", () => {
  it("accepts offers, moves to PARTLY_MET then MET, and refuses the wrong people", async () => {
    const need = await createNeed(prisma, { createdById: users.staff!.id, title: "城口县留守儿童助学", districtCode: "500229", wantVolunteers: 4, wantMoneyFen: 100_000n });
    // The offer, through the form.
    const offer = await owner.post(`/org/${org.id}/needs/${need.id}/respond`, { kind: "VOLUNTEERS", volunteerCount: "4", message: "周末可派 4 名社工" });
    expect(offer.status).toBe(302);
    expect((await owner.post(`/org/${org.id}/needs/${need.id}/respond`, { kind: "VOLUNTEERS", volunteerCount: "1" })).status).toBe(409);
    expect((await owner.post(`/org/${org.id}/needs/${need.id}/respond`, { kind: "PURCHASE", quantity: "1", unitPriceYuan: "2" })).status).toBe(400);
    expect((await otherOwner.post(`/org/${org.id}/needs/${need.id}/respond`, { kind: "MONEY", amountYuan: "10" })).status).toBe(403);
    const response = await prisma.needResponse.findFirstOrThrow({ where: { needId: need.id }, select: { id: true } });

    // Another organization's owner cannot decide on a need it did not propose.
    expect((await otherOwner.post(`/org/${otherOrg.id}/needs/${need.id}/responses`, { responseId: response.id, decision: "accept" })).status).toBe(403);
    const accept = await staff.post(`/staff/needs/${need.id}`, { intent: "decide", responseId: response.id, decision: "accept" });
    expect(accept.status).toBe(302);
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id }, select: { status: true } })).status).toBe("PARTLY_MET");
    expect((await staff.post(`/staff/needs/${need.id}`, { intent: "decide", responseId: response.id, decision: "accept" })).status).toBe(409);

    const money = await otherOwner.post(`/org/${otherOrg.id}/needs/${need.id}/respond`, { kind: "MONEY", amountYuan: "1000" });
    expect(money.status).toBe(302);
    const moneyResponse = await prisma.needResponse.findFirstOrThrow({ where: { needId: need.id, kind: "MONEY" }, select: { id: true } });
    await staff.post(`/staff/needs/${need.id}`, { intent: "decide", responseId: moneyResponse.id, decision: "accept" });
    const after = await prisma.need.findUniqueOrThrow({ where: { id: need.id }, select: { status: true, metAt: true } });
    expect(after.status).toBe("MET");
    expect(after.metAt).toBeInstanceOf(Date);
    const page = await (await anonymous.get(`/needs/${need.id}`)).text();
    expect(page).toContain("该需求当前不接受新的响应");
    expect(page).toContain('aria-valuenow="100"');
    // The responding organization was told.
    expect(await prisma.notification.count({ where: { userId: users.otherOwner!.id, kind: "needs.responseAccepted" } })).toBe(1);
  });

  it("serialises concurrent acceptances on one need (row lock): the status ends MET", async () => {
    const need = await createNeed(prisma, { createdById: users.staff!.id, wantVolunteers: null, wantMoneyFen: 200_000n });
    const a = await createNeedResponse(prisma, { needId: need.id, orgId: org.id, createdById: users.owner!.id, kind: "MONEY", amountFen: 100_000n });
    const b = await createNeedResponse(prisma, { needId: need.id, orgId: otherOrg.id, createdById: users.otherOwner!.id, kind: "MONEY", amountFen: 100_000n });
    const { decideResponse } = await import("~/modules/needs/responses.server");
    await Promise.all([a, b].map((r) => decideResponse({ userId: users.staff!.id, asStaff: true }, need.id, r.id, "accept")));
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id }, select: { status: true } })).status).toBe("MET");
  });

  it("lets the proposing organization decide on offers to its own need, after staff approval", async () => {
    const propose = await owner.post(`/org/${org.id}/needs/new`, { ...validNeed, title: "修齐镇敬老院冬季物资", category: "ELDERLY_CARE", wantMoneyYuan: "", wantVolunteers: "" });
    expect(propose.status).toBe(302);
    const need = await prisma.need.findFirstOrThrow({ where: { title: "修齐镇敬老院冬季物资" }, select: { id: true, status: true, goods: { select: { id: true } } } });
    expect(need.status).toBe("PROPOSED");
    expect((await anonymous.get(`/needs/${need.id}`)).status).toBe(404);
    expect((await owner.get(`/needs/${need.id}`)).status).toBe(200);
    expect((await otherOwner.post(`/org/${otherOrg.id}/needs/${need.id}/respond`, { kind: "GOODS", goodsItemId: need.goods[0]!.id, quantity: "5" })).status).toBe(404);
    expect((await staff.post(`/staff/needs/${need.id}`, { intent: "review", decision: "approve" })).status).toBe(302);
    expect((await otherOwner.post(`/org/${otherOrg.id}/needs/${need.id}/respond`, { kind: "GOODS", goodsItemId: need.goods[0]!.id, quantity: "32" })).status).toBe(302);
    expect((await owner.post(`/org/${org.id}/needs/${need.id}/respond`, { kind: "GOODS", goodsItemId: need.goods[0]!.id, quantity: "1" })).status).toBe(409);
    const r = await prisma.needResponse.findFirstOrThrow({ where: { needId: need.id }, select: { id: true } });
    expect((await owner.post(`/org/${org.id}/needs/${need.id}/responses`, { responseId: r.id, decision: "accept" })).status).toBe(302);
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id }, select: { status: true } })).status).toBe("MET");
  });
});

describe("search index through the outbox", () => {
  it("indexes open needs, keeps proposed ones out, and follows status changes", async () => {
    const open = await createNeed(prisma, { createdById: users.staff!.id, title: "酉阳花田贡米寻找买家", category: "CONSUMPTION_AID", districtCode: "500242", wantVolunteers: null, produce: { name: "贡米", quantity: 2000, unit: "斤", priceFen: 800n } });
    const proposed = await createNeed(prisma, { createdById: users.owner!.id, status: "PROPOSED", title: "酉阳茶叶滞销待审核", districtCode: "500242", proposedByOrgId: org.id });
    await prisma.searchOutbox.createMany({ data: [{ kind: "need", entityId: open.id }, { kind: "need", entityId: proposed.id }, { kind: "organization", entityId: org.id }, { kind: "nonsense", entityId: "x" }] });
    await drain();
    const docs = (await prisma.searchDocument.findMany({ select: { kind: true, entityId: true, match: { select: { status: true } } } })).map(({ match, ...d }) => ({ ...d, status: match?.status }));
    expect(docs).toEqual(expect.arrayContaining([{ kind: "need", entityId: open.id, status: "OPEN" }, { kind: "organization", entityId: org.id, status: "APPROVED" }]));
    expect(docs.find((d) => d.entityId === proposed.id)).toBeUndefined();
    const stuck = await prisma.searchOutbox.findFirstOrThrow({ where: { kind: "nonsense" }, select: { processedAt: true, lastError: true } });
    expect(stuck.processedAt).toBeNull();
    expect(stuck.lastError).toContain("no search adapter");
    // No personal data in documents: the organization's contact person and phone are not indexed.
    const orgDoc = await prisma.searchDocument.findUniqueOrThrow({ where: { kind_entityId: { kind: "organization", entityId: org.id } }, select: { title: true, body: true, tags: true, trgmText: true } });
    expect(JSON.stringify(orgDoc)).not.toMatch(/张老师|023-79221234/);

    const res = await anonymous.get(`/search?q=${encodeURIComponent("贡米 买家")}`);
    const html = await res.text();
    expect(html).toContain(`/needs/${open.id}`);
    expect(html).toContain("<mark>贡米</mark>");
    // Closing updates the document (status facet) via the outbox, processed before the next search.
    expect((await staff.post(`/staff/needs/${open.id}`, { intent: "review", decision: "close" })).status).toBe(302);
    const json = (await (await anonymous.get(`/api/search?q=${encodeURIComponent("贡米")}`)).json()) as { hits: { id: string; status: string }[] };
    expect(json.hits.find((h) => h.id === open.id)?.status).toBe("CLOSED");
  });

  it("answers bad search input with results or a message, never a 500", async () => {
    const cases = [
      "",
      "q=",
      `q=${encodeURIComponent("儿".repeat(1000))}`,
      "q=a&page=99999999",
      "q=a&page=-1",
      "q=a&page=abc",
      "q=%E5%84%BF&kind=need%22%20OR%201%3D1",
      `q=${encodeURIComponent("'; DROP TABLE \"SearchDocument\"; --")}`,
      `q=${encodeURIComponent('儿童" OR kind = "x')}&status=${encodeURIComponent('OPEN" OR 1=1')}`,
      "q=%E5%84%BF&unknown=1&sort=evil&size=100000",
      `q=${encodeURIComponent("(((")}`,
      `q=${encodeURIComponent("&|!:*<->")}`,
    ];
    for (const qs of cases) {
      for (const path of ["/search", "/api/search"]) {
        const res = await anonymous.get(`${path}?${qs}`);
        expect(res.status, `${path}?${qs}`).toBe(200);
      }
    }
    // Broken percent-encoding is refused before the app, with a message, never a 500 (#11.7).
    for (const path of ["/search", "/api/search"]) {
      const res = await anonymous.get(`${path}?q=%E0%A4%A`);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/编码无效|encoding/);
    }
    const long = await (await anonymous.get(`/search?q=${encodeURIComponent("儿".repeat(1000))}`)).text();
    expect(long).toContain("关键词过长");
    const unknown = await (await anonymous.get("/search?q=x&bogus=1")).text();
    expect(unknown).toContain("不支持的筛选条件已忽略：bogus");
    expect(await prisma.searchDocument.count()).toBeGreaterThan(0);
  });
});
