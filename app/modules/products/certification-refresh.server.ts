/**
 * The daily re-index that takes the certified badge off search documents whose certificate has
 * expired (see the choice explained in search-adapter.server.ts). Idempotent: enqueueing a product
 * twice only re-reads it twice.
 */
import { prisma, type Db } from "~/utils/db.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { shanghaiDay } from "./rules";

/** How far back a refresh looks: covers days on which no catalogue search ran (and restarts). */
export const REFRESH_LOOKBACK_DAYS = 7;

/**
 * Enqueues the listed, verified products whose certificate expired within the look-back window
 * before `now`'s Shanghai day; returns how many.
 */
export async function enqueueExpiredCertifications(db: Db = prisma, now: Date = new Date()): Promise<number> {
  const today = new Date(`${shanghaiDay(now)}T00:00:00.000Z`);
  const since = new Date(today.getTime() - REFRESH_LOOKBACK_DAYS * 86_400_000);
  const rows = await db.product.findMany({
    where: { status: "LISTED", certVerifiedAt: { not: null }, certExpiresOn: { gte: since, lt: today } },
    select: { id: true },
    take: 10_000,
  });
  for (const r of rows) await enqueueSearch(db, "product", r.id);
  return rows.length;
}

let lastRefreshDay: string | null = null;

/** Once per process and Shanghai day, before the first product search of the day. */
export async function refreshCertificationsDaily(now: Date = new Date()) {
  const day = shanghaiDay(now);
  if (lastRefreshDay === day) return;
  lastRefreshDay = day;
  try {
    await enqueueExpiredCertifications(prisma, now);
  } catch (e) {
    lastRefreshDay = null;
    throw e;
  }
}
