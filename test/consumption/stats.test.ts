/**
 * Issue 13, part 6 (statistics): consumption-aid sales are read from ConsumptionSale, the one table
 * of every sale (direct inserts are the contract). The triggers move the rollups by exactly the
 * amounts written, agree with the raw computation and with a full rebuild; a sale answering an
 * accepted purchase offer is not counted twice; a household lifted by two producers counts once;
 * the bureau's sentence gains 「…社会组织直销农产品达…」 for the city and for one district.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import type { BuyerKind, ProductCategory, SalesChannel } from "~/generated/prisma/enums";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer } from "../support/factories/consumption";
import { createNeed, createNeedResponse } from "../support/factories/needs";
import { makeIdNumber } from "~/modules/accounts/id-number";

let db: TestDatabase;
let prisma: PrismaClient;
let userId: string;
let orgA: { id: string };
let orgB: { id: string };
let honey: { id: string };
let oranges: { id: string };

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  ({ prisma } = await import("~/utils/db.server"));
  const u = await createUser(prisma);
  userId = u.id;
  orgA = await createOrganization(prisma, { createdById: userId, districtCode: "500240", name: "石柱县农产品产销协会", type: "SOCIAL_GROUP" });
  orgB = await createOrganization(prisma, { createdById: userId, districtCode: "500103", name: "重庆市慈善总会", type: "FOUNDATION" });
  honey = await createProducer(prisma, { supportOrgId: orgA.id, createdById: userId, districtCode: "500240", name: "石柱县中益乡华溪村蜂蜜专业合作社" });
  oranges = await createProducer(prisma, { supportOrgId: orgB.id, createdById: userId, districtCode: "500236", name: "奉节县脐橙种植专业合作社" });
});

afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
});

const Y = { from: "2025-01-01", to: "2025-12-31" };

type SaleRow = { orgId: string; producerId?: string; amountFen: bigint; soldOn: string; channel: SalesChannel; category: ProductCategory; buyerKind: BuyerKind; districtCode: string; needResponseId?: string; productName?: string };

/** Direct inserts, as the sales, import and shop parts write them. */
async function insertSales(rows: SaleRow[]) {
  await prisma.consumptionSale.createMany({
    data: rows.map((r) => ({ ...r, soldOn: new Date(`${r.soldOn}T00:00:00Z`), source: "RECORDED" as const, productName: r.productName ?? "中华蜂土蜂蜜" })),
  });
}

async function agree(filter: { from: string; to: string; districtCode?: string; orgType?: "SOCIAL_GROUP" | "FOUNDATION" }) {
  const { dashboardFromRaw, dashboardFromRollup } = await import("~/modules/statistics/queries.server");
  const [rollup, raw] = await Promise.all([dashboardFromRollup(filter), dashboardFromRaw(filter)]);
  expect(rollup.method).toBe("rollup");
  expect(raw.totals).toEqual(rollup.totals);
  return rollup.totals;
}

const consumptionOnly = (t: Record<string, number>) => Object.fromEntries(Object.entries(t).filter(([k]) => k.startsWith("consumption")));

function delta(before: Record<string, number>, after: Record<string, number>) {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[k] ?? 0) - (before[k] ?? 0);
    if (k.startsWith("consumption") && d !== 0) out[k] = d;
  }
  return out;
}

