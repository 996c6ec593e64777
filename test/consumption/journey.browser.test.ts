/**
 * Browser journey (Chromium) of consumption aid (#13): an organization registers a producer, the
 * district recommends it and the city approves it, the organization lists a certified product and
 * staff verify the certificate, a guest finds it by a Chinese query, buys it together with another
 * producer's product through the local test checkout (one payment, two orders), each producer ships,
 * the buyer confirms receipt, and the staff dashboard's consumption-aid figure and its online channel
 * move by exactly the amount paid.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer, createProduct, makeProducerCreditCode } from "../support/factories/consumption";
import { ensureLedgerSql } from "../support/factories/funding";

let app: TestApp;
let browser: BrowserSession;
let guest: BrowserSession;
let owner: { id: string; email: string; password: string };
let districtStaff: { email: string; password: string };
let cityStaff: { email: string; password: string };
let orgId: string;
let otherProducer: { id: string };
let otherProduct: { id: string; name: string };

const POLL = { timeout: 20_000, interval: 250 };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  app = await startTestApp();
  const { prisma } = await import("~/utils/db.server");
  await ensureLedgerSql(prisma);
  owner = await createUser(prisma, { displayName: "谭主任" });
  districtStaff = await createUser(prisma, { globalRole: "BUREAU_STAFF", displayName: "石柱县民政局 冉科长" });
  await prisma.user.update({ where: { email: districtStaff.email }, data: { districtCode: "500240" } });
  cityStaff = await createUser(prisma, { globalRole: "BUREAU_STAFF", displayName: "市民政局 周科长" });
  orgId = (await createOrganization(prisma, { createdById: owner.id, name: "石柱县乡村振兴服务中心", districtCode: "500240" })).id;
  // A second producer the same organization supports, already approved, with a certified product.
  otherProducer = await createProducer(prisma, { supportOrgId: orgId, createdById: owner.id, name: "奉节县脐橙专业合作社", districtCode: "500236" });
  otherProduct = await createProduct(prisma, { producerId: otherProducer.id, createdById: owner.id, name: "奉节脐橙 5斤装", category: "FRUIT_VEG", priceFen: 4500n, referencePriceFen: 4200n, originDistrictCode: "500236" });
  browser = await launchBrowser();
  guest = await launchBrowser();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") {
    console.log(`snapshot: ${await browser.snapshot(`${ctx.task.name}-host`)}`);
    console.log(`snapshot: ${await guest.snapshot(`${ctx.task.name}-guest`)}`);
  }
});
afterAll(async () => {
  await guest?.close();
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
  await page.getByRole("button", { name: /退出|Sign out/ }).first().click();
  await page.waitForURL(`${app.baseUrl}/`);
}

/** The consumption-aid figure (fen) and its online-channel row (fen) on the staff dashboard. */
async function dashboardFigures(page: Page) {
  await page.goto(`${app.baseUrl}/staff/stats`);
  const total = Number(await page.locator('[data-metric="consumptionAidFen"]').first().getAttribute("data-value"));
  const table = page.locator("table.figure-table", { has: page.locator("caption", { hasText: "销售渠道" }) });
  // With no sale yet the table has no rows: the channel then counts 0.
  const row = table.locator("tr", { has: page.locator("th", { hasText: "网上营销" }) });
  const online = (await row.count()) ? Number(await row.locator("td").first().getAttribute("data-value")) : 0;
  // The channel chart draws the same number.
  const bar = page.locator("figure, section", { hasText: "销售渠道" }).locator('rect[data-value]');
  const bars = await bar.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
  return { total, online, bars };
}

async function decide(page: Page, url: string, decisionLabel: string, button: string) {
  await page.goto(`${app.baseUrl}${url}`);
  await page.locator('select[name="decision"]').selectOption({ label: decisionLabel });
  await page.getByRole("button", { name: button, exact: true }).click();
  await page.waitForLoadState("networkidle");
}

