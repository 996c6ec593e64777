/**
 * #15.3 Disclosure on schedule (慈善法 信息公开), with a fake clock passed as `now` to the schedule
 * and the reminder job, and real HTTP through the built app for the pages:
 * - a campaign four months live without a disclosure is overdue, shown on its public page and in
 *   the staff list (with its Excel export);
 * - a staff hold stops new donations (clear refusal, no Donation row); filing the disclosure lifts
 *   it and donations work again;
 * - reminders go to the owner and finance once per state change, never twice;
 * - a final report falls due three months after a campaign ends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createFund, ensureLedgerSql } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";
import { addDays, addMonths, chinaDay, computeSchedule } from "~/modules/disclosure/schedule";

let app: TestApp;
let prisma: PrismaClient;
const c = {} as Record<"owner" | "finance" | "member" | "staff" | "staffInOrg" | "guest", TestClient>;
let users: Record<"owner" | "finance" | "member" | "staff" | "staffInOrg", { id: string; email: string; password: string }>;
let orgId: string;
let campaign: { id: string; title: string };

const DAY = 86_400_000;
const T0 = new Date();
const today = chinaDay(T0);
/** Four months ago (Asia/Shanghai calendar). */
const approvedOn = addMonths(today, -4);
const at = (day: string) => new Date(`${day}T12:00:00+08:00`);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const donate = (path: string, email = "donor@example.cn") => c.guest.post(path, { intent: "donate", preset: "other", amount: "50", email });

let status: typeof import("~/modules/disclosure/status.server");
let reminders: typeof import("~/modules/disclosure/reminders.server");

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  status = await import("~/modules/disclosure/status.server");
  reminders = await import("~/modules/disclosure/reminders.server");
  await ensureLedgerSql(prisma);
  users = {
    owner: await createUser(prisma),
    finance: await createUser(prisma),
    member: await createUser(prisma),
    staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
    staffInOrg: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
  };
  orgId = (
    await createOrganization(prisma, {
      createdById: users.owner.id,
      type: "FOUNDATION",
      isCharity: true,
      publicFundraising: true,
      members: [
        { userId: users.finance.id, role: "FINANCE" },
        { userId: users.member.id, role: "MEMBER" },
        { userId: users.staffInOrg.id, role: "MEMBER" },
      ],
    })
  ).id;
  const made = await createCampaign(prisma, { orgId, createdById: users.owner.id, title: "黔江区王某急难救助", deadlineInDays: 60 });
  campaign = { id: made.id, title: made.title };
  await prisma.campaign.update({ where: { id: campaign.id }, data: { approvedAt: at(approvedOn), createdAt: at(addDays(approvedOn, -10)) } });
  c.guest = new TestClient(app.baseUrl);
  for (const k of Object.keys(users) as (keyof typeof users)[]) {
    c[k] = new TestClient(app.baseUrl);
    await c[k].signIn(users[k].email, users[k].password);
  }
});
afterAll(async () => app?.close());

describe("the schedule", () => {
  it("counts calendar months, clamped to the month's end", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-08-31", 3)).toBe("2026-11-30");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
  });

  it("moves from ok to due soon (14 days) to overdue with the clock", () => {
    const s = (d: string) => computeSchedule({ startedOn: "2026-01-10", endedOn: null, lastPeriodEnd: null, hasFinal: false }, d);
    expect(s("2026-03-01").state).toBe("ok");
    expect(s("2026-03-27").state).toBe("dueSoon");
    expect(s("2026-04-10").state).toBe("dueSoon");
    expect(s("2026-04-11").state).toBe("overdue");
    // A disclosure up to 31 March restarts the three months from there.
    expect(computeSchedule({ startedOn: "2026-01-10", endedOn: null, lastPeriodEnd: "2026-03-31", hasFinal: false }, "2026-04-11").nextDue).toMatchObject({ kind: "PERIODIC", dueOn: "2026-06-30", state: "ok", periodStart: "2026-04-01" });
  });

  it("finds a campaign four months live without a disclosure overdue, and not when it was fresh", async () => {
    const now = await status.disclosureSchedule({ campaignId: campaign.id }, T0);
    expect(now?.schedule.state).toBe("overdue");
    expect(now?.schedule.nextDue).toMatchObject({ kind: "PERIODIC", dueOn: addMonths(approvedOn, 3) });
    expect((await status.disclosureSchedule({ campaignId: campaign.id }, at(addMonths(approvedOn, 2))))?.schedule.state).toBe("ok");
    expect((await status.disclosureSchedule({ campaignId: campaign.id }, at(addDays(addMonths(approvedOn, 3), -5))))?.schedule.state).toBe("dueSoon");
    // The city-wide list reads it in one pass too.
    const city = await status.listDisclosureSchedules({}, T0);
    expect(city.find((s) => s.id === campaign.id)?.schedule.state).toBe("overdue");
  });
});

