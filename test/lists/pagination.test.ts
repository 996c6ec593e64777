/**
 * #12.5 "Lists never cut off silently": every list that stops at a page size says how many pages there
 * are and links to the next one; the next page shows the rest; a bad `?page=` (abc, -1, 99999) gives
 * the first or the last page, never an error or an empty page; and across the pages every row appears
 * exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createFund } from "../support/factories/funding";
import { createNeed } from "../support/factories/needs";
import { createProject, createShift } from "../support/factories/volunteering";
import { createAttendance, createServiceRecord } from "../support/factories/hours";
import { createTestBeneficiary } from "../support/factories/reach";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let orgId: string;
let campaignId: string;
let fundId: string;
const c = {} as Record<"owner" | "volunteer" | "admin", TestClient>;

/** One page of a list: the distinct row markers on it (the row text, e.g. 分页受助人12 → "12"). */
async function markersOn(client: TestClient, path: string, marker: RegExp) {
  const res = await client.get(path);
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(200);
  // Only the rendered document, not the loader data repeated for hydration.
  const body = html.split("window.__remixContext")[0]!;
  return { html: body, markers: new Set([...body.matchAll(marker)].map((m) => m[1]!)) };
}

const withPage = (path: string, param: string, value: string) => `${path}${path.includes("?") ? "&" : "?"}${param}=${value}`;
const pageLine = (page: number, pages: number) => `第 ${page} / ${pages} 页`;

/**
 * Walks every page of a list and checks the rules of #12.5. `expected` is how many marked rows exist;
 * `extraOnFirst` rows without a marker may share the first page (e.g. the admin in the staff list).
 */
