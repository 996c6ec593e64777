/**
 * #11.5 Accounts — sign-in throttling is atomic and locks by account and by address, with a lock
 * that ends and doubles instead of lasting forever.
 *
 * The server runs behind a trusted proxy here (TRUST_PROXY=1, as in production behind nginx), so
 * each request can come from its own client address through X-Forwarded-For, like a botnet would.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let ipSeq = 0;
const nextIp = () => `10.${(++ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;

beforeAll(async () => {
  process.env.TRUST_PROXY = "1";
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => {
  delete process.env.TRUST_PROXY;
  await app?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

function attempt(email: string, password: string, ip = nextIp()) {
  return new TestClient(app.baseUrl).post("/auth/login", { email, password }, { headers: { "X-Forwarded-For": ip } });
}

describe("sign-in throttle", () => {
  it("counts 30 simultaneous wrong passwords from 30 addresses: only 5 are checked, and the lock holds", async () => {
    const u = await createUser(prisma);
    const results = await Promise.all(Array.from({ length: 30 }, () => attempt(u.email, "wrong-password1")));
    const statuses = results.map((r) => r.status);
    // Today's check-then-record races: every guess is checked against the password.
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `account:${u.email}` } });
    expect(row.failures).toBe(30);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    // The right password from yet another address is refused while the lock lasts.
    const right = await attempt(u.email, u.password);
    expect(right.status).toBe(429);
    expect(await right.text()).toContain("登录尝试过于频繁，请 1 分钟后再试");
  });

  it("locks an address after 20 failures across accounts, without locking those accounts elsewhere", async () => {
    const ip = nextIp();
    const victims = await Promise.all(Array.from({ length: 20 }, () => createUser(prisma)));
    for (const v of victims) expect((await attempt(v.email, "wrong-password1", ip)).status).toBe(400);
    const other = await createUser(prisma);
    expect((await attempt(other.email, other.password, ip)).status).toBe(429);
    expect((await attempt(other.email, other.password)).status).toBe(302);
    expect((await attempt(victims[0]!.email, victims[0]!.password)).status).toBe(302);
  });

  it("ends a lock after its time and doubles the next one, up to an hour", async () => {
    const u = await createUser(prisma);
    let now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now });
    const locks: number[] = [];
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 5; i++) expect((await attempt(u.email, "wrong-password1")).status).toBe(400);
      expect((await attempt(u.email, u.password)).status).toBe(429);
      const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `account:${u.email}` } });
      const seconds = Math.round((row.lockedUntil!.getTime() - now) / 1000);
      locks.push(seconds);
      // One second before the end it still holds; at the end the next attempt is checked again.
      now += (seconds - 1) * 1000;
      vi.setSystemTime(now);
      expect((await attempt(u.email, u.password)).status).toBe(429);
      now += 1000;
      vi.setSystemTime(now);
    }
    expect(locks).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
    // The owner gets in once the lock ends, and a success forgets the streak.
    expect((await attempt(u.email, u.password)).status).toBe(302);
    expect(await prisma.loginThrottle.count({ where: { key: `account:${u.email}` } })).toBe(0);
  });

  it("forgets the back-off after a quiet day", async () => {
    const u = await createUser(prisma);
    let now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5; i++) await attempt(u.email, "wrong-password1");
      const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `account:${u.email}` } });
      now = row.lockedUntil!.getTime();
      vi.setSystemTime(now);
    }
    now += 25 * 3600_000;
    vi.setSystemTime(now);
    for (let i = 0; i < 5; i++) await attempt(u.email, "wrong-password1");
    const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key: `account:${u.email}` } });
    expect(Math.round((row.lockedUntil!.getTime() - now) / 1000)).toBe(60);
  });
});

describe("purge job", () => {
  it("deletes old attempts, dead tokens, forgotten throttles and dead sessions, and keeps the live ones", async () => {
    const { purgeLoginData } = await import("~/modules/accounts/purge.server");
    const u = await createUser(prisma);
    const staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
    const now = new Date();
    const ago = (h: number) => new Date(now.getTime() - h * 3600_000);
    await prisma.loginAttempt.createMany({ data: [{ email: u.email, ip: "10.9.9.9", success: false, createdAt: ago(31 * 24) }, { email: u.email, ip: "10.9.9.9", success: false, createdAt: ago(1) }] });
    await prisma.emailToken.createMany({
      data: [
        { userId: u.id, purpose: "RESET_PASSWORD", email: u.email, tokenHash: "expired", expiresAt: ago(25), createdAt: ago(26) },
        { userId: u.id, purpose: "RESET_PASSWORD", email: u.email, tokenHash: "used", expiresAt: ago(-10), usedAt: ago(25), createdAt: ago(26) },
        { userId: u.id, purpose: "VERIFY_EMAIL", email: u.email, tokenHash: "live", expiresAt: ago(-10), createdAt: ago(1) },
      ],
    });
    await prisma.loginThrottle.createMany({
      data: [
        { key: "ip:10.9.9.1", failures: 3, windowStart: ago(30), updatedAt: ago(30) },
        { key: "ip:10.9.9.2", failures: 20, windowStart: ago(0.1), lockedUntil: ago(-0.5), lockCount: 1, updatedAt: ago(0.1) },
      ],
    });
    await prisma.session.createMany({
      data: [
        { userId: u.id, tokenHash: "user-idle-6d", lastSeenAt: ago(6 * 24), expiresAt: ago(-24) },
        { userId: u.id, tokenHash: "user-idle-8d", lastSeenAt: ago(8 * 24), expiresAt: ago(-24) },
        { userId: u.id, tokenHash: "user-expired", lastSeenAt: ago(1), expiresAt: ago(0.5) },
        { userId: staff.id, tokenHash: "staff-idle-9h", lastSeenAt: ago(9), expiresAt: ago(-24) },
        { userId: staff.id, tokenHash: "staff-idle-1h", lastSeenAt: ago(1), expiresAt: ago(-24) },
      ],
    });
    await purgeLoginData(now);
    expect(await prisma.loginAttempt.count({ where: { ip: "10.9.9.9" } })).toBe(1);
    expect((await prisma.emailToken.findMany({ where: { userId: u.id }, select: { tokenHash: true } })).map((t) => t.tokenHash)).toEqual(["live"]);
    expect((await prisma.loginThrottle.findMany({ where: { key: { startsWith: "ip:10.9.9." } }, select: { key: true } })).map((t) => t.key)).toEqual(["ip:10.9.9.2"]);
    const left = await prisma.session.findMany({ where: { userId: { in: [u.id, staff.id] } }, select: { tokenHash: true }, orderBy: { tokenHash: "asc" } });
    expect(left.map((s) => s.tokenHash)).toEqual(["staff-idle-1h", "user-idle-6d"]);
  });
});
