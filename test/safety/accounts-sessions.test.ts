/**
 * #11.5 Accounts — a session cookie does not outlive a password change or a privilege change, and
 * an unused session ends (8 hours for bureau staff, 7 days for everyone else).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => app?.close());
afterEach(() => {
  vi.useRealTimers();
});

/** Signs in through the form and returns the raw session cookie, to replay later like a thief would. */
async function signInCookie(c: TestClient, email: string, password: string) {
  const res = await c.signIn(email, password);
  return res.headers.getSetCookie().find((s) => s.startsWith("sl_session="))!.split(";")[0]!;
}

/** GET with exactly this cookie: 200 when it is a live session, 302 to sign-in otherwise. */
const replay = (cookie: string, path = "/me") => fetch(app.baseUrl + path, { headers: { Cookie: cookie }, redirect: "manual" }).then((r) => r.status);

describe("session rotation", () => {
  it("refuses the old cookie of the very device that changed the password, and gives it a new one", async () => {
    const u = await createUser(prisma);
    const laptop = new TestClient(app.baseUrl);
    const oldCookie = await signInCookie(laptop, u.email, u.password);
    const phoneCookie = await signInCookie(new TestClient(app.baseUrl), u.email, u.password);
    expect(await replay(oldCookie)).toBe(200);
    const changed = await laptop.post("/me/password", { currentPassword: u.password, newPassword: "newpass123", confirmPassword: "newpass123" });
    expect(changed.status).toBe(302);
    const newCookie = changed.headers.getSetCookie().find((s) => s.startsWith("sl_session="))!.split(";")[0]!;
    expect(newCookie).not.toBe(oldCookie);
    expect(await replay(oldCookie)).toBe(302);
    expect(await replay(phoneCookie)).toBe(302);
    expect(await replay(newCookie)).toBe(200);
    expect((await laptop.get("/me", { followRedirects: false })).status).toBe(200);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { passwordChangedAt: true } });
    expect(user.passwordChangedAt).not.toBeNull();
    expect(await prisma.session.count({ where: { userId: u.id } })).toBe(1);
  });

  it("ends the sessions of a user whose global role an admin changes", async () => {
    const admin = await createUser(prisma, { globalRole: "BUREAU_ADMIN" });
    const target = await createUser(prisma);
    const adminClient = new TestClient(app.baseUrl);
    await adminClient.signIn(admin.email, admin.password);
    const cookie = await signInCookie(new TestClient(app.baseUrl), target.email, target.password);
    expect(await replay(cookie)).toBe(200);
    expect((await adminClient.post("/staff/users", { userId: target.id, role: "BUREAU_STAFF" })).status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).globalRole).toBe("BUREAU_STAFF");
    expect(await replay(cookie)).toBe(302);
    // Signing in again starts a session with the new rights.
    const fresh = await signInCookie(new TestClient(app.baseUrl), target.email, target.password);
    expect(await replay(fresh, "/staff")).toBe(200);
    // The admin's own session is untouched.
    expect((await adminClient.get("/staff/users", { followRedirects: false })).status).toBe(200);
  });

  it("ends the sessions of a member whose organization role changes", async () => {
    const owner = await createUser(prisma);
    const member = await createUser(prisma);
    const org = await createOrganization(prisma, { createdById: owner.id, members: [{ userId: member.id, role: "MEMBER" }] });
    const membership = await prisma.orgMembership.findFirstOrThrow({ where: { orgId: org.id, userId: member.id } });
    const ownerClient = new TestClient(app.baseUrl);
    await ownerClient.signIn(owner.email, owner.password);
    const cookie = await signInCookie(new TestClient(app.baseUrl), member.email, member.password);
    expect(await replay(cookie)).toBe(200);
    expect((await ownerClient.post(`/org/${org.id}/members`, { intent: "role", membershipId: membership.id, role: "ADMIN" })).status).toBe(302);
    expect((await prisma.orgMembership.findUniqueOrThrow({ where: { id: membership.id } })).role).toBe("ADMIN");
    expect(await replay(cookie)).toBe(302);
    expect((await ownerClient.get("/me", { followRedirects: false })).status).toBe(200);
  });
});

describe("idle timeout", () => {
  it("ends a staff session after 8 idle hours, and anyone else's after 7 idle days", async () => {
    const staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
    const user = await createUser(prisma);
    let now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now });
    const staffCookie = await signInCookie(new TestClient(app.baseUrl), staff.email, staff.password);
    const userCookie = await signInCookie(new TestClient(app.baseUrl), user.email, user.password);
    // Active use keeps a session alive: a request every 7 hours for a day.
    for (let i = 0; i < 3; i++) {
      now += 7 * 3600_000;
      vi.setSystemTime(now);
      expect(await replay(staffCookie, "/staff")).toBe(200);
    }
    now += 8 * 3600_000 + 60_000;
    vi.setSystemTime(now);
    expect(await replay(staffCookie, "/staff")).toBe(302);
    // The ordinary user, last seen 29 hours ago, is still signed in…
    expect(await replay(userCookie)).toBe(200);
    // …until a week passes without a visit.
    now += 7 * 24 * 3600_000 + 60_000;
    vi.setSystemTime(now);
    expect(await replay(userCookie)).toBe(302);
    expect(await prisma.session.count({ where: { userId: { in: [staff.id, user.id] } } })).toBe(0);
  });
});