describe("overdue, shown", () => {
  it("on the campaign's public page and in the staff list with its export", async () => {
    const page = await (await c.guest.get(`/campaigns/${campaign.id}`)).text();
    expect(page).toContain("信息公开逾期");
    expect(page).toContain(addMonths(approvedOn, 3));
    const list = await c.staff.get("/staff/disclosures");
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain(`data-testid="overdue-${campaign.id}"`);
    expect(html).toContain(campaign.title);
    const xlsx = await c.staff.get("/staff/disclosures/export");
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain(campaign.title);
    // Hosts see it on their own page; a plain member and other people do not get in.
    expect(await (await c.owner.get(`/org/${orgId}/disclosures`)).text()).toContain("已逾期");
    expect((await c.member.get(`/org/${orgId}/disclosures`)).status).toBe(403);
    expect((await c.guest.get("/staff/disclosures", { followRedirects: false })).status).toBe(302);
    expect((await c.owner.get("/staff/disclosures")).status).toBe(403);
  });
});

describe("reminders", () => {
  it("go to the owner and finance once per state, never twice", async () => {
    const kinds = async (userId: string) =>
      (await prisma.notification.findMany({ where: { userId, kind: { startsWith: "disclosure." } }, select: { kind: true, params: true } })).filter((n) => (n.params as { name?: string }).name === campaign.title).map((n) => n.kind);
    const dueSoonAt = at(addDays(addMonths(approvedOn, 3), -10));
    await reminders.remindDisclosures(dueSoonAt);
    expect(await kinds(users.owner.id)).toEqual(["disclosure.dueSoon"]);
    expect(await kinds(users.finance.id)).toEqual(["disclosure.dueSoon"]);
    expect(await kinds(users.member.id)).toEqual([]);
    // Again the same day and a few days later: still one.
    await reminders.remindDisclosures(dueSoonAt);
    await reminders.remindDisclosures(new Date(dueSoonAt.getTime() + 3 * DAY));
    expect(await kinds(users.owner.id)).toEqual(["disclosure.dueSoon"]);
    // It becomes overdue: one more, then none.
    await reminders.remindDisclosures(T0);
    await reminders.remindDisclosures(T0);
    expect((await kinds(users.owner.id)).sort()).toEqual(["disclosure.dueSoon", "disclosure.overdue"]);
    expect((await kinds(users.finance.id)).sort()).toEqual(["disclosure.dueSoon", "disclosure.overdue"]);
    // notify queued the e-mails beside the in-app messages.
    expect(await prisma.messageOutbox.count({ where: { recipient: users.owner.id, template: { startsWith: "disclosure." } } })).toBe(2);
  });
});

