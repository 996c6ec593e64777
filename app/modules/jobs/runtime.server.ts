import type PgBoss from "pg-boss";
import { logger } from "~/utils/logger.server";
import type { JobData } from "./names";

/**
 * The process's one PgBoss instance. It lives on globalThis because the Remix server build and the
 * scripts (`npm start`, `npm run worker`) load separate copies of this module: the staff page,
 * /readyz and the after-commit kicks must all see the instance the script started.
 */
export type JobsRuntime = {
  boss: PgBoss;
  /** This process runs the handlers, the cron schedules and pg-boss's maintenance. */
  workers: boolean;
};

declare global {
  // eslint-disable-next-line no-var
  var __shanlianJobs: JobsRuntime | undefined;
}

export function jobsRuntime(): JobsRuntime | undefined {
  return globalThis.__shanlianJobs;
}

/**
 * Asks for a run of `queue` soon (after a commit that left work for it). The queues are `stately`:
 * while one run is queued, more kicks add nothing. Returns false when this process has no queue
 * (a script, a test): the caller then does the work itself.
 */
export function kickQueue(queue: string, opts: { afterSeconds?: number } = {}): boolean {
  const runtime = jobsRuntime();
  if (!runtime) return false;
  const data: JobData = { queue };
  // A kick from inside a transaction comes just before its commit: a second's delay lets the job see the rows.
  runtime.boss.send(queue, data, { startAfter: opts.afterSeconds ?? 1 }).catch((e: unknown) => {
    logger().warn({ queue, err: { name: e instanceof Error ? e.name : "Error" } }, "jobs: kick failed");
  });
  return true;
}
