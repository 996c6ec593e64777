import { prisma } from "~/utils/db.server";
import type { MemberRole, OrgStatus } from "~/generated/prisma/enums";

export type HeaderOrg = { id: string; name: string; status: OrgStatus; role: MemberRole };

/**
 * What the site header shows a signed-in user on every page: their organizations (oldest
 * membership first, at most 20) and the number of unread notifications. One statement, so the
 * root loader costs one database round trip beyond the session (issue 17.5).
 */
export async function headerData(userId: string): Promise<{ orgs: HeaderOrg[]; unread: number }> {
  const rows = await prisma.$queryRaw<{ orgs: HeaderOrg[] | null; unread: number }[]>`
    SELECT
      (SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'status', m.status, 'role', m.role) ORDER BY m."createdAt", m.mid)
         FROM (SELECT o.id, o.name, o.status::text AS status, om.role::text AS role, om."createdAt", om.id AS mid
                 FROM "OrgMembership" om JOIN "Organization" o ON o.id = om."orgId"
                WHERE om."userId" = ${userId}
                ORDER BY om."createdAt" ASC, om.id ASC
                LIMIT 20) m) AS orgs,
      (SELECT count(*)::int FROM "Notification" n WHERE n."userId" = ${userId} AND n."readAt" IS NULL) AS unread`;
  const row = rows[0];
  return { orgs: row?.orgs ?? [], unread: Number(row?.unread ?? 0) };
}