describe("consumption-aid rollups", () => {
  it("move consumption_aid_fen and the channel, category and buyer figures by exactly the amounts inserted", async () => {
    const before = await agree(Y);
    await insertSales([
      { orgId: orgA.id, producerId: honey.id, amountFen: 12_345_67n, soldOn: "2025-03-14", channel: "ONLINE", category: "DRIED_SPECIALTY", buyerKind: "INDIVIDUAL", districtCode: "500240" },
      { orgId: orgA.id, producerId: honey.id, amountFen: 5_000_00n, soldOn: "2025-03-31", channel: "FAIR", category: "DRIED_SPECIALTY", buyerKind: "ENTERPRISE", districtCode: "500240" },
      { orgId: orgB.id, producerId: oranges.id, amountFen: 88_000_00n, soldOn: "2025-11-02", channel: "PAIRED", category: "FRUIT_VEG", buyerKind: "SCHOOL_CANTEEN", districtCode: "500236", productName: "奉节脐橙" },
      // Outside the period: counted in its own year only.
      { orgId: orgB.id, producerId: oranges.id, amountFen: 1_00n, soldOn: "2024-12-31", channel: "MALL", category: "FRUIT_VEG", buyerKind: "INDIVIDUAL", districtCode: "500236" },
    ]);
    const after = await agree(Y);
    const total = 12_345_67 + 5_000_00 + 88_000_00;
    expect(delta(before, after)).toEqual({
      consumption_aid_fen: total,
      consumption_sales_fen: total,
      consumption_sales: 3,
      "consumption_channel:ONLINE": 12_345_67,
      "consumption_channel:FAIR": 5_000_00,
      "consumption_channel:PAIRED": 88_000_00,
      "consumption_cat:DRIED_SPECIALTY": 17_345_67,
      "consumption_cat:FRUIT_VEG": 88_000_00,
      "consumption_buyer:INDIVIDUAL": 12_345_67,
      "consumption_buyer:ENTERPRISE": 5_000_00,
      "consumption_buyer:SCHOOL_CANTEEN": 88_000_00,
    });
    // By district of origin, by organization type, and a custom range inside months.
    expect((await agree({ ...Y, districtCode: "500240" })).consumption_aid_fen).toBe(17_345_67);
    expect((await agree({ ...Y, orgType: "FOUNDATION" })).consumption_aid_fen).toBe(88_000_00);
    expect((await agree({ from: "2025-03-15", to: "2025-11-02" })).consumption_aid_fen).toBe(5_000_00 + 88_000_00);
    expect((await agree({ from: "2024-12-31", to: "2024-12-31" }))["consumption_channel:MALL"]).toBe(1_00);
  });

  it("follows updates and deletes of sales", async () => {
    const before = await agree(Y);
    const row = await prisma.consumptionSale.create({
      data: { orgId: orgA.id, producerId: honey.id, amountFen: 3_000_00n, soldOn: new Date("2025-06-01T00:00:00Z"), channel: "TOURISM", category: "TEA", buyerKind: "INDIVIDUAL", districtCode: "500240", source: "IMPORT" },
    });
    await prisma.consumptionSale.update({ where: { id: row.id }, data: { amountFen: 4_500_00n, channel: "LABOUR" } });
    expect(delta(before, await agree(Y))).toEqual({
      consumption_aid_fen: 4_500_00,
      consumption_sales_fen: 4_500_00,
      consumption_sales: 1,
      "consumption_channel:LABOUR": 4_500_00,
      "consumption_cat:TEA": 4_500_00,
      "consumption_buyer:INDIVIDUAL": 4_500_00,
    });
    await prisma.consumptionSale.delete({ where: { id: row.id } });
    expect(delta(before, await agree(Y))).toEqual({});
  });

  it("does not count a sale answering an accepted purchase offer twice", async () => {
    const before = await agree(Y);
    const need = await createNeed(prisma, { createdById: userId, category: "CONSUMPTION_AID", districtCode: "500240", wantVolunteers: null, produce: { name: "黄连", quantity: 5000, unit: "斤", priceFen: 3500n } });
    const offer = await createNeedResponse(prisma, { needId: need.id, orgId: orgB.id, createdById: userId, kind: "PURCHASE", status: "ACCEPTED", quantity: 2000, unitPriceFen: 3500n });
    await prisma.needResponse.update({ where: { id: offer.id }, data: { decidedAt: new Date("2025-07-01T04:00:00Z") } });
    // The organization records the actual sale behind its offer (a little more was paid): linked, so not added again.
    await insertSales([
      { orgId: orgB.id, producerId: honey.id, amountFen: 72_000_00n, soldOn: "2025-07-03", channel: "PAIRED", category: "DRIED_SPECIALTY", buyerKind: "GOVERNMENT", districtCode: "500240", needResponseId: offer.id, productName: "黄连" },
    ]);
    const after = await agree(Y);
    expect(delta(before, after)).toEqual({
      consumption_aid_fen: 70_000_00, // the offer's valuation, once
      consumption_offer_fen: 70_000_00,
      consumption_aid_purchases: 1,
      consumption_linked_fen: 72_000_00,
      consumption_linked_sales: 1,
    });
    // Channels (and categories, buyer kinds) plus the offers' line add up to the total.
    const sum = (prefix: string) => Object.entries(after).filter(([k]) => k.startsWith(prefix)).reduce((s, [, v]) => s + v, 0);
    for (const prefix of ["consumption_channel:", "consumption_cat:", "consumption_buyer:"]) {
      expect(sum(prefix) + after.consumption_offer_fen!).toBe(after.consumption_aid_fen);
    }
    expect(after.consumption_sales_fen! + after.consumption_offer_fen!).toBe(after.consumption_aid_fen);

    // The drill-down lists both, and the rows marked as counted add up to the figure.
    const { drillRecords } = await import("~/modules/statistics/drill.server");
    const { makeT } = await import("~/modules/i18n/i18n");
    const drill = await drillRecords("consumption", Y, makeT("zh-CN"), "zh-CN", 1, 1000);
    const counted = drill.rows.filter((r) => r[9] === "是").reduce((s, r) => s + Math.round(Number(r[8]) * 100), 0);
    expect(counted).toBe(after.consumption_aid_fen);
    expect(drill.total).toBe(drill.rows.length);
    expect(drill.rows.some((r) => r[1] === "认领采购" && r[2] === "黄连")).toBe(true);
    expect(drill.rows.some((r) => r[9] === "否（已按认领采购计入）")).toBe(true);
  });

  it("agrees with a full rebuild (npm run stats:rebuild)", async () => {
    const { rebuildRollups, statisticsDrift } = await import("~/modules/statistics/install.server");
    expect(await statisticsDrift(prisma)).toEqual([]);
    const { dashboardFromRollup } = await import("~/modules/statistics/queries.server");
    const filters = [Y, { from: "2024-01-01", to: "2025-12-31" }, { ...Y, districtCode: "500236" }, { from: "2025-03-14", to: "2025-07-02" }];
    const before = await Promise.all(filters.map((f) => dashboardFromRollup(f)));
    const result = await rebuildRollups();
    expect(result.sources).toContain("consumption_sale");
    const after = await Promise.all(filters.map((f) => dashboardFromRollup(f)));
    for (const [i, a] of after.entries()) {
      expect(consumptionOnly(a.totals)).toEqual(consumptionOnly(before[i]!.totals));
      expect(a.totals).toEqual(before[i]!.totals);
    }
  });
});

