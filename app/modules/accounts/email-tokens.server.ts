import { createHash, randomBytes } from "node:crypto";
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { getEnv } from "~/utils/env.server";
import type { Prisma } from "~/generated/prisma/client";
import type { EmailTokenPurpose } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { hashPassword } from "./password.server";
import { clearAccountThrottle } from "./rate-limit.server";
import { revokeUserSessions } from "./session.server";
import { kickQueue } from "~/modules/jobs/runtime.server";

/**
 * Single-use links sent by e-mail: address verification and password reset. Only the SHA-256 of
 * the token is stored; the link itself goes into the message outbox (the mail worker delivers it)
 * and, outside production, to the server console so a developer can follow it.
 */
export const TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = { VERIFY_EMAIL: 24 * 3600_000, RESET_PASSWORD: 3600_000 };
/** Links per account and purpose per hour; more requests are answered the same but send nothing. */
export const MAX_LINKS_PER_HOUR = 3;

const PATHS: Record<EmailTokenPurpose, string> = { VERIFY_EMAIL: "/auth/verify-email", RESET_PASSWORD: "/auth/reset" };
export const EMAIL_TEMPLATES: Record<EmailTokenPurpose, string> = { VERIFY_EMAIL: "security.accounts.mail.verifyEmail", RESET_PASSWORD: "security.accounts.mail.resetPassword" };

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * Where e-mailed links point. APP_URL when configured; otherwise, outside production, the origin of
 * the request. In production the Host header is not trusted (a forged one would send the reset link
 * to someone else's site), so without APP_URL the link is a bare path the mail worker must prefix.
 */
export function linkBase(request: Request) {
  const env = getEnv();
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, "");
  return env.NODE_ENV === "production" ? "" : new URL(request.url).origin;
}

/** Creates a token for the user's current address and queues the e-mail; null when over the hourly cap. */
async function issueEmailToken(db: Db, user: { id: string; email: string }, purpose: EmailTokenPurpose, base: string) {
  const now = new Date();
  const recent = await db.emailToken.count({ where: { userId: user.id, purpose, createdAt: { gt: new Date(now.getTime() - 3600_000) } } });
  if (recent >= MAX_LINKS_PER_HOUR) return null;
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[purpose]);
  await db.emailToken.create({ data: { userId: user.id, purpose, email: user.email, tokenHash: sha256(token), expiresAt, createdAt: now } });
  const link = `${base}${PATHS[purpose]}?token=${token}`;
  const template = EMAIL_TEMPLATES[purpose];
  await db.messageOutbox.create({ data: { channel: "email", recipient: user.email, template, payload: { link, expiresAt: expiresAt.toISOString() } as Prisma.InputJsonValue } });
  kickQueue("messages-deliver");
  // No mail provider yet: outside production the link is printed (the link only, no address).
  if (getEnv().NODE_ENV !== "production") console.info(`[mail] ${template}: ${link}`);
  return link;
}

export async function sendVerificationEmail(userId: string, base: string, db: Db = prisma) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, emailVerifiedAt: true } });
  if (!user || user.emailVerifiedAt) return null;
  return issueEmailToken(db, user, "VERIFY_EMAIL", base);
}

/**
 * Queues a reset link to the account's own address. The answer is the same whether or not the
 * address has an account, so the form reveals nothing.
 */
export async function requestPasswordReset(email: string, base: string) {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, disabledAt: true } });
  if (!user || user.disabledAt) return;
  await issueEmailToken(prisma, user, "RESET_PASSWORD", base);
}

async function findLiveToken(db: Db, token: string, purpose: EmailTokenPurpose) {
  if (!token || token.length > 100) return null;
  const row = await db.emailToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, userId: true, purpose: true, email: true, expiresAt: true, usedAt: true, user: { select: { email: true, emailVerifiedAt: true } } },
  });
  // A link is bound to the address it was sent to: it dies if the account's address changed since.
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= new Date() || row.email.toLowerCase() !== row.user.email.toLowerCase()) return null;
  return row;
}

/** Marks the token used; exactly one of two simultaneous uses wins. */
async function consume(db: Db, id: string, now: Date) {
  const res = await db.emailToken.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (res.count !== 1) throw new AppError("security.accounts.linkInvalid", 400);
}

export async function isResetTokenLive(token: string) {
  return Boolean(await findLiveToken(prisma, token, "RESET_PASSWORD"));
}

/**
 * Sets a new password from a reset link. The link reached the account's own address, so using it
 * also proves the address (verifies it), ends every session and lifts the sign-in lock.
 */
export async function resetPassword(token: string, newPassword: string) {
  if (!(await findLiveToken(prisma, token, "RESET_PASSWORD"))) throw new AppError("security.accounts.linkInvalid", 400);
  const passwordHash = await hashPassword(newPassword);
  return prisma.$transaction(async (tx) => {
    const row = await findLiveToken(tx, token, "RESET_PASSWORD");
    if (!row) throw new AppError("security.accounts.linkInvalid", 400);
    const now = new Date();
    await consume(tx, row.id, now);
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, passwordChangedAt: now, emailVerifiedAt: row.user.emailVerifiedAt ?? now } });
    // Other reset links for the account die with this one.
    await tx.emailToken.updateMany({ where: { userId: row.userId, purpose: "RESET_PASSWORD", usedAt: null }, data: { usedAt: now } });
    await revokeUserSessions(row.userId, tx);
    await clearAccountThrottle(row.user.email, tx);
    await recordAudit({ actorId: row.userId, action: "user.password_reset", entityType: "User", entityId: row.userId }, tx);
    return { userId: row.userId };
  });
}

/** Confirms the address from a verification link; false when the link is unknown, used or expired. */
export async function verifyEmail(token: string) {
  return prisma.$transaction(async (tx) => {
    const row = await findLiveToken(tx, token, "VERIFY_EMAIL");
    if (!row) return false;
    const now = new Date();
    const used = await tx.emailToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (used.count !== 1) return false;
    if (!row.user.emailVerifiedAt) {
      await tx.user.update({ where: { id: row.userId }, data: { emailVerifiedAt: now } });
      await recordAudit({ actorId: row.userId, action: "user.email_verified", entityType: "User", entityId: row.userId }, tx);
    }
    return true;
  });
}
