/**
 * #11.5 Accounts — e-mailed links: password reset (single use, 1 hour, SHA-256 stored) and address
 * verification, and invitations that bind only to a verified address.
 *
 * There is no mail provider yet: the links are read from the message outbox, where the mail worker
 * will pick them up.
 */
import { createHash } from "node:crypto";
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
  // The links are also printed for developers; keep the test output quiet.
  vi.spyOn(console, "info").mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  await app?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The link in the newest outbox e-mail of this template to this address, as a local path. */
async function mailedLink(email: string, template: "security.accounts.mail.resetPassword" | "security.accounts.mail.verifyEmail") {
  const row = await prisma.messageOutbox.findFirstOrThrow({ where: { channel: "email", recipient: email, template }, orderBy: { createdAt: "desc" } });
  const url = new URL((row.payload as { link: string }).link);
  expect(url.origin).toBe(app.baseUrl);
  return { path: url.pathname + url.search, token: url.searchParams.get("token")! };
}

describe("password reset", () => {
  it("works end to end over HTTP, once, verifies the address, signs out everywhere and lifts the lock", async () => {
    const u = await createUser(prisma, { emailVerified: false });
    const phone = new TestClient(app.baseUrl);
    await phone.signIn(u.email, u.password);
    // Someone locks the account.
    const attacker = new TestClient(app.baseUrl);
    for (let i = 0; i < 5; i++) await attacker.post("/auth/login", { email: u.email, password: "wrong-password1" });
    expect((await attacker.post("/auth/login", { email: u.email, password: u.password })).status).toBe(429);

    const owner = new TestClient(app.baseUrl);
    const login = await owner.get("/auth/login");
    expect(await login.text()).toContain('href="/auth/forgot"');
    const asked = await owner.post("/auth/forgot", { email: u.email.toUpperCase() });
    expect(asked.status).toBe(200);
    const askedText = await asked.text();
    expect(askedText).toContain("如果该邮箱已注册，重置链接已发送");
    // A stranger asking about an unknown address gets the same answer and sends nothing.
    const unknown = await new TestClient(app.baseUrl).post("/auth/forgot", { email: "nobody@example.cn" });
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain("如果该邮箱已注册，重置链接已发送");
    expect(await prisma.messageOutbox.count({ where: { recipient: "nobody@example.cn" } })).toBe(0);

    const { path, token } = await mailedLink(u.email, "security.accounts.mail.resetPassword");
    expect(path.startsWith("/auth/reset?token=")).toBe(true);
    const stored = await prisma.emailToken.findFirstOrThrow({ where: { userId: u.id, purpose: "RESET_PASSWORD" } });
    expect(stored.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(Math.round((stored.expiresAt.getTime() - stored.createdAt.getTime()) / 60_000)).toBe(60);

    const form = await owner.get(path);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("设置新密码");
    const done = await owner.post("/auth/reset", { token, newPassword: "fresh-pass-42", confirmPassword: "fresh-pass-42" });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/auth/login");

    // Single use.
    const again = await owner.post("/auth/reset", { token, newPassword: "other-pass-42", confirmPassword: "other-pass-42" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("链接无效、已使用或已过期");
    expect(await (await owner.get(path)).text()).toContain("链接无效、已使用或已过期");

    // The lock is gone for the owner, the old password is not, the phone was signed out.
    expect((await phone.get("/me", { followRedirects: false })).status).toBe(302);
    expect((await owner.post("/auth/login", { email: u.email, password: u.password })).status).toBe(400);
    expect((await owner.post("/auth/login", { email: u.email, password: "fresh-pass-42" })).status).toBe(302);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { emailVerifiedAt: true, passwordChangedAt: true } });
    // The link reached the account's own address: following it proves the address.
    expect(after.emailVerifiedAt).not.toBeNull();
    expect(after.passwordChangedAt).not.toBeNull();
  });

  it("refuses a link after an hour", async () => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    await c.post("/auth/forgot", { email: u.email });
    const { path, token } = await mailedLink(u.email, "security.accounts.mail.resetPassword");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61 * 60_000 });
    expect(await (await c.get(path)).text()).toContain("链接无效、已使用或已过期");
    const late = await c.post("/auth/reset", { token, newPassword: "fresh-pass-42", confirmPassword: "fresh-pass-42" });
    expect(late.status).toBe(400);
    vi.useRealTimers();
    expect((await c.post("/auth/login", { email: u.email, password: u.password })).status).toBe(302);
  });
});

describe("address verification and invitations", () => {
  it("an invitation to an address does not bind to an account until that account verifies the address", async () => {
    const owner = await createUser(prisma);
    const org = await createOrganization(prisma, { createdById: owner.id });
    const ownerClient = new TestClient(app.baseUrl);
    await ownerClient.signIn(owner.email, owner.password);
    const email = "treasurer@example.cn";
    expect((await ownerClient.post(`/org/${org.id}/members`, { intent: "invite", email, role: "ADMIN" })).status).toBe(302);
    const invitation = await prisma.orgInvitation.findFirstOrThrow({ where: { orgId: org.id, email } });

    // Anyone can sign up with that address…
    const squatter = new TestClient(app.baseUrl);
    expect((await squatter.post("/auth/signup", { email, displayName: "冒名者", password: "abc12345", confirmPassword: "abc12345" })).status).toBe(302);
    const account = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true, emailVerifiedAt: true } });
    expect(account.emailVerifiedAt).toBeNull();
    // …but sees no invitation and cannot accept it.
    const me = await (await squatter.get("/me")).text();
    expect(me).not.toContain(org.name);
    expect(me).toContain("验证邮箱后，才能查看和处理发送到该邮箱的组织邀请");
    const accept = await squatter.post("/me", { intent: "accept", invitationId: invitation.id });
    expect(accept.status).toBe(403);
    expect(await prisma.orgMembership.count({ where: { orgId: org.id, userId: account.id } })).toBe(0);
    expect((await prisma.orgInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("PENDING");
    expect((await squatter.post("/me", { intent: "decline", invitationId: invitation.id })).status).toBe(403);

    // The link sent at sign-up goes to the address; whoever reads that mailbox verifies it.
    const sent = await mailedLink(email, "security.accounts.mail.verifyEmail");
    expect(sent.path.startsWith("/auth/verify-email?token=")).toBe(true);
    // It can be sent again from My account.
    expect((await squatter.post("/me", { intent: "resendVerification" })).status).toBe(302);
    expect(await prisma.messageOutbox.count({ where: { recipient: email, template: "security.accounts.mail.verifyEmail" } })).toBe(2);
    const { path } = await mailedLink(email, "security.accounts.mail.verifyEmail");
    const verified = await new TestClient(app.baseUrl).get(path);
    expect(await verified.text()).toContain("邮箱已验证");
    expect(await (await new TestClient(app.baseUrl).get(path)).text()).toContain("验证链接无效、已使用或已过期");
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();

    expect((await squatter.post("/me", { intent: "accept", invitationId: invitation.id })).status).toBe(302);
    expect(await prisma.orgMembership.findFirstOrThrow({ where: { orgId: org.id, userId: account.id }, select: { role: true } })).toEqual({ role: "ADMIN" });
  });

  it("answers a bad verification link without changing anything", async () => {
    const u = await createUser(prisma, { emailVerified: false });
    const res = await new TestClient(app.baseUrl).get("/auth/verify-email?token=not-a-real-token");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("验证链接无效、已使用或已过期");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: u.id } })).emailVerifiedAt).toBeNull();
  });
});
