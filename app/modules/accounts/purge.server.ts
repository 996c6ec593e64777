import { prisma } from "~/utils/db.server";
import { STAFF_IDLE_MS, USER_IDLE_MS } from "./session.server";
import { THROTTLE_MEMORY_HOURS } from "./rate-limit.server";

/** How long sign-in history is kept (for staff looking into an incident). */
export const LOGIN_ATTEMPT_RETENTION_DAYS = 30;
/** Used or expired e-mail tokens are kept this long after they stop working, then deleted. */
export const EMAIL_TOKEN_GRACE_HOURS = 24;

/**
 * Deletes what no longer serves anyone: old sign-in attempts, dead e-mail tokens, throttle rows
 * that would start over anyway, and sessions that expired or went idle. Safe to run at any time.
 */
export async function purgeLoginData(now = new Date()) {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const [attempts, tokens, throttles, sessions] = await prisma.$transaction([
    prisma.loginAttempt.deleteMany({ where: { createdAt: { lt: ago(LOGIN_ATTEMPT_RETENTION_DAYS * 24 * 3600_000) } } }),
    prisma.emailToken.deleteMany({
      where: { OR: [{ expiresAt: { lt: ago(EMAIL_TOKEN_GRACE_HOURS * 3600_000) } }, { usedAt: { lt: ago(EMAIL_TOKEN_GRACE_HOURS * 3600_000) } }] },
    }),
    // A row untouched for the memory period would be reset on its next use: deleting it changes nothing.
    prisma.loginThrottle.deleteMany({
      where: { updatedAt: { lt: ago(THROTTLE_MEMORY_HOURS * 3600_000) }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    }),
    prisma.session.deleteMany({
      where: {
        OR: [
          { expiresAt: { lt: now } },
          { lastSeenAt: { lt: ago(USER_IDLE_MS) } },
          { lastSeenAt: { lt: ago(STAFF_IDLE_MS) }, user: { globalRole: { not: "USER" } } },
        ],
      },
    }),
  ]);
  return { attempts: attempts.count, tokens: tokens.count, throttles: throttles.count, sessions: sessions.count };
}
