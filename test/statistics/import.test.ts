/**
 * Must show (3): a file with 10 errors of different kinds is refused with all 10 reported by row
 * and column and nothing written; the corrected file imports and the dashboard totals move by
 * exactly its amounts; imported money enters the ledger as recorded offline.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";

let app: TestApp;
let prisma: PrismaClient;
let staff: TestClient;
let staffId: string;

const fixture = (name: string) => new File([readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url))], name, { type: "text/csv" });

async function upload(client: TestClient, kind: string, file: File) {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", file);
  const res = await client.post("/staff/import", form);
  expect(res.status).toBe(302);
  const jobUrl = res.headers.get("Location")!;
  return { jobUrl, job: await waitFor(client, jobUrl) };
}

type Job = { status: string; totalRows: number; doneRows: number; errors: { row: number; column: string; message: string }[] };
async function waitFor(client: TestClient, jobUrl: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = (await (await client.get(`${jobUrl}/status`)).json()) as Job & { running: boolean };
    if (!job.running) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish");
}

async function totals() {
  const { dashboardFromRollup, derived } = await import("~/modules/statistics/queries.server");
  return derived(await dashboardFromRollup({ from: "2020-01-01", to: "2020-12-31" }));
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const owner = await createUser(prisma);
  await createOrganization(prisma, { createdById: owner.id, districtCode: "500114", creditCode: "52500114MJ0000601D", type: "SOCIAL_SERVICE_AGENCY" });
  await createOrganization(prisma, { createdById: owner.id, districtCode: "500103", creditCode: "53500103MJ0000602F", type: "FOUNDATION" });
  const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  staffId = s.id;
  staff = new TestClient(app.baseUrl);
  await staff.signIn(s.email, s.password);
});

afterAll(async () => {
  await app?.close();
});

describe("spreadsheet import", () => {
  it("refuses a file with 10 errors, reporting each by row and column, and writes nothing", async () => {
    const before = await totals();
    const { jobUrl, job } = await upload(staff, "activities", fixture("activities-10-errors.csv"));
    expect(job.status, JSON.stringify(job.errors)).toBe("INVALID");
    expect(job.errors).toHaveLength(10);
    const byRow = Object.fromEntries(job.errors.map((e) => [e.row, e]));
    expect(Object.keys(byRow).map(Number).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(byRow[2]).toMatchObject({ column: "活动名称（B列）", message: "必填" });
    expect(byRow[3]).toMatchObject({ column: "活动类别（C列）" });
    expect(byRow[3]!.message).toContain("应为以下之一");
    expect(byRow[4]).toMatchObject({ column: "活动日期（D列）", message: "日期格式应为 年-月-日（如 2020-03-15）" });
    expect(byRow[5]).toMatchObject({ column: "区县（E列）", message: "区县名称或代码无法识别" });
    expect(byRow[6]).toMatchObject({ column: "参与人次（G列）", message: "应为非负整数" });
    expect(byRow[7]).toMatchObject({ column: "惠及人次（J列）", message: "应为非负整数" });
    expect(byRow[8]).toMatchObject({ column: "参与人次（G列）", message: "参与人次少于志愿者与工作人员之和" });
    expect(byRow[9]).toMatchObject({ column: "受助群体（K列）", message: "受助群体无法识别：灾民" });
    expect(byRow[10]).toMatchObject({ column: "组织统一社会信用代码（A列）", message: "统一社会信用代码未找到对应组织" });
    expect(byRow[11]).toMatchObject({ column: "活动日期（D列）", message: "日期不在 2000-01-01 至今天之间" });
    // The page lists them in Chinese too.
    const html = await (await staff.get(jobUrl)).text();
    expect(html).toContain("发现 10 处错误，文件未导入");
    expect(html).toContain("受助群体无法识别：灾民");
    // Nothing written, and it cannot be confirmed.
    expect(await prisma.activity.count()).toBe(0);
    expect(await prisma.reachRecord.count()).toBe(0);
    expect((await staff.post(jobUrl, {})).status).toBe(409);
    expect(await totals()).toEqual(before);
  });

  it("imports the corrected files after a dry run and moves the totals by exactly their amounts", async () => {
    const before = await totals();
    const ledgerBefore = await prisma.ledgerTransaction.count({ where: { kind: "OFFLINE_DONATION" } });

    const runs: Record<string, Job> = {};
    for (const [kind, file] of [
      ["activities", "activities-corrected.csv"],
      ["goods", "goods-valid.csv"],
      ["donations", "donations-valid.csv"],
      ["reach", "reach-valid.csv"],
    ] as const) {
      const beforeDryRun = await totals();
      const { jobUrl, job } = await upload(staff, kind, fixture(file));
      expect(job.status, `${file}: ${JSON.stringify(job.errors)}`).toBe("VALID");
      // A dry run writes nothing.
      expect(await totals()).toEqual(beforeDryRun);
      const res = await staff.post(jobUrl, {});
      expect(res.status).toBe(302);
      runs[kind] = await waitFor(staff, jobUrl);
      expect(runs[kind]!.status).toBe("DONE");
      expect(runs[kind]!.doneRows).toBe(runs[kind]!.totalRows);
    }
    const after = await totals();
    expect(after.activities - before.activities).toBe(10);
    expect(after.participants - before.participants).toBe(745);
    expect(after.goodsValueFen - before.goodsValueFen).toBe(2_350_050);
    expect(after.moneyRaisedFen - before.moneyRaisedFen).toBe(5_120_050);
    expect(after.moneyAndGoodsFen - before.moneyAndGoodsFen).toBe(2_350_050 + 5_120_050);
    expect(after.reachPersonTimes - before.reachPersonTimes).toBe(805 + 57);
    // Money went through the ledger, recorded offline, balanced.
    const txs = await prisma.ledgerTransaction.findMany({ where: { kind: "OFFLINE_DONATION" }, select: { amountFen: true, provider: true, externalRef: true, entries: { select: { amountFen: true } } } });
    expect(txs.length - ledgerBefore).toBe(2);
    for (const tx of txs) {
      expect(tx.provider).toBe("OFFLINE");
      expect(tx.entries.reduce((s, e) => s + e.amountFen, 0n)).toBe(0n);
    }
    expect(txs.map((t) => t.externalRef).sort()).toEqual(["PT20200815088", "YH20200301001"]);
    // Qianjiang's share shows on its own dashboard.
    const { dashboardFromRollup } = await import("~/modules/statistics/queries.server");
    const qj = await dashboardFromRollup({ from: "2020-01-01", to: "2020-12-31", districtCode: "500114" });
    expect(qj.totals.activities).toBe(7);
  });
});

describe("jobs a stopped process left behind", () => {
  const jobFile = () => readFileSync(new URL("../fixtures/import/activities-corrected.csv", import.meta.url));
  const status = async (id: string) => (await (await staff.get(`/staff/import/${id}/status`)).json()) as Job & { running: boolean };

  it("runs an interrupted dry run again, and gives an interrupted import back for confirmation", async () => {
    const validating = await prisma.importJob.create({ data: { kind: "activities", fileName: "activities-corrected.csv", fileData: jobFile(), status: "VALIDATING", createdById: staffId } });
    expect((await waitFor(staff, `/staff/import/${validating.id}`)).status).toBe("VALID");

    // Nothing was written (the import's transaction never committed): VALID again, to confirm anew.
    const importing = await prisma.importJob.create({ data: { kind: "activities", fileName: "activities-corrected.csv", fileData: jobFile(), status: "IMPORTING", totalRows: 10, createdById: staffId } });
    const back = await status(importing.id);
    expect(back.status).toBe("VALID");
    expect(await prisma.activity.count({ where: { importJobId: importing.id } })).toBe(0);
  });

  it("leaves a job alone while another process holds its lock", async () => {
    const job = await prisma.importJob.create({ data: { kind: "activities", fileName: "activities-corrected.csv", fileData: jobFile(), status: "IMPORTING", totalRows: 10, createdById: staffId } });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`import:${job.id}`}, 0))::text`;
      locked();
      await held;
    });
    await isLocked;
    expect((await status(job.id)).status).toBe("IMPORTING");
    release();
    await holder;
    expect((await status(job.id)).status).toBe("VALID");
  });

  it("marks an import whose rows committed but whose final status was lost as done", async () => {
    const { jobUrl } = await upload(staff, "activities", fixture("activities-corrected.csv"));
    expect((await staff.post(jobUrl, {})).status).toBe(302);
    const done = await waitFor(staff, jobUrl);
    expect(done.status).toBe("DONE");
    const id = jobUrl.split("/").at(-1)!;
    await prisma.importJob.update({ where: { id }, data: { status: "IMPORTING", doneRows: 3 } });
    const recovered = await status(id);
    expect(recovered.status).toBe("DONE");
    expect(recovered.doneRows).toBe(done.totalRows);
  });
});
