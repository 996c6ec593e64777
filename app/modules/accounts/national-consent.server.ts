/**
 * The volunteer's consent to the national volunteer-system export (issue 15.2). Giving it needs
 * the ID number typed again, checked against the keyed hash kept since sign-up; only then is the
 * number stored, encrypted (id-cipher.server.ts). Withdrawing erases the ciphertext and the date.
 * Both are audited without the number.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { hashIdNumber } from "./accounts.server";
import { encryptIdNumber, idKeyring } from "./id-cipher.server";
import { normalizeIdNumber } from "./id-number";

/** Wrong ID numbers an account may type per day before consent is refused until tomorrow. */
export const MAX_CONSENT_MISMATCHES_PER_DAY = 5;

const mismatch = () => new AppError("national.consent.mismatch", 400, {}, { idNumber: "national.consent.mismatch" });

export async function giveNationalConsent(userId: string, idNumber: string) {
  const key = idKeyring();
  const profile = await prisma.volunteerProfile.findUnique({ where: { userId }, select: { idNumberHash: true } });
  if (!profile) throw new AppError("national.consent.profileRequired", 409);
  // Someone at an unattended session cannot try numbers without end.
  const misses = await prisma.auditLog.count({ where: { actorId: userId, action: "national.consent_mismatch", createdAt: { gt: new Date(Date.now() - 24 * 3600_000) } } });
  if (misses >= MAX_CONSENT_MISMATCHES_PER_DAY) throw new AppError("national.consent.tooManyMismatches", 429);
  const id = normalizeIdNumber(idNumber);
  if (hashIdNumber(id) !== profile.idNumberHash) {
    await recordAudit({ actorId: userId, action: "national.consent_mismatch", entityType: "VolunteerProfile", entityId: userId });
    throw mismatch();
  }
  await prisma.$transaction(async (tx) => {
    await tx.volunteerProfile.update({ where: { userId }, data: { idNumberCiphertext: encryptIdNumber(id, userId, key), nationalExportConsentAt: new Date() } });
    await recordAudit({ actorId: userId, action: "national.consent_given", entityType: "VolunteerProfile", entityId: userId }, tx);
  });
}

export async function withdrawNationalConsent(userId: string) {
  await prisma.$transaction(async (tx) => {
    const res = await tx.volunteerProfile.updateMany({ where: { userId, OR: [{ idNumberCiphertext: { not: null } }, { nationalExportConsentAt: { not: null } }] }, data: { idNumberCiphertext: null, nationalExportConsentAt: null } });
    if (res.count) await recordAudit({ actorId: userId, action: "national.consent_withdrawn", entityType: "VolunteerProfile", entityId: userId }, tx);
  });
}
