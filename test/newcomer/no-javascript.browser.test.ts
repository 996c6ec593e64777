/**
 * Issue 17.4: the site is usable with JavaScript turned off. A Chromium context with
 * `javaScriptEnabled: false` browses the home page and the project and campaign listings (filters are
 * GET forms, pages are plain links), searches with the GET search form, opens a project, signs in,
 * signs up for a shift (a plain POST form) and sees the confirmation, then starts a donation that
 * reaches the local test checkout page.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, type TestApp } from "../support/app";
import { CHROMIUM_ARGS, findChromium } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { createCampaign, ensureLedgerSql } from "../support/factories/funding";

let app: TestApp;
let prisma: PrismaClient;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let volunteer: { email: string; password: string };
let projectId: string;
let shiftId: string;
let campaignId: string;

const PROJECT_TITLE = "蒲公英课后陪伴计划";
const CAMPAIGN_TITLE = "渝中区张某烧伤急难救助";

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const owner = await createUser(prisma, { profile: true });
  const org = await createOrganization(prisma, { createdById: owner.id, name: "重庆市蒲公英社会工作服务中心", isCharity: true, publicFundraising: true, type: "FOUNDATION" });
  // More than one page of projects (20 a page) and of campaigns (12 a page).
  for (let i = 0; i < 21; i++) await createProject(prisma, { orgId: org.id, createdById: owner.id, title: `社区服务项目${i + 1}` });
  const project = await createProject(prisma, { orgId: org.id, createdById: owner.id, title: PROJECT_TITLE, districtCode: "500103" });
  projectId = project.id;
  shiftId = (await createShift(prisma, { projectId, capacity: 5, place: "渝中区解放碑社区活动室" })).id;
  for (let i = 0; i < 13; i++) await createCampaign(prisma, { orgId: org.id, createdById: owner.id });
  campaignId = (await createCampaign(prisma, { orgId: org.id, createdById: owner.id, title: CAMPAIGN_TITLE, districtCode: "500103" })).id;
  const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
  const { drainSearchOutbox } = await import("~/modules/search-outbox/worker.server");
  await enqueueSearch(prisma, "project", projectId);
  await drainSearchOutbox();
  volunteer = await createUser(prisma, { profile: { realName: "刘晓梅" } });

  const executablePath = findChromium();
  if (!executablePath) throw new Error("No Chromium found. Run `npm test` (it installs one) or set CHROMIUM_PATH.");
  userDataDir = mkdtempSync(path.join(os.tmpdir(), "shanlian-chromium-nojs-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: false,
  });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? (await context.newPage());
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== "fail" || !page) return;
  const dir = path.resolve(import.meta.dirname, "../../test-results");
  const { mkdirSync, writeFileSync } = await import("node:fs");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `no-javascript_${ctx.task.name.replace(/[^\w-]+/g, "_")}`);
  await page.screenshot({ path: `${file}.png`, fullPage: true }).catch(() => undefined);
  writeFileSync(`${file}.html`, await page.content().catch(() => ""));
  console.log(`snapshot: ${file}`);
});
afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await app?.close();
});

/** Clicks something that navigates and waits for the new document (no client-side router here). */
async function navigate(action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), action()]);
}

