/**
 * Sends refunds that were reserved but never reached the payment provider (the process stopped
 * between the two steps of a refund), with the same idempotency key, so none is made twice.
 * Safe to run as often as you like, e.g. every 10 minutes from cron:
 *
 *   npm run jobs:refunds
 */
import { ensurePostgres } from "../lib/postgres";

const pg = await ensurePostgres({ log: () => {} });
process.env.DATABASE_URL ??= pg.url;
const { retryUnsentRefunds } = await import("../../app/modules/donations/refunds.server");
const { prisma } = await import("../../app/utils/db.server");
try {
  const { sent, failed } = await retryUnsentRefunds();
  console.log(`refunds: ${sent} sent, ${failed} refused by the provider`);
} finally {
  await prisma.$disconnect();
  await pg.stop();
}
