/**
 * The render memo (app/utils/render-memo.server.ts, ADR 026) through the built app: public pages
 * whose loaders read the same state as the last render at their address are sent that render's
 * HTML, and nothing else is. A change in the data shows on the very next view, each locale gets its
 * own page, a signed-in visitor's page is never kept nor served from it, and views arriving together
 * after a change cost at most two renders.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign } from "../support/factories/funding";
import { createProject, createShift } from "../support/factories/volunteering";
import { TEST_PASSWORD } from "../support/factories/accounts";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let orgId: string;
let ownerId: string;
let campaignId: string;
let projectId: string;

async function view(path: string, headers: Record<string, string> = {}, client = new TestClient(app.baseUrl)) {
  const res = await client.request(path, { headers: { "accept-language": "zh-CN", ...headers } });
  const html = await res.text();
  expect(res.status, html.slice(0, 300)).toBe(200);
  return { how: res.headers.get("x-render-memo"), encoding: res.headers.get("content-encoding"), html };
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  ownerId = (await createUser(prisma)).id;
  orgId = (await createOrganization(prisma, { createdById: ownerId, type: "FOUNDATION", isCharity: true, publicFundraising: true })).id;
  campaignId = (await createCampaign(prisma, { orgId, createdById: ownerId, title: "记忆测试众筹甲" })).id;
  projectId = (await createProject(prisma, { orgId, createdById: ownerId, title: "记忆测试志愿项目" })).id;
  await createShift(prisma, { projectId, capacity: 10 });
});

afterAll(async () => {
  await app?.close();
});

describe("the render memo", () => {
  it("sends repeat views of a public page the HTML a render of the same state gave", async () => {
    const first = await view("/campaigns?memo=1");
    const second = await view("/campaigns?memo=1");
    const third = await view("/campaigns?memo=1");
    // Kept from the second view of the same state; the third is answered from it.
    expect([first.how, second.how, third.how]).toEqual(["render", "render", "hit"]);
    expect(third.html).toBe(second.html);
    expect(third.html).toContain("记忆测试众筹甲");
    // Compressed once for the encodings browsers ask for; fetch decodes it to the same page.
    const br = await view("/campaigns?memo=1", { "accept-encoding": "br" });
    expect([br.how, br.encoding]).toEqual(["hit", "br"]);
    expect(br.html).toBe(second.html);
    const gzip = await view("/campaigns?memo=1", { "accept-encoding": "gzip" });
    expect([gzip.how, gzip.encoding]).toEqual(["hit", "gzip"]);
    expect(gzip.html).toBe(second.html);
  });

  it("shows a change in the data on the very next view", async () => {
    for (let i = 0; i < 3; i++) await view("/campaigns?memo=2");
    expect((await view("/campaigns?memo=2")).how).toBe("hit");
    await prisma.campaign.update({ where: { id: campaignId }, data: { title: "记忆测试众筹乙" } });
    const after = await view("/campaigns?memo=2");
    expect(after.how).toBe("render");
    expect(after.html).toContain("记忆测试众筹乙");
    expect(after.html).not.toContain("记忆测试众筹甲");
    // A campaign approved just now is on the first page at once.
    await createCampaign(prisma, { orgId, createdById: ownerId, title: "记忆测试众筹丙" });
    expect((await view("/campaigns?memo=2")).html).toContain("记忆测试众筹丙");
  });

  it("keeps a project page until its project changes", async () => {
    const path = `/projects/${projectId}`;
    for (let i = 0; i < 2; i++) await view(path);
    const kept = await view(path);
    expect(kept.how).toBe("hit");
    expect(kept.html).toContain("记忆测试志愿项目");
    await prisma.volunteerProject.update({ where: { id: projectId }, data: { title: "记忆测试志愿项目（改）" } });
    const changed = await view(path);
    expect(changed.how).toBe("render");
    expect(changed.html).toContain("记忆测试志愿项目（改）");
  });

  it("gives each locale its own page", async () => {
    const english = new TestClient(app.baseUrl);
    expect((await english.post("/set-locale", { locale: "en", redirectTo: "/campaigns" })).status).toBe(302);
    for (let i = 0; i < 2; i++) {
      await view("/campaigns?memo=3");
      await view("/campaigns?memo=3", {}, english);
    }
    const zh = await view("/campaigns?memo=3");
    const en = await view("/campaigns?memo=3", {}, english);
    expect([zh.how, en.how]).toEqual(["hit", "hit"]);
    expect(zh.html).toContain('<html lang="zh-CN"');
    expect(en.html).toContain('<html lang="en"');
  });

  it("never keeps nor serves a signed-in visitor's page", async () => {
    const user = await createUser(prisma, { displayName: "记忆测试志愿者" });
    const client = new TestClient(app.baseUrl);
    await client.signIn(user.email, TEST_PASSWORD);
    for (let i = 0; i < 3; i++) {
      const page = await view("/campaigns?memo=4", {}, client);
      expect(page.how).toBe(null);
      expect(page.html).toContain("记忆测试志愿者");
    }
    for (let i = 0; i < 3; i++) expect((await view("/campaigns?memo=4")).html).not.toContain("记忆测试志愿者");
  });

  it("renders views arriving together after a change at most twice, all alike", async () => {
    for (let i = 0; i < 3; i++) await view("/campaigns?memo=5");
    await prisma.campaign.update({ where: { id: campaignId }, data: { title: "记忆测试众筹丁" } });
    const views = await Promise.all(Array.from({ length: 8 }, () => view("/campaigns?memo=5")));
    expect(new Set(views.map((v) => v.html)).size).toBe(1);
    expect(views[0]!.html).toContain("记忆测试众筹丁");
    expect(views.filter((v) => v.how === "render").length).toBeLessThanOrEqual(2);
    expect(views.every((v) => ["render", "joined", "hit"].includes(v.how ?? ""))).toBe(true);
  });

  it("serves the home page, the project listing and a campaign page the same way", async () => {
    for (const path of ["/", "/projects", `/campaigns/${campaignId}`]) {
      const views = [];
      for (let i = 0; i < 3; i++) views.push(await view(path));
      expect(views.map((v) => v.how)).toEqual(["render", "render", "hit"]);
      expect(views[2]!.html).toBe(views[1]!.html);
    }
    expect((await view("/projects")).html).toContain("记忆测试志愿项目");
  });

  it("is only for pages that ask for it", async () => {
    for (let i = 0; i < 3; i++) expect((await view("/stats")).how).toBe(null);
  });
});
