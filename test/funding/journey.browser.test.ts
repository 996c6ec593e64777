/**
 * Browser journey (Chromium): a host organization creates a campaign and uploads a verification
 * document, staff approve it, a guest donor pays through the local test checkout (signed event →
 * the same webhook handler), the progress bar and public accounts update, the host records a
 * disbursement, and the donor's receipt verifies on the public check page.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { ensureLedgerSql } from "../support/factories/funding";

let app: TestApp;
let browser: BrowserSession;
let host: { id: string; email: string; password: string };
let staff: { email: string; password: string };
let orgId: string;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const POLL = { timeout: 20_000, interval: 250 };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  app = await startTestApp();
  const { prisma } = await import("~/utils/db.server");
  await ensureLedgerSql(prisma);
  host = await createUser(prisma, { displayName: "刘会计" });
  staff = await createUser(prisma, { globalRole: "BUREAU_STAFF", displayName: "周科长" });
  orgId = (await createOrganization(prisma, { createdById: host.id, name: "重庆市社会救助基金会", type: "FOUNDATION", isCharity: true, publicFundraising: true, districtCode: "500103" })).id;
  browser = await launchBrowser();
});
afterEach(async (ctx) => {
  const b = browser as BrowserSession & { snapshot?: (name: string) => Promise<string> };
  if (ctx.task.result?.state === "fail" && b.snapshot) console.log(`snapshot: ${await b.snapshot(ctx.task.name)}`);
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

describe("crowdfunding journey", () => {
  it("goes from a new campaign to a verified donor receipt and public accounts", async () => {
    const { page } = browser;
    const title = "黔江区王某白血病急难救助";

    // The host creates the campaign and uploads a verification document.
    await signIn(page, host.email, host.password);
    await page.goto(`${app.baseUrl}/org/${orgId}/campaigns`);
    await page.getByRole("link", { name: "发起众筹" }).click();
    await page.getByLabel("项目类型").selectOption("EMERGENCY");
    await page.getByLabel("项目标题").fill(title);
    await page.getByLabel("受助人（脱敏姓名，如 王某）").fill("王某");
    await page.getByLabel("受助人所在区县").selectOption("500114");
    await page.getByLabel(/项目详情/).fill("王某，黔江区低保户，今年确诊急性白血病，化疗费用自付部分约五万元，家庭无力承担。");
    await page.getByLabel("目标金额（元）").fill("50000");
    await page.getByLabel("截止日期").fill(inDays(45));
    await page.getByLabel("募捐方案备案号").fill("渝民募备〔2020〕031号");
    await page.getByLabel("用途 1").fill("化疗费用");
    await page.getByLabel("金额 1").fill("45000");
    await page.getByLabel("用途 2").fill("营养与护理");
    await page.getByLabel("金额 2").fill("5000");
    await page.getByRole("button", { name: "保存草稿" }).click();
    await page.waitForURL((u) => /^\/org\/[^/]+\/campaigns\/(?!new$)[^/]+$/.test(u.pathname));
    const campaignId = page.url().split("/").at(-1)!;
    await page.getByLabel("材料类型").selectOption("DIAGNOSIS");
    await page.setInputFiles("#doc-file", { name: "诊断证明.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByRole("button", { name: "上传" }).click();
    await expect.poll(() => page.getByTestId("documents").textContent(), POLL).toContain("诊断证明.pdf");
    await page.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => page.getByTestId("campaign-status").textContent(), POLL).toBe("待审核");
    await signOut(page);

    // Staff see the document and approve.
    await signIn(page, staff.email, staff.password);
    await page.goto(`${app.baseUrl}/staff/campaigns`);
    await page.getByRole("link", { name: title }).click();
    expect(await page.getByTestId("documents").textContent()).toContain("诊断证明.pdf");
    await page.locator('select[name="decision"]').selectOption("APPROVE");
    await page.getByRole("button", { name: "提交决定" }).click();
    await expect.poll(() => page.getByTestId("campaign-status").textContent(), POLL).toBe("筹款中");
    await signOut(page);

    // The campaign is on the home page; a guest donates 200 yuan through the test checkout.
    expect(await page.getByTestId("live-campaigns").textContent()).toContain(title);
    await page.getByTestId("live-campaigns").getByRole("link", { name: title }).click();
    expect(await page.getByTestId("filing-number").textContent()).toBe("渝民募备〔2020〕031号");
    expect(await page.locator('[role="progressbar"]').first().getAttribute("aria-valuenow")).toBe("0");
    await page.getByLabel("其他金额").check();
    await page.getByLabel("自定义金额（元）").fill("200");
    await page.getByLabel("电子邮箱").fill("xiao.li@example.cn");
    await page.getByLabel("署名（选填）").fill("李晓");
    await page.getByRole("button", { name: "去支付" }).click();
    await page.waitForURL(/\/checkout\/test\//);
    expect(await page.getByTestId("checkout-amount").textContent()).toBe("¥200.00 CNY");
    await page.getByRole("button", { name: "确认支付" }).click();
    await page.waitForURL(/\/donate\/thanks\//);
    const code = (await page.getByTestId("receipt-code").textContent())!.trim();
    expect(code).toMatch(/^SL-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.getByTestId("receipt").textContent()).toContain("¥200.00");

    // Progress and the donor wall update.
    await page.goto(`${app.baseUrl}/campaigns/${campaignId}`);
    expect(await page.getByTestId("progress-text").first().textContent()).toContain("已筹 ¥200.00");
    expect(await page.locator('[role="progressbar"]').first().getAttribute("aria-valuenow")).toBe("0.4");
    expect(await page.getByTestId("donor-wall").textContent()).toContain("李某");
    await page.getByRole("link", { name: "查看完整账目" }).click();
    expect(await page.getByTestId("accounts-raised").textContent()).toContain("¥200.00");
    expect(await page.getByTestId("accounts-donors").textContent()).toContain("1");

    // The host records a disbursement with evidence; the public accounts show it.
    await signIn(page, host.email, host.password);
    await page.goto(`${app.baseUrl}/org/${orgId}/disbursements`);
    await page.getByLabel("拨付金额（元）").fill("150");
    await page.getByLabel(/受助方（脱敏/).fill("王某");
    await page.locator('input[name="purpose"]').fill("支付第一期化疗押金");
    await page.setInputFiles("#evidence", { name: "押金收据.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByRole("button", { name: "登记拨付" }).click();
    await expect.poll(() => page.getByTestId("disbursements").textContent(), POLL).toContain("支付第一期化疗押金");
    await signOut(page);
    await page.goto(`${app.baseUrl}/campaigns/${campaignId}/accounts`);
    expect(await page.getByTestId("accounts-disbursed").textContent()).toContain("¥150.00");
    expect(await page.getByTestId("accounts-balance").textContent()).toContain("¥50.00");
    expect(await page.getByTestId("public-accounts").textContent()).toContain("支付第一期化疗押金");

    // The receipt verifies on the public check page; a made-up code does not.
    await page.goto(`${app.baseUrl}/verify/receipts`);
    await page.getByLabel("验证码").fill(code.toLowerCase());
    await page.getByRole("button", { name: "核验" }).click();
    await expect.poll(() => page.getByTestId("verify-result").textContent(), POLL).toContain("验证通过");
    expect(await page.getByTestId("verify-result").textContent()).toContain("¥200.00");
    await page.getByLabel("验证码").fill("SL-0000-0000-0000");
    await page.getByRole("button", { name: "核验" }).click();
    await expect.poll(() => page.getByTestId("verify-result").textContent(), POLL).toContain("未找到");

    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    const { prisma } = await import("~/utils/db.server");
    expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
  }, 240_000);
});
