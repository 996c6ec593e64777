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