async function checkList(client: TestClient, o: { path: string; marker: RegExp; expected: number; pageSize: number; param?: string; extraOnFirst?: number }) {
  const param = o.param ?? "page";
  const pages = Math.ceil((o.expected + (o.extraOnFirst ?? 0)) / o.pageSize);
  expect(pages, "the test must create more rows than one page").toBeGreaterThan(1);

  const first = await markersOn(client, o.path, o.marker);
  expect(first.html).toContain(pageLine(1, pages));
  expect(first.html).not.toContain("NaN");
  expect(first.html).toMatch(new RegExp(`href="[^"]*[?&](?:amp;)?${param}=2"`));
  expect(first.markers.size).toBe(o.pageSize - (o.extraOnFirst ?? 0));

  const seen = new Set(first.markers);
  for (let p = 2; p <= pages; p++) {
    const page = await markersOn(client, withPage(o.path, param, String(p)), o.marker);
    expect(page.html).toContain(pageLine(p, pages));
    expect(page.markers.size).toBeGreaterThan(0);
    for (const m of page.markers) {
      expect(seen.has(m), `row ${m} shown on two pages`).toBe(false);
      seen.add(m);
    }
    if (p === pages) expect(page.html).not.toMatch(new RegExp(`href="[^"]*[?&](?:amp;)?${param}=${p + 1}"`));
  }
  // Nothing cut off: every row is on some page.
  expect(seen.size).toBe(o.expected);

  // Bad page numbers: the first page, or the last one past the end; never an error.
  for (const bad of ["abc", "-1", "0", "1.5", ""]) {
    const res = await markersOn(client, withPage(o.path, param, bad), o.marker);
    expect(res.html, `?${param}=${bad}`).toContain(pageLine(1, pages));
    expect([...res.markers].sort()).toEqual([...first.markers].sort());
  }
  const past = await markersOn(client, withPage(o.path, param, "99999"), o.marker);
  expect(past.html).toContain(pageLine(pages, pages));
  expect(past.markers.size).toBeGreaterThan(0);
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const owner = await createUser(prisma, { profile: true });
  const volunteer = await createUser(prisma, { profile: true });
  const admin = await createUser(prisma, { globalRole: "BUREAU_ADMIN" });
  orgId = (await createOrganization(prisma, { createdById: owner.id })).id;

  // 55 service records of one volunteer, one per shift, each with its own role text as the marker.
  const project = await createProject(prisma, { orgId, createdById: owner.id });
  for (let i = 0; i < 55; i++) {
    const shift = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() - (i + 2) * 86_400_000) });
    const signup = await createAttendance(prisma, { shiftId: shift.id, userId: volunteer.id });
    const record = await createServiceRecord(prisma, { signupId: signup.id, confirmedById: owner.id });
    await prisma.serviceRecord.update({ where: { id: record.id }, data: { role: `分页角色${i}号` } });
  }
  // 51 beneficiaries, 51 funds, 51 disbursements, 51 certificates, 51 staff users.
  for (let i = 0; i < 51; i++) await createTestBeneficiary(prisma, orgId, { seq: 9000 + i, name: `分页受助人${i}号` });
  const funds: { id: string }[] = [];
  for (let i = 0; i < 51; i++) funds.push(await createFund(prisma, { orgId, createdById: owner.id, name: `分页基金${i}号` }));
  await prisma.disbursement.createMany({
    data: Array.from({ length: 51 }, (_, i) => ({ orgId, fundId: funds[0]!.id, amountFen: 100n, date: new Date(Date.UTC(2026, 0, 1 + (i % 28))), recipientMasked: "王某", purpose: `分页支出${i}号`, createdById: owner.id })),
  });
  await prisma.serviceCertificate.createMany({
    data: Array.from({ length: 51 }, (_, i) => ({ code: `PGC${String(i).padStart(5, "0")}X`, userId: volunteer.id, periodStart: new Date("2026-01-01"), periodEnd: new Date("2026-06-30"), totalMinutes: 60, recordCount: 1, snapshot: {} })),
  });
  await prisma.user.createMany({
    data: Array.from({ length: 51 }, (_, i) => ({ email: `staff-page-${i}@example.cn`, displayName: `分页员工${i}号`, passwordHash: "x", globalRole: "BUREAU_STAFF" as const })),
  });

  // 21 import jobs of the staff member (20 a page), 21 needs proposed by the organization (20 a page).
  await prisma.importJob.createMany({
    data: Array.from({ length: 21 }, (_, i) => ({ kind: "activities", fileName: `分页导入${i}号.csv`, fileData: new Uint8Array([1]), createdById: admin.id, createdAt: new Date(Date.now() - i * 60_000) })),
  });
  for (let i = 0; i < 21; i++) await createNeed(prisma, { title: `分页提议${i}号`, status: "PROPOSED", proposedByOrgId: orgId, createdById: owner.id });
  // 31 paid donations to one campaign and one fund (the wall shows 30 a page); 51 updates to the fund (50 a page).
  campaignId = (await createCampaign(prisma, { orgId, createdById: owner.id })).id;
  fundId = funds[1]!.id;
  const paid = (i: number, target: { campaignId?: string; fundId?: string }) => ({
    ...target, orgId, amountFen: BigInt(1000 + i), donorName: "爱心人士", message: `分页留言${i}号`, provider: "STRIPE" as const,
    accessToken: `pg-wall-${target.campaignId ? "c" : "f"}-${i}`, status: "PAID" as const, paidAt: new Date(Date.now() - i * 60_000),
  });
  await prisma.donation.createMany({ data: Array.from({ length: 31 }, (_, i) => paid(i, { campaignId })) });
  await prisma.donation.createMany({ data: Array.from({ length: 31 }, (_, i) => paid(i, { fundId })) });
  await prisma.fundingUpdate.createMany({ data: Array.from({ length: 51 }, (_, i) => ({ fundId, authorId: owner.id, body: `分页进展${i}号`, createdAt: new Date(Date.now() - i * 60_000) })) });
  // 31 notifications of the volunteer (/me shows 30 a page).
  await prisma.notification.createMany({
    data: Array.from({ length: 31 }, (_, i) => ({ userId: volunteer.id, kind: "freeze.fundSuspended", params: { name: `分页通知${i}号`, reason: "核查" }, createdAt: new Date(Date.now() - i * 60_000) })),
  });

  for (const [k, u] of Object.entries({ owner, volunteer, admin })) {
    c[k as keyof typeof c] = new TestClient(app.baseUrl);
    await c[k as keyof typeof c].signIn(u.email, u.password);
  }
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe("lists page instead of stopping at a limit", () => {
  it("my service records (/me/volunteering)", async () => {
    await checkList(c.volunteer, { path: "/me/volunteering", marker: /分页角色(\d+)号/g, expected: 55, pageSize: 50 });
  });

  it("the organization's service records, with a page count that is a number", async () => {
    await checkList(c.owner, { path: `/org/${orgId}/service-records`, marker: /分页角色(\d+)号/g, expected: 55, pageSize: 50 });
    // Filters stay in the page links.
    const filtered = await markersOn(c.owner, `/org/${orgId}/service-records?status=CONFIRMED`, /分页角色(\d+)号/g);
    expect(filtered.html).toMatch(/href="[^"]*status=CONFIRMED&amp;page=2"/);
  });

  it("beneficiaries", async () => {
    await checkList(c.owner, { path: `/org/${orgId}/beneficiaries`, marker: /分页受助人(\d+)号/g, expected: 51, pageSize: 50 });
  });

  it("the organization's funds", async () => {
    await checkList(c.owner, { path: `/org/${orgId}/funds`, marker: /分页基金(\d+)号/g, expected: 51, pageSize: 50 });
  });

  it("the public fund list", async () => {
    await checkList(new TestClient(app.baseUrl), { path: "/funds", marker: /分页基金(\d+)号/g, expected: 51, pageSize: 24 });
  });

  it("disbursements", async () => {
    await checkList(c.owner, { path: `/org/${orgId}/disbursements`, marker: /分页支出(\d+)号/g, expected: 51, pageSize: 50 });
  });

  it("my certificates", async () => {
    await checkList(c.volunteer, { path: "/me/certificates", marker: /PGC(\d{5})X/g, expected: 51, pageSize: 50 });
  });

  it("staff users (the admin shares the first page)", async () => {
    await checkList(c.admin, { path: "/staff/users", marker: /分页员工(\d+)号/g, expected: 51, pageSize: 50, extraOnFirst: 1 });
  });

  it("the staff member's import jobs (/staff/import), no longer only the last 10", async () => {
    await checkList(c.admin, { path: "/staff/import", marker: /分页导入(\d+)号/g, expected: 21, pageSize: 20 });
  });

  it("the organization's proposed needs, on their own page parameter", async () => {
    await checkList(c.owner, { path: `/org/${orgId}/needs`, marker: /分页提议(\d+)号/g, expected: 21, pageSize: 20, param: "proposalsPage" });
  });

  it("the campaign's donor wall pages past 30 donors", async () => {
    await checkList(new TestClient(app.baseUrl), { path: `/campaigns/${campaignId}`, marker: /分页留言(\d+)号/g, expected: 31, pageSize: 30, param: "wallPage" });
  });

  it("the fund page: donor wall and updates page separately", async () => {
    const anon = new TestClient(app.baseUrl);
    // The fund page shows no donor messages; the wall is counted by its page line instead.
    const first = await markersOn(anon, `/funds/${fundId}`, /分页进展(\d+)号/g);
    expect(first.html).toMatch(/data-param="wallPage"[^]*?共 31 条/);
    expect(first.html).toMatch(/href="[^"]*[?&](?:amp;)?wallPage=2"/);
    await checkList(anon, { path: `/funds/${fundId}`, marker: /分页进展(\d+)号/g, expected: 51, pageSize: 50, param: "updatesPage" });
  });

  it("my notifications (/me) page past 30 on their own parameter", async () => {
    await checkList(c.volunteer, { path: "/me", marker: /分页通知(\d+)号/g, expected: 31, pageSize: 30, param: "notificationsPage" });
  });
});
