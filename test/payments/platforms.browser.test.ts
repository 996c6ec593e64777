/**
 * Must show (issue 14, browser): a host signs in, imports a designated platform's statement for a
 * campaign, and the campaign's public accounts show the imported total next to on-site donations.
 */
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";

let app: TestApp;
let browser: BrowserSession;
let host: { id: string; email: string; password: string };
let orgId: string;
let campaignId: string;

beforeAll(async () => {
  app = await startTestApp();
  const { prisma } = await import("~/utils/db.server");
  await ensureLedgerSql(prisma);
  host = await createUser(prisma, { displayName: "刘会计" });
  orgId = (await createOrganization(prisma, { createdById: host.id, name: "重庆市慈善总会", isCharity: true, publicFundraising: true })).id;
  campaignId = (await createCampaign(prisma, { orgId, createdById: host.id, title: "石柱县助学行动" })).id;
  await prisma.campaign.update({ where: { id: campaignId }, data: { designatedPlatform: "tencent", platformProjectId: "210000777", platformUrl: "https://gongyi.qq.com/succor/detail.htm?id=210000777" } });
  // One on-site donation of 200 yuan, as the payment webhook records it.
  const { postDonation } = await import("~/modules/ledger/postings.server");
  const d = await createPendingDonation(prisma, { campaignId, orgId, amountFen: 20_000n, email: "donor@example.cn" });
  await prisma.donation.update({ where: { id: d.id }, data: { status: "PAID", paidAt: new Date() } });
  await postDonation(prisma, { campaignId, donationId: d.id, amountFen: 20_000n, provider: "STRIPE", occurredAt: new Date() });
  browser = await launchBrowser();
}, 120_000);
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

async function statement() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("捐款明细");
  ws.addRow(["捐款单号", "捐款金额(元)", "捐款时间", "捐款人昵称", "捐款状态"]);
  ws.addRow(["TX0001", "100.00", "2026-11-02 09:00:00", "爱心人士", "支付成功"]);
  ws.addRow(["TX0002", "23.45", "2026-11-02 10:00:00", "小李", "支付成功"]);
  ws.addRow(["TX0003", "50.00", "2026-11-02 11:00:00", "小张", "已退款"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("designated-platform statement import", () => {
  it("imports the statement and shows the imported total next to on-site donations", async () => {
    const { page } = browser;
    await signIn(page, host.email, host.password);
    await page.goto(`${app.baseUrl}/org/${orgId}/campaigns/${campaignId}`);
    await page.getByRole("link", { name: "导入平台捐款" }).click();
    await page.waitForURL((u) => u.pathname.endsWith("/platform-import"));
    await page.getByLabel("腾讯公益对账单文件").setInputFiles({ name: "腾讯公益捐款明细.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: await statement() });
    await page.getByRole("button", { name: "上传并检查" }).click();
    await expect.poll(() => page.getByTestId("import-status").getAttribute("data-status"), { timeout: 30_000 }).toBe("VALID");
    await expect.poll(() => page.getByTestId("platform-new").textContent(), { timeout: 15_000 }).toContain("¥123.45");
    await expect(page.getByTestId("platform-skipped").textContent()).resolves.toContain("已退款，未导入");
    await page.getByRole("button", { name: /确认导入/ }).click();
    await expect.poll(() => page.getByTestId("import-status").getAttribute("data-status"), { timeout: 30_000 }).toBe("DONE");
    await expect.poll(() => page.getByTestId("platform-done").textContent(), { timeout: 15_000 }).toContain("¥123.45");

    // The batch is listed on the import page.
    await page.goto(`${app.baseUrl}/org/${orgId}/campaigns/${campaignId}/platform-import`);
    await expect(page.getByTestId("platform-batches").textContent()).resolves.toContain("刘会计");

    // The public accounts, as anyone sees them.
    await page.goto(`${app.baseUrl}/campaigns/${campaignId}/accounts`);
    const online = page.locator('[data-testid="accounts-by-source"] tr[data-source="online"]');
    const platform = page.locator('[data-testid="accounts-by-source"] tr[data-source="platform:tencent"]');
    await expect(online.textContent()).resolves.toContain("¥200.00");
    await expect(platform.textContent()).resolves.toMatch(/腾讯公益[\s\S]*2[\s\S]*¥123\.45/);
    await expect(page.getByTestId("accounts-raised").textContent()).resolves.toContain("¥323.45");
    // The campaign page names the platform and links out to give there.
    await page.goto(`${app.baseUrl}/campaigns/${campaignId}`);
    const link = page.getByRole("link", { name: "在腾讯公益捐款" });
    await expect(link.getAttribute("href")).resolves.toBe("https://gongyi.qq.com/succor/detail.htm?id=210000777");
  });
});
