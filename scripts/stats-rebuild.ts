/**
 * `npm run stats:rebuild`: rebuilds every rollup (StatDaily, StatMonthly, StatPersonDaily,
 * StatPersonYearly) from the raw records, in one transaction. Safe to run at any time. Fails if the
 * database's rollup triggers are not the generated ones (the migrations install them).
 * Uses DATABASE_URL, or the embedded database.
 *
 * `npm run stats:rebuild -- --sql`: prints the SQL that installs the triggers and rebuilds the
 * rollups, for a new migration after app/modules/statistics/sources.server.ts changed (and for
 * prisma/sql/statistics.sql). Needs no database.
 */
import { runScript } from "./lib/bootstrap";

if (process.argv.includes("--sql")) {
  const { statisticsMigrationSql } = await import("~/modules/statistics/install.server");
  process.stdout.write(statisticsMigrationSql());
} else {
  runScript("stats:rebuild", async () => {
    const { rebuildRollups } = await import("~/modules/statistics/install.server");
    const { prisma } = await import("~/utils/db.server");
    const started = Date.now();
    const result = await rebuildRollups();
    const [daily, monthly, persons] = await Promise.all([prisma.statDaily.count(), prisma.statMonthly.count(), prisma.statPersonYearly.count()]);
    console.log(`Rollups rebuilt in ${Date.now() - started} ms (sources: ${result.sources.join(", ")})`);
    console.log(`StatDaily ${daily} rows, StatMonthly ${monthly}, StatPersonYearly ${persons}`);
  });
}