describe("top producers and households lifted", () => {
  it("ranks producers by counted sales under the filter", async () => {
    const { topProducers } = await import("~/modules/statistics/consumption.server");
    const top = await topProducers(Y);
    expect(top.map((p) => [p.name, p.amountFen, p.sales])).toEqual([
      ["奉节县脐橙种植专业合作社", 88_000_00, 1],
      ["石柱县中益乡华溪村蜂蜜专业合作社", 17_345_67, 2], // the linked 黄连 sale is counted with its offer
    ]);
    expect((await topProducers({ ...Y, districtCode: "500240" })).map((p) => p.name)).toEqual(["石柱县中益乡华溪村蜂蜜专业合作社"]);
    expect(await topProducers({ ...Y, orgId: orgB.id })).toHaveLength(1);
  });

  it("counts a household linked to two producers once, plus declared counts of producers that named none", async () => {
    const { hashIdNumber } = await import("~/modules/accounts/accounts.server");
    const { maskIdNumber } = await import("~/modules/accounts/id-number");
    const { householdsLifted } = await import("~/modules/statistics/consumption.server");
    const before = await householdsLifted({});
    const ids = [1, 2, 3].map((n) => makeIdNumber("500240", "19680315", String(700 + n)));
    const hh = (producerId: string, id: string) => ({ producerId, idNumberHash: hashIdNumber(id), idNumberMasked: maskIdNumber(id) });
    const plums = await createProducer(prisma, { supportOrgId: orgA.id, createdById: userId, districtCode: "500237", householdCount: 30 });
    const meat = await createProducer(prisma, { supportOrgId: orgA.id, createdById: userId, districtCode: "500229", householdCount: 2 });
    const declaredOnly = await createProducer(prisma, { supportOrgId: orgB.id, createdById: userId, districtCode: "500237", householdCount: 12 });
    const pending = await createProducer(prisma, { supportOrgId: orgB.id, createdById: userId, districtCode: "500237", householdCount: 50, status: "SUBMITTED" });
    await prisma.producerHousehold.createMany({ data: [hh(plums.id, ids[0]!), hh(plums.id, ids[1]!), hh(meat.id, ids[1]!), hh(meat.id, ids[2]!), hh(pending.id, ids[0]!)] });
    // The two producers that exist from the start declare 12 each (factory default) and named none.
    expect(before).toEqual({ total: 24, named: 0, declared: 24 });
    const after = await householdsLifted({});
    // Named: three distinct households (one shared by 巫山 plums and 城口 meat); their declared 30 and 2 are not added;
    // the pending producer's households are not counted until it is approved.
    expect(after).toEqual({ named: 3, declared: 24 + 12, total: 3 + 36 });
    expect(declaredOnly).toBeTruthy();
    expect(await householdsLifted({ districtCode: "500237" })).toEqual({ named: 2, declared: 12, total: 14 });
    expect(await householdsLifted({ orgId: orgA.id })).toEqual({ named: 3, declared: 12, total: 15 });
  });
});

