import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";

/**
 * A bureau admin makes a staff member district staff (区县民政局) of one district, or city staff
 * again (null). District staff recommend their district's producers; the review reads the column
 * fresh on each decision, so no new sign-in is needed.
 */
export async function setStaffDistrict(adminId: string, userId: string, districtCode: string | null) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({
      where: { id: userId },
      select: { globalRole: true, districtCode: true, displayName: true },
    });
    if (!before) throw new AppError("errors.http.404", 404);
    if (districtCode && before.globalRole === "USER") throw new AppError("producers.staffDistrict.notStaff", 400);
    if (before.districtCode === districtCode) return before.displayName;
    await tx.user.update({ where: { id: userId }, data: { districtCode } });
    await recordAudit(
      {
        actorId: adminId,
        action: "user.district_changed",
        entityType: "User",
        entityId: userId,
        before: { districtCode: before.districtCode },
        after: { districtCode },
      },
      tx
    );
    return before.displayName;
  });
}
