import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { paginate } from "~/utils/pagination";
import { isSmsKind } from "~/modules/messages/groups";
import { getEnv } from "~/utils/env.server";
import { kickQueue } from "~/modules/jobs/runtime.server";

/**
 * In-app notification; the message is the i18n key `notifications.<kind>` with `params`. Also
 * queues an e-mail in the outbox, and (with an SMS provider configured) a text message for the few
 * urgent kinds when the person has a phone in their real-name profile; app/modules/messages/deliver.server.ts delivers them (rendered
 * in the recipient's language, or skipped if they turned that group off).
 */
export async function notify(db: Db, userId: string, kind: string, params: Record<string, string | number>, link?: string) {
  await db.notification.create({ data: { userId, kind, params: params as Prisma.InputJsonValue, link: link ?? null } });
  await db.messageOutbox.create({ data: { channel: "email", recipient: userId, template: kind, payload: { params, link: link ?? null } as Prisma.InputJsonValue } });
  if (getEnv().SMS_PROVIDER && isSmsKind(kind) && (await db.volunteerProfile.findUnique({ where: { userId }, select: { userId: true } }))) {
    await db.messageOutbox.create({ data: { channel: "sms", recipient: userId, template: kind, payload: { params, link: link ?? null } as Prisma.InputJsonValue } });
  }
  kickQueue("messages-deliver");
}

export const NOTIFICATIONS_PAGE_SIZE = 30;

/** One page of the user's notifications, newest first; the older ones are on the next pages. */
export async function pageNotifications(userId: string, page = 1) {
  const where = { userId };
  const { rows, pagination } = await paginate(
    page,
    NOTIFICATIONS_PAGE_SIZE,
    () => prisma.notification.count({ where }),
    (w) => prisma.notification.findMany({ where, select: { id: true, kind: true, params: true, link: true, readAt: true, createdAt: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...w }),
  );
  return { notifications: rows, pagination };
}

export async function markAllRead(userId: string) {
  await prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
}
