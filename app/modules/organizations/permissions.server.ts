import { prisma } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";
import { isStaff, requireUser, type SessionUser } from "~/modules/accounts/auth.server";
import type { MemberRole, OrgStatus } from "~/generated/prisma/enums";

/**
 * Named permissions inside an organization. Bureau staff may view every organization's
 * management pages (they supervise), but act inside one only through their own review tools.
 */
export const ORG_PERMISSIONS = {
  "org:view": ["OWNER", "ADMIN", "MEMBER", "FINANCE", "COORDINATOR"],
  "org:edit": ["OWNER", "ADMIN"],
  "org:members": ["OWNER", "ADMIN"],
  "org:projects": ["OWNER", "ADMIN", "MEMBER", "COORDINATOR"],
  "org:rosters": ["OWNER", "ADMIN", "MEMBER", "COORDINATOR"],
  /** Confirm, correct and certify volunteer hours, see volunteers' phones: never a plain member. */
  "org:volunteering": ["OWNER", "ADMIN", "COORDINATOR"],
  "org:needs": ["OWNER", "ADMIN", "MEMBER"],
  "org:finance": ["OWNER", "ADMIN", "FINANCE"],
  /** Private documents (diagnoses, household proof, evidence): finance and the owner only. */
  "org:documents": ["OWNER", "FINANCE"],
  "org:beneficiaries": ["OWNER", "ADMIN", "MEMBER"],
  /** Consumption aid: producers it supports, their products and orders, offline sales, events, buying units. */
  "org:shop": ["OWNER", "ADMIN", "MEMBER"],
} as const satisfies Record<string, readonly MemberRole[]>;

export type OrgPermission = keyof typeof ORG_PERMISSIONS;

const STAFF_VIEWABLE = new Set<OrgPermission>(["org:view", "org:rosters", "org:volunteering", "org:finance", "org:documents", "org:beneficiaries", "org:shop"]);
export const INVITABLE_ROLES = ["ADMIN", "MEMBER", "FINANCE", "COORDINATOR"] as const satisfies readonly MemberRole[];

export type OrgAccess = { user: SessionUser; orgId: string; orgStatus: OrgStatus; role: MemberRole | null; viaStaff: boolean };

export async function getOrgRole(userId: string, orgId: string) {
  const m = await prisma.orgMembership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { role: true } });
  return m?.role ?? null;
}

export function roleHas(role: MemberRole | null, permission: OrgPermission) {
  return role !== null && (ORG_PERMISSIONS[permission] as readonly string[]).includes(role);
}

/**
 * The guard for every loader/action under /org/$orgId. 404 for an unknown organization, 403 when
 * the user lacks the permission. `requireApproved` refuses work (posting projects, campaigns…) for
 * organizations that are not (or no longer) approved.
 */
export async function requireOrgPermission(
  request: Request,
  orgId: string | undefined,
  permission: OrgPermission,
  opts: { requireApproved?: boolean } = {},
): Promise<OrgAccess> {
  const user = await requireUser(request);
  invariantResponse(orgId, 404);
  const org = await prisma.organization.findUnique({ where: { id: orgId }, select: { id: true, status: true } });
  invariantResponse(org, 404);
  const role = await getOrgRole(user.id, orgId);
  const allowed = roleHas(role, permission);
  const viaStaff = !allowed && isStaff(user) && STAFF_VIEWABLE.has(permission) && request.method === "GET";
  invariantResponse(allowed || viaStaff, 403);
  if (opts.requireApproved) invariantResponse(org.status === "APPROVED", 403, "orgs.errors.notApproved");
  return { user, orgId, orgStatus: org.status, role, viaStaff };
}
