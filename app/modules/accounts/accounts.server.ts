import { createHmac } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { getEnv } from "~/utils/env.server";
import { Prisma } from "~/generated/prisma/client";
import { getDummyHash, hashPassword, verifyPassword } from "./password.server";
import { checkLoginAttempt, loginSucceeded, recordLoginAttempt } from "./rate-limit.server";
import { idBirthDate, idSex, maskIdNumber, normalizeIdNumber } from "./id-number";
import { recordAudit } from "~/modules/audit/audit.server";
import type { GlobalRole } from "~/generated/prisma/enums";
import { sendVerificationEmail } from "./email-tokens.server";
import { revokeUserSessions } from "./session.server";

/** Keyed hash of a resident ID number: the same person always hashes the same, nobody can reverse it. */
export function hashIdNumber(idNumber: string) {
  return createHmac("sha256", getEnv().ID_HASH_KEY).update(normalizeIdNumber(idNumber)).digest("hex");
}

/** Creates the account and e-mails a link that verifies its address (`linkBase`: see email-tokens). */
export async function signUp(input: { email: string; displayName: string; password: string }, linkBase: string) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, displayName: input.displayName, passwordHash }, select: { id: true, displayName: true } });
      await sendVerificationEmail(user.id, linkBase, tx);
      return user;
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("accounts.signUp.emailTaken", 409, {}, { email: "accounts.signUp.emailTaken" });
    }
    throw e;
  }
}

export async function signIn(input: { email: string; password: string }, ip: string) {
  // Counted before the password is checked, so parallel guesses cannot slip past the limit.
  const verdict = await checkLoginAttempt(input.email, ip);
  if (!verdict.allowed) {
    throw new AppError("accounts.signIn.rateLimited", 429, { minutes: Math.ceil(verdict.retryAfterSeconds / 60) });
  }
  const user = await prisma.user.findUnique({
    where: { email: input.email },
    select: { id: true, displayName: true, passwordHash: true, disabledAt: true, deletedAt: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  await recordLoginAttempt(input.email, ip, Boolean(user && ok));
  // A deleted account (an anonymous tombstone) answers exactly like a wrong password.
  if (!user || !ok || user.deletedAt) throw new AppError("accounts.signIn.failed", 400);
  await loginSucceeded(input.email, ip);
  if (user.disabledAt) throw new AppError("accounts.signIn.disabled", 403);
  return { id: user.id, displayName: user.displayName };
}

/**
 * Changes the password and ends every session, this one included (sessions older than
 * passwordChangedAt are void); the route opens a fresh session for the device that made the change.
 */
export async function changePassword(userId: string, current: string, next: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw new AppError("accounts.password_.wrong", 400, {}, { currentPassword: "accounts.password_.wrong" });
  }
  const passwordHash = await hashPassword(next);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } });
    await revokeUserSessions(userId, tx);
    await recordAudit({ actorId: userId, action: "user.password_changed", entityType: "User", entityId: userId }, tx);
  });
}

/** A bureau admin sets someone's global role; their sessions end so the new rights start with a new sign-in. */
export async function setGlobalRole(adminId: string, userId: string, role: GlobalRole) {
  if (userId === adminId) throw new AppError("accounts.admin.cannotDemoteSelf", 400);
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { globalRole: true, displayName: true } });
    if (!before) throw new AppError("errors.http.404", 404);
    if (before.globalRole === role) return before.displayName;
    await tx.user.update({ where: { id: userId }, data: { globalRole: role } });
    await revokeUserSessions(userId, tx);
    await recordAudit({ actorId: adminId, action: "user.role_changed", entityType: "User", entityId: userId, before: { role: before.globalRole }, after: { role } }, tx);
    return before.displayName;
  });
}

/** Conflicting ID numbers an account may submit per day before every new one is refused too. */
export const MAX_ID_CONFLICTS_PER_DAY = 3;
const idNotAccepted = () => new AppError("security.accounts.idNotAccepted", 400, {}, { idNumber: "security.accounts.idNotAccepted" });

export async function saveProfile(
  userId: string,
  input: { realName: string; phone: string; idNumber?: string; districtCode?: string; skills?: string },
) {
  const existing = await prisma.volunteerProfile.findUnique({ where: { userId }, select: { userId: true } });
  const skills = (input.skills ?? "").split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean).slice(0, 20);
  if (existing) {
    // The ID number is fixed once registered (it is the real-name anchor of the service record).
    await prisma.volunteerProfile.update({ where: { userId }, data: { realName: input.realName, phone: input.phone, districtCode: input.districtCode ?? null, skills } });
    await recordAudit({ actorId: userId, action: "profile.updated", entityType: "VolunteerProfile", entityId: userId });
    return;
  }
  if (!input.idNumber) throw new AppError("validation.required", 400, {}, { idNumber: "validation.required" });
  const id = normalizeIdNumber(input.idNumber);
  // Someone probing which ID numbers are registered gets the same answer for every number once
  // over the daily cap, so the answer stops being a test.
  const conflicts = await prisma.auditLog.count({ where: { actorId: userId, action: "profile.id_conflict", createdAt: { gt: new Date(Date.now() - 24 * 3600_000) } } });
  if (conflicts >= MAX_ID_CONFLICTS_PER_DAY) throw idNotAccepted();
  try {
    await prisma.volunteerProfile.create({
      data: {
        userId,
        realName: input.realName,
        phone: input.phone,
        idNumberHash: hashIdNumber(id),
        idNumberMasked: maskIdNumber(id),
        birthDate: idBirthDate(id)!,
        sex: idSex(id),
        districtCode: input.districtCode ?? null,
        skills,
      },
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      // A neutral answer: it does not say the number belongs to another account. Staff see the
      // conflict in the audit log (who holds it, never the number).
      const holder = await prisma.volunteerProfile.findUnique({ where: { idNumberHash: hashIdNumber(id) }, select: { userId: true } });
      if (holder?.userId === userId) return; // the same form sent twice
      await recordAudit({ actorId: userId, action: "profile.id_conflict", entityType: "VolunteerProfile", entityId: userId, after: { heldBy: holder?.userId ?? null } });
      throw idNotAccepted();
    }
    throw e;
  }
  await recordAudit({ actorId: userId, action: "profile.created", entityType: "VolunteerProfile", entityId: userId });
}
