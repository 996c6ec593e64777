/**
 * Browser journey (Chromium): a signed-in donor finds "每月捐" next to the donate form on a fund
 * page, sets up a monthly gift (reminder method: no recurring provider configured), pauses it and
 * cancels it from /me/monthly.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createFund, ensureLedgerSql } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let browser: BrowserSession;
let prisma: PrismaClient;
let donor: { id: string; email: string; password: string };
let fundId: string;

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const host = await createUser(prisma);
  donor = await createUser(prisma, { displayName: "陈每月" });
  const org = await createOrganization(prisma, { createdById: host.id, name: "重庆市慈善总会", type: "FOUNDATION", isCharity: true, publicFundraising: true });
  fundId = (await createFund(prisma, { orgId: org.id, createdById: host.id, name: "困境儿童助学基金", status: "ACTIVE" })).id;
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

describe("monthly giving journey", () => {
  it("sets up a monthly gift, pauses it and cancels it", async () => {
    const { page } = browser;
    await signIn(page, donor.email, donor.password);
    await page.goto(`${app.baseUrl}/funds/${fundId}`);
    await page.getByTestId("monthly-link").click();
    await page.waitForURL((u) => u.pathname === "/monthly/new");
    await page.getByLabel("每月金额（元）").fill("66");
    await page.getByLabel("每月扣款日").selectOption("12");
    await page.getByRole("button", { name: "确认月捐" }).click();
    await page.waitForURL((u) => /^\/me\/monthly\/\w+$/.test(u.pathname));
    await expect.poll(() => page.getByTestId("gift-amount").textContent()).toContain("66.00");
    const giftId = new URL(page.url()).pathname.split("/").at(-1)!;
    expect(await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).toMatchObject({ method: "REMINDER", amountFen: 6600n, dayOfMonth: 12, status: "ACTIVE" });

    // From the list of monthly gifts.
    await page.goto(`${app.baseUrl}/me/monthly`);
    await page.getByRole("link", { name: "困境儿童助学基金" }).click();
    await page.waitForURL((u) => u.pathname === `/me/monthly/${giftId}`);
    await page.getByRole("button", { name: "暂停月捐" }).click();
    await expect.poll(() => page.getByTestId("gift-state").textContent()).toContain("已暂停");
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).status).toBe("PAUSED");

    await page.getByLabel("原因（选填）").fill("换成一次性捐赠");
    await page.getByRole("button", { name: "取消月捐" }).click();
    await expect.poll(() => page.getByTestId("gift-state").textContent()).toContain("已取消");
    expect(await prisma.monthlyGift.findUniqueOrThrow({ where: { id: giftId } })).toMatchObject({ status: "CANCELLED", cancelReason: "换成一次性捐赠" });
  });
});