describe("the bureau's sentence", () => {
  it("gains the seeds' clause for the city, from the recorded sales and offers", async () => {
    // 2020: 1.33亿元 of direct sales across the six channels, as in the seeds.
    const channels: SalesChannel[] = ["ONLINE", "MALL", "PAIRED", "TOURISM", "FAIR", "LABOUR"];
    const rows: SaleRow[] = [];
    for (let i = 0; i < 133; i++) {
      rows.push({ orgId: i % 2 ? orgA.id : orgB.id, producerId: i % 2 ? honey.id : oranges.id, amountFen: 1_000_000_00n, soldOn: `2020-${String((i % 12) + 1).padStart(2, "0")}-15`, channel: channels[i % 6]!, category: "FRUIT_VEG", buyerKind: "ENTERPRISE", districtCode: i % 2 ? "500240" : "500236" });
    }
    await insertSales(rows);
    const { dashboardFromRollup } = await import("~/modules/statistics/queries.server");
    const { buildView } = await import("~/modules/statistics/view");
    const { consumptionExtras } = await import("~/modules/statistics/consumption.server");
    const { makeT } = await import("~/modules/i18n/i18n");
    const f = { from: "2020-01-01", to: "2020-12-31" };
    const view = buildView(await dashboardFromRollup(f), null, makeT("zh-CN"), "zh-CN", { consumption: await consumptionExtras(f) });
    expect(view.sentence.endsWith("全市社会组织直销农产品达1.33亿元。")).toBe(true);
    const channelTable = view.tables.find((x) => x.key === "consumptionByChannel")!;
    expect(channelTable.rows.map((r) => r.label)).toEqual(["网上营销", "商场直销", "结对助销", "旅游促销", "协作展销", "劳务推销"]);
    expect(channelTable.rows.reduce((s, r) => s + r.values[0]!, 0)).toBe(133_000_000_00);
    const en = buildView(await dashboardFromRollup(f), null, makeT("en"), "en");
    expect(en.sentence).toContain("Social organizations in the city sold ¥1.33 hundred million of farm produce directly.");
  });

  it("says it for one district, in 万元, and not at all when nothing was sold", async () => {
    const { dashboardFromRollup } = await import("~/modules/statistics/queries.server");
    const { buildView } = await import("~/modules/statistics/view");
    const { makeT } = await import("~/modules/i18n/i18n");
    const t = makeT("zh-CN");
    // 2025 in 石柱: the honey sales (17,345.67 yuan) plus the 黄连 offer (70,000 yuan), the linked sale not again.
    const shizhu = buildView(await dashboardFromRollup({ ...Y, districtCode: "500240" }), null, t, "zh-CN");
    expect(shizhu.sentence.endsWith("石柱土家族自治县社会组织直销农产品达8.73万元。")).toBe(true);
    const fengjie = buildView(await dashboardFromRollup({ ...Y, districtCode: "500236" }), null, t, "zh-CN");
    expect(fengjie.sentence.endsWith("奉节县社会组织直销农产品达8.8万元。")).toBe(true);
    const none = buildView(await dashboardFromRollup({ from: "2019-01-01", to: "2019-12-31" }), null, t, "zh-CN");
    expect(none.sentence).not.toContain("直销农产品");
  });
});
