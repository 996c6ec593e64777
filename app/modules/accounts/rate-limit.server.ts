import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";

/**
 * Sign-in throttling, per account (`account:<email>`) and per client address (`ip:<address>`).
 *
 * Every attempt is counted *before* its password is checked, with one atomic
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING` per key, so parallel attempts queue on the row lock
 * and each sees the count the previous one left: the sixth of thirty simultaneous guesses is refused
 * without its password ever being verified. Reaching the limit locks the key for 1 minute, doubling
 * with every further lock up to 1 hour; when a lock ends the key gets a fresh window. A successful
 * sign-in (or password reset) clears the account's key, and the back-off is forgotten after a day
 * without attempts.
 */
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;
export const FIRST_LOCK_SECONDS = 60;
export const MAX_LOCK_SECONDS = 3600;
/** After this long without attempts a key starts over (no back-off remembered). */
export const THROTTLE_MEMORY_HOURS = 24;

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** A UTC `timestamp` literal (Prisma stores DateTime as timestamp without time zone, in UTC). */
const ts = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

type Counted = { failures: number; lockedUntil: Date | null; refused: boolean };

/**
 * Counts one attempt for `key` and tells whether it may go ahead: the attempt that reaches `max`
 * sets the lock but is still checked; every later one until the lock ends is refused (and counted).
 */
export async function countAttempt(key: string, max: number, now = new Date(), db: Db = prisma): Promise<Counted> {
  const NOW = ts(now);
  const windowSince = ts(new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000));
  const memorySince = ts(new Date(now.getTime() - THROTTLE_MEMORY_HOURS * 3600_000));
  const rows = await db.$queryRaw<{ failures: number; lockedUntilMs: number | null }[]>`
    INSERT INTO "LoginThrottle" AS t ("key", "failures", "windowStart", "lockCount", "lockedUntil", "updatedAt")
    VALUES (${key}, 1, ${NOW}, 0, NULL, ${NOW})
    ON CONFLICT ("key") DO UPDATE SET ("failures", "windowStart", "lockCount", "lockedUntil", "updatedAt") = (
      SELECT
        s.base + 1,
        CASE WHEN s.locked OR NOT s.reset THEN t."windowStart" ELSE ${NOW} END,
        CASE WHEN s.locked THEN t."lockCount" WHEN s.base + 1 >= ${max} THEN s.lc + 1 ELSE s.lc END,
        CASE
          WHEN s.locked THEN t."lockedUntil"
          WHEN s.base + 1 >= ${max} THEN ${NOW} + make_interval(secs => LEAST(${FIRST_LOCK_SECONDS}::float8 * power(2, s.lc), ${MAX_LOCK_SECONDS}::float8))
          ELSE NULL
        END,
        ${NOW}
      FROM (
        SELECT
          r.locked,
          r.reset,
          CASE WHEN r.reset AND NOT r.locked THEN 0 ELSE t."failures" END AS base,
          CASE WHEN t."updatedAt" < ${memorySince} THEN 0 ELSE t."lockCount" END AS lc
        FROM (
          SELECT
            (t."lockedUntil" IS NOT NULL AND t."lockedUntil" > ${NOW}) AS locked,
            (t."updatedAt" < ${memorySince} OR t."windowStart" < ${windowSince} OR (t."lockedUntil" IS NOT NULL AND t."lockedUntil" <= ${NOW})) AS reset
        ) r
      ) s
    )
    RETURNING t."failures", (EXTRACT(EPOCH FROM t."lockedUntil") * 1000)::float8 AS "lockedUntilMs"
  `;
  const row = rows[0]!;
  // Attempts during a lock are still counted, so only the attempts up to the limit are let through.
  return { failures: row.failures, lockedUntil: row.lockedUntilMs === null ? null : new Date(row.lockedUntilMs), refused: row.failures > max };
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts a sign-in attempt against the account and the address; refuses while either is locked. */
export async function checkLoginAttempt(email: string, ip: string, now = new Date()): Promise<ThrottleVerdict> {
  const [acc, addr] = await Promise.all([countAttempt(accountKey(email), MAX_FAILURES_PER_ACCOUNT, now), countAttempt(ipKey(ip), MAX_FAILURES_PER_IP, now)]);
  const blocked = [acc, addr].filter((c) => c.refused);
  if (!blocked.length) return { allowed: true };
  const until = Math.max(...blocked.map((c) => c.lockedUntil?.getTime() ?? now.getTime()));
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/** The attempt succeeded: the account starts over, and the address gets its counted attempt back. */
export async function loginSucceeded(email: string, ip: string, now = new Date()) {
  await prisma.$transaction([
    prisma.loginThrottle.deleteMany({ where: { key: accountKey(email) } }),
    prisma.$executeRaw`UPDATE "LoginThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${ipKey(ip)} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${ts(now)})`,
  ]);
}

/** The real owner proved control of the address (password reset): the account lock goes. */
export async function clearAccountThrottle(email: string, db: Db = prisma) {
  await db.loginThrottle.deleteMany({ where: { key: accountKey(email) } });
}

/** History of attempts (for staff and for the purge job); counting uses LoginThrottle. */
export async function recordLoginAttempt(email: string, ip: string, success: boolean) {
  await prisma.loginAttempt.create({ data: { email, ip, success } });
}

/** The client address as seen by our own HTTP server (it sets X-Shanlian-Client-Ip; see server). */
export function clientIp(request: Request) {
  return request.headers.get("X-Shanlian-Client-Ip") ?? "unknown";
}
