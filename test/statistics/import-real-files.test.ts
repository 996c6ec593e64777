/**
 * Issue #12 (4), imports that accept real files: a CSV saved by Chinese Excel (GB18030/GBK) is
 * read and the page says so; a header row without the optional columns is accepted (CSV and
 * .xlsx); the dry run's progress is on the page as an accessible progress bar; row errors are
 * stored as keys and shown in the reader's language.
 */
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";

let app: TestApp;
let prisma: PrismaClient;
let staff: TestClient;
let staffId: string;
let code: string;

type Job = { status: string; totalRows: number; doneRows: number; encoding: string | null; errors: { row: number; column: string; message: string }[] };

async function upload(client: TestClient, kind: string, file: File) {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", file);
  const res = await client.post("/staff/import", form);
  expect(res.status).toBe(302);
  const jobUrl = res.headers.get("Location")!;
  return { jobUrl, job: await waitFor(client, jobUrl) };
}

async function waitFor(client: TestClient, jobUrl: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = (await (await client.get(`${jobUrl}/status`)).json()) as Job & { running: boolean };
    if (!job.running) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish");
}

async function importFile(kind: string, file: File) {
  const { jobUrl, job } = await upload(staff, kind, file);
  expect(job.status, JSON.stringify(job.errors)).toBe("VALID");
  expect((await staff.post(jobUrl, {})).status).toBe(302);
  const done = await waitFor(staff, jobUrl);
  expect(done.status).toBe("DONE");
  return { jobUrl, id: jobUrl.split("/").at(-1)! };
}

const csvLines = (lines: string[]) => lines.join("\r\n") + "\r\n";

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const owner = await createUser(prisma);
  code = (await createOrganization(prisma, { createdById: owner.id, districtCode: "500114" })).creditCode;
  const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  staffId = s.id;
  staff = new TestClient(app.baseUrl);
  await staff.signIn(s.email, s.password);
});

afterAll(async () => {
  await app?.close();
});

describe("a CSV saved by Chinese Excel", () => {
  it("reads GB18030 (GBK) bytes, imports the Chinese text intact and tells the user the encoding", async () => {
    const text = csvLines([
      "组织统一社会信用代码,捐赠方,物品名称,类别,单位,数量,折价金额（元）,接收日期,区县",
      `${code},重庆黔江某某超市,东北大米,食品粮油,袋,120,9600.00,2021-02-03,黔江区`,
      `${code},某某服装公司（黔江）,棉被,衣物被褥,床,40,6000,2021/11/20,黔江`,
    ]);
    const bytes = new Uint8Array(iconv.encode(text, "gb18030"));
    // Really not UTF-8: the bytes are what Excel's "CSV (逗号分隔)" writes on a Chinese system.
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const { jobUrl } = await importFile("goods", new File([bytes], "物资接收.csv", { type: "text/csv" }));

    const rows = await prisma.goodsReceipt.findMany({ where: { importJobId: jobUrl.split("/").at(-1)! }, orderBy: { receivedOn: "asc" }, select: { donorName: true, valueFen: true, districtCode: true, item: { select: { name: true, unit: true } } } });
    expect(rows).toEqual([
      { donorName: "重庆黔江某某超市", valueFen: 960_000n, districtCode: "500114", item: { name: "东北大米", unit: "袋" } },
      { donorName: "某某服装公司（黔江）", valueFen: 600_000n, districtCode: "500114", item: { name: "棉被", unit: "床" } },
    ]);
    const status = (await (await staff.get(`${jobUrl}/status`)).json()) as Job;
    expect(status.encoding).toBe("gb18030");
    expect(await (await staff.get(jobUrl)).text()).toContain("已按 GB18030（GBK）编码读取");
  });

  it("reads UTF-8 with or without a byte order mark as UTF-8, and says nothing about GBK", async () => {
    const { readSheet } = await import("~/modules/spreadsheets/read.server");
    const lines = csvLines(["组织统一社会信用代码,日期,区县,帮扶方式,人次", `${code},2021-04-10,黔江区,物资发放,45`]);
    for (const bytes of [new TextEncoder().encode(lines), new TextEncoder().encode(`\uFEFF${lines}`)]) {
      const sheet = await readSheet("reach.csv", bytes);
      expect(sheet?.encoding).toBe("utf-8");
      expect(sheet?.rows[0]?.[0]).toBe("组织统一社会信用代码");
    }
    // A GB18030 file with its own byte order mark (84 31 95 33) loses the mark too.
    const gbWithBom = (await readSheet("reach.csv", iconv.encode(`\uFEFF${lines}`, "gb18030")))!;
    expect(gbWithBom.encoding).toBe("gb18030");
    expect(gbWithBom.rows[0]?.[0]).toBe("组织统一社会信用代码");

    const { jobUrl, job } = await upload(staff, "reach", new File([`\uFEFF${lines}`], "reach.csv", { type: "text/csv" }));
    expect(job.status, JSON.stringify(job.errors)).toBe("VALID");
    expect(job.encoding).toBe("utf-8");
    expect(await (await staff.get(jobUrl)).text()).not.toContain("GB18030（GBK）编码读取");
  });
});

