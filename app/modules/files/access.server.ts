import { isStaff, type SessionUser } from "~/modules/accounts/auth.server";
import { getOrgRole, roleHas } from "~/modules/organizations/permissions.server";

/**
 * Who may read a PRIVATE upload (diagnoses, household proof, disbursement evidence, qualification
 * documents): bureau staff, and in the owning organization only the roles holding "org:documents"
 * (owner and finance). A plain member, an admin or a coordinator does not need them.
 */
export async function canReadPrivateFile(user: SessionUser | null, fileOrgId: string | null) {
  if (!user) return false;
  if (isStaff(user)) return true;
  if (!fileOrgId) return false;
  return roleHas(await getOrgRole(user.id, fileOrgId), "org:documents");
}
