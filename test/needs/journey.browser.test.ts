/**
 * Browser journey (Chromium): staff post a need; an organization finds it by searching in Chinese
 * from the header box, responds with an offer; staff accept it and the need becomes partly met;
 * a second offer is accepted and the need is met; progress bars and status follow, and the
 * organization's "needs near you" no longer lists it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";

let app: TestApp;
let staffBrowser: BrowserSession;
let orgBrowser: BrowserSession;
let staff: { email: string; password: string };
let owner: { email: string; password: string };
let org: { id: string };

beforeAll(async () => {
  app = await startTestApp();
  const { prisma } = await import("~/utils/db.server");
  staff = await createUser(prisma, { globalRole: "BUREAU_STAFF", displayName: "周科长" });
  owner = await createUser(prisma, { displayName: "陈静" });
  org = await createOrganization(prisma, { createdById: (await prisma.user.findFirstOrThrow({ where: { email: owner.email } })).id, name: "城口县青山社会工作服务中心", districtCode: "500229", serviceAreas: ["CHILDREN", "EDUCATION"] });
  staffBrowser = await launchBrowser();
  orgBrowser = await launchBrowser();
});
afterAll(async () => {
  await staffBrowser?.close();
  await orgBrowser?.close();
  await app?.close();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${app.baseUrl}/auth/login`);
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/auth/login"));
}

async function offerMoney(page: Page, needUrl: string, yuan: string) {
  await page.goto(needUrl);
  await page.getByRole("link", { name: "提出帮扶" }).click();
  await page.getByLabel("帮扶方式").selectOption("MONEY");
  await page.getByLabel("金额（元）").fill(yuan);
  await page.getByRole("button", { name: "提交帮扶方案" }).click();
  await page.getByRole("status").filter({ hasText: "帮扶方案已提交" }).waitFor();
  expect(page.url()).toBe(needUrl);
}

async function acceptFirstPending(page: Page, manageUrl: string) {
  await page.goto(manageUrl);
  await page.getByRole("button", { name: "接受", exact: true }).first().click();
  // Same URL before and after the post: wait for the flash, not for navigation.
  await page.getByRole("status").filter({ hasText: "已接受该响应" }).waitFor();
}

describe("need journey", () => {
  it("goes from posting to met, through search and two accepted offers", async () => {
    const s = staffBrowser.page;
    const o = orgBrowser.page;
    await signIn(s, staff.email, staff.password);
    await signIn(o, owner.email, owner.password);

    // Staff post the need.
    await s.goto(`${app.baseUrl}/staff/needs/new`);
    await s.getByLabel("需求标题").fill("修齐镇留守儿童周末课业辅导");
    await s.getByLabel("需求说明").fill("城口县修齐镇有 32 名留守儿童，父母在外务工，需要资金购买辅导教材并组织周末课业辅导。");
    await s.getByLabel("需求类别").selectOption("LEFT_BEHIND_CHILDREN");
    await s.locator('select[name="districtCode"]').selectOption("500229");
    await s.getByLabel("乡镇/街道").fill("修齐镇");
    await s.getByLabel("资金目标（元）").fill("2000");
    await s.getByRole("button", { name: "发布" }).click();
    await s.waitForURL((u) => /^\/staff\/needs\/[a-z0-9]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    const manageUrl = s.url();
    const needId = manageUrl.split("/").pop()!;
    // The URL commits before React has rendered the new page: wait for the heading itself.
    await s.getByRole("heading", { level: 1, name: "修齐镇留守儿童周末课业辅导" }).waitFor();
    // Matching suggests the organization, with reasons.
    expect(await s.locator(`[data-candidate="${org.id}"]`).textContent()).toContain("同一区县");

    // The organization sees it among "needs near you" and finds it by searching in Chinese.
    await o.goto(`${app.baseUrl}/org/${org.id}/needs`);
    expect(await o.locator(`.near-you [data-need-id="${needId}"]`).count()).toBe(1);
    await o.locator("#header-q").fill("留守儿童 辅导");
    await o.locator("#header-q").press("Enter");
    await o.waitForURL(/\/search\?q=/);
    const hit = o.locator(".search-hit", { hasText: "修齐镇留守儿童周末课业辅导" });
    expect(await hit.locator("mark").first().textContent()).toMatch(/留守|儿童|辅导/);
    await hit.getByRole("link").first().click();
    await o.waitForURL(`${app.baseUrl}/needs/${needId}`);
    const needUrl = o.url();

    // First offer: 800 of 2000 yuan → partly met, 40%.
    await offerMoney(o, needUrl, "800");
    await acceptFirstPending(s, manageUrl);
    await o.goto(needUrl);
    expect(await o.locator(".status").first().textContent()).toBe("部分满足");
    expect(await o.locator('[data-kind="MONEY"] [role="progressbar"]').getAttribute("aria-valuenow")).toBe("40");
    await o.goto(`${app.baseUrl}/org/${org.id}/needs`);
    expect(await o.locator(`.near-you [data-need-id="${needId}"]`).count()).toBe(1);

    // Second offer: the remaining 1,200 yuan → met, 100%, and gone from "needs near you".
    await offerMoney(o, needUrl, "1200");
    await acceptFirstPending(s, manageUrl);
    await o.goto(needUrl);
    expect(await o.locator(".status").first().textContent()).toBe("已满足");
    expect(await o.locator('[data-kind="MONEY"] [role="progressbar"]').getAttribute("aria-valuenow")).toBe("100");
    expect(await o.getByText("该需求当前不接受新的响应").count()).toBe(1);
    await o.goto(`${app.baseUrl}/org/${org.id}/needs`);
    expect(await o.locator(`.near-you [data-need-id="${needId}"]`).count()).toBe(0);
    expect(await o.getByText("修齐镇留守儿童周末课业辅导").count()).toBeGreaterThan(0); // still listed under "our responses"

    // Search shows the new status.
    await o.goto(`${app.baseUrl}/search?q=${encodeURIComponent("留守儿童")}&status=MET`);
    expect(await o.locator(".search-hit", { hasText: "修齐镇留守儿童周末课业辅导" }).count()).toBe(1);
  });
});
