/**
 * Sends refunds that were reserved but never reached the payment provider (the process stopped
 * between the two steps of a refund), with the same idempotency key, so none is made twice.
 * Safe to run as often as you like, e.g. every 10 minutes from cron:
 *
 *   npm run jobs:refunds
 */
import { runJob } from "../lib/job";

runJob("jobs:refunds", async () => {
  const { retryUnsentRefunds } = await import("../../app/modules/donations/refunds.server");
  const { sent, failed, settled, unknown } = await retryUnsentRefunds();
  return `refunds: ${sent} sent, ${failed} refused by the provider, ${settled} settled from the provider's answer, ${unknown} still unknown (retried next run)`;
});
