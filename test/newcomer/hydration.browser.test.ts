/**
 * #12.7d: an organization's service records page hydrated with errors (a Date method called on the
 * JSON string the browser receives). Load it in Chromium and require a clean console.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, type BrowserSession } from "../support/browser";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";

let app: TestApp;
let prisma: PrismaClient;
let browser: BrowserSession;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("(d) service records hydrate cleanly", () => {
  it("shows the records with no console error", async () => {
    const owner = await createUser(prisma, { profile: true });
    const org = await createOrganization(prisma, { createdById: owner.id });
    const project = await createProject(prisma, { orgId: org.id, createdById: owner.id });
    const shift = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() - 3 * 24 * 3600_000) });
    const v = await createUser(prisma, { profile: { realName: "刘晓梅" } });
    const s = await prisma.shiftSignup.create({ data: { shiftId: shift.id, userId: v.id, status: "ATTENDED", checkedInAt: shift.startsAt } });
    await prisma.serviceRecord.create({ data: { userId: v.id, orgId: org.id, projectId: project.id, shiftId: shift.id, signupId: s.id, districtCode: "500114", category: "COMMUNITY", serviceDate: new Date("2026-03-15"), minutes: 120, role: "志愿者", confirmedById: owner.id } });

    const { page } = browser;
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("response", (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${app.baseUrl}/auth/login?redirectTo=${encodeURIComponent(`/org/${org.id}/service-records`)}`);
    await page.getByLabel("电子邮箱").fill(owner.email);
    await page.locator('input[name="password"]').fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((u) => u.pathname === `/org/${org.id}/service-records`);
    await page.getByText("刘晓梅").waitFor();
    // Reload directly, so this page is the one that hydrates.
    errors.length = 0;
    await page.reload();
    await page.getByText("2026-03-15").waitFor();
    await page.waitForFunction(() => document.readyState === "complete");
    await page.waitForTimeout(500);
    expect(errors).toEqual([]);
    await expect(page.locator(".pagination").textContent()).resolves.toContain("第 1 / 1 页");
  });
});
