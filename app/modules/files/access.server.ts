import { isStaff, type SessionUser } from "~/modules/accounts/auth.server";
import { getOrgRole, roleHas } from "~/modules/organizations/permissions.server";
import { canReadHelpDocument } from "~/modules/help/triage.server";

/**
 * Who may read a PRIVATE upload (diagnoses, household proof, disbursement evidence, qualification
 * documents): bureau staff, and in the owning organization only the roles holding "org:documents"
 * (owner and finance). A plain member, an admin or a coordinator does not need them. A help
 * request's documents: only the staff whose district scope covers the request.
 */
export async function canReadPrivateFile(user: SessionUser | null, fileOrgId: string | null, helpRequest?: { id: string; districtCode: string } | null, fileId?: string) {
  if (!user) return false;
  // A help request's documents (someone's diagnosis, household proof): only the staff who may open
  // that request — a district's staff only their district's (modules/help/triage.server.ts).
  if (helpRequest) return isStaff(user) && canReadHelpDocument(user.id, helpRequest, fileId ?? "");
  if (isStaff(user)) return true;
  if (!fileOrgId) return false;
  return roleHas(await getOrgRole(user.id, fileOrgId), "org:documents");
}
