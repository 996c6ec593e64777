/**
 * Must show (2): staff filter the dashboard to 黔江区 and one quarter, the numbers and charts
 * change, and the exported .xlsx (downloaded here and read back with exceljs) has the same numbers.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { bulkActivities, bulkGoods, bulkReliefProjects, createCityOrgs } from "../support/factories/reach";

let app: TestApp;
let prisma: PrismaClient;
let browser: BrowserSession;
let staffUser: { email: string; password: string };

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const { ensureStatistics } = await import("~/modules/statistics/install.server");
  await ensureStatistics();
  await createCityOrgs(prisma, { perDistrict: 2 });
  await bulkReliefProjects(prisma, { count: 300, year: 2020 });
  await bulkActivities(prisma, { count: 1500, year: 2020, participants: 150_000, reach: 240_000 });
  await bulkGoods(prisma, { count: 400, year: 2020, totalFen: 80_000_000_00n });
  staffUser = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function headline(page: Page) {
  return page.$$eval("[data-metric]", (els) => Object.fromEntries(els.map((e) => [e.getAttribute("data-metric")!, Number(e.getAttribute("data-value"))])));
}

const chartMarkup = (page: Page, table: string) => page.locator(`section[data-table="${table}"] svg`).first().innerHTML();

describe("statistics dashboard in the browser", () => {
  it("filters to 黔江区 and one quarter, and exports the same numbers to .xlsx", async () => {
    const { page } = browser;
    await page.goto(`${app.baseUrl}/auth/login?redirectTo=${encodeURIComponent("/staff/stats?period=year&year=2020")}`);
    await page.getByLabel("电子邮箱").fill(staffUser.email);
    await page.locator('input[name="password"]').fill(staffUser.password);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((u) => u.pathname === "/staff/stats");
    await page.getByTestId("summary-sentence").waitFor();

    const city = await headline(page);
    expect(city.activities).toBe(1500);
    await expect(page.getByTestId("summary-sentence").textContent()).resolves.toContain("全市社会组织开展重点扶贫项目300个，组织各类活动1500次");
    const cityTrend = await chartMarkup(page, "trend");
    const cityDistricts = await chartMarkup(page, "byDistrict");
    expect(cityDistricts).toContain("黔江区");
    expect(cityDistricts).toContain("渝中区");

    await page.locator('select[name="period"]').selectOption("quarter");
    await page.locator('select[name="quarter"]').selectOption("2");
    await page.locator('select[name="district"]').selectOption({ label: "黔江区" });
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL((u) => u.searchParams.get("district") === "500114" && u.searchParams.get("quarter") === "2");
    await page.getByTestId("summary-sentence").filter({ hasText: "黔江区社会组织" }).waitFor();

    const qj = await headline(page);
    expect(qj.activities).toBeGreaterThan(0);
    expect(qj.activities).toBeLessThan(city.activities!);
    expect(qj.participants).toBeLessThan(city.participants!);
    expect(qj.moneyAndGoodsFen).toBeLessThan(city.moneyAndGoodsFen!);
    // The same figures the service computes for that filter.
    const { dashboardFromRollup, derived } = await import("~/modules/statistics/queries.server");
    const expected = derived(await dashboardFromRollup({ from: "2020-04-01", to: "2020-06-30", districtCode: "500114" }));
    expect(qj.activities).toBe(expected.activities);
    expect(qj.reachPersonTimes).toBe(expected.reachPersonTimes);
    // Charts changed: the trend has other points, the district chart shows 黔江区 only.
    expect(await chartMarkup(page, "trend")).not.toEqual(cityTrend);
    const qjDistricts = await chartMarkup(page, "byDistrict");
    expect(qjDistricts).toContain("黔江区");
    expect(qjDistricts).not.toContain("渝中区");
    await expect(page.locator('section[data-table="byDistrict"] svg title').first().textContent()).resolves.toContain("分区县");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 Excel（.xlsx）" }).click()]);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file!);
    const overview = wb.worksheets[0]!;
    const rows = new Map<string, unknown>();
    overview.eachRow((row) => rows.set(String(row.getCell(1).value ?? ""), row.getCell(2).value));
    const texts = [...rows.keys()].join("\n");
    expect(texts).toContain("统计周期：2020-04-01 至 2020-06-30；区县：黔江区");
    expect(rows.get("开展活动（次）")).toBe(qj.activities);
    expect(rows.get("直接参与人员（人次）")).toBe(qj.participants);
    expect(rows.get("惠及困难群众（人次）")).toBe(qj.reachPersonTimes);
    expect(rows.get("重点扶贫项目（个）")).toBe(qj.projects);
    expect(rows.get("物资折价（元）")).toBe(qj.goodsValueFen! / 100);
    expect(rows.get("筹集款物合计（元）")).toBe(qj.moneyAndGoodsFen! / 100);
    // One sheet per breakdown, filters written at the top of each.
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(["趋势", "分区县", "受助群体（人次）"]));
    const byDistrict = wb.getWorksheet("分区县")!;
    expect(String(byDistrict.getRow(2).getCell(1).value)).toContain("区县：黔江区");
    let qjRow: ExcelJS.Row | undefined;
    byDistrict.eachRow((r) => {
      if (r.getCell(1).value === "黔江区") qjRow = r;
    });
    expect(qjRow!.getCell(2).value).toBe(qj.activities);
    expect(qjRow!.getCell(3).value).toBe(qj.participants);
  });
});
