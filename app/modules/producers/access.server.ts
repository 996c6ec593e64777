/**
 * Who may act for a producer (供应主体). Three doors, checked on the server for every loader and action:
 *  - the producer's own account (optional): its products and orders, never refund decisions or payouts;
 *  - members of the supporting organization: everything for the producer (`org:shop`), and refund
 *    decisions and payouts with `org:finance`;
 *  - bureau staff: read only here (GET); they act through their own review pages.
 * Anyone else gets 404 for an unknown producer and 403 otherwise.
 */
import { prisma } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";
import { isStaff, requireUser, type SessionUser } from "~/modules/accounts/auth.server";
import { getOrgRole, roleHas } from "~/modules/organizations/permissions.server";
import type { MemberRole, ProducerStatus } from "~/generated/prisma/enums";

export type ProducerCapability = "view" | "manage" | "finance";

export type ProducerAccess = {
  user: SessionUser;
  producer: { id: string; name: string; status: ProducerStatus; supportOrgId: string; accountUserId: string | null; districtCode: string };
  via: "account" | "org" | "staff";
  orgRole: MemberRole | null;
};

const producerSelect = { id: true, name: true, status: true, supportOrgId: true, accountUserId: true, districtCode: true } as const;

export async function requireProducerAccess(request: Request, producerId: string | undefined, capability: ProducerCapability = "manage"): Promise<ProducerAccess> {
  const user = await requireUser(request);
  invariantResponse(producerId, 404);
  const producer = await prisma.producer.findUnique({ where: { id: producerId }, select: producerSelect });
  invariantResponse(producer, 404);
  const orgRole = await getOrgRole(user.id, producer.supportOrgId);
  // Reading the workspace is open to the organization's finance too (payouts, refunds); they see
  // delivery details masked (only `org:shop` members handle orders).
  const orgAllowed = roleHas(orgRole, capability === "finance" ? "org:finance" : "org:shop") || (capability === "view" && roleHas(orgRole, "org:finance"));
  if (orgAllowed) return { user, producer, via: "org", orgRole };
  if (capability !== "finance" && producer.accountUserId === user.id) return { user, producer, via: "account", orgRole };
  invariantResponse(isStaff(user) && request.method === "GET", 403);
  return { user, producer, via: "staff", orgRole };
}

/** Producers a user acts for: through their own account or through an organization's `org:shop` role. */
export async function producerIdsForUser(userId: string): Promise<string[]> {
  const memberships = await prisma.orgMembership.findMany({ where: { userId }, select: { orgId: true, role: true } });
  const orgIds = memberships.filter((m) => roleHas(m.role, "org:shop")).map((m) => m.orgId);
  const rows = await prisma.producer.findMany({
    where: { OR: [{ accountUserId: userId }, ...(orgIds.length ? [{ supportOrgId: { in: orgIds } }] : [])] },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
