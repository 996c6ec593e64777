/**
 * Issue 18.1, must show: a Shandong-registered organization, registered and reviewed through the
 * normal flow, is paired with a Qianjiang relief project and gives money (a ledger posting) and
 * goods (a goods receipt); the staff dashboard, its export, the public cooperation page and the
 * bureau's sentence for that year and district show Shandong's total and count of organizations.
 * Plus: who may use the staff pages, nobody approves their own pairing request, liaison contacts
 * stay staff-only, and bad input answers 400 in the reader's language with the typed values kept.
 * Real PostgreSQL, real HTTP through the built app.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { makeCreditCode } from "~/modules/organizations/credit-code";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization, nextOrgCode } from "../support/factories/organizations";

let app: TestApp;
let prisma: PrismaClient;
let staffA: TestClient;
let staffB: TestClient;
let staffAId: string;
let owner: TestClient;
let volunteer: TestClient;
let visitor: TestClient;
let shandongOrgId: string;
let cqOrg: { id: string };
let projectId: string;
let agreementId: string;
let pairingId: string;

const YEAR = 2020;
const QIANJIANG = "500114";
const location = (res: Response) => res.headers.get("Location") ?? "";

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const a = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  const b = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  const o = await createUser(prisma);
  const v = await createUser(prisma);
  staffAId = a.id;
  staffA = new TestClient(app.baseUrl);
  await staffA.signIn(a.email, a.password);
  staffB = new TestClient(app.baseUrl);
  await staffB.signIn(b.email, b.password);
  owner = new TestClient(app.baseUrl);
  await owner.signIn(o.email, o.password);
  volunteer = new TestClient(app.baseUrl);
  await volunteer.signIn(v.email, v.password);
  visitor = new TestClient(app.baseUrl);
  // The Chongqing side: an organization in Qianjiang with a key poverty-relief project there.
  cqOrg = await createOrganization(prisma, { createdById: v.id, districtCode: QIANJIANG, name: "黔江区阳光社会工作服务中心" });
  const project = await prisma.reliefProject.create({
    data: { orgId: cqOrg.id, name: "黔江区易地扶贫搬迁安置点儿童关爱项目", districtCode: QIANJIANG, startsOn: new Date(`${YEAR}-03-01T00:00:00Z`) },
    select: { id: true },
  });
  projectId = project.id;
});

afterAll(async () => {
  await app?.close();
});

describe("a Shandong organization supports a Chongqing project (must show)", () => {
  it("registers through the normal form with its liaison district and is reviewed like others, marked with its province", async () => {
    const creditCode = makeCreditCode("SOCIAL_SERVICE_AGENCY", "370102", nextOrgCode());
    const res = await owner.post("/orgs/new", {
      name: "济南市历下区善行社会工作服务中心",
      type: "SOCIAL_SERVICE_AGENCY",
      creditCode,
      districtCode: QIANJIANG,
      foundedOn: "2014-04-01",
      address: "山东省济南市历下区泉城路 1 号",
      contactName: "孙丽",
      contactPhone: "0531-86012345",
      mission: "开展鲁渝协作对口支援，资助重庆贫困地区儿童关爱和助学项目。",
      serviceAreas: ["POVERTY_RELIEF", "CHILDREN"],
    });
    expect(res.status).toBe(302);
    const org = await prisma.organization.findUniqueOrThrow({ where: { creditCode }, select: { id: true, status: true } });
    shandongOrgId = org.id;
    expect(org.status).toBe("SUBMITTED");
    const review = await (await staffA.get(`/staff/reviews/${org.id}`)).text();
    expect(review).toContain("外省支援 · 山东省");
    expect((await staffA.post(`/staff/reviews/${org.id}`, { decision: "APPROVE" })).status).toBe(302);
    const page = await (await visitor.get(`/orgs/${org.id}`)).text();
    expect(page).toContain('data-province="37"');
    expect(page).toContain("外省支援 · 山东省");
    // A Chongqing organization carries no such mark.
    expect(await (await visitor.get(`/orgs/${cqOrg.id}`)).text()).not.toContain("data-province");
  });

  it("records an agreement: listed publicly without the liaison contacts, which staff see", async () => {
    const res = await staffA.post("/staff/cooperation", {
      title: "鲁渝民政协作框架协议（2020）",
      partnerName: "山东省民政厅",
      partnerProvince: "37",
      localName: "重庆市民政局",
      localDistrictCode: "",
      startsOn: "2020-01-01",
      endsOn: "2020-12-31",
      partnerLiaisonName: "王建国",
      partnerLiaisonPhone: "13905310001",
      localLiaisonName: "刘芳",
      localLiaisonPhone: "13983000002",
      summary: "组织山东省社会组织对口支援重庆市贫困区县。",
    });
    expect(res.status).toBe(302);
    agreementId = location(res).split("/").pop()!;
    const staffPage = await (await staffA.get(`/staff/cooperation/${agreementId}`)).text();
    expect(staffPage).toContain("13905310001");
    const publicPage = await (await visitor.get("/cooperation")).text();
    expect(publicPage).toContain("鲁渝民政协作框架协议（2020）");
    expect(publicPage).not.toContain("13905310001");
    expect(publicPage).not.toContain("王建国");
  });

  it("pairs the organization with the project and posts its money to the ledger and its goods to the goods records, tagged", async () => {
    const res = await staffA.post("/staff/cooperation/pairings", { supportOrgId: shandongOrgId, target: "PROJECT", targetId: projectId, agreementId, note: "鲁渝协作" });
    expect(res.status).toBe(302);
    pairingId = location(res).split("/").pop()!;
    const pairing = await prisma.supportPairing.findUniqueOrThrow({ where: { id: pairingId } });
    expect(pairing).toMatchObject({ status: "ACTIVE", districtCode: QIANJIANG, projectId, agreementId });

    const money = { intent: "money", amount: "1,000,000", occurredOn: `${YEAR}-06-10`, externalRef: "鲁银-2020-0610" };
    expect((await staffA.post(`/staff/cooperation/pairings/${pairingId}`, money)).status).toBe(302);
    // The same bank slip again is not counted twice (the ledger's idempotency, unchanged).
    expect((await staffA.post(`/staff/cooperation/pairings/${pairingId}`, money)).status).toBe(302);
    const goods = { intent: "goods", itemName: "冬季棉衣", category: "CLOTHING", unit: "件", quantity: "1000", value: "204500", receivedOn: `${YEAR}-11-20` };
    expect((await staffA.post(`/staff/cooperation/pairings/${pairingId}`, goods)).status).toBe(302);

    const links = await prisma.supportPairingTransaction.findMany({ where: { pairingId }, include: { transaction: true } });
    expect(links).toHaveLength(1);
    expect(links[0]!.transaction).toMatchObject({ kind: "OFFLINE_DONATION", amountFen: 100_000_000n, orgId: cqOrg.id, donorName: "济南市历下区善行社会工作服务中心", source: "对口支援" });
    const entries = await prisma.ledgerEntry.findMany({ where: { transactionId: links[0]!.transactionId } });
    expect(entries.reduce((s, e) => s + e.amountFen, 0n)).toBe(0n);
    const receipts = await prisma.supportPairingGoods.findMany({ where: { pairingId }, include: { goodsReceipt: true } });
    expect(receipts.map((r) => r.goodsReceipt)).toEqual([expect.objectContaining({ orgId: cqOrg.id, valueFen: 20_450_000n, districtCode: QIANJIANG, quantity: 1000 })]);
    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    expect((await runLedgerChecks(prisma)).filter((c) => !c.ok)).toEqual([]);
  });

  it("a second Shandong organization and a Jiangsu one elsewhere: by province, organization and district", async () => {
    const { createPairing, recordPairingMoney } = await import("~/modules/cross-region/pairings.server");
    const u = await createUser(prisma);
    const qingdao = await createOrganization(prisma, { createdById: u.id, name: "青岛市慈善助学基金会", type: "FOUNDATION", creditCode: makeCreditCode("FOUNDATION", "370202", nextOrgCode()) });
    const suzhou = await createOrganization(prisma, { createdById: u.id, name: "苏州市助老服务中心", creditCode: makeCreditCode("SOCIAL_SERVICE_AGENCY", "320508", nextOrgCode()) });
    const p2 = await createPairing(staffAId, { supportOrgId: qingdao.id, target: "PROJECT", targetId: projectId });
    await recordPairingMoney(staffAId, p2.id, { amount: 10_000_000n, occurredOn: `${YEAR}-09-01`, externalRef: "qd-1" });
    const p3 = await createPairing(staffAId, { supportOrgId: suzhou.id, target: "DISTRICT", districtCode: "500103" });
    await recordPairingMoney(staffAId, p3.id, { amount: 5_000_000n, occurredOn: `${YEAR}-05-01`, externalRef: "sz-1", recipientOrgId: cqOrg.id });
    // Another year: not counted in 2020.
    await recordPairingMoney(staffAId, p2.id, { amount: 99_900n, occurredOn: `${YEAR + 1}-01-05`, externalRef: "qd-2021" });

    const { crossRegionSupport } = await import("~/modules/cross-region/stats.server");
    const district = await crossRegionSupport({ from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, districtCode: QIANJIANG }, prisma);
    expect(district.byProvince).toEqual([{ code: "37", moneyFen: 110_000_000, goodsFen: 20_450_000, orgs: 2 }]);
    expect(district.total).toEqual({ moneyFen: 110_000_000, goodsFen: 20_450_000, orgs: 2 });
    const city = await crossRegionSupport({ from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, prisma);
    expect(city.byProvince.map((p) => [p.code, p.orgs, p.moneyFen + p.goodsFen])).toEqual([
      ["37", 2, 130_450_000],
      ["32", 1, 5_000_000],
    ]);
    expect(city.byDistrict.map((d) => [d.code, d.orgs])).toEqual([
      [QIANJIANG, 2],
      ["500103", 1],
    ]);
    expect(city.byOrg.map((o) => o.name)).toEqual(["济南市历下区善行社会工作服务中心", "青岛市慈善助学基金会", "苏州市助老服务中心"]);
  });

  it("the staff dashboard, its export and the bureau's sentence for that year and district state Shandong's total and count", async () => {
    const html = await (await staffA.get(`/staff/stats?period=year&year=${YEAR}&district=${QIANJIANG}`)).text();
    expect(html).toContain("山东省2家社会组织对口支援黔江区项目130余万元。");
    expect(html).toContain('data-table="crossRegionByProvince"');
    expect(html).not.toContain("江苏省1家");
    const city = await (await staffA.get(`/staff/stats?period=year&year=${YEAR}`)).text();
    expect(city).toContain("山东省2家社会组织对口支援我市项目130余万元，江苏省1家社会组织对口支援我市项目5万元。");
    const csv = await (await staffA.get(`/staff/stats/export?period=year&year=${YEAR}&district=${QIANJIANG}&format=csv`)).text();
    expect(csv).toContain("外省支援 · 按省份");
    expect(csv).toMatch(/山东省,1100000(\.00?)?,204500(\.00?)?,2/);
    // The year before has none: no clause (a report does not say 「0家」).
    expect(await (await staffA.get(`/staff/stats?period=year&year=${YEAR - 1}&district=${QIANJIANG}`)).text()).not.toContain("家社会组织对口支援");
    // In English too.
    const en = new TestClient(app.baseUrl);
    const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
    await en.signIn(s.email, s.password);
    await en.post("/set-locale", { locale: "en", redirectTo: "/" });
    expect(await (await en.get(`/staff/stats?period=year&year=${YEAR}&district=${QIANJIANG}`)).text()).toContain("2 social organizations from Shandong supported projects in Qianjiang District with over ¥1.3 million.");
  });

  it("the public cooperation page shows the year's support by province and district, no personal data", async () => {
    const html = await (await visitor.get(`/cooperation?year=${YEAR}`)).text();
    expect(html).toContain('data-testid="public-support-provinces"');
    expect(html).toMatch(/山东省<\/th><td class="num">2<\/td><td class="num" data-value="110000000">110万元<\/td><td class="num" data-value="20450000">20.45万元/);
    expect(html).not.toContain("孙丽");
    expect(html).not.toContain("0531-86012345");
  });
});

describe("pairing requests: nobody approves their own", () => {
  it("the organization requests, the requester cannot decide it, another staff member can", async () => {
    const { requestPairing } = await import("~/modules/cross-region/pairings.server");
    // A staff member filing a request themselves (as if for the organization) may not approve it.
    const own = await requestPairing(staffAId, shandongOrgId, { target: "DISTRICT", districtCode: "500242" });
    const refused = await staffA.post(`/staff/cooperation/pairings/${own.id}`, { intent: "decide", decision: "APPROVE" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("不能审核自己提交的结对申请。");
    expect((await staffB.post(`/staff/cooperation/pairings/${own.id}`, { intent: "decide", decision: "APPROVE" })).status).toBe(302);
    expect((await prisma.supportPairing.findUniqueOrThrow({ where: { id: own.id } })).status).toBe("ACTIVE");

    // The organization's owner asks through its page; it waits for staff.
    const res = await owner.post(`/org/${shandongOrgId}/cooperation`, { target: "PROJECT", targetId: projectId, note: "希望继续支援" });
    expect(res.status).toBe(302);
    const requested = await prisma.supportPairing.findFirstOrThrow({ where: { supportOrgId: shandongOrgId, status: "REQUESTED" } });
    expect((await staffA.post(`/staff/cooperation/pairings/${requested.id}`, { intent: "decide", decision: "REJECT" })).status).toBe(302);
    // Decided once.
    expect((await staffB.post(`/staff/cooperation/pairings/${requested.id}`, { intent: "decide", decision: "APPROVE" })).status).toBe(409);
    // Money cannot be given under a pairing that is not active.
    expect((await staffA.post(`/staff/cooperation/pairings/${requested.id}`, { intent: "money", amount: "100", occurredOn: "2020-01-01", externalRef: "x" })).status).toBe(409);
  });

  it("a Chongqing organization cannot be a supporting organization", async () => {
    const res = await staffA.post("/staff/cooperation/pairings", { supportOrgId: cqOrg.id, target: "PROJECT", targetId: projectId });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("只有在外省登记的社会组织可以作为支援组织。");
  });
});

describe("access and validation", () => {
  const STAFF_PAGES = () => ["/staff/cooperation", `/staff/cooperation/${agreementId}`, "/staff/cooperation/pairings", `/staff/cooperation/pairings/${pairingId}`];

  it("staff pages: the sign-in page for visitors, 403 for others, open to staff", async () => {
    for (const path of STAFF_PAGES()) {
      const v = await visitor.get(path, { followRedirects: false });
      expect(v.status, path).toBe(302);
      expect(location(v), path).toContain("/auth/login");
      expect((await volunteer.get(path)).status, path).toBe(403);
      expect((await owner.get(path)).status, path).toBe(403);
      expect((await staffB.get(path)).status, path).toBe(200);
    }
    expect((await owner.post("/staff/cooperation/pairings", { supportOrgId: shandongOrgId, target: "PROJECT", targetId: projectId })).status).toBe(403);
    expect((await volunteer.post(`/staff/cooperation/pairings/${pairingId}`, { intent: "money", amount: "1", occurredOn: "2020-01-01", externalRef: "y" })).status).toBe(403);
    // The organization's page: members only; a stranger gets 403.
    expect((await owner.get(`/org/${shandongOrgId}/cooperation`)).status).toBe(200);
    expect((await volunteer.get(`/org/${shandongOrgId}/cooperation`)).status).toBe(403);
  });

  it("bad input answers 400 with the message in the reader's language, keeping what was typed", async () => {
    // Chongqing itself is no partner province; a phone that is none.
    const bad = { title: "鲁渝协作补充协议", partnerName: "山东省民政厅", partnerProvince: "50", localName: "黔江区民政局", localDistrictCode: QIANJIANG, startsOn: "2021-06-01", endsOn: "2021-01-01", partnerLiaisonPhone: "12345" };
    const res = await staffA.post("/staff/cooperation", bad);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请选择外省一方所在的省份。");
    expect(html).toContain("请输入有效的手机号或固定电话");
    expect(html).toContain("鲁渝协作补充协议");
    // Otherwise valid but ending before it starts.
    const backwards = { ...bad, partnerProvince: "37", partnerLiaisonPhone: "" };
    const res2 = await staffA.post("/staff/cooperation", backwards);
    expect(res2.status).toBe(400);
    expect(await res2.text()).toContain("结束日期不能早于开始日期。");
    const en = new TestClient(app.baseUrl);
    const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
    await en.signIn(s.email, s.password);
    await en.post("/set-locale", { locale: "en", redirectTo: "/" });
    const enRes = await en.post("/staff/cooperation", bad);
    expect(enRes.status).toBe(400);
    expect(await enRes.text()).toContain("Choose the partner&#x27;s province.");
    const enRes2 = await en.post("/staff/cooperation", backwards);
    expect(enRes2.status).toBe(400);
    expect(await enRes2.text()).toContain("The end date cannot be before the start date.");

    const money = await staffA.post(`/staff/cooperation/pairings/${pairingId}`, { intent: "money", amount: "-5", occurredOn: "2020-13-45", externalRef: "" });
    expect(money.status).toBe(400);
    const pairing = await staffA.post("/staff/cooperation/pairings", { supportOrgId: shandongOrgId, target: "PROJECT", targetId: "" });
    expect(pairing.status).toBe(400);
    expect(await pairing.text()).toContain("请填写支援对象的编号。");
    expect((await staffA.post(`/staff/cooperation/pairings/${pairingId}`, { intent: "nonsense" })).status).toBe(400);
    expect(await prisma.cooperationAgreement.count()).toBe(1);
  });
});
