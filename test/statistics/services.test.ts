/**
 * Goods, activities, beneficiaries and reach through their services; rollups kept current by the
 * triggers agree with the raw computation and with a full rebuild; stock never goes negative.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createCityOrgs, createTestBeneficiary } from "../support/factories/reach";

let db: TestDatabase;
let prisma: PrismaClient;
let orgA: { id: string };
let orgB: { id: string };

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  ({ prisma } = await import("~/utils/db.server"));
  const { orgs } = await createCityOrgs(prisma, { districts: ["500114", "500103"] });
  [orgA, orgB] = [orgs[0]!, orgs[1]!];
});

afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
});

const Y = { from: "2024-01-01", to: "2024-12-31" };

async function agree(filter: { from: string; to: string; districtCode?: string; orgId?: string }) {
  const { dashboardFromRaw, dashboardFromRollup } = await import("~/modules/statistics/queries.server");
  const [rollup, raw] = await Promise.all([dashboardFromRollup({ ...filter, orgId: undefined }), dashboardFromRaw({ ...filter, orgId: undefined })]);
  expect(rollup.method).toBe("rollup");
  expect(raw.totals).toEqual(rollup.totals);
  expect(raw.trend).toEqual(rollup.trend);
  expect(raw.uniquePersons).toBe(rollup.uniquePersons);
  return rollup;
}

describe("beneficiaries and reach", () => {
  it("counts person-times and unique persons separately, one person through two organizations once", async () => {
    const { createActivity } = await import("~/modules/activities/activities.server");
    const inA = await createTestBeneficiary(prisma, orgA.id, { seq: 1, name: "王小明", groups: ["DIBAO", "ELDERLY"] });
    const inB = await createTestBeneficiary(prisma, orgB.id, { seq: 1, name: "王小明", groups: ["DIBAO"] });
    const other = await createTestBeneficiary(prisma, orgA.id, { seq: 2, birth: "20120305", groups: ["LEFT_BEHIND_CHILD"] });
    const base = { kind: "VISIT" as const, place: undefined, reliefProjectId: undefined, needId: undefined, volunteers: 2, staff: 1, note: undefined, groups: [] };
    await createActivity(orgA.id, null, { ...base, title: "走访", heldOn: "2024-03-05", districtCode: "500114", participants: 10, beneficiaryIds: [inA.id, other.id], headCount: 0 });
    await createActivity(orgA.id, null, { ...base, title: "再访", heldOn: "2024-05-05", districtCode: "500114", participants: 8, beneficiaryIds: [inA.id], headCount: 0 });
    await createActivity(orgB.id, null, { ...base, title: "慰问", heldOn: "2024-05-06", districtCode: "500103", participants: 5, beneficiaryIds: [inB.id], headCount: 12, groups: ["ELDERLY"] });
    const d = await agree(Y);
    expect(d.totals.reach_person_times).toBe(3 + 1 + 12);
    expect(d.uniquePersons).toBe(2); // 王小明 once across both organizations, plus the child
    expect(d.totals["reach_group:ELDERLY"]).toBe(2 + 12);
    expect(d.totals["reach_age:CHILD"]).toBe(1);
    // A custom range inside months (days at both ends) agrees too.
    const part = await agree({ from: "2024-03-05", to: "2024-05-05" });
    expect(part.uniquePersons).toBe(2);
    expect(part.totals.reach_person_times).toBe(3);
  });

  it("refuses to reach another organization's beneficiary", async () => {
    const { createActivity } = await import("~/modules/activities/activities.server");
    const theirs = await createTestBeneficiary(prisma, orgB.id, { seq: 3 });
    await expect(
      createActivity(orgA.id, null, {
        title: "x", kind: "VISIT", heldOn: "2024-06-01", districtCode: "500114", participants: 1, volunteers: 0, staff: 0, beneficiaryIds: [theirs.id], headCount: 0, groups: [],
        place: undefined, reliefProjectId: undefined, needId: undefined, note: undefined,
      }),
    ).rejects.toMatchObject({ messageKey: "stats.reach.unknownBeneficiary" });
  });
});

describe("goods", () => {
  it("never lets stock go negative, even with concurrent distributions", async () => {
    const { receiveGoods, distributeGoods } = await import("~/modules/goods/goods.server");
    const r = await receiveGoods(orgA.id, null, {
      itemName: "大米", category: "FOOD", unit: "袋", donorName: "爱心超市", quantity: 10, value: 150_000n, receivedOn: "2024-07-01", districtCode: "500114",
      needId: undefined, campaignId: undefined, fundId: undefined, projectId: undefined, note: undefined,
    });
    const give = () =>
      distributeGoods(orgA.id, null, { itemId: r.itemId, quantity: 6, distributedOn: "2024-07-02", districtCode: "500114", place: "城西社区", beneficiaryId: undefined, recipientLabel: "低保户", headCount: 6, groups: ["DIBAO"] });
    const results = await Promise.allSettled([give(), give(), give()]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((x) => x.status === "rejected") as PromiseRejectedResult[];
    expect(refused).toHaveLength(2);
    for (const x of refused) expect(x.reason).toMatchObject({ messageKey: "stats.goods.errors.insufficient", status: 409 });
    const item = await prisma.goodsItem.findUniqueOrThrow({ where: { id: r.itemId }, select: { stock: true } });
    expect(item.stock).toBe(4);
    expect(await prisma.goodsDistribution.count({ where: { itemId: r.itemId } })).toBe(1);
    // The database refuses a negative stock whatever the code does.
    await expect(prisma.$executeRawUnsafe(`UPDATE "GoodsItem" SET stock = -1 WHERE id = $1`, r.itemId)).rejects.toThrow();
    const d = await agree(Y);
    expect(d.totals.goods_value_fen).toBe(150_000);
    expect(d.totals["reach_source:GOODS_DISTRIBUTION"]).toBe(6);
  });
});

describe("rollups", () => {
  it("follow updates and deletes of raw records and equal a full rebuild", async () => {
    const a = await prisma.activity.findFirstOrThrow({ where: { title: "再访" }, select: { id: true } });
    await prisma.activity.update({ where: { id: a.id }, data: { participants: 20, heldOn: new Date("2024-09-09T00:00:00Z"), districtCode: "500103" } });
    await prisma.reachRecord.updateMany({ where: { sourceId: a.id }, data: { occurredOn: new Date("2024-09-09T00:00:00Z") } });
    await prisma.reachRecord.deleteMany({ where: { source: "GOODS_DISTRIBUTION" } });
    const before = await agree(Y);
    expect(before.totals["reach_source:GOODS_DISTRIBUTION"]).toBeUndefined();
    expect(before.byDistrict.participants).toEqual({ "500114": 10, "500103": 25 });
    await agree({ from: "2024-05-01", to: "2024-05-31" });
    await agree({ from: "2024-09-01", to: "2024-09-30", districtCode: "500103" });
    const snapshot = async () =>
      prisma.$queryRawUnsafe<unknown[]>(`SELECT day::text, "districtCode", "orgType"::text, metric, value::text FROM "StatDaily" WHERE value <> 0 ORDER BY 1,2,3,4`);
    const persons = async () => prisma.$queryRawUnsafe<unknown[]>(`SELECT year, "districtCode", "personHash", months FROM "StatPersonYearly" ORDER BY 1,2,3`);
    const [s1, p1] = [await snapshot(), await persons()];
    const { rebuildRollups } = await import("~/modules/statistics/install.server");
    await rebuildRollups();
    expect(await snapshot()).toEqual(s1);
    expect(await persons()).toEqual(p1);
    expect(await agree(Y)).toMatchObject({ totals: before.totals, uniquePersons: before.uniquePersons });
  });
});
