/**
 * Phone first (issue #12 item 1): most volunteers and donors in Chongqing use a phone, often inside
 * WeChat. At 375×812 every main page fits the screen: no horizontal scrolling, no element sticking
 * out on the right (except inside a box that scrolls on its own, such as a wide table), tap targets
 * of at least 44 px, and a compact header whose menu opens without JavaScript.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createFund, ensureLedgerSql } from "../support/factories/funding";
import { createProject, createShift } from "../support/factories/volunteering";
import { createAttendance, createServiceRecord } from "../support/factories/hours";
import type { PrismaClient } from "~/generated/prisma/client";

const PHONE = { width: 375, height: 812 };

let app: TestApp;
let prisma: PrismaClient;
let browser: BrowserSession;
let owner: { id: string; email: string; password: string };
let volunteer: { id: string; email: string; password: string };
let ids: { org: string; campaign: string; fund: string; project: string; shift: string };

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  owner = await createUser(prisma, { displayName: "陈静", profile: true });
  volunteer = await createUser(prisma, { displayName: "许晓燕志愿者", profile: { realName: "许晓燕" } });
  const other = await createUser(prisma, { displayName: "何俊杰", profile: { realName: "何俊杰" } });
  const org = await createOrganization(prisma, { createdById: owner.id, name: "黔江区李家溪社区社会工作服务中心", type: "FOUNDATION", isCharity: true, publicFundraising: true });
  const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, title: "黔江区王某白血病急难救助（第二期化疗费用）" });
  const fund = await createFund(prisma, { orgId: org.id, createdById: owner.id, name: "李家溪安置区困难群众阳光救助基金" });
  const project = await createProject(prisma, { orgId: org.id, createdById: owner.id, title: "李家溪安置区敬老陪伴与独居老人探访" });
  // The shift started half an hour ago: the roster shows check-in, check-out and the hours form.
  const shift = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() - 30 * 60_000), hours: 3 });
  await createAttendance(prisma, { shiftId: shift.id, userId: other.id });
  const signup = await createAttendance(prisma, { shiftId: shift.id, userId: volunteer.id, checkedOutAt: new Date() });
  await createServiceRecord(prisma, { signupId: signup.id, confirmedById: owner.id });
  const later = await createShift(prisma, { projectId: project.id });
  await prisma.shiftSignup.create({ data: { shiftId: later.id, userId: volunteer.id, status: "CONFIRMED" } });
  const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
  for (const [kind, id] of [["campaign", campaign.id], ["fund", fund.id], ["project", project.id], ["organization", org.id]] as const) await enqueueSearch(prisma, kind, id);
  ids = { org: org.id, campaign: campaign.id, fund: fund.id, project: project.id, shift: shift.id };
  browser = await launchBrowser();
  await browser.page.setViewportSize(PHONE);
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") console.log(`snapshot: ${await browser.snapshot(`phone-${ctx.task.name}`)}`);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

type Fit = { scrollWidth: number; viewport: number; overflowing: string[]; smallTargets: string[] };

/**
 * What sticks out on the right of a phone screen, and which controls are too small to tap. An
 * element inside a box that scrolls horizontally on its own (overflow-x auto/scroll/hidden) is
 * allowed to be wider: the page itself does not scroll.
 */
async function measure(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const describe = (el: Element) => {
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 30);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls} "${text}"`;
    };
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if ((o === "auto" || o === "scroll" || o === "hidden" || o === "clip") && p.getBoundingClientRect().right <= viewport + 1) return true;
      }
      return false;
    };
    const visible = (el: Element) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0;
    };
    const overflowing: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right > viewport + 1 && !inScroller(el)) overflowing.push(`${describe(el)} right=${Math.round(r.right)}`);
    }
    // Tap targets: buttons, form controls, the header's links and menu; a radio or checkbox counts
    // with its label. Links inside running text are exempt (WCAG 2.5.8).
    const smallTargets: string[] = [];
    const targets = document.querySelectorAll(
      'button, .button, input:not([type="hidden"]):not([type="radio"]):not([type="checkbox"]), select, textarea, summary, .site-header a, label.checkbox',
    );
    for (const el of Array.from(targets)) {
      if (!visible(el) || el.closest(".visually-hidden")) continue;
      const r = el.getBoundingClientRect();
      if (r.height < 44 - 0.5) smallTargets.push(`${describe(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport, overflowing, smallTargets };
  });
}

