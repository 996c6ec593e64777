/**
 * Must show (issue 13, import test): an Excel file with good rows and bad rows → the dry run lists
 * each bad cell by row and column, in Chinese, and nothing is written; the corrected file is written
 * once, even when the import is confirmed twice or the same file is uploaded again.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer, createProduct } from "../support/factories/consumption";

let app: TestApp;
let prisma: PrismaClient;
let owner: TestClient;
let orgId: string;
let producer: { id: string; name: string; creditCode: string };
let product: { name: string };
let otherProducerName: string;

const HEADERS = ["日期", "供应主体", "产品", "品类", "数量", "单位", "金额（元）", "渠道", "购买方类型", "购买方", "活动", "产地区县"];

async function xlsx(rows: (string | number)[][], name = "sales.xlsx") {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("销售");
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return new File([new Uint8Array(await wb.xlsx.writeBuffer())], name, { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
}

type Job = { status: string; totalRows: number; doneRows: number; alreadyImported: number; written: number | null; skipped: number; running: boolean; errors: { row: number; column: string; message: string }[] };

async function waitFor(client: TestClient, jobUrl: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = (await (await client.get(`${jobUrl}/status`)).json()) as Job;
    if (!job.running) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish");
}

async function upload(client: TestClient, file: File) {
  const form = new FormData();
  form.set("file", file);
  const res = await client.post(`/org/${orgId}/sales/import`, form);
  expect(res.status).toBe(302);
  const jobUrl = res.headers.get("Location")!;
  return { jobUrl, job: await waitFor(client, jobUrl) };
}

// Rows 2–5 are good; rows 6–14 each have one bad cell. Row 5 repeats row 4: two real sales.
const good = () => [
  ["2026-09-11", producer.name, product.name, "", 10, "", "680.00", "协作展销", "企业", "重庆某某商贸有限公司", "渝东南农产品展销会", ""],
  ["2026/9/1", producer.creditCode, "", "果蔬", "200.5", "斤", "1,002.50", "网上营销", "个人", "", "", ""],
  ["2026-08-15", "", "奉节脐橙", "果蔬", 500, "斤", 2500, "商场直销", "学校食堂", "", "", "奉节县"],
  ["2026-08-15", "", "奉节脐橙", "果蔬", 500, "斤", 2500, "商场直销", "学校食堂", "", "", "奉节县"],
];
const badRows = () => [
  ["2026-13-01", producer.name, "", "茶叶", 1, "", 100, "劳务推销", "个人", "", "", ""],
  ["2026-08-01", otherProducerName, "", "茶叶", 1, "", 100, "劳务推销", "个人", "", "", ""],
  ["2026-08-01", producer.name, "", "茶叶", 1, "", "abc", "劳务推销", "个人", "", "", ""],
  ["2026-08-01", producer.name, "", "茶叶", 1, "", 100, "直播带货", "个人", "", "", ""],
  ["2026-08-01", producer.name, "", "茶叶", 1, "", 100, "结对助销", "外国友人", "", "", ""],
  ["2026-08-01", "", "土鸡蛋", "肉禽蛋", 1, "", 100, "结对助销", "企业", "", "", ""],
  ["2026-08-01", producer.name, "", "茶叶", 1, "", 100, "协作展销", "企业", "", "渝东南农产品展销会", ""],
  ["2026-08-01", producer.name, product.name, "茶叶", 1, "", 100, "旅游促销", "个人", "", "", ""],
  ["2026-08-01", producer.name, "", "茶叶", "-3", "", 100, "劳务推销", "个人", "", "", ""],
];
const fixedRows = () => [
  ["2026-08-02", producer.name, "", "茶叶", 1, "斤", 100, "劳务推销", "个人", "", "", ""],
  ["2026-08-03", producer.name, "", "茶叶", 2, "斤", 200, "劳务推销", "个人", "", "", ""],
  ["2026-08-04", producer.name, "", "茶叶", 3, "斤", "300.30", "劳务推销", "个人", "", "", ""],
  ["2026-08-05", producer.name, "", "茶叶", 4, "斤", 400, "旅游促销", "个人", "", "", ""],
  ["2026-08-06", producer.name, "", "茶叶", 5, "斤", 500, "结对助销", "机关事业单位", "", "", ""],
  ["2026-08-07", "", "土鸡蛋", "肉禽蛋", 6, "枚", 600, "结对助销", "企业", "", "", "城口县"],
  ["2026-09-12", producer.name, "", "茶叶", 7, "斤", 700, "协作展销", "企业", "", "渝东南农产品展销会", ""],
  ["2026-08-08", producer.name, product.name, "", 8, "", 800, "旅游促销", "个人", "", "", ""],
  ["2026-08-09", producer.name, "", "茶叶", 9, "斤", 900, "劳务推销", "社会组织", "", "", ""],
];
const GOOD_FEN = 68_000 + 100_250 + 250_000 + 250_000;
const FIXED_FEN = 10_000 + 20_000 + 30_030 + 40_000 + 50_000 + 60_000 + 70_000 + 80_000 + 90_000;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const o = await createUser(prisma, { profile: true });
  const org = await createOrganization(prisma, { createdById: o.id });
  orgId = org.id;
  const p = await createProducer(prisma, { supportOrgId: orgId, createdById: o.id, name: "石柱中益华溪蜂蜜专业合作社", districtCode: "500240" });
  const row = await prisma.producer.findUniqueOrThrow({ where: { id: p.id }, select: { creditCode: true } });
  producer = { id: p.id, name: p.name, creditCode: row.creditCode! };
  product = await createProduct(prisma, { producerId: p.id, createdById: o.id, name: "中华蜂土蜂蜜 500克", category: "DRIED_SPECIALTY" });
  // Another organization's producer: not one this organization may record.
  const otherOwner = await createUser(prisma);
  const other = await createOrganization(prisma, { createdById: otherOwner.id });
  otherProducerName = (await createProducer(prisma, { supportOrgId: other.id, createdById: otherOwner.id, name: "巫山脆李合作社" })).name;
  await prisma.salesEvent.create({
    data: { orgId, channel: "FAIR", title: "渝东南农产品展销会", startsOn: new Date("2026-09-10T00:00:00Z"), endsOn: new Date("2026-09-12T00:00:00Z"), districtCode: "500240", place: "县城广场", createdById: o.id },
  });
  owner = new TestClient(app.baseUrl);
  await owner.signIn(o.email, o.password);
}, 120_000);

afterAll(async () => app?.close());

describe("sales import", () => {
  it("lists every bad cell by row and column in the dry run and writes nothing", async () => {
    const { jobUrl, job } = await upload(owner, await xlsx([...good(), ...badRows()]));
    expect(job.status, JSON.stringify(job.errors)).toBe("INVALID");
    const cells = job.errors.map((e) => [e.row, e.column, e.message]);
    expect(cells).toEqual([
      [6, "日期（A列）", "日期格式应为 年-月-日（如 2020-03-15）"],
      [7, "供应主体（B列）", "供应主体不是本组织扶持的已认定主体"],
      [8, "金额（元）（G列）", "金额格式不正确（元，最多两位小数）"],
      [9, "渠道（H列）", "应为以下之一：网上营销、商场直销、结对助销、旅游促销、协作展销、劳务推销"],
      [10, "购买方类型（I列）", "应为以下之一：个人、企业、机关事业单位、学校食堂、社会组织"],
      [11, "产地区县（L列）", "不填供应主体时，须填写产地区县"],
      [12, "活动（K列）", "找不到在销售日期举办、同名且同渠道的活动"],
      [13, "品类（D列）", "品类与产品“中华蜂土蜂蜜 500克”的品类（干货特产）不符"],
      [14, "数量（E列）", "数量应为大于 0 的数，最多三位小数"],
    ]);
    const html = await (await owner.get(jobUrl)).text();
    expect(html).toContain("发现 9 处错误，文件未导入");
    expect(html).toContain("供应主体不是本组织扶持的已认定主体");
    expect(await prisma.consumptionSale.count()).toBe(0);
    // An invalid job cannot be confirmed.
    expect((await owner.post(jobUrl, {})).status).toBe(409);
    expect(await prisma.consumptionSale.count()).toBe(0);
  });

  it("writes the corrected file once, however often it is confirmed or uploaded", async () => {
    const file = await xlsx([...good(), ...fixedRows()]);
    const { jobUrl, job } = await upload(owner, file);
    expect(job.status, JSON.stringify(job.errors)).toBe("VALID");
    expect(job.totalRows).toBe(13);
    expect(job.alreadyImported).toBe(0);
    expect(await prisma.consumptionSale.count(), "the dry run writes nothing").toBe(0);

    // Confirmed twice at once (a double submit): one import.
    const [a, b] = await Promise.all([owner.post(jobUrl, {}), owner.post(jobUrl, {})]);
    expect([a.status, b.status]).toEqual([302, 302]);
    const done = await waitFor(owner, jobUrl);
    expect(done.status).toBe("DONE");
    expect(done.written).toBe(13);
    expect((await owner.post(jobUrl, {})).status, "confirming a finished import changes nothing").toBe(302);

    const rows = await prisma.consumptionSale.findMany({ select: { source: true, importJobId: true, importKey: true, amountFen: true, districtCode: true, channel: true, eventId: true, productId: true, category: true, unit: true, quantity: true } });
    expect(rows).toHaveLength(13);
    expect(rows.every((r) => r.source === "IMPORT" && r.importJobId && r.importKey)).toBe(true);
    expect(rows.reduce((s, r) => s + r.amountFen, 0n)).toBe(BigInt(GOOD_FEN + FIXED_FEN));
    // The two identical rows are two sales; the producer's district, or the one given.
    expect(rows.filter((r) => r.districtCode === "500236" && r.channel === "MALL")).toHaveLength(2);
    expect(rows.filter((r) => r.districtCode === "500240")).toHaveLength(10);
    expect(rows.filter((r) => r.districtCode === "500229")).toHaveLength(1);
    expect(rows.filter((r) => r.eventId)).toHaveLength(2);
    const honey = rows.find((r) => r.productId && r.amountFen === 68_000n)!;
    expect([honey.category, honey.unit, honey.quantity?.toString()]).toEqual(["DRIED_SPECIALTY", "瓶", "10"]);

    // The same file uploaded again: valid, every row known, nothing more written.
    const again = await upload(owner, file);
    expect(again.job.status).toBe("VALID");
    expect(again.job.alreadyImported).toBe(13);
    expect(await (await owner.get(again.jobUrl)).text()).toContain("其中 13 行此前已导入，确认后将跳过，不会重复记入。");
    expect((await owner.post(again.jobUrl, {})).status).toBe(302);
    const second = await waitFor(owner, again.jobUrl);
    expect([second.status, second.written, second.skipped]).toEqual(["DONE", 0, 13]);
    expect(await prisma.consumptionSale.count()).toBe(13);

    // One audit entry per import.
    expect(await prisma.auditLog.count({ where: { action: "sales.imported", orgId } })).toBe(2);
  });

  it("serves the template with the documented headers", async () => {
    const res = await owner.get(`/org/${orgId}/sales/import/template`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(HEADERS);
  });
});