describe("consumption aid journey", () => {
  it("goes from a registered producer to a received order counted on the dashboard", async () => {
    const { prisma } = await import("~/utils/db.server");
    const page = browser.page;

    // Baseline of the dashboard, as city staff.
    await signIn(page, cityStaff.email, cityStaff.password);
    const before = await dashboardFigures(page);
    await signOut(page);

    // The organization registers a honey cooperative in 石柱 (an aided county).
    await signIn(page, owner.email, owner.password);
    await page.goto(`${app.baseUrl}/org/${orgId}/producers/new`);
    await page.getByLabel(/^名称/).fill("石柱县中益乡华溪村蜂蜜专业合作社");
    await page.getByLabel(/^类型/).selectOption("COOPERATIVE");
    await page.getByLabel(/^统一社会信用代码/).fill(makeProducerCreditCode("COOPERATIVE", "500240")!);
    await page.getByLabel(/^所在区县/).selectOption("500240");
    await page.getByLabel(/^乡镇（街道）/).fill("中益乡");
    await page.getByLabel(/^村（社区）/).fill("华溪村");
    await page.getByLabel(/^联系人/).fill("谭大姐");
    await page.getByLabel(/^联系电话/).fill("13812345678");
    await page.getByLabel(/^带贫户数（户）/).fill("23");
    await page.getByLabel(/^简介/).fill("中华蜂林下养殖，带动华溪村脱贫户发展蜂蜜产业。");
    await page.getByRole("button", { name: "提交登记" }).click();
    await page.waitForURL((u) => /^\/producer\/[^/]+$/.test(u.pathname));
    const producerId = page.url().split("/").at(-1)!.split("?")[0]!;
    await signOut(page);

    // The district recommends, the city approves.
    await signIn(page, districtStaff.email, districtStaff.password);
    await decide(page, `/staff/producers/${producerId}`, "推荐（区县）", "确认");
    await expect.poll(async () => (await prisma.producer.findUniqueOrThrow({ where: { id: producerId } })).status, POLL).toBe("RECOMMENDED");
    await signOut(page);
    await signIn(page, cityStaff.email, cityStaff.password);
    await decide(page, `/staff/producers/${producerId}`, "审核认定（市级）", "确认");
    await expect.poll(async () => (await prisma.producer.findUniqueOrThrow({ where: { id: producerId } })).status, POLL).toBe("APPROVED");
    await signOut(page);

    // The organization lists a certified product for the producer.
    await signIn(page, owner.email, owner.password);
    await page.goto(`${app.baseUrl}/producer/${producerId}/products/new`);
    await page.getByLabel(/^产品名称/).fill("石柱中华蜂土蜂蜜 500克");
    await page.getByLabel(/^品类/).selectOption("DRIED_SPECIALTY");
    await page.getByLabel(/^计量单位/).fill("瓶");
    await page.getByLabel(/^规格/).fill("500克/瓶");
    await page.getByLabel(/^售价（元）/).fill("68");
    await page.getByLabel(/^市场参考价（元）/).fill("65");
    await page.getByLabel(/^产地区县/).selectOption("500240");
    await page.getByLabel(/^扶贫产品认定编号/).fill("CQFP2026-00777");
    await page.getByLabel(/^认定有效期至/).fill(inDays(300));
    await page.getByLabel(/^初始库存/).fill("50");
    await page.getByRole("button", { name: "创建产品" }).click();
    await page.waitForURL((u) => /^\/producer\/[^/]+\/products\/(?!new$)[^/]+$/.test(u.pathname));
    const productId = page.url().split("/").at(-1)!.split("?")[0]!;
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "上架销售" }).click();
    await page.getByText("产品已上架").first().waitFor();
    await expect.poll(async () => (await prisma.product.findUniqueOrThrow({ where: { id: productId } })).status, POLL).toBe("LISTED");
    await signOut(page);

    // Staff verify the certificate: the badge appears.
    await signIn(page, cityStaff.email, cityStaff.password);
    await decide(page, `/staff/products/${productId}`, "核验通过", "提交");
    await expect.poll(async () => (await prisma.product.findUniqueOrThrow({ where: { id: productId } })).certVerifiedAt !== null, POLL).toBe(true);
    await signOut(page);

    // A guest finds it by a Chinese query and buys it with the other producer's oranges.
    const g = guest.page;
    await expect
      .poll(async () => {
        await g.goto(`${app.baseUrl}/shop?q=${encodeURIComponent("石柱蜂蜜")}`);
        return g.getByRole("link", { name: /石柱中华蜂土蜂蜜/ }).count();
      }, POLL)
      .toBeGreaterThan(0);
    await g.getByRole("link", { name: /石柱中华蜂土蜂蜜/ }).first().click();
    await g.waitForURL((u) => u.pathname === `/shop/products/${productId}`);
    await g.getByText("扶贫产品认定：CQFP2026-00777").first().waitFor();
    await g.getByRole("button", { name: "加入购物车" }).click();
    await g.waitForLoadState("networkidle");
    await g.goto(`${app.baseUrl}/shop/products/${otherProduct.id}`);
    await g.getByRole("button", { name: "加入购物车" }).click();
    await g.waitForLoadState("networkidle");
    await g.goto(`${app.baseUrl}/shop/cart`);
    await g.getByText("石柱中华蜂土蜂蜜 500克").first().waitFor();
    await g.getByText("奉节脐橙 5斤装").first().waitFor();
    await g.getByRole("link", { name: "去结算" }).or(g.getByRole("button", { name: "去结算" })).first().click();
    await g.waitForURL((u) => u.pathname === "/shop/checkout");
    await g.getByLabel(/^收货人/).fill("李女士");
    await g.getByLabel(/^联系电话/).fill("13900001111");
    await g.getByLabel(/^收货地址/).fill("重庆市渝中区解放碑街道民族路 100 号");
    await g.getByLabel("电子邮箱").fill("buyer@example.cn");
    await g.getByRole("button", { name: "提交订单并支付" }).click();
    await g.waitForURL((u) => u.pathname.startsWith("/checkout/test/"));
    await g.getByRole("button", { name: "确认支付" }).click();
    await g.waitForURL((u) => u.pathname.startsWith("/shop/orders/"));
    const guestOrders = g.url();

    const checkout = await prisma.shopCheckout.findFirstOrThrow({ where: { buyerEmail: "buyer@example.cn" }, select: { id: true, amountFen: true, status: true, orders: { select: { id: true, producerId: true, status: true } } } });
    expect(checkout.status).toBe("PAID");
    expect(checkout.amountFen).toBe(6800n + 4500n);
    expect(checkout.orders).toHaveLength(2);
    expect(checkout.orders.every((o) => o.status === "PAID")).toBe(true);

    // Each producer ships (the supporting organization acts for both).
    await signIn(page, owner.email, owner.password);
    for (const [i, o] of checkout.orders.entries()) {
      await page.goto(`${app.baseUrl}/producer/${o.producerId}/orders/${o.id}`);
      await page.getByText("李女士").first().waitFor();
      await page.getByLabel(/^快递公司/).fill("中国邮政");
      await page.getByLabel(/^快递单号/).fill(`YZ2026120${i}88`);
      await page.getByRole("button", { name: "发货", exact: true }).click();
      await expect.poll(async () => (await prisma.shopOrder.findUniqueOrThrow({ where: { id: o.id } })).status, POLL).toBe("SHIPPED");
    }
    await signOut(page);

    // The buyer confirms receipt of both.
    for (let n = 0; n < 2; n++) {
      await g.goto(guestOrders);
      await g.getByRole("button", { name: "确认收货" }).first().click();
      await expect.poll(async () => prisma.shopOrder.count({ where: { checkoutId: checkout.id, status: { in: ["RECEIVED", "COMPLETED"] } } }), POLL).toBe(n + 1);
    }

    // The dashboard moved by exactly what was paid, in the online channel.
    await signIn(page, cityStaff.email, cityStaff.password);
    const after = await dashboardFigures(page);
    expect(after.total - before.total).toBe(11_300);
    expect(after.online - before.online).toBe(11_300);
    expect(after.bars).toContain(after.online);
  });
});
