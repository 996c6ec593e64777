import { createHmac, timingSafeEqual } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { Prisma } from "~/generated/prisma/client";
import { CHANNELS, OPTIONAL_GROUPS, isOptionalGroup, parsePreferences, type Channel, type MessagePreferences, type OptionalGroup } from "./groups";

/**
 * Per-person message preferences and the one-click unsubscribe token. The token is
 * `<userId>.<group>.<hmac>`: it needs no sign-in and no expiry (an old e-mail's link must still
 * work), and can only ever turn one group's e-mail off for one person.
 */
const tokenKey = () => createHmac("sha256", getEnv().SESSION_SECRET).update("shanlian:unsubscribe:v1").digest();
const mac = (payload: string) => createHmac("sha256", tokenKey()).update(payload).digest("base64url").slice(0, 32);

export function unsubscribeToken(userId: string, group: OptionalGroup) {
  return `${userId}.${group}.${mac(`${userId}.${group}`)}`;
}

export function readUnsubscribeToken(token: string): { userId: string; group: OptionalGroup } | null {
  if (!token || token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [userId, group, sig] = parts as [string, string, string];
  if (!isOptionalGroup(group) || !/^[a-z0-9]{10,40}$/i.test(userId)) return null;
  const want = Buffer.from(mac(`${userId}.${group}`));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? { userId, group } : null;
}

export async function getPreferences(userId: string): Promise<MessagePreferences> {
  const u = await prisma.user.findUnique({ where: { id: userId }, select: { messagePreferences: true } });
  return parsePreferences(u?.messagePreferences);
}

/** Full replacement from the preferences form: `on[channel][group]`. */
export async function savePreferences(userId: string, on: Record<Channel, Record<OptionalGroup, boolean>>) {
  const prefs: MessagePreferences = {};
  for (const ch of CHANNELS) for (const g of OPTIONAL_GROUPS) if (!on[ch][g]) (prefs[ch] ??= {})[g] = false;
  await prisma.user.update({ where: { id: userId }, data: { messagePreferences: prefs as Prisma.InputJsonValue } });
}

/** Turns one group's e-mail off (the unsubscribe link); false when the account no longer exists. */
export async function unsubscribe(userId: string, group: OptionalGroup) {
  return prisma.$transaction(async (tx) => {
    // The row lock keeps two clicks (or the link and the page) from losing each other's change.
    const rows = await tx.$queryRaw<{ messagePreferences: unknown }[]>`SELECT "messagePreferences" FROM "User" WHERE id = ${userId} AND "deletedAt" IS NULL FOR UPDATE`;
    if (!rows[0]) return false;
    const prefs = parsePreferences(rows[0].messagePreferences);
    (prefs.email ??= {})[group] = false;
    await tx.user.update({ where: { id: userId }, data: { messagePreferences: prefs as Prisma.InputJsonValue } });
    return true;
  });
}
