/**
 * Issue #12 (4): historical key projects (重点扶贫项目) can be imported, so the first clause of the
 * bureau's sentence is reproduced for a past year — without them a year whose records were all
 * imported said 「重点扶贫项目0个」. Projects name their organization by credit code or by name.
 */
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";

let app: TestApp;
let prisma: PrismaClient;
let staff: TestClient;
let qianjiang: { id: string; creditCode: string };
let yuzhong: { id: string; name: string };

type Job = { status: string; totalRows: number; doneRows: number; errors: { row: number; column: string; message: string }[] };

async function upload(kind: string, file: File) {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", file);
  const res = await staff.post("/staff/import", form);
  expect(res.status).toBe(302);
  const jobUrl = res.headers.get("Location")!;
  return { jobUrl, job: await waitFor(jobUrl) };
}

async function waitFor(jobUrl: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = (await (await staff.get(`${jobUrl}/status`)).json()) as Job & { running: boolean };
    if (!job.running) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish");
}

const csv = (lines: string[]) => new File([new Uint8Array(iconv.encode(lines.join("\r\n") + "\r\n", "gb18030"))], "重点扶贫项目.csv", { type: "text/csv" });

async function sentence(year: number) {
  const { dashboardFromRollup, dashboardFromRaw, derived } = await import("~/modules/statistics/queries.server");
  const { summarySentence } = await import("~/modules/statistics/sentence");
  const { makeT } = await import("~/modules/i18n/i18n");
  const filter = { from: `${year}-01-01`, to: `${year}-12-31` };
  const rollup = derived(await dashboardFromRollup(filter));
  // The rollups (kept by triggers) and the raw tables agree: no rebuild is needed after an import.
  expect(rollup.projects).toBe(derived(await dashboardFromRaw(filter)).projects);
  return summarySentence(rollup, "全市", makeT("zh-CN"));
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const owner = await createUser(prisma);
  qianjiang = await createOrganization(prisma, { createdById: owner.id, districtCode: "500114", name: "黔江区阳光社会工作服务中心" });
  yuzhong = await createOrganization(prisma, { createdById: owner.id, districtCode: "500103", name: "渝中区慈善会", type: "SOCIAL_GROUP" });
  // Two organizations of the same name: a name alone cannot say which.
  await createOrganization(prisma, { createdById: owner.id, name: "爱心互助协会", type: "SOCIAL_GROUP" });
  await createOrganization(prisma, { createdById: owner.id, districtCode: "500103", name: "爱心互助协会", type: "SOCIAL_GROUP" });
  const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  staff = new TestClient(app.baseUrl);
  await staff.signIn(s.email, s.password);
});

afterAll(async () => {
  await app?.close();
});

