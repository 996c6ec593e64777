/**
 * Paired purchasing (结对助销 / 定向采购) over real HTTP: registering buying units and pledges (the
 * canteen share, the no-canteen declaration, the credit code), fulfilment derived from
 * ConsumptionSale rows carrying the pledge's id (inserted directly: that table is the contract the
 * shop and the offline sales write to), the staff overview by district with the "below share late
 * in the year" flag and its export, and who may see or edit what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer } from "../support/factories/consumption";
import { createBuyingUnit, createPledge, createPledgeSale, makeUnitCreditCode } from "../support/factories/pledges";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
type Who = "owner" | "member" | "finance" | "otherOwner" | "manager" | "stranger" | "staff";
const c = {} as Record<Who | "anonymous", TestClient>;
const users = {} as Record<Who, { id: string; email: string; password: string }>;
let org: { id: string };
let otherOrg: { id: string };
let producer: { id: string; districtCode: string };
let pendingProducer: { id: string };

const unitForm = (o: Record<string, string | undefined> = {}) => ({
  name: "重庆市渝中区某某局机关食堂",
  kind: "GOVERNMENT",
  creditCode: makeUnitCreditCode(),
  districtCode: "500103",
  isBudgetUnit: "on",
  canteen: "HAS",
  contactName: "刘主任",
  contactPhone: "13912345678",
  managerEmail: users.manager.email,
  ...o,
});
const pledgeForm = (o: Record<string, string | undefined> = {}) => ({ intent: "pledge", year: "2026", pledged: "100000", targetDistrictCode: "500240", canteenBudget: "1000000", sharePercent: "", ...o });

async function registerUnit(form: Record<string, string | undefined>) {
  const res = await c.owner.post(`/org/${org.id}/buying-units/new`, form);
  expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(302);
  return res.headers.get("Location")!.split("/").pop()!;
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  for (const who of ["owner", "member", "finance", "otherOwner", "manager", "stranger"] as const) users[who] = await createUser(prisma);
  users.staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  org = await createOrganization(prisma, { createdById: users.owner.id, members: [{ userId: users.member.id, role: "MEMBER" }, { userId: users.finance.id, role: "FINANCE" }] });
  otherOrg = await createOrganization(prisma, { createdById: users.otherOwner.id });
  producer = await createProducer(prisma, { supportOrgId: org.id, createdById: users.owner.id, districtCode: "500240" });
  pendingProducer = await createProducer(prisma, { supportOrgId: org.id, createdById: users.owner.id, status: "SUBMITTED" });
  c.anonymous = new TestClient(app.baseUrl);
  for (const who of Object.keys(users) as Who[]) {
    c[who] = new TestClient(app.baseUrl);
    await c[who].signIn(users[who].email, users[who].password);
  }
}, 120_000);
afterAll(async () => app?.close());

describe("registering buying units", () => {
  it("refuses a bad credit code with 400, keeping what was typed", async () => {
    const before = await prisma.buyingUnit.count();
    const res = await c.owner.post(`/org/${org.id}/buying-units/new`, unitForm({ creditCode: "91500103MA5U7XYZ01", name: "重庆某某集团有限公司" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("统一社会信用代码不正确");
    expect(html).toContain('value="重庆某某集团有限公司"');
    expect(html).toContain('value="91500103MA5U7XYZ01"');
    expect(await prisma.buyingUnit.count()).toBe(before);
  });

  it("asks whether the unit has a canteen, and refuses a school canteen declaring it has none", async () => {
    const unanswered = await c.owner.post(`/org/${org.id}/buying-units/new`, unitForm({ canteen: undefined }));
    expect(unanswered.status).toBe(400);
    expect(await unanswered.text()).toContain("请说明本单位是否有食堂");
    const res = await c.owner.post(`/org/${org.id}/buying-units/new`, unitForm({ kind: "SCHOOL_CANTEEN", canteen: "NONE", name: "某某中学" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("学校食堂类单位不能声明无食堂");
    expect(html).toContain('value="某某中学"');
  });

  it("refuses a manager e-mail that belongs to nobody", async () => {
    const res = await c.owner.post(`/org/${org.id}/buying-units/new`, unitForm({ managerEmail: "nobody-here@example.cn" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("没有使用该邮箱注册的用户");
    expect(html).toContain('value="nobody-here@example.cn"');
  });

  it("records a budget unit's no-canteen declaration, after which it owes no canteen share", async () => {
    const unitId = await registerUnit(unitForm({ name: "重庆市某某办公室", canteen: "NONE", managerEmail: "" }));
    const unit = await prisma.buyingUnit.findUniqueOrThrow({ where: { id: unitId } });
    expect(unit).toMatchObject({ isBudgetUnit: true, hasCanteen: false, orgId: org.id, createdById: users.owner.id });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: unitId, action: "buyingUnit.created" } });
    expect(audit.after).toMatchObject({ hasCanteen: false, noCanteenDeclared: true });
    expect(JSON.stringify(audit.after)).not.toContain("13912345678");

    // No budget asked, none stored, whatever is posted.
    const res = await c.owner.post(`/org/${org.id}/buying-units/${unitId}`, pledgeForm({ pledged: "5000", canteenBudget: "1000000" }));
    expect(res.status).toBe(302);
    const pledge = await prisma.purchasePledge.findFirstOrThrow({ where: { buyingUnitId: unitId } });
    expect(pledge).toMatchObject({ pledgedFen: 500_000n, canteenBudgetFen: null, requiredShareBp: null, targetDistrictCode: "500240" });
    const page = await (await c.owner.get(`/pledges/${pledge.id}`)).text();
    expect(page).toContain("已声明无食堂，不承担食堂采购份额");
  });
});

describe("pledges and the canteen share", () => {
  let unitId: string;
  beforeAll(async () => {
    unitId = await registerUnit(unitForm({ name: "重庆市某某委员会机关" }));
  });

  it("requires a budget unit with a canteen to give its canteen food budget", async () => {
    const res = await c.owner.post(`/org/${org.id}/buying-units/${unitId}`, pledgeForm({ canteenBudget: "" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("须填写当年食堂食材采购预算");
  });

  it("refuses a pledge below budget × share, explaining the figure, with the typed values kept", async () => {
    const res = await c.owner.post(`/org/${org.id}/buying-units/${unitId}`, pledgeForm({ pledged: "50000", canteenBudget: "1000000" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("承诺金额 ¥50,000.00 低于食堂采购份额：当年食堂食材采购预算 ¥1,000,000.00 × 10% = ¥100,000.00");
    expect(html).toContain('value="50000"');
    expect(html).toContain('value="1000000"');
    expect(await prisma.purchasePledge.count({ where: { buyingUnitId: unitId } })).toBe(0);
  });

  it("takes a higher share but never one below the configured floor", async () => {
    const low = await c.owner.post(`/org/${org.id}/buying-units/${unitId}`, pledgeForm({ sharePercent: "5" }));
    expect(low.status).toBe(400);
    expect(await low.text()).toContain("不得低于本市规定的 10%");
    const high = await c.owner.post(`/org/${org.id}/buying-units/${unitId}`, pledgeForm({ sharePercent: "15", pledged: "120000" }));
    expect(high.status).toBe(400);
    expect(await high.text()).toContain("× 15% = ¥150,000.00");
  });

  it("refuses a producer that is not approved, and a pledge without any target", async () => {
    const res = await c.owner.post(`/org/${org.id}/buying-units/${unitId}`, pledgeForm({ targetDistrictCode: "", targetProducerId: pendingProducer.id }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("只能选择已认定的供应主体");
    const none = await c.owner.post(`/org/${org.id}/buying-units/${unitId}`, pledgeForm({ targetDistrictCode: "" }));
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("请选择结对区县或结对供应主体");
  });

  it("saves a pledge at the share, audited, and opens its page", async () => {
    const res = await c.owner.post(`/org/${org.id}/buying-units/${unitId}`, pledgeForm({ targetDistrictCode: "", targetProducerId: producer.id }));
    expect(res.status).toBe(302);
    const pledgeId = res.headers.get("Location")!.replace("/pledges/", "");
    const pledge = await prisma.purchasePledge.findUniqueOrThrow({ where: { id: pledgeId } });
    // The producer's district becomes the paired district.
    expect(pledge).toMatchObject({ year: 2026, pledgedFen: 10_000_000n, canteenBudgetFen: 100_000_000n, requiredShareBp: 1000, targetProducerId: producer.id, targetDistrictCode: producer.districtCode });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: pledgeId, action: "purchasePledge.created" } });
    expect(audit).toMatchObject({ actorId: users.owner.id, orgId: org.id });
    const page = await c.owner.get(`/pledges/${pledgeId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("¥100,000.00");
  });
});

describe("fulfilment, derived from sales counted against the pledge", () => {
  let pledgeId: string;
  let otherPledgeId: string;
  beforeAll(async () => {
    const unit = await createBuyingUnit(prisma, { createdById: users.owner.id, orgId: org.id, managerUserId: users.manager.id, name: "重庆市某某局" });
    pledgeId = (await createPledge(prisma, { buyingUnitId: unit.id, createdById: users.owner.id, pledgedFen: 10_000_000n })).id;
    otherPledgeId = (await createPledge(prisma, { buyingUnitId: unit.id, createdById: users.owner.id, year: 2026, targetDistrictCode: "500241" })).id;
    const sale = (amountFen: bigint, soldOn: string, pid: string | null = pledgeId) => createPledgeSale(prisma, { orgId: org.id, pledgeId: pid, amountFen, soldOn });
    await sale(100_000n, "2026-01-01");
    await sale(50_000n, "2026-01-31");
    // Received at 00:30 on 1 February in Shanghai (16:30 UTC on 31 January): the shop writes that day.
    await sale(200_000n, "2026-02-01");
    await sale(30_000n, "2026-12-31");
    await sale(70_000n, "2025-12-31"); // attached but outside the year: shown, not counted
    await sale(999_900n, "2026-03-01", null); // same district, no pledge: not guessed into it
    await sale(10_000n, "2026-03-01", otherPledgeId);
  });

  it("sums only the pledge's rows of its year, in monthly buckets", async () => {
    const { monthlyFulfilment, fulfilledByPledge } = await import("~/modules/pledges/fulfilment.server");
    const m = await monthlyFulfilment(pledgeId, 2026);
    expect(m.totalFen).toBe(380_000n);
    expect(m.months.map((b) => b.fen)).toEqual([150_000n, 200_000n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 30_000n]);
    expect(m.months[1]!.cumulativeFen).toBe(350_000n);
    expect(m.months[11]!.cumulativeFen).toBe(380_000n);
    expect(m).toMatchObject({ outsideFen: 70_000n, outsideSales: 1 });
    const all = await fulfilledByPledge([pledgeId, otherPledgeId]);
    expect(all.get(pledgeId)).toBe(380_000n);
    expect(all.get(otherPledgeId)).toBe(10_000n);
  });

  it("shows pledged, fulfilled, remaining and the monthly chart on the pledge's page", async () => {
    const res = await c.manager.get(`/pledges/${pledgeId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/data-testid="pledged"[^>]*>¥100,000.00</);
    expect(html).toMatch(/data-testid="fulfilled"[^>]*>¥3,800.00</);
    expect(html).toMatch(/data-testid="remaining"[^>]*>¥96,200.00</);
    expect(html).toMatch(/data-testid="percent"[^>]*>3.8%</);
    expect(html).toContain('data-value="1500"'); // January's bar, in yuan
    expect(html).toContain('data-value="2000"'); // February's bar
    expect(html).toContain("日期不在 2026 年内");
  });

  it("lists the pledges a manager may count purchases against", async () => {
    const { pledgesForManager, mayCountAgainstPledge } = await import("~/modules/pledges/pledges.server");
    const mine = (await pledgesForManager(users.manager.id, 2026)).map((p) => p.id);
    expect(mine).toEqual(expect.arrayContaining([pledgeId, otherPledgeId]));
    expect(await pledgesForManager(users.manager.id, 2025)).toEqual([]);
    // Members with org:shop of the registering organization manage its units too; finance does not.
    expect((await pledgesForManager(users.member.id, 2026)).map((p) => p.id)).toContain(pledgeId);
    expect(await pledgesForManager(users.finance.id, 2026)).toEqual([]);
    expect(await pledgesForManager(users.stranger.id, 2026)).toEqual([]);
    expect(await mayCountAgainstPledge(users.manager.id, pledgeId)).toBe(true);
    expect(await mayCountAgainstPledge(users.otherOwner.id, pledgeId)).toBe(false);
  });

  it("shows the manager their units and pledges on /me/buying-units", async () => {
    const html = await (await c.manager.get("/me/buying-units")).text();
    expect(html).toContain("重庆市某某局");
    expect(html).toContain(`/pledges/${pledgeId}`);
    expect(await (await c.stranger.get("/me/buying-units")).text()).toContain("您还不是任何采购单位的负责人");
  });
});

describe("the staff overview by district", () => {
  let belowUnit: string;
  let metUnit: string;
  let noCanteenUnit: string;
  beforeAll(async () => {
    // A separate year, so the rows above do not mix in.
    const year = 2030;
    const mk = async (name: string, o: { districtCode: string; pledgedFen: bigint; budget: bigint | null; sold: bigint; hasCanteen?: boolean }) => {
      const unit = await createBuyingUnit(prisma, { createdById: users.owner.id, orgId: org.id, name, hasCanteen: o.hasCanteen ?? true });
      const p = await createPledge(prisma, { buyingUnitId: unit.id, createdById: users.owner.id, year, targetDistrictCode: o.districtCode, pledgedFen: o.pledgedFen, canteenBudgetFen: o.budget, requiredShareBp: o.budget === null ? null : 1000 });
      if (o.sold) await createPledgeSale(prisma, { orgId: org.id, pledgeId: p.id, amountFen: o.sold, soldOn: `${year}-06-15` });
      return unit.id;
    };
    belowUnit = await mk("甲单位", { districtCode: "500240", pledgedFen: 2_000_000n, budget: 20_000_000n, sold: 500_000n });
    metUnit = await mk("乙单位", { districtCode: "500240", pledgedFen: 3_000_000n, budget: 20_000_000n, sold: 2_500_000n });
    noCanteenUnit = await mk("丙单位", { districtCode: "500238", pledgedFen: 1_000_000n, budget: null, sold: 0n, hasCanteen: false });
  });

  it("sums pledged, fulfilled and remaining per district and per unit", async () => {
    const { pledgeOverview } = await import("~/modules/pledges/overview.server");
    const o = await pledgeOverview({ year: 2030, asOf: "2030-06-30" });
    expect(o.total).toMatchObject({ pledgedFen: "6000000", fulfilledFen: "3000000", remainingFen: "3000000", percentBp: 5000 });
    expect(o.byDistrict).toEqual([
      { districtCode: "500240", units: 2, pledgedFen: "5000000", fulfilledFen: "3000000", remainingFen: "2000000", percentBp: 6000 },
      { districtCode: "500238", units: 1, pledgedFen: "1000000", fulfilledFen: "0", remainingFen: "1000000", percentBp: 0 },
    ]);
    expect(o.late).toBe(false);
    expect(o.byUnit.every((u) => !u.belowShareLate)).toBe(true);
    const filtered = await pledgeOverview({ year: 2030, district: "500238", asOf: "2030-06-30" });
    expect(filtered.byUnit.map((u) => u.id)).toEqual([noCanteenUnit]);
  });

  it("flags budget units below their share only after 30 September (or the asOf date)", async () => {
    const early = await c.staff.get("/staff/pledges?year=2030&asOf=2030-09-30");
    expect(early.status).toBe(200);
    expect(await early.text()).not.toContain('data-below-share="true"');
    const late = await c.staff.get("/staff/pledges?year=2030&asOf=2030-10-01");
    const html = await late.text();
    expect(html).toContain(`data-unit="${belowUnit}" data-below-share="true"`);
    expect(html).toContain(`data-unit="${metUnit}" data-below-share="false"`);
    expect(html).toContain(`data-unit="${noCanteenUnit}" data-below-share="false"`);
    expect(html).toContain("1 个预算单位的完成额低于食堂采购份额");
  });

  it("exports the year's pledges as .xlsx with the existing helper", async () => {
    const res = await c.staff.get("/staff/pledges/export?year=2030&asOf=2030-10-01");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    const { readSheet } = await import("~/modules/spreadsheets/read.server");
    const sheet = await readSheet("x.xlsx", new Uint8Array(await res.arrayBuffer()));
    const rows = sheet!.rows;
    const header = rows.findIndex((r) => r[0] === "单位名称");
    expect(header).toBeGreaterThan(0);
    const below = rows.find((r) => r[0] === "甲单位")!;
    expect(below).toContain("石柱土家族自治县");
    expect(below[below.length - 1]).toBe("是");
    expect(rows.filter((r) => ["甲单位", "乙单位", "丙单位"].includes(r[0]!))).toHaveLength(3);
    expect((await c.member.get("/staff/pledges/export?year=2030")).status).toBe(403);
  });

  it("lets staff register a unit themselves, audited, with no registering organization", async () => {
    const res = await c.staff.post("/staff/buying-units/new", unitForm({ name: "重庆市某某中学", kind: "SCHOOL_CANTEEN", managerEmail: "" }));
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.split("/").pop()!;
    expect(await prisma.buyingUnit.findUniqueOrThrow({ where: { id } })).toMatchObject({ orgId: null, createdById: users.staff.id, kind: "SCHOOL_CANTEEN" });
    expect(await prisma.auditLog.count({ where: { entityId: id, actorId: users.staff.id, action: "buyingUnit.created" } })).toBe(1);
    const pledge = await c.staff.post(`/staff/buying-units/${id}`, pledgeForm({ pledged: "200000", canteenBudget: "2000000" }));
    expect(pledge.status).toBe(302);
  });
});

describe("who may see and edit a unit and its pledges", () => {
  let unit: { id: string; contactPhone: string };
  let pledgeId: string;
  beforeAll(async () => {
    unit = await createBuyingUnit(prisma, { createdById: users.owner.id, orgId: org.id, managerUserId: users.manager.id, name: "重庆市某某中心" });
    pledgeId = (await createPledge(prisma, { buyingUnitId: unit.id, createdById: users.owner.id })).id;
  });

  it("keeps another organization out of this organization's units", async () => {
    expect((await c.otherOwner.get(`/org/${org.id}/buying-units`)).status).toBe(403);
    expect((await c.otherOwner.get(`/org/${org.id}/buying-units/${unit.id}`)).status).toBe(403);
    // Through its own organization's URL the unit does not exist.
    expect((await c.otherOwner.get(`/org/${otherOrg.id}/buying-units/${unit.id}`)).status).toBe(404);
    const edit = await c.otherOwner.post(`/org/${otherOrg.id}/buying-units/${unit.id}`, { ...unitForm({ name: "被改掉的名字" }), intent: "update" });
    expect(edit.status).toBe(404);
    const pledge = await c.otherOwner.post(`/org/${otherOrg.id}/buying-units/${unit.id}`, pledgeForm({ canteenBudget: "1" }));
    expect(pledge.status).toBe(404);
    expect((await prisma.buyingUnit.findUniqueOrThrow({ where: { id: unit.id } })).name).toBe("重庆市某某中心");
  });

  it("lets members with org:shop edit it, not finance, not staff through the organization's page", async () => {
    expect((await c.finance.get(`/org/${org.id}/buying-units/${unit.id}`)).status).toBe(403);
    expect((await c.staff.post(`/org/${org.id}/buying-units/${unit.id}`, { ...unitForm({ name: "x" }), intent: "update" })).status).toBe(403);
    const res = await c.member.post(`/org/${org.id}/buying-units/${unit.id}`, { ...unitForm({ name: "重庆市某某服务中心", creditCode: "" }), intent: "update" });
    expect(res.status).toBe(302);
    const after = await prisma.buyingUnit.findUniqueOrThrow({ where: { id: unit.id } });
    expect(after).toMatchObject({ name: "重庆市某某服务中心", creditCode: null });
    expect(await prisma.auditLog.count({ where: { entityId: unit.id, action: "buyingUnit.updated", actorId: users.member.id } })).toBe(1);
  });

  it("refuses the pledge page to an unrelated user and to visitors; masks the contact for members who do not manage it", async () => {
    expect((await c.stranger.get(`/pledges/${pledgeId}`)).status).toBe(403);
    expect((await c.otherOwner.get(`/pledges/${pledgeId}`)).status).toBe(403);
    expect((await c.anonymous.get(`/pledges/${pledgeId}`, { followRedirects: false })).headers.get("Location")).toMatch(/^\/auth\/login/);
    expect((await c.stranger.get("/pledges/nope")).status).toBe(404);
    const phone = (await prisma.buyingUnit.findUniqueOrThrow({ where: { id: unit.id } })).contactPhone;
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    const financeView = await (await c.finance.get(`/pledges/${pledgeId}`)).text();
    expect(financeView).toContain(masked);
    expect(financeView).not.toContain(phone);
    for (const who of ["manager", "owner", "staff"] as const) {
      const res = await c[who].get(`/pledges/${pledgeId}`);
      expect(res.status, who).toBe(200);
      expect(await res.text(), who).toContain(phone);
    }
  });
});
