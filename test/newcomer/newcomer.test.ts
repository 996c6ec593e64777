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
