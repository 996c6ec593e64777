import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import type { Prisma } from "~/generated/prisma/client";

export type AuditInput = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  orgId?: string | null;
  reason?: string | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

/** Appends to the audit trail; pass the transaction client so the entry commits with the change. */
export async function recordAudit(input: AuditInput, db: Db = prisma) {
  await db.auditLog.create({
    data: {
      actorId: input.actorId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      orgId: input.orgId ?? null,
      reason: input.reason ?? null,
      before: input.before,
      after: input.after,
    },
  });
}
