/**
 * Issue 13, part 6, through the built app: the staff dashboard has a consumption-aid section (total,
 * channel chart and table, districts, categories, buyers, top producers, households lifted) that moves
 * by exactly the sales written; the sentence gains its clause; the export and the drill-down carry the
 * same figures; an organization sees its own; the public page shows aggregates without records.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer } from "../support/factories/consumption";

let app: TestApp;
let prisma: PrismaClient;
let orgA: { id: string };
let orgB: { id: string };
let honey: { id: string };
let oranges: { id: string };
let staff: TestClient;
let memberA: TestClient;
const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
const day = (md: string) => new Date(`${year}-${md}T00:00:00Z`);

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const a = await createUser(prisma);
  const b = await createUser(prisma);
  orgA = await createOrganization(prisma, { createdById: a.id, districtCode: "500240", name: "石柱县农产品产销协会" });
  orgB = await createOrganization(prisma, { createdById: b.id, districtCode: "500103", name: "重庆市慈善总会" });
  honey = await createProducer(prisma, { supportOrgId: orgA.id, createdById: a.id, districtCode: "500240", name: "华溪村中华蜂养殖专业合作社", householdCount: 7 });
  oranges = await createProducer(prisma, { supportOrgId: orgB.id, createdById: b.id, districtCode: "500236", name: "永乐镇脐橙种植专业合作社", householdCount: 9 });
  const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  staff = new TestClient(app.baseUrl);
  await staff.signIn(s.email, s.password);
  memberA = new TestClient(app.baseUrl);
  await memberA.signIn(a.email, a.password);
});

afterAll(async () => {
  await app?.close();
});

const metric = (html: string, key: string) => Number(new RegExp(`data-metric="${key}" data-value="(-?[\\d.]+)"`).exec(html)?.[1] ?? NaN);
const section = (html: string, key: string) => new RegExp(`data-table="${key}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? "";
const cell = (table: string, label: string) => Number(new RegExp(`<th scope="row">${label}</th><td class="num" data-value="(-?[\\d.]+)"`).exec(table)?.[1] ?? NaN);

describe("the consumption-aid section", () => {
  it("moves by exactly the sales inserted, by channel, in the chart and the table", async () => {
    const q = `/staff/stats?period=year&year=${year}`;
    const before = await (await staff.get(q)).text();
    expect(before).toContain(`data-section="consumption"`);
    expect(metric(before, "consumptionAidFen")).toBe(0);
    await prisma.consumptionSale.createMany({
      data: [
        { orgId: orgA.id, producerId: honey.id, productName: "中华蜂土蜂蜜", category: "DRIED_SPECIALTY", amountFen: 6_800_00n, soldOn: day("01-15"), channel: "ONLINE", buyerKind: "INDIVIDUAL", districtCode: "500240", source: "RECORDED", buyerName: "张秀兰" },
        { orgId: orgA.id, producerId: honey.id, productName: "中华蜂土蜂蜜", category: "DRIED_SPECIALTY", amountFen: 1_234_56n, soldOn: day("02-03"), channel: "TOURISM", buyerKind: "INDIVIDUAL", districtCode: "500240", source: "IMPORT" },
        { orgId: orgB.id, producerId: oranges.id, productName: "奉节脐橙", category: "FRUIT_VEG", amountFen: 35_940_00n, soldOn: day("01-20"), channel: "PAIRED", buyerKind: "SCHOOL_CANTEEN", districtCode: "500236", source: "RECORDED" },
      ],
    });
    const html = await (await staff.get(q)).text();
    expect(metric(html, "consumptionAidFen")).toBe(6_800_00 + 1_234_56 + 35_940_00);
    expect(metric(html, "consumptionSales")).toBe(3);
    expect(metric(html, "householdsLifted")).toBe(16);
    const channels = section(html, "consumptionByChannel");
    expect(channels).toContain("<svg"); // the chart beside the table
    for (const label of ["网上营销", "商场直销", "结对助销", "旅游促销", "协作展销", "劳务推销"]) expect(channels).toContain(label);
    expect(cell(channels, "网上营销")).toBe(6_800_00);
    expect(cell(channels, "旅游促销")).toBe(1_234_56);
    expect(cell(channels, "结对助销")).toBe(35_940_00);
    expect(cell(channels, "商场直销")).toBe(0);
    expect(cell(section(html, "consumptionByDistrict"), "奉节县")).toBe(35_940_00);
    expect(cell(section(html, "consumptionByCategory"), "果蔬")).toBe(35_940_00);
    expect(cell(section(html, "consumptionByBuyer"), "学校食堂")).toBe(35_940_00);
    const top = section(html, "consumptionTopProducers");
    expect(top.indexOf("永乐镇脐橙种植专业合作社")).toBeLessThan(top.indexOf("华溪村中华蜂养殖专业合作社"));
    expect(html).toMatch(/全市社会组织直销农产品达4\.4万元。/);
    expect(html).not.toContain("张秀兰");

    const district = await (await staff.get(`${q}&district=500236`)).text();
    expect(district).toContain("奉节县社会组织直销农产品达3.59万元。");
    expect(metric(district, "consumptionAidFen")).toBe(35_940_00);
  });

  it("exports the same figures and drills down to the sales", async () => {
    const q = `period=year&year=${year}`;
    const csv = await staff.get(`/staff/stats/export?${q}&format=csv`);
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain("消费扶贫：销售渠道（元）");
    expect(text).toMatch(/网上营销,6800\b/);
    expect(text).toMatch(/带贫户（户，去重）,16\b/);
    const xlsx = await staff.get(`/staff/stats/export?${q}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = wb.worksheets.find((w) => w.name.includes("销售渠道"))!;
    expect(sheet).toBeDefined();
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.find((r) => r[1] === "结对助销")?.[2]).toBe(35_940);

    const drill = await (await staff.get(`/staff/stats/records/consumption?${q}`)).text();
    expect(drill).toContain("奉节脐橙");
    expect(drill).toContain("结对助销");
    expect(drill).not.toContain("张秀兰");
    const records = await staff.get(`/staff/stats/records-export/consumption?${q}&format=csv`);
    expect(records.status).toBe(200);
    expect(await records.text()).toContain("中华蜂土蜂蜜");
  });

  it("gives an organization its own consumption aid, and the records to staff only", async () => {
    const own = await (await memberA.get(`/org/${orgA.id}/stats?period=year&year=${year}`)).text();
    expect(metric(own, "consumptionAidFen")).toBe(6_800_00 + 1_234_56);
    expect(metric(own, "householdsLifted")).toBe(7);
    expect(own).not.toContain("永乐镇脐橙种植专业合作社");
    const drill = await (await memberA.get(`/org/${orgA.id}/stats/records/consumption?period=year&year=${year}`)).text();
    expect(drill).toContain("中华蜂土蜂蜜");
    expect(drill).not.toContain("奉节脐橙");
    expect((await memberA.get(`/staff/stats/records/consumption`)).status).toBe(403);
    expect((await memberA.get(`/org/${orgB.id}/stats/records/consumption`)).status).toBe(403);
  });

  it("shows the public the aggregates and approved producers, no records or organizations", async () => {
    const anon = new TestClient(app.baseUrl);
    const html = await (await anon.get(`/stats?year=${year}`)).text();
    expect(html).toContain(`data-section="consumption"`);
    expect(html).toContain("4.4万元");
    expect(cell(section(html, "consumptionByChannel"), "结对助销")).toBe(35_940_00);
    expect(html).toContain("永乐镇脐橙种植专业合作社");
    expect(html).not.toContain("重庆市慈善总会");
    expect(html).not.toContain("张秀兰");
    // A suspended producer is not advertised.
    await prisma.producer.update({ where: { id: oranges.id }, data: { status: "SUSPENDED" } });
    const after = await (await anon.get(`/stats?year=${year}`)).text();
    expect(section(after, "consumptionTopProducers")).not.toContain("永乐镇脐橙种植专业合作社");
    await prisma.producer.update({ where: { id: oranges.id }, data: { status: "APPROVED" } });
  });
});
