import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { MemberRole } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { revokeUserSessions } from "~/modules/accounts/session.server";

export async function listMembers(orgId: string) {
  const [members, invitations] = await Promise.all([
    prisma.orgMembership.findMany({ where: { orgId }, select: { id: true, role: true, createdAt: true, user: { select: { id: true, displayName: true, email: true } } }, orderBy: { createdAt: "asc" } }),
    prisma.orgInvitation.findMany({ where: { orgId, status: "PENDING" }, select: { id: true, email: true, role: true, createdAt: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { members, invitations };
}

export async function inviteMember(orgId: string, actorId: string, email: string, role: MemberRole) {
  const existingMember = await prisma.orgMembership.findFirst({ where: { orgId, user: { email } }, select: { id: true } });
  if (existingMember) throw new AppError("orgs.members.alreadyMember", 409, {}, { email: "orgs.members.alreadyMember" });
  const pending = await prisma.orgInvitation.findFirst({ where: { orgId, email, status: "PENDING" }, select: { id: true } });
  if (pending) throw new AppError("orgs.members.alreadyInvited", 409, {}, { email: "orgs.members.alreadyInvited" });
  return prisma.$transaction(async (tx) => {
    const inv = await tx.orgInvitation.create({ data: { orgId, email, role, invitedById: actorId }, select: { id: true, org: { select: { name: true } } } });
    await recordAudit({ actorId, action: "org.member_invited", entityType: "Organization", entityId: orgId, orgId, after: { invitationId: inv.id, role } }, tx);
    // Only an account that proved it owns the address hears about the invitation.
    const invitee = await tx.user.findFirst({ where: { email, emailVerifiedAt: { not: null } }, select: { id: true } });
    if (invitee) await notify(tx, invitee.id, "orgs.invited", { org: inv.org.name }, "/me");
    return inv;
  });
}

export async function revokeInvitation(orgId: string, actorId: string, invitationId: string) {
  const res = await prisma.orgInvitation.updateMany({ where: { id: invitationId, orgId, status: "PENDING" }, data: { status: "REVOKED", respondedAt: new Date() } });
  if (res.count !== 1) throw new AppError("errors.http.404", 404);
  await recordAudit({ actorId, action: "org.invitation_revoked", entityType: "Organization", entityId: orgId, orgId, after: { invitationId } });
}

export async function pendingInvitationsFor(email: string) {
  return prisma.orgInvitation.findMany({ where: { email, status: "PENDING" }, select: { id: true, role: true, createdAt: true, org: { select: { id: true, name: true } } }, orderBy: { createdAt: "desc" } });
}

/**
 * Only the invited address can answer, only once, and only after the account proved it owns the
 * address: anyone can sign up with someone else's e-mail, but cannot follow the link sent to it.
 */
export async function respondToInvitation(user: { id: string }, invitationId: string, accept: boolean) {
  return prisma.$transaction(async (tx) => {
    const me = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, emailVerifiedAt: true } });
    const inv = await tx.orgInvitation.findUnique({ where: { id: invitationId }, select: { id: true, orgId: true, email: true, role: true, status: true, org: { select: { name: true } } } });
    if (!inv || inv.email.toLowerCase() !== me.email.toLowerCase()) throw new AppError("errors.http.404", 404);
    if (!me.emailVerifiedAt) throw new AppError("security.accounts.verifyToAnswer", 403);
    const res = await tx.orgInvitation.updateMany({ where: { id: inv.id, status: "PENDING" }, data: { status: accept ? "ACCEPTED" : "DECLINED", respondedAt: new Date() } });
    if (res.count !== 1) throw new AppError("errors.http.409", 409);
    if (accept) {
      await tx.orgMembership.upsert({ where: { orgId_userId: { orgId: inv.orgId, userId: user.id } }, create: { orgId: inv.orgId, userId: user.id, role: inv.role }, update: {} });
    }
    await recordAudit({ actorId: user.id, action: accept ? "org.invitation_accepted" : "org.invitation_declined", entityType: "Organization", entityId: inv.orgId, orgId: inv.orgId }, tx);
    return { orgId: inv.orgId, orgName: inv.org.name };
  });
}

export async function changeMemberRole(orgId: string, actor: { id: string; role: MemberRole }, membershipId: string, role: MemberRole) {
  return prisma.$transaction(async (tx) => {
    const m = await tx.orgMembership.findFirst({ where: { id: membershipId, orgId }, select: { id: true, role: true, userId: true } });
    if (!m) throw new AppError("errors.http.404", 404);
    // Only owners make or unmake owners; an organization always keeps at least one owner.
    if ((role === "OWNER" || m.role === "OWNER") && actor.role !== "OWNER") throw new AppError("errors.http.403", 403);
    if (m.role === "OWNER" && role !== "OWNER") {
      const owners = await tx.orgMembership.count({ where: { orgId, role: "OWNER" } });
      if (owners <= 1) throw new AppError("orgs.members.lastOwner", 409);
    }
    if (m.role === role) return;
    await tx.orgMembership.update({ where: { id: m.id }, data: { role } });
    // New rights (or fewer) start with a new sign-in: no session outlives a privilege change.
    await revokeUserSessions(m.userId, tx);
    await recordAudit({ actorId: actor.id, action: "org.member_role_changed", entityType: "Organization", entityId: orgId, orgId, before: { userId: m.userId, role: m.role }, after: { userId: m.userId, role } }, tx);
  });
}

export async function removeMember(orgId: string, actor: { id: string; role: MemberRole }, membershipId: string) {
  return prisma.$transaction(async (tx) => {
    const m = await tx.orgMembership.findFirst({ where: { id: membershipId, orgId }, select: { id: true, role: true, userId: true } });
    if (!m) throw new AppError("errors.http.404", 404);
    if (m.role === "OWNER") {
      if (actor.role !== "OWNER") throw new AppError("errors.http.403", 403);
      const owners = await tx.orgMembership.count({ where: { orgId, role: "OWNER" } });
      if (owners <= 1) throw new AppError("orgs.members.lastOwner", 409);
    }
    await tx.orgMembership.delete({ where: { id: m.id } });
    await recordAudit({ actorId: actor.id, action: "org.member_removed", entityType: "Organization", entityId: orgId, orgId, before: { userId: m.userId, role: m.role } }, tx);
  });
}
