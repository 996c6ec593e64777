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
