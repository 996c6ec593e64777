/**
 * Queues the day-before reminders for volunteer shifts (in-app notification + outbox row each).
 * Safe to run as often as you like (e.g. hourly from cron): a sign-up is reminded once.
 *
 *   npm run jobs:reminders                 # shifts starting in the next 24 hours
 *   npm run jobs:reminders -- --hours 36   # a wider horizon
 */
import { runJob } from "../lib/job";

const hoursArg = process.argv.indexOf("--hours");
const horizonHours = hoursArg > 0 ? Number(process.argv[hoursArg + 1]) : 24;
if (!Number.isFinite(horizonHours) || horizonHours <= 0 || horizonHours > 24 * 7) {
  console.error("--hours must be a number of hours between 0 and 168");
  process.exit(2);
}

runJob("jobs:reminders", async () => {
  const { enqueueDueReminders } = await import("../../app/modules/volunteering/reminders.server");
  const { due, sent } = await enqueueDueReminders({ horizonHours });
  return `volunteer reminders: ${due} due, ${sent} queued`;
});
