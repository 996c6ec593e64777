import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";

/**
 * Staff never decide on their own organization: a bureau staff member who is a member (any role)
 * of an organization cannot review its registration, its qualification requests, its campaigns or
 * its funds. One rule, called by all four reviews inside their transaction; a colleague reviews
 * instead.
 */
export async function assertNotOwnOrganization(db: Db, staffId: string, orgId: string) {
  const membership = await db.orgMembership.findUnique({ where: { orgId_userId: { orgId, userId: staffId } }, select: { id: true } });
  if (membership) throw new AppError("qualification.errors.ownOrganization", 403);
}
