/**
 * Browser journey (Chromium) for public help requests (issue 15.5 "must show"): a visitor on a
 * phone files a request with medical details and consent and gets a tracking code; the same request
 * without consent is refused and keeps no medical text (checked in the database); staff turn the
 * first into a need; the visitor sees the outcome on the tracking page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";

let app: TestApp;
let prisma: PrismaClient;
let visitor: BrowserSession;
let staffBrowser: BrowserSession;
let staff: { email: string; password: string };

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  staff = await createUser(prisma, { globalRole: "BUREAU_STAFF", displayName: "周科长" });
  visitor = await launchBrowser();
  staffBrowser = await launchBrowser();
});
afterAll(async () => {
  await visitor?.close();
  await staffBrowser?.close();
  await app?.close();
});

const MEDICAL = "母亲确诊乳腺癌，正在重庆大学附属肿瘤医院化疗，每月自费约八千元。";
const NEED_TEXT = "我和母亲两人生活，母亲生病后我辞职照顾她，家里没有收入，希望得到医疗救助和生活帮助。";

async function fillRequest(page: Page) {
  await page.goto(`${app.baseUrl}/help`);
  await page.getByLabel("为谁求助").selectOption("SELF");
  await page.getByLabel("需要哪方面的帮助").selectOption("EMERGENCY_AID");
  await page.getByLabel("所在区县").selectOption("500114");
  await page.getByLabel("乡镇/街道").fill("城西街道");
  await page.getByLabel("遇到了什么困难、需要什么帮助").fill(NEED_TEXT);
  await page.getByLabel("联系人姓名").fill("王晓燕");
  await page.getByLabel("联系电话").fill("13700001111");
  await page.getByLabel("病情、诊断、治疗情况").fill(MEDICAL);
}

const medicalRows = async () => Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "HelpRequest" WHERE "medicalDetails" IS NOT NULL`)[0]!.n);

describe("help request journey", () => {
  it("files with consent, is triaged into a need, and the outcome is read by code", async () => {
    const v = visitor.page;
    await v.setViewportSize({ width: 375, height: 800 });

    // The footer leads to the form.
    await v.goto(app.baseUrl);
    await v.getByRole("link", { name: "我要求助" }).first().click();
    await v.waitForURL(`${app.baseUrl}/help`);
    expect(await v.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // With medical details and the separate consent: saved, code shown once.
    await fillRequest(v);
    await v.getByLabel("我单独同意民政部门处理上述医疗健康信息").check();
    await v.getByRole("button", { name: "提交求助" }).click();
    const codeBox = v.getByTestId("tracking-code");
    await codeBox.waitFor();
    const code = (await codeBox.textContent())!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(await medicalRows()).toBe(1);

    // The same request without consent: refused, nothing stored, what was typed is still there.
    await fillRequest(v);
    await v.getByRole("button", { name: "提交求助" }).click();
    await v.getByText("本次求助没有保存").waitFor();
    expect(await v.getByLabel("病情、诊断、治疗情况").inputValue()).toBe(MEDICAL);
    expect(await prisma.helpRequest.count()).toBe(1);
    expect(await medicalRows()).toBe(1);
    // Clearing the medical field files it without any medical text.
    await v.getByLabel("病情、诊断、治疗情况").fill("");
    await v.getByRole("button", { name: "提交求助" }).click();
    await v.getByTestId("tracking-code").waitFor();
    expect(await prisma.helpRequest.count()).toBe(2);
    expect(await medicalRows()).toBe(1);
    expect(await prisma.helpRequest.count({ where: { medicalDetails: { contains: "乳腺癌" } } })).toBe(1);

    // Staff open the oldest new request (the one with consent) and publish a need in their own words.
    const s = staffBrowser.page;
    await s.goto(`${app.baseUrl}/auth/login`);
    await s.getByLabel("电子邮箱").fill(staff.email);
    await s.getByLabel("密码").fill(staff.password);
    await s.getByRole("button", { name: "登录" }).click();
    await s.waitForURL((u) => !u.pathname.startsWith("/auth/login"));
    await s.goto(`${app.baseUrl}/staff/help`);
    expect(await s.getByText(NEED_TEXT).count()).toBe(0);
    await s.getByRole("link", { name: "查看" }).first().click();
    await s.getByTestId("medical").waitFor();
    expect(await s.getByTestId("medical").textContent()).toBe(MEDICAL);
    const form = s.getByRole("form", { name: "转为帮扶需求" });
    await form.getByLabel("需求标题").fill("黔江区城西街道困难家庭医疗救助");
    await form.getByLabel("需求说明").fill("一户因病致贫的单亲家庭，家人患重病长期治疗，需要医疗救助资金和生活物资。");
    await form.getByLabel("资金目标（元）").fill("20000");
    await form.getByLabel("给求助人的说明").fill("已发布为帮扶需求，区民政局将协助申请医疗救助。");
    await form.getByRole("button", { name: "发布为帮扶需求" }).click();
    await s.getByRole("status").filter({ hasText: "已发布为帮扶需求" }).waitFor();
    const need = await prisma.need.findFirstOrThrow({ select: { id: true, description: true, status: true } });
    expect(need.status).toBe("OPEN");
    expect(need.description).not.toContain("乳腺癌");

    // The visitor reads the outcome by code.
    await v.goto(`${app.baseUrl}/help/track`);
    await v.getByLabel("查询码").fill(code);
    await v.getByRole("button", { name: "查询" }).click();
    const result = v.getByTestId("track-result");
    await result.waitFor();
    expect(await result.textContent()).toContain("已发布为帮扶需求");
    expect(await v.getByTestId("outcome-note").textContent()).toBe("已发布为帮扶需求，区民政局将协助申请医疗救助。");
    expect(await result.textContent()).not.toContain(NEED_TEXT);
    await result.getByRole("link", { name: "查看发布的帮扶需求" }).click();
    await v.waitForURL(`${app.baseUrl}/needs/${need.id}`);
    expect(await v.content()).not.toContain("王晓燕");
  });
});
