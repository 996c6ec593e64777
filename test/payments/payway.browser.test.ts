/**
 * Browser journeys (Chromium). On a phone: a guest donor on a 375×740 window with a phone's user
 * agent gives to a demo campaign with WeChat Pay. The host has no merchant account, so the local
 * test checkout stands in ("模拟微信支付"); the donor reaches the thanks page, the donation is
 * recorded as WeChat Pay's, and the campaign's raised total includes it. On a desktop, with the
 * host's WeChat Pay account (against the local fake): the QR page shows the code and, once WeChat
 * Pay's signed notification arrives, moves on to the thanks page by itself.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, ensureLedgerSql } from "../support/factories/funding";
import { newMerchant, startFakeWechatPay, type FakeWechatPay } from "../support/fake-wechatpay";
import type { PrismaClient } from "~/generated/prisma/client";

const PHONE = { width: 375, height: 740 };
const IPHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

let app: TestApp;
let browser: BrowserSession;
let prisma: PrismaClient;
let campaignId: string;
let wxCampaignId: string;
let wxAccountId: string;
let fakeWx: FakeWechatPay;
const wx = newMerchant();

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  process.env.DEMO_MODE = "1";
  fakeWx = await startFakeWechatPay({ ...wx, mode: "publicKey" });
  process.env.WECHATPAY_API_BASE = fakeWx.url;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const host = await createUser(prisma, { displayName: "陈会计" });
  const org = await createOrganization(prisma, { createdById: host.id, name: "重庆市慈善总会", type: "FOUNDATION", isCharity: true, publicFundraising: true, districtCode: "500103" });
  campaignId = (await createCampaign(prisma, { orgId: org.id, createdById: host.id, goalFen: 5_000_000n })).id;
  // A second host with its own WeChat Pay merchant account, stored as the settings page stores it.
  const wxOrg = await createOrganization(prisma, { createdById: host.id, isCharity: true, publicFundraising: true });
  wxCampaignId = (await createCampaign(prisma, { orgId: wxOrg.id, createdById: host.id, goalFen: 5_000_000n })).id;
  const { saveMerchantAccount } = await import("~/modules/payments/merchant-accounts.server");
  const { WechatPayCredentialsSchema } = await import("~/modules/payments/merchant-schema.server");
  const input = WechatPayCredentialsSchema.parse({ ...wx, verificationMode: "publicKey", publicKeyId: fakeWx.publicKeyId, publicKey: fakeWx.publicKeyPem });
  wxAccountId = (await saveMerchantAccount({ orgId: wxOrg.id }, host.id, { provider: "WECHAT_PAY", input }, prisma)).id;
  browser = await launchBrowser();
  await browser.page.setViewportSize(PHONE);
  await browser.context.setExtraHTTPHeaders({ "User-Agent": IPHONE_UA });
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") console.log(`snapshot: ${await browser.snapshot(ctx.task.name)}`);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fakeWx?.close();
  delete process.env.DEMO_MODE;
  delete process.env.WECHATPAY_API_BASE;
});

const fitsTheScreen = () => browser.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe("giving with WeChat Pay", () => {
  it("pays with WeChat Pay through the test checkout standing in, reaches the thanks page, and the total includes it", async () => {
    const { page } = browser;
    await page.goto(`${app.baseUrl}/campaigns/${campaignId}`);
    const raisedBefore = (await page.getByTestId("raised").textContent())?.trim();
    expect(raisedBefore).toBe("¥0.00");

    const form = page.getByTestId("donate-form");
    // WeChat Pay comes first and is already chosen.
    await expect.poll(() => form.getByTestId("donate-provider-WECHAT_PAY").isChecked()).toBe(true);
    await form.getByLabel("¥100").check();
    await form.locator('input[name="email"]').fill("phone-donor@example.cn");
    await form.locator('input[name="donorName"]').fill("小张");
    expect(await fitsTheScreen()).toBe(true);
    await page.getByTestId("donate-submit").click();

    await page.waitForURL((u) => u.pathname.startsWith("/checkout/test/"));
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("模拟微信支付");
    expect(await page.getByTestId("checkout-amount").textContent()).toContain("100.00");
    expect(await fitsTheScreen()).toBe(true);
    await page.getByRole("button", { name: "确认支付" }).click();

    await page.waitForURL((u) => u.pathname.startsWith("/donate/thanks/"));
    await expect.poll(() => page.getByText("您的捐款已到账。").isVisible()).toBe(true);
    expect(await fitsTheScreen()).toBe(true);

    const d = await prisma.donation.findFirstOrThrow({ where: { campaignId }, select: { status: true, provider: true, merchantAccountId: true, amountFen: true } });
    expect(d).toEqual({ status: "PAID", provider: "WECHAT_PAY", merchantAccountId: null, amountFen: 10_000n });

    await page.goto(`${app.baseUrl}/campaigns/${campaignId}`);
    expect((await page.getByTestId("raised").textContent())?.trim()).toBe("¥100.00");
    await expect.poll(() => page.getByTestId("donor-wall").textContent()).toContain("100");
  });

  it("on a desktop shows WeChat Pay's QR code and moves on to the thanks page once paid", async () => {
    const session = await launchBrowser();
    try {
      const { page } = session;
      await page.goto(`${app.baseUrl}/campaigns/${wxCampaignId}`);
      const form = page.getByTestId("donate-form");
      await expect.poll(() => form.getByTestId("donate-provider-WECHAT_PAY").isChecked()).toBe(true);
      await form.locator('input[name="email"]').fill("desk-donor@example.cn");
      await page.getByTestId("donate-submit").click();
      await page.waitForURL((u) => u.pathname.startsWith("/checkout/wechat/"));
      await expect.poll(() => page.getByTestId("wechat-qr").isVisible()).toBe(true);
      expect(await page.getByTestId("wechat-amount").textContent()).toBe("¥50.00");

      const d = await prisma.donation.findFirstOrThrow({ where: { campaignId: wxCampaignId }, select: { id: true, accessToken: true } });
      expect(page.url()).toBe(`${app.baseUrl}/checkout/wechat/${d.accessToken}`);
      fakeWx.pay(d.id);
      const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: fakeWx.transaction(d.id) });
      expect((await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${wxAccountId}`, { method: "POST", body: n.body, headers: n.headers })).status).toBe(200);
      // The page's poll sees it and moves on by itself.
      await page.waitForURL((u) => u.pathname === `/donate/thanks/${d.accessToken}`, { timeout: 20_000 });
      await expect.poll(() => page.getByText("您的捐款已到账。").isVisible()).toBe(true);
    } finally {
      await session.close();
    }
  });
});
