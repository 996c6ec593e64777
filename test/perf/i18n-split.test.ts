/**
 * Issue 17.4: each page receives only the active language's texts, and only the namespaces of the
 * routes it renders (root loader data), over real HTTP through the built app.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { computeRouteNamespaces, GENERATED, renderRouteNamespaces } from "../../scripts/lib/i18n-namespaces";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const EN_TAGLINE = "Mobilising society for people in difficulty";
const ZH_TAGLINE = "动员社会力量，帮扶困难群众";
// A namespace no public list needs (the "my data" page's).
const ZH_MYDATA = "这里列出平台保存的关于您的全部信息";
const EN_MYDATA = "Everything the platform holds about you";
const ZH_CAMPAIGNS = "正在筹款"; // funding.home.title, needed by the campaign list
const EN_CAMPAIGNS = "Raising now";

describe("texts split by language and page", () => {
  it("the committed route → namespaces list is up to date (npx tsx scripts/i18n-namespaces.ts)", () => {
    expect(readFileSync(GENERATED, "utf8")).toBe(renderRouteNamespaces(computeRouteNamespaces()));
  });

  it("a Chinese page carries Chinese texts only, and not other pages' namespaces", async () => {
    const html = await (await new TestClient(app.baseUrl).get("/campaigns")).text();
    expect(html).toContain(ZH_TAGLINE);
    expect(html).toContain(ZH_CAMPAIGNS);
    expect(html).not.toContain(EN_TAGLINE);
    expect(html).not.toContain(EN_CAMPAIGNS);
    expect(html).not.toContain(ZH_MYDATA);
  });

  it("an English page carries English texts only", async () => {
    const c = new TestClient(app.baseUrl);
    expect((await c.post("/set-locale", { locale: "en", redirectTo: "/campaigns" }, { followRedirects: false })).status).toBe(302);
    const html = await (await c.get("/campaigns")).text();
    expect(html).toContain(EN_TAGLINE);
    expect(html).toContain(EN_CAMPAIGNS);
    expect(html).not.toContain(ZH_TAGLINE);
    expect(html).not.toContain(ZH_CAMPAIGNS);
    expect(html).not.toContain(EN_MYDATA);
  });

  it("a client navigation's data request brings the next page's namespaces with root", async () => {
    const res = await new TestClient(app.baseUrl).get("/campaigns.data?_routes=root%2Croutes%2Fcampaigns%2B%2F_index");
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(ZH_CAMPAIGNS);
    expect(body).not.toContain(ZH_MYDATA);
  });
});
