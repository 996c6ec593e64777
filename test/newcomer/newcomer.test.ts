/**
 * #12.7 "What a newcomer tripped over": each step a newcomer took on the demo site, over real HTTP,
 * and what they should have met instead.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let owner: Awaited<ReturnType<typeof createUser>>;
let org: { id: string };
const HOUR = 3600_000;

async function signedIn(user: { email: string; password: string }) {
  const c = new TestClient(app.baseUrl);
  await c.signIn(user.email, user.password);
  return c;
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const { ensureStatistics } = await import("~/modules/statistics/install.server");
  await ensureStatistics();
  owner = await createUser(prisma, { profile: true });
  org = await createOrganization(prisma, { createdById: owner.id });
});
afterAll(async () => {
  await app?.close();
});

describe("(a) destructive actions ask first and say who is affected", () => {
  it("cancelling a shift asks for confirmation with the sign-up counts, then hides the code and QR", async () => {
    const project = await createProject(prisma, { orgId: org.id, createdById: owner.id });
    const shift = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() + HOUR) });
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const v1 = await createUser(prisma, { profile: true });
    const v2 = await createUser(prisma, { profile: true });
    await signUpForShift(v1.id, shift.id);
    const s2 = await signUpForShift(v2.id, shift.id);
    await prisma.shiftSignup.update({ where: { id: s2.signupId }, data: { status: "ATTENDED", checkedInAt: new Date() } });
    const c = await signedIn(owner);
    const here = `/org/${org.id}/rosters/${shift.id}`;

    const first = await c.post(here, { intent: "cancelShift" });
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('data-testid="confirm-step"');
    expect(html).toContain("目前有 2 人已报名、0 人在候补、1 人已签到");
    expect(html).toContain('name="confirm" value="yes"');
    expect((await prisma.shift.findUniqueOrThrow({ where: { id: shift.id } })).status).toBe("OPEN");

    const second = await c.post(here, { intent: "cancelShift", confirm: "yes" });
    expect(second.status).toBe(302);
    expect((await prisma.shift.findUniqueOrThrow({ where: { id: shift.id } })).status).toBe("CANCELLED");
    const page = await (await c.get(here)).text();
    expect(page).not.toContain(shift.checkInCode);
    expect(page).not.toContain('data-testid="check-in-qr"');
    expect(page).toContain("签到码和二维码已失效");
  });

  it("cancelling a project asks for confirmation with the counts of its coming shifts", async () => {
    const project = await createProject(prisma, { orgId: org.id, createdById: owner.id });
    const shift = await createShift(prisma, { projectId: project.id });
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    await signUpForShift((await createUser(prisma, { profile: true })).id, shift.id);
    const c = await signedIn(owner);
    const here = `/org/${org.id}/projects/${project.id}`;

    const first = await c.post(here, { intent: "status", status: "CANCELLED" });
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain("目前有 1 人已报名");
    expect((await prisma.volunteerProject.findUniqueOrThrow({ where: { id: project.id } })).status).toBe("PUBLISHED");

    expect((await c.post(here, { intent: "status", status: "CANCELLED", confirm: "yes" })).status).toBe(302);
    expect((await prisma.volunteerProject.findUniqueOrThrow({ where: { id: project.id } })).status).toBe("CANCELLED");
    expect((await prisma.shift.findUniqueOrThrow({ where: { id: shift.id } })).status).toBe("CANCELLED");
  });
});

describe("(b) the sign-up survives the detour to the profile page", () => {
  it("carries the shift to the profile page and offers it again on return", async () => {
    const project = await createProject(prisma, { orgId: org.id, createdById: owner.id });
    const shift = await createShift(prisma, { projectId: project.id });
    const newcomer = await createUser(prisma);
    const c = await signedIn(newcomer);
    const here = `/projects/${project.id}`;

    const res = await c.post(here, { intent: "signup", shiftId: shift.id });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("Location")!, app.baseUrl);
    expect(location.pathname).toBe("/me/profile");
    const back = location.searchParams.get("redirectTo")!;
    expect(back).toBe(`${here}?signup=${shift.id}`);
    // The profile form keeps the way back…
    expect(await (await c.get(location.pathname + location.search)).text()).toContain(`?signup=${shift.id}`);

    const { makeIdNumber } = await import("~/modules/accounts/id-number");
    const saved = await c.post("/me/profile", { realName: "王小明", phone: "13983003333", idNumber: makeIdNumber("500114", "19950101", "123"), districtCode: "500114", redirectTo: back });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(back);
    // …and the project page offers the very shift, one click away.
    const page = await (await c.get(back)).text();
    expect(page).toContain('data-testid="resume-signup"');
    expect(page).toMatch(new RegExp(`resume-signup[\\s\\S]*name="shiftId" value="${shift.id}"`));
    expect((await c.post(here, { intent: "signup", shiftId: shift.id })).status).toBe(302);
    expect(await prisma.shiftSignup.count({ where: { shiftId: shift.id, userId: newcomer.id, status: "CONFIRMED" } })).toBe(1);
    // Once signed up, nothing more is offered.
    expect(await (await c.get(back)).text()).not.toContain('data-testid="resume-signup"');
  });
});

describe("(c) the cancellation cut-off is said before it bites", () => {
  it("offers no 取消报名 inside the cut-off and warns at sign-up", async () => {
    const project = await createProject(prisma, { orgId: org.id, createdById: owner.id, cancelCutoffHours: 24 });
    const soon = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() + 5 * HOUR) });
    const later = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() + 72 * HOUR) });
    const v = await createUser(prisma, { profile: true });
    const c = await signedIn(v);
    const here = `/projects/${project.id}`;

    // Before signing up: the shift inside the cut-off carries a warning, the later one does not.
    const before = await (await c.get(here)).text();
    const row = (html: string, id: string) => html.match(new RegExp(`data-testid="shift-${id}"[\\s\\S]*?</tr>`))![0];
    expect(row(before, soon.id)).toContain("距开始不足 24 小时，报名后不能取消");
    expect(row(before, later.id)).not.toContain("报名后不能取消");

    expect((await c.post(here, { intent: "signup", shiftId: soon.id })).status).toBe(302);
    expect((await c.post(here, { intent: "signup", shiftId: later.id })).status).toBe(302);
    const after = await (await c.get(here)).text();
    expect(row(after, soon.id)).not.toContain("取消报名");
    expect(row(after, soon.id)).toContain("不能自行取消");
    expect(row(after, later.id)).toContain("取消报名");
  });
});

describe("(e) search snippets and the empty answer", () => {
  it("shows a description's words, not its Markdown", async () => {
    const project = await createProject(prisma, {
      orgId: org.id,
      createdById: owner.id,
      title: "蒲公英课后陪伴计划",
      description: "## 项目介绍\n\n为**蒲公英**社区的留守儿童提供 _课后_ 陪伴。\n\n- 作业辅导\n- [阅读角](https://example.cn/books)\n\n> 每周三下午",
    });
    const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
    const { drainSearchOutbox } = await import("~/modules/search-outbox/worker.server");
    await enqueueSearch(prisma, "project", project.id);
    await drainSearchOutbox();
    const html = await (await new TestClient(app.baseUrl).get(`/search?q=${encodeURIComponent("蒲公英")}`)).text();
    const hit = html.match(/<li[^>]*class="card search-hit"[\s\S]*?<\/li>/)![0];
    expect(hit).toContain("项目介绍");
    expect(hit).toContain("阅读角");
    for (const syntax of ["##", "**", "](", "- 作业", "&gt; 每周", " _课后_"]) expect(hit).not.toContain(syntax);
  });

  it("says only 没有找到相关结果 when nothing comes close", async () => {
    const html = await (await new TestClient(app.baseUrl).get(`/search?q=${encodeURIComponent("魑魅魍魉饕餮")}`)).text();
    expect(html).toContain("没有找到相关结果");
    expect(html).not.toContain("以下是");
    expect(html).not.toContain("以下结果");
  });
});

describe("(f) a certificate code typed without dashes", () => {
  it("is found as the receipt check finds one", async () => {
    const v = await createUser(prisma, { profile: true });
    const project = await createProject(prisma, { orgId: org.id, createdById: owner.id });
    const past = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() - 4 * 24 * HOUR) });
    const s = await prisma.shiftSignup.create({ data: { shiftId: past.id, userId: v.id, status: "ATTENDED", checkedInAt: past.startsAt } });
    await prisma.serviceRecord.create({ data: { userId: v.id, orgId: org.id, projectId: project.id, shiftId: past.id, signupId: s.id, districtCode: "500114", category: "COMMUNITY", serviceDate: new Date(past.startsAt.toISOString().slice(0, 10)), minutes: 180, role: "志愿者", confirmedById: owner.id } });
    const { issueCertificate } = await import("~/modules/volunteering/certificates.server");
    const { code } = await issueCertificate(v.id, "2020-01-01", new Date().toISOString().slice(0, 10));
    const anonymous = new TestClient(app.baseUrl);
    for (const typed of [code, code.replace(/-/g, ""), code.replace(/-/g, " ").toLowerCase()]) {
      const html = await (await anonymous.get(`/verify/certificates?code=${encodeURIComponent(typed)}`)).text();
      expect(html, typed).toContain('data-testid="verify-result"');
      expect(html, typed).toContain('data-status="VALID"');
    }
  });
});

describe("(g) statistics and the checks are one click away", () => {
  it("links the public statistics and both verify pages from every page's footer", async () => {
    const html = await (await new TestClient(app.baseUrl).get("/")).text();
    const footer = html.match(/<footer[\s\S]*?<\/footer>/)![0];
    expect(footer).toContain('href="/stats"');
    expect(footer).toContain('href="/verify/certificates"');
    expect(footer).toContain('href="/verify/receipts"');
  });

  it("prints the receipt's verify address as a link carrying its code", async () => {
    const { createCampaign, createPendingDonation } = await import("../support/factories/funding");
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id });
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 20000n });
    await prisma.donation.update({ where: { id: d.id }, data: { status: "PAID", paidAt: new Date(), receiptCode: "SL-ABCD-EFGH-JKMN" } });
    const html = await (await new TestClient(app.baseUrl).get(`/donate/thanks/${d.accessToken}`)).text();
    expect(html).toMatch(/<a href="http:\/\/127\.0\.0\.1:\d+\/verify\/receipts\?code=SL-ABCD-EFGH-JKMN"[^>]*>http:\/\/127\.0\.0\.1:\d+\/verify\/receipts<\/a>/);
  });
});

describe("(h) what is old does not lead", () => {
  it("does not show a need whose deadline passed years ago as urgent on the home page", async () => {
    const { createNeed } = await import("../support/factories/needs");
    const stale = await createNeed(prisma, { createdById: owner.id, title: "二〇二一年的过期需求", urgency: "CRITICAL", deadline: new Date("2021-06-30") });
    const live = await createNeed(prisma, { createdById: owner.id, title: "本月的紧急需求", urgency: "CRITICAL", deadline: new Date(Date.now() + 20 * 24 * HOUR) });
    const html = await (await new TestClient(app.baseUrl).get("/")).text();
    expect(html).toContain(`/needs/${live.id}`);
    expect(html).not.toContain(`/needs/${stale.id}`);
  });

  it("lists open and upcoming projects before a closed 2020 one", async () => {
    const { calendarDate } = await import("~/modules/volunteering/time");
    const closed = await createProject(prisma, { orgId: org.id, createdById: owner.id, title: "二〇二〇年冬季送温暖", status: "CLOSED", startDate: calendarDate("2020-01-01"), endDate: calendarDate("2020-02-01") });
    const upcoming = await createProject(prisma, { orgId: org.id, createdById: owner.id, title: "下月开始的社区义诊" });
    const html = await (await new TestClient(app.baseUrl).get("/projects")).text();
    const at = (id: string) => html.indexOf(`/projects/${id}"`);
    expect(at(upcoming.id)).toBeGreaterThan(-1);
    expect(at(closed.id)).toBeGreaterThan(at(upcoming.id));
  });
});

describe("(i) the registration form says what it requires", () => {
  it("marks 服务领域 required and gives the mission's minimum length", async () => {
    const c = await signedIn(await createUser(prisma));
    const html = await (await c.get("/orgs/new")).text();
    const areas = html.match(/<fieldset[^>]*checkbox-group[\s\S]*?<\/fieldset>/)![0];
    expect(areas).toMatch(/<legend>服务领域<span class="required"[^>]*> \*<\/span><\/legend>/);
    expect(areas).toContain("至少选择一项");
    expect(html).toMatch(/<textarea[^>]*name="mission"[^>]*minLength="10"|<textarea[^>]*minLength="10"[^>]*name="mission"/i);
    expect(html).toContain("至少 10 个字");
  });
});

describe("(j) a project's dates bound its shifts, and the form says so", () => {
  it("names the project's dates beside the shift date and explains the refusal", async () => {
    const { calendarDate } = await import("~/modules/volunteering/time");
    const project = await createProject(prisma, { orgId: org.id, createdById: owner.id, startDate: calendarDate("2030-05-01"), endDate: calendarDate("2030-06-30") });
    const c = await signedIn(owner);
    const here = `/org/${org.id}/projects/${project.id}`;
    expect(await (await c.get(here)).text()).toContain("须在项目日期（2030/05/01 至 2030/06/30）之内");
    const res = await c.post(here, { intent: "addShift", date: "2030-04-20", startTime: "09:00", endTime: "12:00", place: "社区中心", capacity: "5", repeatWeeks: "1" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("如需更早或更晚的班次，请先修改项目日期");
  });
});

describe("(k) each main page has its own title", () => {
  it("gives home, lists, me, org and staff pages distinct <title>s", async () => {
    const staff = await signedIn(await createUser(prisma, { globalRole: "BUREAU_STAFF" }));
    const me = await signedIn(owner);
    const anonymous = new TestClient(app.baseUrl);
    const title = async (c: TestClient, path: string) => {
      const res = await c.get(path);
      expect(res.status, path).toBe(200);
      return (await res.text()).match(/<title>([^<]*)<\/title>/)?.[1] ?? "";
    };
    const titles = {
      home: await title(anonymous, "/"),
      orgs: await title(anonymous, "/orgs"),
      funds: await title(anonymous, "/funds"),
      stats: await title(anonymous, "/stats"),
      me: await title(me, "/me"),
      volunteering: await title(me, "/me/volunteering"),
      orgProjects: await title(me, `/org/${org.id}/projects`),
      orgRecords: await title(me, `/org/${org.id}/service-records`),
      staff: await title(staff, "/staff"),
      reviews: await title(staff, "/staff/reviews"),
    };
    expect(new Set(Object.values(titles)).size).toBe(Object.keys(titles).length);
    for (const t of Object.values(titles)) expect(t).toMatch(/善联$/);
    expect(titles.orgRecords).toContain("服务记录");
    const { name } = await prisma.organization.findUniqueOrThrow({ where: { id: org.id }, select: { name: true } });
    expect(titles.orgProjects).toContain(name);
  });
});

describe("(l) the staff dashboard follows the chosen period", () => {
  it("shows only the chosen period's fields", async () => {
    const staff = await signedIn(await createUser(prisma, { globalRole: "BUREAU_STAFF" }));
    const fields = async (q: string) => {
      const html = await (await staff.get(`/staff/stats?${q}`)).text();
      return ["quarter", "month", "from", "to"].filter((n) => new RegExp(`name="${n}"`).test(html));
    };
    expect(await fields("period=year&year=2020")).toEqual([]);
    expect(await fields("period=quarter&year=2020&quarter=2")).toEqual(["quarter"]);
    expect(await fields("period=month&year=2020&month=5")).toEqual(["month"]);
    expect(await fields("period=custom&from=2020-01-01&to=2020-03-31")).toEqual(["from", "to"]);
  });

  it("puts every month on the trend axis, empty ones too", async () => {
    const { dashboardFromRollup } = await import("~/modules/statistics/queries.server");
    const d = await dashboardFromRollup({ from: "2020-01-01", to: "2020-12-31" });
    expect(d.trendBucket).toBe("month");
    expect(d.trend.map((b) => b.bucket)).toEqual(Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, "0")}`));
  });

  it("names the district in the export's file name", async () => {
    const staff = await signedIn(await createUser(prisma, { globalRole: "BUREAU_STAFF" }));
    const res = await staff.get("/staff/stats/export?period=year&year=2020&district=500114");
    expect(res.status).toBe(200);
    const disposition = decodeURIComponent(res.headers.get("Content-Disposition") ?? "");
    expect(disposition).toContain("stats-黔江区-2020-01-01-2020-12-31.xlsx");
  });
});
