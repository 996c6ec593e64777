/**
 * Ends fundraising of published campaigns whose deadline has passed (APPROVED/FUNDED → ENDED,
 * audited, host notified, listing re-indexed). Safe to run as often as you like, e.g. daily just
 * after midnight (Asia/Shanghai) from cron:
 *
 *   npm run jobs:campaigns
 */
import { runJob } from "../lib/job";

runJob("jobs:campaigns", async () => {
  const { endExpiredCampaigns } = await import("../../app/modules/campaigns/campaigns.server");
  const { ended } = await endExpiredCampaigns();
  return `campaign deadlines: ${ended} campaign(s) ended`;
});
