import { createHmac } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { getEnv } from "~/utils/env.server";
import { Prisma } from "~/generated/prisma/client";
import { getDummyHash, hashPassword, verifyPassword } from "./password.server";
import { isLoginThrottled, LOGIN_WINDOW_MINUTES, recordLoginAttempt } from "./rate-limit.server";
import { idBirthDate, idSex, maskIdNumber, normalizeIdNumber } from "./id-number";
import { recordAudit } from "~/modules/audit/audit.server";

/** Keyed hash of a resident ID number: the same person always hashes the same, nobody can reverse it. */
export function hashIdNumber(idNumber: string) {
  return createHmac("sha256", getEnv().ID_HASH_KEY).update(normalizeIdNumber(idNumber)).digest("hex");
}

export async function signUp(input: { email: string; displayName: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.user.create({
      data: { email: input.email, displayName: input.displayName, passwordHash },
      select: { id: true, displayName: true },
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("accounts.signUp.emailTaken", 409, {}, { email: "accounts.signUp.emailTaken" });
    }
    throw e;
  }
}

export async function signIn(input: { email: string; password: string }, ip: string) {
  if (await isLoginThrottled(input.email, ip)) {
    throw new AppError("accounts.signIn.rateLimited", 429, { minutes: LOGIN_WINDOW_MINUTES });
  }
  const user = await prisma.user.findUnique({
    where: { email: input.email },
    select: { id: true, displayName: true, passwordHash: true, disabledAt: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  await recordLoginAttempt(input.email, ip, Boolean(user && ok));
  if (!user || !ok) throw new AppError("accounts.signIn.failed", 400);
  if (user.disabledAt) throw new AppError("accounts.signIn.disabled", 403);
  return { id: user.id, displayName: user.displayName };
}

/** Changes the password and signs out every other device. */
export async function changePassword(userId: string, currentSessionId: string, current: string, next: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw new AppError("accounts.password_.wrong", 400, {}, { currentPassword: "accounts.password_.wrong" });
  }
  const passwordHash = await hashPassword(next);
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash } }),
    prisma.session.deleteMany({ where: { userId, id: { not: currentSessionId } } }),
  ]);
  await recordAudit({ actorId: userId, action: "user.password_changed", entityType: "User", entityId: userId });
}

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
      throw new AppError("accounts.profile.idTaken", 409, {}, { idNumber: "accounts.profile.idTaken" });
    }
    throw e;
  }
  await recordAudit({ actorId: userId, action: "profile.created", entityType: "VolunteerProfile", entityId: userId });
}