describe("with JavaScript turned off", () => {
  it("the page scripts really do not run", async () => {
    await page.goto(`${app.baseUrl}/`);
    // Remix's inline script sets window.__remixContext; with scripts off it never runs.
    expect(await page.evaluate(() => typeof (window as unknown as { __remixContext?: unknown }).__remixContext)).toBe("undefined");
  });

  it("browses the home page and the listings with plain links and GET forms", async () => {
    await page.goto(`${app.baseUrl}/`);
    expect(await page.getByTestId("live-campaigns").count()).toBe(1);

    // Projects: the header link, the next page, then the district filter (a GET form).
    await navigate(() => page.locator(".main-nav-wide").getByRole("link", { name: "志愿服务项目" }).click());
    expect(new URL(page.url()).pathname).toBe("/projects");
    await navigate(() => page.locator('.pagination a[rel="next"]').click());
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    expect(await page.locator(".pagination").textContent()).toContain("第 2 / 2 页");
    await page.locator('select[name="district"]').selectOption("500103");
    await navigate(() => page.getByRole("button", { name: "筛选" }).click());
    expect(new URL(page.url()).searchParams.get("district")).toBe("500103");
    expect(await page.locator("ul.cards > li").count()).toBe(1);
    expect(await page.locator("ul.cards").textContent()).toContain(PROJECT_TITLE);

    // Campaigns: the header link, the next page, then the district filter.
    await navigate(() => page.locator(".main-nav-wide").getByRole("link", { name: "众筹项目" }).click());
    expect(new URL(page.url()).pathname).toBe("/campaigns");
    await navigate(() => page.locator('.pagination a[rel="next"]').click());
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    await page.locator('select[name="district"]').selectOption("500103");
    await navigate(() => page.getByRole("button", { name: "筛选" }).click());
    expect(new URL(page.url()).searchParams.get("district")).toBe("500103");
    expect(await page.getByRole("link", { name: CAMPAIGN_TITLE }).count()).toBe(1);
  });

  it("searches with the header's GET form and opens the project", async () => {
    await page.goto(`${app.baseUrl}/`);
    await page.locator("#header-q").fill("蒲公英");
    await navigate(() => page.locator("#header-q").press("Enter"));
    expect(new URL(page.url()).pathname).toBe("/search");
    expect(await page.locator("li.search-hit").first().textContent()).toContain(PROJECT_TITLE);
    // The search page's own form, too.
    await page.locator("#search-q").fill("蒲公英课后");
    await navigate(() => page.locator("form.search-box").getByRole("button", { name: "搜索" }).click());
    expect(new URL(page.url()).searchParams.get("q")).toBe("蒲公英课后");
    // A facet is a plain link; the sort order a GET form.
    await navigate(() => page.locator('.facet[data-facet="kind"] a').first().click());
    expect(new URL(page.url()).searchParams.get("kind")).toBeTruthy();
    await page.locator("#search-sort").selectOption("newest");
    await navigate(() => page.locator(".search-facets form").getByRole("button").click());
    expect(new URL(page.url()).searchParams.get("sort")).toBe("newest");
    expect(new URL(page.url()).searchParams.get("kind")).toBeTruthy();
    await navigate(() => page.locator("li.search-hit").getByRole("link", { name: PROJECT_TITLE }).first().click());
    expect(new URL(page.url()).pathname).toBe(`/projects/${projectId}`);
  });

  it("opens the phone menu (a <details>) and follows a link on a 375-px screen", async () => {
    const phone = await context.newPage();
    try {
      await phone.setViewportSize({ width: 375, height: 740 });
      await phone.goto(`${app.baseUrl}/`);
      expect(await phone.locator(".main-nav-menu").isVisible()).toBe(false);
      await phone.locator("details.nav-menu > summary").click();
      await Promise.all([phone.waitForNavigation({ waitUntil: "load" }), phone.locator(".main-nav-menu").getByRole("link", { name: "众筹项目" }).click()]);
      expect(new URL(phone.url()).pathname).toBe("/campaigns");
    } finally {
      await phone.close();
    }
  });

  it("signs in and signs up for a shift with plain forms", async () => {
    await page.goto(`${app.baseUrl}/projects/${projectId}`);
    await navigate(() => page.getByTestId(`shift-${shiftId}`).getByRole("link", { name: "登录后报名" }).click());
    expect(new URL(page.url()).pathname).toBe("/auth/login");
    await page.getByLabel("电子邮箱").fill(volunteer.email);
    await page.locator('input[name="password"]').fill(volunteer.password);
    await navigate(() => page.getByRole("button", { name: "登录" }).click());
    expect(new URL(page.url()).pathname).toBe(`/projects/${projectId}`);
    await navigate(() => page.getByTestId(`shift-${shiftId}`).getByRole("button", { name: "报名" }).click());
    expect(new URL(page.url()).pathname).toBe(`/projects/${projectId}`);
    expect(await page.locator("body").textContent()).toContain("报名成功");
    expect(await page.getByTestId(`shift-${shiftId}`).textContent()).toContain("您已报名");
    const signup = await prisma.shiftSignup.findFirst({ where: { shiftId }, select: { status: true } });
    expect(signup?.status).toBe("CONFIRMED");
  });

  it("starts a donation that reaches the test checkout", async () => {
    await page.goto(`${app.baseUrl}/campaigns/${campaignId}`);
    // A refused amount comes back from the server with its message and what was typed.
    await page.getByLabel("其他金额").check();
    await page.getByLabel("自定义金额（元）").fill("0.5");
    await page.getByLabel("署名（选填）").fill("刘女士");
    await navigate(() => page.getByTestId("donate-submit").click());
    expect(new URL(page.url()).pathname).toBe(`/campaigns/${campaignId}`);
    expect(await page.locator(".field-error").count()).toBeGreaterThan(0);
    expect(await page.getByLabel("署名（选填）").inputValue()).toBe("刘女士");
    await page.getByLabel("其他金额").check();
    await page.getByLabel("自定义金额（元）").fill("88");
    await navigate(() => page.getByTestId("donate-submit").click());
    expect(new URL(page.url()).pathname).toMatch(/^\/checkout\/test\//);
    expect(await page.getByTestId("checkout-amount").textContent()).toBe("¥88.00 CNY");
    // Paying on the test checkout is a plain POST too; the thanks page shows the receipt.
    await navigate(() => page.getByRole("button", { name: "确认支付" }).click());
    expect(new URL(page.url()).pathname).toMatch(/^\/donate\/thanks\//);
    expect(await page.getByTestId("receipt").textContent()).toContain("¥88.00");
  });

  it("cancels the shift sign-up and signs out with plain POST forms", async () => {
    await page.goto(`${app.baseUrl}/projects/${projectId}`);
    await navigate(() => page.getByTestId(`shift-${shiftId}`).getByRole("button", { name: "取消报名" }).click());
    expect(await page.locator("body").textContent()).toContain("已取消报名");
    expect(await page.getByTestId(`shift-${shiftId}`).getByRole("button", { name: "报名" }).count()).toBe(1);
    await navigate(() => page.locator(".main-nav-wide").getByRole("button", { name: "退出" }).click());
    expect(await page.locator(".main-nav-wide").getByRole("link", { name: "登录" }).count()).toBe(1);
  });
});
