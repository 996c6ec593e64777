/**
 * `npm run worker`: the background jobs alone (app/modules/jobs on pg-boss), no web server, so a
 * deployment scales web processes (`JOBS_WORKER=off npm start`) and workers separately. Same
 * start-up as the other scripts (DATABASE_URL or the embedded database, migrations applied).
 *
 * SIGTERM / SIGINT: no new job is taken, the running ones finish (up to SHUTDOWN_TIMEOUT_MS,
 * default 10 s; a job still running then is failed and retried by another worker), then the pool
 * closes and the embedded database stops. Exit 0 (130 after SIGINT), 1 when a step failed.
 */
import { bootstrap } from "./lib/bootstrap";
import { startJobs } from "./lib/jobs";
import { shutdownTimeoutMs } from "./lib/shutdown";
import { logger } from "../app/utils/logger.server";

const log = (m: string) => logger().info(m);

async function main() {
  process.env.NODE_ENV ??= "production";
  const timeoutMs = shutdownTimeoutMs();
  const { applied, stop, releaseSignals } = await bootstrap({ log, stopOnSignals: true });
  log(applied.length ? `Applied ${applied.length} migration(s).` : "Database schema is up to date.");
  const jobs = await startJobs(log, { workers: true });
  releaseSignals();

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === "SIGINT" ? 130 : 0;
    if (stopping) process.exit(code || 1);
    stopping = true;
    log(`${signal}: stopping the job workers (running jobs finish, up to ${timeoutMs} ms)`);
    void (async () => {
      let failed = false;
      for (const [name, run] of [
        ["stop the job workers", () => jobs.stop(timeoutMs)],
        [
          "close the database pool",
          async () => {
            // Prisma, its pool (also one used only for raw reads) and the read replica's, if one was used.
            const { closeDatabase } = await import("~/utils/db.server");
            await closeDatabase();
          },
        ],
        ["stop the embedded database", stop],
      ] as const) {
        try {
          await run();
        } catch (error) {
          failed = true;
          log(`Shutdown step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      log("Stopped.");
      process.exit(failed ? 1 : code);
    })();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  log("Worker running (Ctrl+C to stop).");
}

main().catch((e) => {
  logger().fatal({ err: e }, "worker failed");
  process.exit(1);
});
