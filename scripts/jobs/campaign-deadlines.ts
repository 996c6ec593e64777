/**
 * Ends fundraising of published campaigns whose deadline has passed (APPROVED/FUNDED → ENDED,
 * audited, host notified, listing re-indexed). Safe to run as often as you like, e.g. daily just
 * after midnight (Asia/Shanghai) from cron:
 *
 *   npm run jobs:campaigns
 */
import { ensurePostgres } from "../lib/postgres";

const pg = await ensurePostgres({ log: () => {} });
process.env.DATABASE_URL ??= pg.url;
const { endExpiredCampaigns } = await import("../../app/modules/campaigns/campaigns.server");
const { prisma } = await import("../../app/utils/db.server");
try {
  const { ended } = await endExpiredCampaigns();
  console.log(`campaign deadlines: ${ended} campaign(s) ended`);
} finally {
  await prisma.$disconnect();
  await pg.stop();
}
