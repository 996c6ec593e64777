/**
 * Reminds hosts of disclosures (信息公开) due within 14 days or overdue, once per state change
 * (app/modules/disclosure/reminders.server.ts). Idempotent; run daily from cron:
 *
 *   npm run jobs:disclosures
 */
import { runJob } from "../lib/job";

runJob("jobs:disclosures", async () => {
  const { remindDisclosures } = await import("../../app/modules/disclosure/reminders.server");
  const { reminded } = await remindDisclosures();
  return `disclosures: ${reminded} campaign(s)/fund(s) reminded`;
});
