/**
 * `npm start`: build if needed, start the database (embedded PostgreSQL when DATABASE_URL is unset),
 * apply migrations, load demo data in demo mode (embedded database or SEED_DEMO=1) into an empty
 * database, and serve on PORT (default 3000). The background jobs (app/modules/jobs, on pg-boss) run in
 * this process unless JOBS_WORKER=off (then run `npm run worker` beside it).
 */
import { ensureBuild } from "./lib/build";
import { bootstrap } from "./lib/bootstrap";
import { seedDemoData } from "./lib/demo";
import { createApp, listen, loadBuild } from "./lib/http-server";
import { gracefulShutdownOnSignals, shutdownTimeoutMs } from "./lib/shutdown";
import { jobsWorkerEnabled, startJobs } from "./lib/jobs";
import { logger } from "../app/utils/logger.server";

// One JSON line per message on stdout, like the request log (app/utils/logger.server.ts).
const log = (m: string) => logger().info(m);

async function main() {
  process.env.NODE_ENV ??= "production";
  const timeoutMs = shutdownTimeoutMs(); // a bad SHUTDOWN_TIMEOUT_MS fails now, not at the first stop
  const workers = jobsWorkerEnabled();
  ensureBuild(log);
  // Until the server listens, a signal just stops the database; then the graceful shutdown takes over.
  const { applied, demoMode, stop, releaseSignals } = await bootstrap({ log, stopOnSignals: true });
  log(applied.length ? `Applied ${applied.length} migration(s).` : "Database schema is up to date.");
  if (demoMode) log("Demo mode: demo data and the local test checkout (no money is charged).");

  // Merchant credentials stored encrypted need their key: refuse to serve without it (production).
  const { assertMerchantKeyConfigured } = await import("~/modules/payments/merchant-accounts.server");
  await assertMerchantKeyConfigured();

  const seeded = await seedDemoData({ log, demoMode });
  if (seeded === "not-demo") log("DATABASE_URL database: no demo data is loaded (SEED_DEMO=1 loads it into an empty database).");
  // Indexes demo data and changes made while the server was down before serving.
  const { catchUpSearchIndex } = await import("~/modules/search-outbox/worker.server");
  await catchUpSearchIndex();
  const jobs = await startJobs(log, { workers });

  const build = await loadBuild();
  const port = Number(process.env.PORT ?? 3000);
  const server = await listen(createApp(() => build), port);
  releaseSignals();
  gracefulShutdownOnSignals({
    server,
    timeoutMs,
    log,
    steps: [
      { name: "stop the job workers (running jobs finish)", run: () => jobs.stop(timeoutMs) },
      {
        name: "close the database pool",
        run: async () => {
          // Prisma, its pool (also one used only for raw reads) and the read replica's, if one was used.
          const { closeDatabase } = await import("~/utils/db.server");
          await closeDatabase();
        },
      },
      { name: "stop the embedded database", run: stop },
    ],
  });
  log(`Serving on http://localhost:${port}  (Ctrl+C to stop)`);
}

main().catch((e) => {
  logger().fatal({ err: e }, "start failed");
  process.exit(1);
});