describe("importing historical key projects", () => {
  it("refuses rows that cannot name one organization, a bad year or kind, and writes nothing", async () => {
    const { job } = await upload(
      "projects",
      csv([
        "组织统一社会信用代码,组织名称,项目名称,区县,年度,项目类别,项目金额（元）",
        `,爱心互助协会,助学项目,渝中区,2019,教育助学,1000`,
        `,不存在的协会,助老项目,渝中区,2019,,`,
        `,,无名项目,渝中区,2019,,`,
        `${qianjiang.creditCode},,产业帮扶,黔江区,19年,扶贫帮困,`,
        `${qianjiang.creditCode},,产业帮扶,黔江区,2019,种地,0`,
      ]),
    );
    expect(job.status).toBe("INVALID");
    expect(job.errors).toEqual([
      { row: 2, column: "组织名称（B列）", message: "有多个组织使用此名称，请填写统一社会信用代码" },
      { row: 3, column: "组织名称（B列）", message: "组织名称未找到对应组织" },
      { row: 4, column: "组织统一社会信用代码（A列）", message: "请填写统一社会信用代码或组织名称" },
      { row: 5, column: "年度（E列）", message: "年度应为四位年份（如 2019）或日期" },
      { row: 6, column: "项目类别（F列）", message: expect.stringContaining("应为以下之一：扶贫帮困、消费扶贫") },
      { row: 6, column: "项目金额（元）（G列）", message: "应为大于 0 的数" },
    ]);
    expect(await prisma.reliefProject.count()).toBe(0);
  });

  it("refuses a file with neither organization column", async () => {
    const { job } = await upload("projects", csv(["项目名称,区县,年度", "产业帮扶,黔江区,2019"]));
    expect(job.errors).toEqual([{ row: 1, column: "", message: "缺少列：组织统一社会信用代码 / 组织名称" }]);
  });

  it("makes the sentence's first clause count the imported projects of their year", async () => {
    expect(await sentence(2019)).toContain("全市社会组织开展重点扶贫项目0个，");

    // Only the name column, no kind or amount column: both optional.
    const byName = await upload("projects", csv(["组织名称,项目名称,区县,年度", `${yuzhong.name},困难群众冬季送温暖,渝中区,2019年`]));
    expect(byName.job.status, JSON.stringify(byName.job.errors)).toBe("VALID");
    expect((await staff.post(byName.jobUrl, {})).status).toBe(302);
    expect((await waitFor(byName.jobUrl)).status).toBe("DONE");

    const { jobUrl, job } = await upload(
      "projects",
      csv([
        "组织统一社会信用代码,组织名称,项目名称,区县,年度,项目类别,项目金额（元）",
        `${qianjiang.creditCode},,易地扶贫搬迁社区融入,黔江区,2019,扶贫帮困,"300,000.00"`,
        `${qianjiang.creditCode.toLowerCase()},,留守儿童关爱,黔江,2019-06-01,儿童关爱,85000`,
        `,${yuzhong.name},社区微心愿,500103,2019,,`,
        // Another year: does not count for 2019.
        `${qianjiang.creditCode},,消费扶贫集市,黔江区,2020,消费扶贫,12000`,
      ]),
    );
    expect(job.status, JSON.stringify(job.errors)).toBe("VALID");
    expect((await staff.post(jobUrl, {})).status).toBe(302);
    const done = await waitFor(jobUrl);
    expect(done).toMatchObject({ status: "DONE", totalRows: 4, doneRows: 4 });

    const id = jobUrl.split("/").at(-1)!;
    const rows = await prisma.reliefProject.findMany({ where: { importJobId: id }, orderBy: { startsOn: "asc" }, select: { orgId: true, name: true, category: true, districtCode: true, startsOn: true, amountFen: true } });
    expect(rows.map((r) => ({ ...r, startsOn: r.startsOn.toISOString().slice(0, 10) }))).toEqual([
      { orgId: qianjiang.id, name: "易地扶贫搬迁社区融入", category: "POVERTY_RELIEF", districtCode: "500114", startsOn: "2019-01-01", amountFen: 30_000_000n },
      { orgId: yuzhong.id, name: "社区微心愿", category: "POVERTY_RELIEF", districtCode: "500103", startsOn: "2019-01-01", amountFen: null },
      { orgId: qianjiang.id, name: "留守儿童关爱", category: "CHILDREN", districtCode: "500114", startsOn: "2019-06-01", amountFen: 8_500_000n },
      { orgId: qianjiang.id, name: "消费扶贫集市", category: "CONSUMPTION_AID", districtCode: "500114", startsOn: "2020-01-01", amountFen: 1_200_000n },
    ]);

    expect(await sentence(2019)).toContain("全市社会组织开展重点扶贫项目4个，");
    expect(await sentence(2020)).toContain("全市社会组织开展重点扶贫项目1个，");
    // The bureau's own page says it too.
    const html = await (await staff.get("/staff/stats?period=year&year=2019")).text();
    expect(html).toContain("开展重点扶贫项目4个");
  });
});
