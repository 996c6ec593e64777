import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => app?.close());

describe("accounts", () => {
  it("signs up, stores an argon2id hash and a hashed session token, and signs out", async () => {
    const c = new TestClient(app.baseUrl);
    const res = await c.post("/auth/signup", { email: "New.User@Example.cn", displayName: "新用户", password: "abc12345", confirmPassword: "abc12345" });
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((s) => s.startsWith("sl_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "new.user@example.cn" }, include: { sessions: true } });
    expect(user.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(user.sessions).toHaveLength(1);
    expect(cookie).not.toContain(user.sessions[0]!.tokenHash);
    const me = await c.get("/me");
    expect(me.status).toBe(200);
    expect(await me.text()).toContain("新用户");
    await c.post("/auth/logout", {});
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    const after = await c.get("/me", { followRedirects: false });
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toContain("/auth/login?redirectTo=%2Fme");
  });

  it("refuses a duplicate e-mail and a weak password with messages, keeping typed values", async () => {
    const existing = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    const dup = await c.post("/auth/signup", { email: existing.email, displayName: "重复", password: "abc12345", confirmPassword: "abc12345" });
    expect(dup.status).toBe(409);
    const html = await dup.text();
    expect(html).toContain("该邮箱已注册");
    expect(html).toContain("重复");
    const weak = await c.post("/auth/signup", { email: "weak@example.cn", displayName: "弱", password: "short", confirmPassword: "short" });
    expect(weak.status).toBe(400);
    const weakHtml = await weak.text();
    expect(weakHtml).toContain("密码至少 8 位");
    expect(weakHtml).not.toContain('value="short"');
  });

  it("rate-limits sign-in per account with a clear message, even for the right password", async () => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    for (let i = 0; i < 5; i++) {
      const r = await c.post("/auth/login", { email: u.email, password: "wrong-password1" });
      expect(r.status).toBe(400);
      expect(await r.text()).toContain("邮箱或密码不正确");
    }
    const blocked = await c.post("/auth/login", { email: u.email, password: u.password });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain("登录尝试过于频繁");
  });

  it("changing the password signs out the other devices", async () => {
    const u = await createUser(prisma);
    const phone = new TestClient(app.baseUrl);
    const laptop = new TestClient(app.baseUrl);
    await phone.signIn(u.email, u.password);
    await laptop.signIn(u.email, u.password);
    const wrong = await laptop.post("/me/password", { currentPassword: "nope12345", newPassword: "newpass123", confirmPassword: "newpass123" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("当前密码不正确");
    const ok = await laptop.post("/me/password", { currentPassword: u.password, newPassword: "newpass123", confirmPassword: "newpass123" });
    expect(ok.status).toBe(302);
    expect((await laptop.get("/me", { followRedirects: false })).status).toBe(200);
    expect((await phone.get("/me", { followRedirects: false })).status).toBe(302);
  });

  it("stores the real-name ID number only as a keyed hash and a masked form", async () => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    await c.signIn(u.email, u.password);
    const bad = await c.post("/me/profile", { realName: "王小明", phone: "13812345678", idNumber: "110105194912310021" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("身份证号无效");
    expect(badHtml).not.toContain("110105194912310021");
    expect(badHtml).toContain("王小明");
    const good = await c.post("/me/profile", { realName: "王小明", phone: "13812345678", idNumber: "11010519491231002X" });
    expect(good.status).toBe(302);
    const p = await prisma.volunteerProfile.findUniqueOrThrow({ where: { userId: u.id } });
    expect(p.idNumberMasked).toBe("110***********002X");
    expect(JSON.stringify(p)).not.toContain("11010519491231002X");
    const other = await createUser(prisma);
    const c2 = new TestClient(app.baseUrl);
    await c2.signIn(other.email, other.password);
    const taken = await c2.post("/me/profile", { realName: "李四", phone: "13912345678", idNumber: "11010519491231002x" });
    // Neutral on purpose (#11): the answer does not say another account holds the number.
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain("无法用这些信息完成实名登记");
  });

  it("refuses cross-site form posts", async () => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    await c.signIn(u.email, u.password);
    const evil = await c.post("/auth/logout", {}, { headers: { Origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(await evil.text()).toContain("跨站提交已被拒绝");
    const fetchSite = await c.post("/me/password", { currentPassword: u.password, newPassword: "x1234567", confirmPassword: "x1234567" }, { headers: { Origin: app.baseUrl, "Sec-Fetch-Site": "cross-site" } });
    expect(fetchSite.status).toBe(403);
    expect(await prisma.session.count({ where: { userId: u.id } })).toBe(1);
  });

  it("only follows local redirect targets after sign-in", async () => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    const res = await c.post("/auth/login", { email: u.email, password: u.password, redirectTo: "//evil.example/x" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
  });
});
