/**
 * `npm run stats:rebuild`: (re)installs the rollup triggers for the statistics sources whose
 * tables exist and rebuilds every rollup (StatDaily, StatMonthly, StatPersonDaily,
 * StatPersonYearly) from the raw records, in one transaction. Safe to run at any time.
 * Uses DATABASE_URL, or the embedded database.
 */
import { runScript } from "./lib/bootstrap";

runScript("stats:rebuild", async () => {
  const { rebuildRollups } = await import("~/modules/statistics/install.server");
  const { prisma } = await import("~/utils/db.server");
  const started = Date.now();
  const result = await rebuildRollups();
  const [daily, monthly, persons] = await Promise.all([prisma.statDaily.count(), prisma.statMonthly.count(), prisma.statPersonYearly.count()]);
  console.log(`Rollups rebuilt in ${Date.now() - started} ms (sources: ${result.sources.join(", ")}; version ${result.version})`);
  console.log(`StatDaily ${daily} rows, StatMonthly ${monthly}, StatPersonYearly ${persons}`);
});
