/**
 * Must show (4): organizations see only their own beneficiaries and figures; bureau staff see all;
 * the public sees only aggregates, with counts of fewer than 5 people shown as "<5".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createTestBeneficiary } from "../support/factories/reach";

let app: TestApp;
let prisma: PrismaClient;
let orgA: { id: string };
let orgB: { id: string };
let memberA: TestClient;
let staff: TestClient;
let stranger: TestClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const a = await createUser(prisma);
  const b = await createUser(prisma);
  orgA = await createOrganization(prisma, { createdById: a.id, districtCode: "500114", name: "黔江区阳光社工中心" });
  orgB = await createOrganization(prisma, { createdById: b.id, districtCode: "500103", name: "渝中区助老协会", type: "SOCIAL_GROUP" });
  const { createActivity } = await import("~/modules/activities/activities.server");
  const wang = await createTestBeneficiary(prisma, orgA.id, { seq: 11, name: "王秀英", groups: ["DIBAO", "ELDERLY"] });
  await createTestBeneficiary(prisma, orgB.id, { seq: 12, name: "李德明", groups: ["DISABLED"] });
  const base = { kind: "VISIT" as const, place: undefined, reliefProjectId: undefined, needId: undefined, note: undefined, volunteers: 0, staff: 0 };
  const year = new Date().getFullYear();
  // A: one named person and 3 anonymous orphans (4 people: below the public threshold); B: 40 elderly.
  await createActivity(orgA.id, null, { ...base, title: "入户走访", heldOn: `${year}-01-10`, districtCode: "500114", participants: 6, beneficiaryIds: [wang.id], headCount: 3, groups: ["ORPHAN"] });
  await createActivity(orgB.id, null, { ...base, title: "重阳敬老", heldOn: `${year}-01-12`, districtCode: "500103", participants: 25, beneficiaryIds: [], headCount: 40, groups: ["ELDERLY"] });
  memberA = new TestClient(app.baseUrl);
  await memberA.signIn(a.email, a.password);
  const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  staff = new TestClient(app.baseUrl);
  await staff.signIn(s.email, s.password);
  const u = await createUser(prisma);
  stranger = new TestClient(app.baseUrl);
  await stranger.signIn(u.email, u.password);
});

afterAll(async () => {
  await app?.close();
});

const metric = (html: string, key: string) => Number(new RegExp(`data-metric="${key}" data-value="(-?[\\d.]+)"`).exec(html)?.[1]);

describe("beneficiary register", () => {
  it("shows an organization only its own people, masked ID numbers only", async () => {
    const html = await (await memberA.get(`/org/${orgA.id}/beneficiaries`)).text();
    expect(html).toContain("王秀英");
    expect(html).not.toContain("李德明");
    expect(html).toMatch(/500\*{11}\d{3}[\dX]/);
    expect(html).not.toMatch(/50011419550101\d{3}/);
    expect((await memberA.get(`/org/${orgB.id}/beneficiaries`)).status).toBe(403);
    expect((await stranger.get(`/org/${orgA.id}/beneficiaries`)).status).toBe(403);
    expect((await new TestClient(app.baseUrl).get(`/org/${orgA.id}/beneficiaries`, { followRedirects: false })).status).toBe(302);
  });

  it("lets bureau staff read any register but not write to it", async () => {
    const html = await (await staff.get(`/org/${orgB.id}/beneficiaries`)).text();
    expect(html).toContain("李德明");
    const res = await staff.post(`/org/${orgB.id}/beneficiaries`, { name: "张三", idNumber: "11010519491231002X", districtCode: "500103" });
    expect(res.status).toBe(403);
  });
});

describe("figures", () => {
  it("gives an organization its own figures only, and nobody else's", async () => {
    const own = await (await memberA.get(`/org/${orgA.id}/stats`)).text();
    expect(metric(own, "activities")).toBe(1);
    expect(metric(own, "participants")).toBe(6);
    expect(metric(own, "reachPersonTimes")).toBe(4);
    expect(own).not.toContain("重阳敬老");
    expect((await memberA.get(`/org/${orgB.id}/stats`)).status).toBe(403);
    expect((await memberA.get(`/org/${orgB.id}/stats/export?format=csv`)).status).toBe(403);
    expect((await memberA.get(`/org/${orgB.id}/stats/records/activities`)).status).toBe(403);
    // Drill-down of its own figures lists its own records only.
    const drill = await (await memberA.get(`/org/${orgA.id}/stats/records/activities`)).text();
    expect(drill).toContain("入户走访");
    expect(drill).not.toContain("重阳敬老");
  });

  it("keeps the city dashboard and the import for bureau staff", async () => {
    for (const path of ["/staff/stats", "/staff/stats/export?format=csv", "/staff/stats/records/reach", "/staff/import"]) {
      expect((await memberA.get(path)).status, path).toBe(403);
    }
    const html = await (await staff.get("/staff/stats")).text();
    expect(metric(html, "activities")).toBe(2);
    expect(metric(html, "reachPersonTimes")).toBe(44);
    expect(metric(html, "uniquePersons")).toBe(1);
  });

  it("shows the public aggregates only, small counts as <5", async () => {
    const anon = new TestClient(app.baseUrl);
    const city = await (await anon.get("/stats")).text();
    const groups = /data-testid="public-groups">([\s\S]*?)<\/table>/.exec(city)![1]!;
    expect(groups).toMatch(/孤儿<\/th><td class="num">&lt;5</);
    expect(groups).toMatch(/老年人<\/th><td class="num">41</);
    expect(city).not.toContain("王秀英");
    expect(city).not.toContain("阳光社工中心");
    // Qianjiang alone reached 4 people: the total is hidden too.
    const qj = await (await anon.get("/stats?district=500114")).text();
    const figures = /data-testid="public-figures">([\s\S]*?)<\/table>/.exec(qj)![1]!;
    expect(figures).toMatch(/惠及困难群众（人次）<\/th><td class="num">&lt;5</);
    expect(figures).not.toMatch(/惠及困难群众（人次）<\/th><td class="num">4</);
  });
});
