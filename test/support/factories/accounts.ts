/** Valid defaults with overrides; used by tests and by the demo seed. */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import type { GlobalRole } from "~/generated/prisma/enums";
import { hashPassword } from "~/modules/accounts/password.server";
import { hashIdNumber } from "~/modules/accounts/accounts.server";
import { idBirthDate, idSex, makeIdNumber, maskIdNumber } from "~/modules/accounts/id-number";

export const TEST_PASSWORD = "Shanlian2020";
let cachedHash: string | undefined;
let seq = 0;

export type UserOverrides = {
  email?: string;
  displayName?: string;
  password?: string;
  globalRole?: GlobalRole;
  /** Factory users have proved their address unless told otherwise (`emailVerified: false`). */
  emailVerified?: boolean;
  profile?: boolean | { realName?: string; phone?: string; idNumber?: string; districtCode?: string };
};

export async function createUser(prisma: PrismaClient, o: UserOverrides = {}) {
  seq++;
  const passwordHash = o.password ? await hashPassword(o.password) : (cachedHash ??= await hashPassword(TEST_PASSWORD));
  const email = o.email ?? `user${seq}-${randomUUID().slice(0, 8)}@example.cn`;
  const user = await prisma.user.create({
    data: { email, displayName: o.displayName ?? `用户${seq}`, passwordHash, globalRole: o.globalRole ?? "USER", emailVerifiedAt: o.emailVerified === false ? null : new Date() },
    select: { id: true, email: true, displayName: true, globalRole: true },
  });
  if (o.profile) {
    const p = typeof o.profile === "object" ? o.profile : {};
    const idNumber = p.idNumber ?? makeIdNumber("500114", `19${String(70 + (seq % 30)).padStart(2, "0")}0${1 + (seq % 9)}1${seq % 10}`, String(100 + (seq % 900)).padStart(3, "0"));
    await prisma.volunteerProfile.create({
      data: {
        userId: user.id,
        realName: p.realName ?? `志愿者${seq}`,
        phone: p.phone ?? `139${String(10000000 + seq).slice(-8)}`,
        idNumberHash: hashIdNumber(idNumber),
        idNumberMasked: maskIdNumber(idNumber),
        birthDate: idBirthDate(idNumber)!,
        sex: idSex(idNumber),
        districtCode: p.districtCode ?? "500114",
      },
    });
  }
  return { ...user, password: o.password ?? TEST_PASSWORD };
}
