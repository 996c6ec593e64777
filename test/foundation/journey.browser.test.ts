/**
 * Browser journey (Chromium): a visitor signs up and registers an organization, bureau staff return
 * it with a reason, the owner corrects and resubmits, staff approve, and it appears in the public
 * directory; the English switch works on the pages touched.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { makeCreditCode } from "~/modules/organizations/credit-code";

let app: TestApp;
let browser: BrowserSession;
let staff: { email: string; password: string };

beforeAll(async () => {
  app = await startTestApp();
  const { prisma } = await import("~/utils/db.server");
  staff = await createUser(prisma, { globalRole: "BUREAU_STAFF", displayName: "周科长" });
  browser = await launchBrowser();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") console.log(`snapshot: ${await browser.snapshot(ctx.task.name)}`);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${app.baseUrl}/auth/login`);
  await page.getByLabel("电子邮箱").fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/auth/login"));
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: /退出|Sign out/ }).click();
  await page.waitForURL(`${app.baseUrl}/`);
}

describe("registration journey", () => {
  it("goes from sign-up to the public directory", async () => {
    const { page } = browser;
    const code = makeCreditCode("SOCIAL_SERVICE_AGENCY", "500114", "MJ2020001");
    const orgName = "黔江区李家溪社区互助服务中心";

    await page.goto(app.baseUrl);
    expect(await page.locator("h1").textContent()).toContain("让每一份善意找到需要它的人");

    await page.getByRole("link", { name: "注册" }).click();
    await page.getByLabel("电子邮箱").fill("chen.jing@example.cn");
    await page.getByLabel("昵称").fill("陈静");
    await page.locator('input[name="password"]').fill("lijiaxi2020");
    await page.getByLabel("确认密码").fill("lijiaxi2020");
    await page.getByRole("button", { name: "注册" }).click();
    await page.waitForURL(`${app.baseUrl}/me`);

    await page.goto(`${app.baseUrl}/orgs/new`);
    await page.getByLabel("组织名称").fill(orgName);
    await page.getByLabel("组织类型").selectOption("SOCIAL_SERVICE_AGENCY");
    await page.getByLabel("统一社会信用代码").fill("52500114MJ20200010"); // wrong check character first
    await page.getByLabel("登记区县").selectOption("500114");
    await page.getByLabel("成立日期").fill("2018-04-01");
    await page.getByLabel("住所地址").fill("重庆市黔江区城南街道李家溪安置区");
    await page.getByLabel("联系人").fill("陈静");
    await page.getByRole("textbox", { name: "联系电话" }).fill("13983001234");
    await page.getByLabel("宗旨与业务范围").fill("服务易地扶贫搬迁群众，开展社区融入、儿童托管和邻里互助。");
    await page.getByLabel("社区服务").check();
    await page.getByRole("button", { name: "提交登记" }).click();
    await page.getByText("统一社会信用代码无效").waitFor();
    // What was typed is still there.
    expect(await page.getByLabel("组织名称").inputValue()).toBe(orgName);
    await page.getByLabel("统一社会信用代码").fill(code);
    await page.getByRole("button", { name: "提交登记" }).click();
    await page.getByText("登记已提交，请等待民政部门审核").waitFor();
    const orgUrl = page.url();
    await signOut(page);

    await signIn(page, staff.email, staff.password);
    await page.goto(`${app.baseUrl}/staff/reviews`);
    await page.getByRole("link", { name: orgName }).click();
    await page.getByLabel("审核决定").selectOption("RETURN");
    await page.getByLabel("审核意见").fill("住所地址缺少楼栋号，请补充。");
    await page.getByRole("button", { name: "确认" }).click();
    await page.getByText(`已退回「${orgName}」`).waitFor();
    await signOut(page);

    await signIn(page, "chen.jing@example.cn", "lijiaxi2020");
    await page.goto(orgUrl);
    await page.getByText("审核意见：住所地址缺少楼栋号，请补充。").waitFor();
    await page.getByRole("link", { name: "保存并重新提交审核" }).click();
    await page.getByLabel("住所地址").fill("重庆市黔江区城南街道李家溪安置区 12 栋");
    await page.getByRole("button", { name: "保存并重新提交审核" }).click();
    await page.getByText("已重新提交审核").waitFor();
    await signOut(page);

    await signIn(page, staff.email, staff.password);
    await page.goto(`${app.baseUrl}/staff/reviews`);
    await page.getByRole("link", { name: orgName }).click();
    await page.getByLabel("审核决定").selectOption("APPROVE");
    await page.getByRole("button", { name: "确认" }).click();
    await page.getByText(`已通过「${orgName}」的登记`).waitFor();
    await signOut(page);

    await page.goto(`${app.baseUrl}/orgs`);
    await page.getByRole("link", { name: orgName }).waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Organization directory" }).waitFor();
    await page.getByRole("link", { name: orgName }).click();
    await page.getByRole("heading", { name: "Mission and scope" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("button", { name: "中文" }).click();
    await page.getByRole("heading", { name: "宗旨与业务范围" }).waitFor();
  });
});
