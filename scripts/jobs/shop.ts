/**
 * The shop's timed work (app/modules/shop/jobs.server.ts): releases the stock of checkouts not paid
 * within their 15-minute reservation, marks orders received 10 days after shipping and completed 7
 * days after receipt, anonymises delivery details 180 days after an order ended, and settles order
 * refunds still pending at the provider. Idempotent; run it every few minutes from cron:
 *
 *   npm run jobs:shop
 */
import { runJob } from "../lib/job";

runJob("jobs:shop", async () => {
  const { runShopJobs } = await import("../../app/modules/shop/jobs.server");
  const r = await runShopJobs();
  return `shop: ${r.expired} checkout(s) expired, ${r.received} order(s) received automatically, ${r.completed} completed, ${r.anonymised} anonymised; order refunds: ${r.refunds.sent} sent, ${r.refunds.settled} settled, ${r.refunds.failed} refused, ${r.refunds.unknown} still unknown`;
});
