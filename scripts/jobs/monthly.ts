/**
 * Monthly giving (月捐): reminders, platform-scheduled deductions and their retries, paused months
 * skipped, unpaid reminders closed. Safe to run as often as you like (e.g. hourly from cron; twice at
 * once charges nothing twice):
 *
 *   npm run jobs:monthly
 */
import { runJob } from "../lib/job";

runJob("jobs:monthly", async () => {
  const { runMonthlyJob } = await import("../../app/modules/monthly/job.server");
  const r = await runMonthlyJob();
  return `monthly: ${r.reminded} reminded, ${r.charged} charged, ${r.failed} failed, ${r.retried} retried, ${r.skipped} paused months skipped, ${r.resumed} resumed, ${r.expired} unpaid reminders closed, ${r.ended} ended with their campaign`;
});