describe("files without the optional columns", () => {
  it("accepts a CSV whose header row has only the required columns", async () => {
    const file = new File(
      [csvLines(["组织统一社会信用代码,活动名称,活动类别,活动日期,区县,参与人次", `${code},重阳节敬老活动,助老,2021-10-14,黔江区,64`, `${code},助学金发放仪式,助学,2021-09-01,黔江区,36`])],
      "activities.csv",
      { type: "text/csv" },
    );
    const { id } = await importFile("activities", file);
    const rows = await prisma.activity.findMany({ where: { importJobId: id }, orderBy: { heldOn: "asc" }, select: { title: true, participants: true, volunteers: true, staff: true, place: true } });
    expect(rows).toEqual([
      { title: "助学金发放仪式", participants: 36, volunteers: 0, staff: 0, place: null },
      { title: "重阳节敬老活动", participants: 64, volunteers: 0, staff: 0, place: null },
    ]);
  });

  it("accepts an .xlsx without the optional columns (headers in any order)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("受助人次");
    ws.addRow(["区县", "人次", "帮扶方式", "日期", "组织统一社会信用代码"]);
    ws.addRow(["黔江区", 30, "资金救助", new Date("2021-05-06T00:00:00Z"), code]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const { id } = await importFile("reach", new File([bytes], "reach.xlsx"));
    expect(await prisma.reachRecord.findMany({ where: { importJobId: id }, select: { headCount: true, groups: true, source: true } })).toEqual([{ headCount: 30, groups: [], source: "DISBURSEMENT" }]);
    const status = (await (await staff.get(`/staff/import/${id}/status`)).json()) as Job;
    expect(status.encoding).toBe("xlsx");
  });

  it("still refuses a header row missing a required column, naming it", async () => {
    const file = new File([csvLines(["组织统一社会信用代码,活动名称,活动日期,区县", `${code},敬老,2021-10-14,黔江区`])], "activities.csv", { type: "text/csv" });
    const { job } = await upload(staff, "activities", file);
    expect(job.status).toBe("INVALID");
    expect(job.errors).toEqual([{ row: 1, column: "", message: "缺少列：活动类别、参与人次" }]);
  });
});

describe("dry-run progress", () => {
  it("counts the rows checked, and shows them as a progress bar while a dry run is under way", async () => {
    const lines = ["组织统一社会信用代码,日期,区县,帮扶方式,人次"];
    for (let i = 0; i < 300; i++) lines.push(`${code},2021-06-${String((i % 28) + 1).padStart(2, "0")},黔江区,活动,${i + 1}`);
    const { job } = await upload(staff, "reach", new File([csvLines(lines)], "reach-300.csv", { type: "text/csv" }));
    expect(job).toMatchObject({ status: "VALID", totalRows: 300, doneRows: 300 });

    // A dry run half way, in another process (it holds the job's lock): the page shows how far.
    const running = await prisma.importJob.create({ data: { kind: "reach", fileName: "reach-300.csv", fileData: Buffer.from(csvLines(lines)), status: "VALIDATING", totalRows: 300, doneRows: 120, createdById: staffId } });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`import:${running.id}`}, 0))::text`;
      locked();
      await held;
    });
    await isLocked;
    try {
      const html = await (await staff.get(`/staff/import/${running.id}`)).text();
      expect(html).toMatch(/role="progressbar"[^>]*aria-valuemax="300"[^>]*aria-valuenow="120"/);
      expect(html).toContain("已检查 120 / 300 行");
      // Without JavaScript the page reloads itself; with it, the page polls the status route.
      expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="2"\/?><\/noscript>/);
      const polled = (await (await staff.get(`/staff/import/${running.id}/status`)).json()) as Job & { running: boolean };
      expect(polled).toMatchObject({ status: "VALIDATING", running: true, totalRows: 300, doneRows: 120 });
    } finally {
      release();
      await holder;
    }
  });
});

describe("row errors in the reader's language", () => {
  it("shows the same stored errors in English to an English reader and in Chinese to a Chinese one", async () => {
    const file = new File(
      [csvLines(["组织统一社会信用代码,活动名称,活动类别,活动日期,区县,参与人次", `${code},,助老,2021-10-14,黔江区,64`, `${code},敬老,唱歌,2021-13-40,火星区,-3`])],
      "activities-bad.csv",
      { type: "text/csv" },
    );
    const en = new TestClient(app.baseUrl);
    const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
    await en.signIn(s.email, s.password);
    expect((await en.post("/set-locale", { locale: "en", redirectTo: "/staff/import" })).status).toBe(302);

    const { jobUrl, job } = await upload(en, "activities", file);
    expect(job.status).toBe("INVALID");
    expect(job.errors).toEqual([
      { row: 2, column: "活动名称 (column B)", message: "Required" },
      { row: 3, column: "参与人次 (column F)", message: "Must be a whole number ≥ 0" },
      { row: 3, column: "活动类别 (column C)", message: "Must be one of: 扶贫帮困, 走访慰问, 消费扶贫, 助学, 义诊健康, 助老, 助残, 技能培训, 防灾救灾, 其他" },
      { row: 3, column: "活动日期 (column D)", message: "Date must be YYYY-MM-DD" },
      { row: 3, column: "区县 (column E)", message: "Unknown district" },
    ]);
    const html = await (await en.get(jobUrl)).text();
    expect(html).toContain("5 problems found; nothing was imported.");
    expect(html).toContain("Unknown district");
    expect(html).not.toContain("区县名称或代码无法识别");

    // The same job, read in Chinese: the keys were stored, not the English text.
    expect((await en.post("/set-locale", { locale: "zh-CN", redirectTo: "/staff/import" })).status).toBe(302);
    const zh = await waitFor(en, jobUrl);
    expect(zh.errors[0]).toEqual({ row: 2, column: "活动名称（B列）", message: "必填" });
    expect(zh.errors[4]).toEqual({ row: 3, column: "区县（E列）", message: "区县名称或代码无法识别" });
    const stored = (await prisma.importJob.findUniqueOrThrow({ where: { id: jobUrl.split("/").at(-1)! } })).errors as { key: string }[];
    expect(stored[0]).toMatchObject({ row: 2, key: "stats.import.errors.required", column: { header: "活动名称", letter: "B" } });
  });
});
