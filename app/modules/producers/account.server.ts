/**
 * A producer's own account (optional): the supporting organization links an existing user, found
 * by e-mail, who then manages the producer's products and orders (access.server.ts), or unlinks it.
 * Both people concerned are told in-app.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";

const noUser = () => new AppError("producers.account.noUser", 400, {}, { email: "producers.account.noUser" });

export async function linkProducerAccount(producerId: string, actorId: string, email: string) {
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, displayName: true, disabledAt: true },
  });
  if (!user || user.disabledAt) throw noUser();
  return prisma.$transaction(async (tx) => {
    const p = await tx.producer.findUnique({
      where: { id: producerId },
      select: {
        id: true,
        name: true,
        status: true,
        supportOrgId: true,
        accountUserId: true,
      },
    });
    if (!p) throw new AppError("errors.http.404", 404);
    if (p.status === "REJECTED") throw new AppError("producers.errors.closed", 409);
    if (p.accountUserId === user.id) return { name: user.displayName };
    const res = await tx.producer.updateMany({
      where: { id: producerId, accountUserId: p.accountUserId },
      data: { accountUserId: user.id },
    });
    if (res.count !== 1) throw new AppError("producers.errors.changedMeanwhile", 409);
    await recordAudit(
      {
        actorId,
        action: "producer.account_linked",
        entityType: "Producer",
        entityId: producerId,
        orgId: p.supportOrgId,
        before: { accountUserId: p.accountUserId },
        after: { accountUserId: user.id },
      },
      tx
    );
    await notify(tx, user.id, "producers.accountLinked", { producer: p.name }, `/producer/${producerId}`);
    if (p.accountUserId)
      await notify(tx, p.accountUserId, "producers.accountUnlinked", {
        producer: p.name,
      });
    return { name: user.displayName };
  });
}

export async function unlinkProducerAccount(producerId: string, actorId: string) {
  return prisma.$transaction(async (tx) => {
    const p = await tx.producer.findUnique({
      where: { id: producerId },
      select: { id: true, name: true, supportOrgId: true, accountUserId: true },
    });
    if (!p) throw new AppError("errors.http.404", 404);
    if (!p.accountUserId) return;
    const res = await tx.producer.updateMany({
      where: { id: producerId, accountUserId: p.accountUserId },
      data: { accountUserId: null },
    });
    if (res.count !== 1) throw new AppError("producers.errors.changedMeanwhile", 409);
    await recordAudit(
      {
        actorId,
        action: "producer.account_unlinked",
        entityType: "Producer",
        entityId: producerId,
        orgId: p.supportOrgId,
        before: { accountUserId: p.accountUserId },
        after: { accountUserId: null },
      },
      tx
    );
    await notify(tx, p.accountUserId, "producers.accountUnlinked", {
      producer: p.name,
    });
  });
}
