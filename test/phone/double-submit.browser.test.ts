/**
 * Phone first (issue #12 item 1): a double tap on 「去支付」 starts one checkout. On a phone the
 * first tap often seems to do nothing (slow network), and the second tap used to start a second
 * donation and a second checkout session. The SubmitButton locks the form until the first request
 * settles and says 「提交中…」 meanwhile.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, ensureLedgerSql } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let browser: BrowserSession;
let orgId: string;
let ownerId: string;

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const owner = await createUser(prisma, { displayName: "刘会计" });
  ownerId = owner.id;
  orgId = (await createOrganization(prisma, { createdById: owner.id, name: "重庆市社会救助基金会", type: "FOUNDATION", isCharity: true, publicFundraising: true })).id;
  browser = await launchBrowser();
  await browser.page.setViewportSize({ width: 375, height: 812 });
});
afterEach(async (ctx) => {
  await browser.page.unrouteAll({ behavior: "ignoreErrors" });
  if (ctx.task.result?.state === "fail") console.log(`snapshot: ${await browser.snapshot(`double-submit-${ctx.task.name}`)}`);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function openDonateForm(email: string) {
  const campaign = await createCampaign(prisma, { orgId, createdById: ownerId });
  const { page } = browser;
  await page.goto(`${app.baseUrl}/campaigns/${campaign.id}`);
  // Wait for hydration: the lock is JavaScript's (without it the browser posts the form itself).
  await page.waitForLoadState("networkidle");
  await page.getByLabel("¥100").check();
  await page.getByLabel("电子邮箱").fill(email);
  return campaign.id;
}

const donationsOf = (campaignId: string) => prisma.donation.findMany({ where: { campaignId }, select: { id: true, providerSessionId: true, amountFen: true } });

describe("the donate button", () => {
  it("a real double click starts exactly one donation and one checkout", async () => {
    const { page } = browser;
    const campaignId = await openDonateForm("double.click@example.cn");
    // A double click as a person makes it: each press lasts 100 ms.
    await page.getByRole("button", { name: "去支付" }).dblclick({ delay: 100 });
    await expect.poll(async () => (await donationsOf(campaignId)).length).toBeGreaterThan(0);
    // Give a stray second request time to arrive before counting.
    await page.waitForTimeout(1500);
    const rows = await donationsOf(campaignId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.providerSessionId).toBeTruthy();
    expect(rows[0]!.amountFen).toBe(10_000n);
    await page.waitForURL(/\/checkout\/test\//);
    expect(page.url()).toContain(`/checkout/test/${rows[0]!.providerSessionId}`);
  });

  it("two quick taps 150 ms apart (the first seemed to do nothing) start one donation", async () => {
    const { page } = browser;
    const campaignId = await openDonateForm("double.tap@example.cn");
    const pay = page.getByRole("button", { name: "去支付" });
    await pay.scrollIntoViewIfNeeded();
    const box = (await pay.boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.click(x, y);
    await page.waitForTimeout(150);
    await page.mouse.click(x, y);
    await expect.poll(async () => (await donationsOf(campaignId)).length).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    const rows = await donationsOf(campaignId);
    expect(rows).toHaveLength(1);
    expect(rows.filter((r) => r.providerSessionId)).toHaveLength(1);
    await page.waitForURL(/\/checkout\/test\//);
  });

  it("on a slow network says 「提交中…」, and further taps or Enter send nothing more", async () => {
    const { page } = browser;
    const campaignId = await openDonateForm("slow.network@example.cn");
    // The POST takes two seconds to leave the phone.
    await page.route(`**/campaigns/${campaignId}*`, async (route) => {
      if (route.request().method() === "POST") await new Promise((r) => setTimeout(r, 2000));
      await route.continue();
    });
    const button = page.getByTestId("donate-submit");
    await button.click();
    await expect.poll(() => button.textContent()).toBe("提交中…");
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getAttribute("aria-busy")).toBe("true");
    await button.click({ force: true });
    await page.getByLabel("电子邮箱").press("Enter");
    await page.waitForURL(/\/checkout\/test\//);
    await page.waitForTimeout(1000);
    expect(await donationsOf(campaignId)).toHaveLength(1);
  });

  it("unlocks after a refused submission so that the donor can correct it and send again", async () => {
    const { page } = browser;
    const campaignId = await openDonateForm("fix.and.retry@example.cn");
    await page.getByLabel("其他金额").check();
    await page.getByLabel("自定义金额（元）").fill("0.5");
    await page.getByRole("button", { name: "去支付" }).click();
    await expect.poll(() => page.locator(".field-error").first().textContent()).toBeTruthy();
    const button = page.getByTestId("donate-submit");
    await expect.poll(() => button.isDisabled()).toBe(false);
    expect(await button.textContent()).toBe("去支付");
    await page.getByLabel("自定义金额（元）").fill("30");
    await button.click();
    await page.waitForURL(/\/checkout\/test\//);
    const rows = await donationsOf(campaignId);
    expect(rows.map((r) => r.amountFen)).toEqual([3_000n]);
  });
});
