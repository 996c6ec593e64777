/**
 * Must show (#12.3): the public pages of a campaign, a fund, a volunteer project and a need carry
 * Open Graph / Twitter / description tags and a canonical link with the right values (what WeChat
 * and other apps read when a link is shared), and the campaign and project share posters are PNG
 * images whose QR code opens the page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject } from "../support/factories/volunteering";
import { createCampaign, createFund } from "../support/factories/funding";
import { createNeed } from "../support/factories/needs";
import type { PrismaClient } from "~/generated/prisma/client";
import { decodeQrPng } from "./qr-read";

let app: TestApp;
let prisma: PrismaClient;
let anonymous: TestClient;
const ids = {} as Record<"campaign" | "draftCampaign" | "fund" | "project" | "need", string>;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const owner = await createUser(prisma, { profile: true });
  const org = await createOrganization(prisma, { createdById: owner.id });
  ids.campaign = (await createCampaign(prisma, { orgId: org.id, createdById: owner.id, title: "山区孩子冬衣计划" })).id;
  ids.draftCampaign = (await createCampaign(prisma, { orgId: org.id, createdById: owner.id, status: "DRAFT", title: "尚未审核的草稿众筹" })).id;
  ids.fund = (await createFund(prisma, { orgId: org.id, createdById: owner.id, name: "社区阳光助学基金" })).id;
  ids.project = (await createProject(prisma, { orgId: org.id, createdById: owner.id, title: "敬老院探访", description: "**每周六**上午到敬老院陪老人聊天、读报。\n\n请穿志愿者马甲。" })).id;
  ids.need = (await createNeed(prisma, { createdById: owner.id, title: "安置区社区融入活动", description: "安置区新入住群众需要志愿者协助开展社区融入活动。" })).id;
  anonymous = new TestClient(app.baseUrl);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

const decode = (s: string) => s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

/** The page's <head> tags as a browser-less crawler (WeChat's, for one) reads them. */
async function headTags(path: string) {
  const res = await anonymous.get(path);
  expect(res.status).toBe(200);
  const html = await res.text();
  const head = html.slice(0, html.indexOf("</head>"));
  const meta = new Map<string, string[]>();
  for (const m of head.matchAll(/<meta\s+([^>]*?)\/?>/g)) {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)]));
    const key = attrs.property ?? attrs.name;
    if (key && attrs.content !== undefined) meta.set(key, [...(meta.get(key) ?? []), attrs.content]);
  }
  const canonical = [...head.matchAll(/<link\s+([^>]*?)\/?>/g)].map((m) => m[1]!).filter((a) => /rel="canonical"/.test(a)).map((a) => decode(/href="([^"]*)"/.exec(a)![1]!));
  const title = decode(/<title>([^<]*)<\/title>/.exec(head)?.[1] ?? "");
  return { meta, canonical, title, html };
}

describe("share tags on public pages", () => {
  const cases = [
    { kind: "campaign", path: () => `/campaigns/${ids.campaign}`, title: "山区孩子冬衣计划", image: () => `/campaigns/${ids.campaign}/poster.png`, description: "受助人王某" },
    { kind: "fund", path: () => `/funds/${ids.fund}`, title: "社区阳光助学基金", image: () => "/share-default.png", description: "资助低保家庭" },
    { kind: "project", path: () => `/projects/${ids.project}`, title: "敬老院探访", image: () => `/projects/${ids.project}/poster.png`, description: "每周六上午到敬老院陪老人聊天、读报。 请穿志愿者马甲。" },
    { kind: "need", path: () => `/needs/${ids.need}`, title: "安置区社区融入活动", image: () => "/share-default.png", description: "安置区新入住群众" },
  ];
  for (const c of cases) {
    it(`the ${c.kind} page has og/twitter/description tags and a canonical link to itself`, async () => {
      const { meta, canonical, title } = await headTags(c.path());
      const url = `${app.baseUrl}${c.path()}`;
      const one = (k: string) => {
        expect(meta.get(k), k).toHaveLength(1);
        return meta.get(k)![0]!;
      };
      expect(title).toBe(`${c.title} · 善联`);
      expect(one("og:title")).toBe(c.title);
      expect(one("og:url")).toBe(url);
      expect(canonical).toEqual([url]);
      expect(one("og:image")).toBe(`${app.baseUrl}${c.image()}`);
      expect(one("og:type")).toBe("website");
      expect(one("twitter:card")).toBe("summary_large_image");
      expect(one("twitter:image")).toBe(one("og:image"));
      // One description (the page's own, not the site's tagline as well), the same in og.
      expect(one("description")).toContain(c.description);
      expect(one("og:description")).toBe(one("description"));
      expect(one("description")).not.toMatch(/\*\*|\n/);
      expect([...one("description")].length).toBeLessThanOrEqual(110);
      // The image the tags point to is really there.
      const img = await anonymous.get(new URL(one("og:image")).pathname);
      expect(img.status).toBe(200);
      expect(img.headers.get("Content-Type")).toContain("image/png");
    }, 60_000);
  }
});

describe("share posters", () => {
  it("the campaign poster's QR code opens the campaign page, and the page links to the poster", async () => {
    const res = await anonymous.get(`/campaigns/${ids.campaign}/poster.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(decodeQrPng(Buffer.from(await res.arrayBuffer()))).toBe(`${app.baseUrl}/campaigns/${ids.campaign}`);
    const html = await (await anonymous.get(`/campaigns/${ids.campaign}`)).text();
    expect(html).toContain(`href="/campaigns/${ids.campaign}/poster.png"`);
    expect(html).toContain("生成分享海报");
  }, 60_000);

  it("the project poster's QR code opens the project page, and the page links to the poster", async () => {
    const res = await anonymous.get(`/projects/${ids.project}/poster.png`);
    expect(res.status).toBe(200);
    expect(decodeQrPng(Buffer.from(await res.arrayBuffer()))).toBe(`${app.baseUrl}/projects/${ids.project}`);
    const html = await (await anonymous.get(`/projects/${ids.project}`)).text();
    expect(html).toContain(`href="/projects/${ids.project}/poster.png"`);
    expect(html).toContain("生成分享海报");
  }, 60_000);

  it("there is no poster for what is not public", async () => {
    expect((await anonymous.get(`/campaigns/${ids.draftCampaign}/poster.png`)).status).toBe(404);
    expect((await anonymous.get(`/campaigns/nope/poster.png`)).status).toBe(404);
    const draftProject = await prisma.volunteerProject.update({ where: { id: ids.project }, data: { status: "DRAFT" }, select: { id: true } });
    expect((await anonymous.get(`/projects/${draftProject.id}/poster.png`)).status).toBe(404);
    await prisma.volunteerProject.update({ where: { id: ids.project }, data: { status: "PUBLISHED" } });
  });
});