describe("a staff hold on new donations", () => {
  it("needs a reason, and nobody holds their own organization's campaign", async () => {
    expect((await c.staff.post("/staff/disclosures", { target: `campaign:${campaign.id}`, decision: "HOLD", reason: "" })).status).toBe(400);
    expect((await c.staffInOrg.post("/staff/disclosures", { target: `campaign:${campaign.id}`, decision: "HOLD", reason: "逾期未公开" })).status).toBe(403);
    expect((await c.owner.post("/staff/disclosures", { target: `campaign:${campaign.id}`, decision: "HOLD", reason: "逾期未公开" })).status).toBe(403);
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { disclosureHoldAt: true } })).disclosureHoldAt).toBeNull();
  });

  it("stops a new donation with a clear message and no Donation row; filing the disclosure lifts it", async () => {
    const held = await c.staff.post("/staff/disclosures", { target: `campaign:${campaign.id}`, decision: "HOLD", reason: "信息公开逾期一个月" });
    expect(held.status).toBe(302);
    expect(await prisma.auditLog.count({ where: { action: "disclosure.hold", entityId: campaign.id, actorId: users.staff.id, reason: "信息公开逾期一个月" } })).toBe(1);
    expect(await prisma.notification.count({ where: { userId: users.owner.id, kind: "disclosure.held" } })).toBe(1);
    expect(await (await c.guest.get(`/campaigns/${campaign.id}`)).text()).toContain("暂停接受捐赠");

    const refused = await donate(`/campaigns/${campaign.id}`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("信息公开逾期，民政部门已暂停接受新的捐赠");
    expect(await prisma.donation.count({ where: { campaignId: campaign.id } })).toBe(0);

    // Money that came in during the period is prefilled from the ledger.
    const { postOfflineDonation } = await import("~/modules/ledger/offline.server");
    await postOfflineDonation(prisma, { orgId, campaignId: campaign.id, amountFen: 123_450n, occurredAt: new Date(T0.getTime() - 30 * DAY), source: "bank transfer", externalRef: "slip-1" });
    const form = await c.finance.get(`/org/${orgId}/disclosures/new?campaignId=${campaign.id}`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('value="1234.50"');
    expect(formHtml).toContain(`value="${approvedOn}"`);
    // Staff look but do not file; a plain member does not file either.
    expect((await c.staff.get(`/org/${orgId}/disclosures/new?campaignId=${campaign.id}`)).status).toBe(200);

    const fd = () => {
      const f = new FormData();
      f.set("target", `campaign:${campaign.id}`);
      f.set("kind", "PERIODIC");
      f.set("periodStart", approvedOn);
      f.set("periodEnd", today);
      f.set("income", "1234.50");
      f.set("spending", "0");
      f.set("beneficiaryProgress", "王某已完成第一期治疗，病情稳定。");
      f.set("body", "本期共收到捐款 1234.50 元，尚未拨付，待第二期治疗费用结算后拨付医院。");
      f.append("evidence", new Blob([PDF], { type: "application/pdf" }), "银行回单.pdf");
      return f;
    };
    expect((await c.member.post(`/org/${orgId}/disclosures/new`, fd())).status).toBe(403);
    // Bad input: 400 with the field named, nothing written.
    const bad = fd();
    bad.set("periodEnd", addDays(approvedOn, -1));
    bad.set("income", "abc");
    const badRes = await c.finance.post(`/org/${orgId}/disclosures/new`, bad);
    expect(badRes.status).toBe(400);
    // A final report is refused while the campaign still raises.
    const early = fd();
    early.set("kind", "FINAL");
    expect((await c.finance.post(`/org/${orgId}/disclosures/new`, early)).status).toBe(409);
    expect(await prisma.disclosure.count({ where: { campaignId: campaign.id } })).toBe(0);

    const filed = await c.finance.post(`/org/${orgId}/disclosures/new`, fd());
    expect(filed.status).toBe(302);
    const d = await prisma.disclosure.findFirstOrThrow({ where: { campaignId: campaign.id }, select: { id: true, incomeFen: true, spendingFen: true, filedById: true, evidence: { select: { fileId: true, file: { select: { visibility: true } } } } } });
    expect(d.incomeFen).toBe(123_450n);
    expect(d.filedById).toBe(users.finance.id);
    expect(d.evidence).toHaveLength(1);
    expect(d.evidence[0]!.file.visibility).toBe("PRIVATE");
    const after = await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { disclosureHoldAt: true, disclosureRemindedAt: true } });
    expect(after.disclosureHoldAt).toBeNull();
    expect(after.disclosureRemindedAt).toBeNull();
    expect(await prisma.auditLog.count({ where: { action: "disclosure.filed", entityId: d.id } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { action: "disclosure.hold_lifted", entityId: campaign.id, actorId: users.finance.id } })).toBe(1);

    // On schedule again, and donations work.
    expect((await status.disclosureSchedule({ campaignId: campaign.id }))?.schedule.state).toBe("ok");
    const page = await (await c.guest.get(`/campaigns/${campaign.id}`)).text();
    expect(page).not.toContain("信息公开逾期");
    expect(page).not.toContain("暂停接受捐赠");
    expect((await donate(`/campaigns/${campaign.id}`)).status).toBe(302);
    expect(await prisma.donation.count({ where: { campaignId: campaign.id } })).toBe(1);

    // The public accounts list it; the evidence opens only for owner, finance and staff.
    const accounts = await (await c.guest.get(`/campaigns/${campaign.id}/accounts`)).text();
    expect(accounts).toContain(approvedOn);
    expect(accounts).toContain(today);
    expect(accounts).toContain("王某已完成第一期治疗");
    expect(accounts).toContain("¥1,234.50");
    expect(accounts).toContain("银行回单.pdf");
    expect(accounts).not.toContain(`/files/${d.evidence[0]!.fileId}`);
    expect(await (await c.owner.get(`/campaigns/${campaign.id}/accounts`)).text()).toContain(`/files/${d.evidence[0]!.fileId}`);
    expect((await c.guest.get(`/files/${d.evidence[0]!.fileId}`)).status).toBe(404);
    expect((await c.staff.get(`/files/${d.evidence[0]!.fileId}`)).status).toBe(200);
    // Off the staff list.
    expect(await (await c.staff.get("/staff/disclosures")).text()).not.toContain(`data-testid="overdue-${campaign.id}"`);
  });

  it("holds a fund's donations too, and staff lift it", async () => {
    const fund = await createFund(prisma, { orgId, createdById: users.owner.id });
    await prisma.fund.update({ where: { id: fund.id }, data: { approvedAt: at(addMonths(today, -5)), startDate: new Date(`${addMonths(today, -5)}T00:00:00Z`) } });
    expect((await status.disclosureSchedule({ fundId: fund.id }))?.schedule.state).toBe("overdue");
    expect(await (await c.guest.get(`/funds/${fund.id}`)).text()).toContain("信息公开逾期");
    expect((await c.staff.post("/staff/disclosures", { target: `fund:${fund.id}`, decision: "HOLD", reason: "逾期未公开" })).status).toBe(302);
    expect(await (await c.guest.get(`/funds/${fund.id}`)).text()).toContain("暂停接受捐赠");
    expect((await donate(`/funds/${fund.id}`)).status).toBe(409);
    expect(await prisma.donation.count({ where: { fundId: fund.id } })).toBe(0);
    expect((await c.guest.get(`/funds/${fund.id}/accounts`)).status).toBe(200);
    expect((await c.staff.post("/staff/disclosures", { target: `fund:${fund.id}`, decision: "LIFT", reason: "主办方已承诺补充公开" })).status).toBe(302);
    expect(await prisma.auditLog.count({ where: { action: "disclosure.hold_lifted", entityId: fund.id, actorId: users.staff.id } })).toBe(1);
    expect(await prisma.notification.count({ where: { userId: users.finance.id, kind: "disclosure.lifted" } })).toBe(1);
    expect((await donate(`/funds/${fund.id}`)).status).toBe(302);
  });
});

