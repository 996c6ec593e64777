import type { Db } from "~/utils/db.server";
import { notify } from "~/modules/notifications/notifications.server";
import { ORG_PERMISSIONS } from "~/modules/organizations/permissions.server";

const SHOP_ROLES = [...ORG_PERMISSIONS["org:shop"]];

/** Tells the producer side of an order: the producer's own account, or else the supporting organization's shop members. */
export async function notifyProducerSide(tx: Db, producerId: string, kind: string, params: Record<string, string | number>, link: string) {
  const producer = await tx.producer.findUnique({ where: { id: producerId }, select: { accountUserId: true, supportOrgId: true } });
  if (!producer) return;
  const members = await tx.orgMembership.findMany({ where: { orgId: producer.supportOrgId, role: { in: SHOP_ROLES } }, select: { userId: true }, take: 20 });
  const ids = new Set<string>(members.map((m) => m.userId));
  if (producer.accountUserId) ids.add(producer.accountUserId);
  for (const userId of ids) await notify(tx, userId, kind, params, link);
}

/** Tells a signed-in buyer (guests follow their order page by its link). */
export async function notifyBuyer(tx: Db, buyerUserId: string | null, kind: string, params: Record<string, string | number>, orderId: string) {
  if (buyerUserId) await notify(tx, buyerUserId, kind, params, `/me/orders/${orderId}`);
}
