/**
 * Abuse reports (issue 15.4) over real HTTP: a visitor reports a campaign, only staff see it (with
 * the reporter's contact), staff uphold a signed-in reporter's report with an outcome and the
 * reporter is notified, the queue exports to Excel, the per-address limit holds, bad input is 400.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser, TEST_PASSWORD } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createFund, ensureLedgerSql } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let owner: { id: string; email: string };
let staff: { id: string; email: string };
let volunteer: { id: string; email: string };
let orgId: string;
let campaignId: string;
let ipSeq = 0;
/** Each caller its own client address (X-Forwarded-For with TRUST_PROXY=1), unless given one. */
const from = (ip = `10.0.0.${++ipSeq}`) => ({ headers: { "X-Forwarded-For": ip } });

async function signedIn(email: string) {
  const c = new TestClient(app.baseUrl);
  await c.signIn(email, TEST_PASSWORD);
  return c;
}

const report = (over: Record<string, string> = {}) => ({ type: "campaign", id: campaignId, category: "FALSE_INFO", details: "受助人病情与医院证明不符，且在其他平台重复筹款。", contact: "13800138000", ...over });

beforeAll(async () => {
  process.env.TRUST_PROXY = "1";
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  owner = await createUser(prisma);
  staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  volunteer = await createUser(prisma);
  orgId = (await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true })).id;
  campaignId = (await createCampaign(prisma, { orgId, createdById: owner.id })).id;
});

afterAll(async () => {
  await app?.close();
  delete process.env.TRUST_PROXY;
});

describe("abuse reports", () => {
  it("a visitor files a report from the public page's link; only staff see it and its contact", async () => {
    const visitor = new TestClient(app.baseUrl);
    const page = await (await visitor.get(`/campaigns/${campaignId}`)).text();
    expect(page).toContain(`/report?type=campaign&amp;id=${campaignId}`);
    expect((await visitor.get(`/report?type=campaign&id=${campaignId}`)).status).toBe(200);
    const res = await visitor.post("/report", report(), from());
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/campaigns/${campaignId}`);
    const row = await prisma.abuseReport.findFirstOrThrow({ where: { targetId: campaignId }, select: { id: true, targetType: true, orgId: true, reporterId: true, contact: true, ipHash: true, status: true } });
    expect(row).toMatchObject({ targetType: "CAMPAIGN", orgId, reporterId: null, contact: "13800138000", status: "OPEN" });
    expect(row.ipHash).toMatch(/^[0-9a-f]{32}$/);
    expect(row.ipHash).not.toContain("10.0.0");

    // Not on the public page, not to the host, not to a signed-in volunteer.
    expect(await (await visitor.get(`/campaigns/${campaignId}`)).text()).not.toContain("13800138000");
    for (const who of [owner, volunteer]) {
      const c = await signedIn(who.email);
      expect((await c.get("/staff/reports")).status).toBe(403);
      expect((await c.get(`/staff/reports/${row.id}`)).status).toBe(403);
      expect((await c.get("/staff/reports/export")).status).toBe(403);
    }
    // A visitor is sent to sign in.
    const anon = await visitor.get(`/staff/reports/${row.id}`, { followRedirects: false });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toContain("/auth/login");
    const s = await signedIn(staff.email);
    expect(await (await s.get("/staff/reports?status=OPEN")).text()).toContain("困难群众急难救助");
    const detail = await (await s.get(`/staff/reports/${row.id}`)).text();
    expect(detail).toContain("13800138000");
    expect(detail).toContain("未登录访客");
  });

  it("staff uphold a signed-in reporter's report with an outcome (required), audited, the reporter notified", async () => {
    const fund = await createFund(prisma, { orgId, createdById: owner.id });
    const v = await signedIn(volunteer.email);
    expect((await v.post("/report", report({ type: "fund", id: fund.id, category: "MISUSE", contact: "" }), from())).status).toBe(302);
    const row = await prisma.abuseReport.findFirstOrThrow({ where: { targetId: fund.id }, select: { id: true, reporterId: true } });
    expect(row.reporterId).toBe(volunteer.id);

    const s = await signedIn(staff.email);
    expect((await s.post(`/staff/reports/${row.id}`, { decision: "UPHELD", outcome: "" })).status).toBe(400);
    expect((await s.post(`/staff/reports/${row.id}`, { decision: "MAYBE", outcome: "x" })).status).toBe(400);
    expect((await s.post(`/staff/reports/${row.id}`, { decision: "UPHELD", outcome: "经核实属实，已暂停该基金募捐并责令整改。" })).status).toBe(302);
    const decided = await prisma.abuseReport.findUniqueOrThrow({ where: { id: row.id }, select: { status: true, outcome: true, handledById: true } });
    expect(decided).toEqual({ status: "UPHELD", outcome: "经核实属实，已暂停该基金募捐并责令整改。", handledById: staff.id });
    expect(await prisma.auditLog.count({ where: { entityId: row.id, action: "abuseReport.upheld", actorId: staff.id } })).toBe(1);
    const note = await prisma.notification.findFirstOrThrow({ where: { userId: volunteer.id, kind: "safeguards.notifications.reportUpheld" }, select: { params: true } });
    expect(note.params).toMatchObject({ outcome: "经核实属实，已暂停该基金募捐并责令整改。" });
    // Decided once only.
    expect((await s.post(`/staff/reports/${row.id}`, { decision: "DISMISSED", outcome: "again" })).status).toBe(409);

    // The queue as Excel, with the outcome.
    const xlsx = await s.get("/staff/reports/export?status=UPHELD");
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain("经核实属实，已暂停该基金募捐并责令整改。");
    expect(cells).toContain("挪用善款");
  });

  it("bad input is 400, an unknown or unpublished target 404, never 500", async () => {
    const c = new TestClient(app.baseUrl);
    expect((await c.post("/report", report({ details: "太短" }), from())).status).toBe(400);
    expect((await c.post("/report", report({ category: "SPAM" }), from())).status).toBe(400);
    expect((await c.post("/report", report({ type: "user" }), from())).status).toBe(400);
    expect((await c.post("/report", report({ details: "x".repeat(1001) }), from())).status).toBe(400);
    expect((await c.post("/report", report({ id: "does-not-exist" }), from())).status).toBe(404);
    const draft = await createCampaign(prisma, { orgId, createdById: owner.id, status: "DRAFT" });
    expect((await c.post("/report", report({ id: draft.id }), from())).status).toBe(404);
    expect((await c.get(`/report?type=campaign&id=${draft.id}`)).status).toBe(404);
    expect((await c.get("/report?type=nope&id=%00")).status).toBe(400);
    expect((await c.get("/report")).status).toBe(400);
  });

  it("is rate limited per address and per account", async () => {
    const c = new TestClient(app.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await c.post("/report", report(), from("10.9.9.9"))).status);
    expect(statuses.slice(0, 5)).toEqual([302, 302, 302, 302, 302]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Another address is not affected; one account from many addresses is.
    expect((await c.post("/report", report(), from("10.9.9.10"))).status).toBe(302);
    const other = await createUser(prisma);
    const u = await signedIn(other.email);
    const mine: number[] = [];
    for (let i = 0; i < 6; i++) mine.push((await u.post("/report", report(), from())).status);
    expect(mine).toEqual([302, 302, 302, 302, 302, 429]);
  });
});