describe("the final report", () => {
  it("falls due three months after the end, and only a FINAL disclosure settles it", async () => {
    const made = await createCampaign(prisma, { orgId, createdById: users.owner.id, title: "江津区李某助学", deadlineInDays: -20 });
    const started = addMonths(today, -2);
    const ended = addDays(today, -10);
    await prisma.campaign.update({ where: { id: made.id }, data: { status: "ENDED", approvedAt: at(started), endedAt: at(ended) } });
    const s = await status.disclosureSchedule({ campaignId: made.id }, T0);
    expect(s?.endedOn).toBe(ended);
    // The periodic disclosure would have fallen due after the end: only the final is owed.
    expect(s?.schedule.obligations).toEqual([expect.objectContaining({ kind: "FINAL", dueOn: addMonths(ended, 3), state: "ok" })]);
    expect((await status.disclosureSchedule({ campaignId: made.id }, at(addDays(addMonths(ended, 3), -3))))?.schedule.state).toBe("dueSoon");
    expect((await status.disclosureSchedule({ campaignId: made.id }, at(addDays(addMonths(ended, 3), 1))))?.schedule.state).toBe("overdue");

    const f = new FormData();
    f.set("target", `campaign:${made.id}`);
    f.set("kind", "FINAL");
    f.set("periodStart", started);
    f.set("periodEnd", ended);
    f.set("income", "0");
    f.set("spending", "0");
    f.set("beneficiaryProgress", "李某已入学。");
    f.set("body", "项目结束，善款已全部用于学费。");
    expect((await c.owner.post(`/org/${orgId}/disclosures/new`, f)).status).toBe(302);
    const later = await status.disclosureSchedule({ campaignId: made.id }, at(addMonths(ended, 6)));
    expect(later?.schedule.obligations).toEqual([]);
    expect(later?.schedule.state).toBe("ok");
  });
});
