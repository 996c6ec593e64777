/**
 * Ends fundraising of published campaigns whose deadline has passed (APPROVED/FUNDED → ENDED,
 * audited, host notified, listing re-indexed). Safe to run as often as you like, e.g. daily just
 * after midnight (Asia/Shanghai) from cron. Also closes match pledges whose window ended (ADR 020):
 *
 *   npm run jobs:campaigns
 */
import { runJob } from "../lib/job";

runJob("jobs:campaigns", async () => {
  const { endExpiredCampaigns } = await import("../../app/modules/campaigns/campaigns.server");
  const { closeEndedPledges } = await import("../../app/modules/match-funds/close.server");
  const { ended } = await endExpiredCampaigns();
  const p = await closeEndedPledges();
  return `campaign deadlines: ${ended} campaign(s) ended; match pledges: ${p.closed} closed (${p.returnedFen} fen returned), ${p.waiting} waiting for flagged matches`;
});