async function expectFits(page: Page, path: string) {
  const res = await page.goto(`${app.baseUrl}${path}`);
  expect(res?.status(), path).toBeLessThan(400);
  const fit = await measure(page);
  // Soft: one run lists every page that does not fit.
  expect.soft({ path, viewport: fit.viewport, overflowing: fit.overflowing.slice(0, 15) }).toEqual({ path, viewport: PHONE.width, overflowing: [] });
  expect.soft(fit.scrollWidth, `${path}: the page scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  expect.soft({ path, smallTargets: fit.smallTargets.slice(0, 15) }).toEqual({ path, smallTargets: [] });
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.context().clearCookies();
  await page.goto(`${app.baseUrl}/auth/login`);
  await page.getByLabel("电子邮箱").fill(who.email);
  await page.locator('input[name="password"]').fill(who.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/auth/login"));
}

async function signOut(page: Page) {
  await page.context().clearCookies();
}

describe("at 375 px wide", () => {
  it("public pages fit a phone screen", async () => {
    const { page } = browser;
    for (const path of ["/", "/search?q=救助", "/search?q=敬老", `/campaigns/${ids.campaign}`, `/funds/${ids.fund}`, `/projects/${ids.project}`, "/projects", "/campaigns", `/orgs/${ids.org}`, "/auth/signup", "/auth/login", "/stats", "/cooperation"]) {
      await expectFits(page, path);
    }
    // The search results are really there (the layout is measured with content).
    await page.goto(`${app.baseUrl}/search?q=救助`);
    expect(await page.locator("main").textContent()).toContain("黔江区王某白血病急难救助");
  });

  it("a volunteer's pages fit, and the signed-in header is one row with a menu", async () => {
    const { page } = browser;
    await signIn(page, volunteer);
    for (const path of ["/", "/me", "/me/volunteering", "/me/certificates", "/me/donations", `/projects/${ids.project}`]) await expectFits(page, path);

    // The header is a single row: brand, search and a menu button.
    await page.goto(`${app.baseUrl}/me`);
    const header = page.locator(".site-header");
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(72);
    const menu = page.locator(".site-header summary");
    await expect.poll(() => menu.isVisible()).toBe(true);
    expect(await header.getByRole("link", { name: "我的志愿服务" }).isVisible()).toBe(false);
    await menu.click();
    expect(await header.getByRole("link", { name: "我的志愿服务" }).isVisible()).toBe(true);
    const open = await measure(page);
    expect(open.overflowing).toEqual([]);
    expect(open.smallTargets).toEqual([]);
    await header.getByRole("link", { name: "我的志愿服务" }).click();
    await page.waitForURL(/\/me\/volunteering$/);
    await signOut(page);
  });

  it("the header menu opens without JavaScript", async () => {
    const session = await launchBrowser();
    try {
      await session.context.route("**/*.js", (route) => route.abort());
      await session.page.setViewportSize(PHONE);
      await session.page.goto(`${app.baseUrl}/`);
      await session.page.locator(".site-header summary").click();
      expect(await session.page.getByRole("link", { name: "众筹项目" }).first().isVisible()).toBe(true);
      const fit = await measure(session.page);
      expect(fit.overflowing).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it("an organization's dashboard and the roster shown at the shift fit", async () => {
    const { page } = browser;
    await signIn(page, owner);
    for (const path of [`/org/${ids.org}`, `/org/${ids.org}/projects/${ids.project}`, `/org/${ids.org}/rosters/${ids.shift}`, `/org/${ids.org}/campaigns`, `/org/${ids.org}/stats`, `/org/${ids.org}/cooperation`, `/org/${ids.org}/match-pledges`, "/me"]) await expectFits(page, path);
    await signOut(page);
  });

  it("the desktop layout still shows the menu inline", async () => {
    const session = await launchBrowser();
    try {
      await session.page.goto(`${app.baseUrl}/`);
      expect(await session.page.locator(".site-header summary").isVisible()).toBe(false);
      expect(await session.page.getByRole("link", { name: "众筹项目" }).first().isVisible()).toBe(true);
    } finally {
      await session.close();
    }
  });
});
