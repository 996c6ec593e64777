/**
 * The background jobs of a long-running command (app/modules/jobs on pg-boss): `npm start` and
 * `npm run dev` run the workers beside the web server unless JOBS_WORKER=off (then the process
 * only sends jobs); `npm run worker` runs them alone.
 */
import { localCatcherIfNeeded } from "./messages-worker";

export type RunningJobs = {
  workers: boolean;
  /** Graceful: running jobs may finish within `timeoutMs`; then the mail catcher closes. */
  stop(timeoutMs: number): Promise<void>;
};

/** JOBS_WORKER: `on` (default) or `off`; anything else fails at start. */
export function jobsWorkerEnabled(raw = process.env.JOBS_WORKER): boolean {
  if (raw === undefined || raw === "" || raw === "on") return true;
  if (raw === "off") return false;
  throw new Error(`JOBS_WORKER must be "on" or "off": ${raw}`);
}

export async function startJobs(log: (m: string) => void, opts: { workers: boolean }): Promise<RunningJobs> {
  const catcher = opts.workers ? await localCatcherIfNeeded(log) : undefined;
  const { startJobs: start, stopJobs } = await import("~/modules/jobs/boss.server");
  const { configuredMailer } = await import("~/modules/messages/deliver.server");
  await start({ workers: opts.workers, context: { mailer: configuredMailer(catcher?.url) }, log });
  // The payment inbox's loop (events a busy web process queued) runs wherever the workers run.
  const { startInboxWorker } = await import("~/modules/payments/inbox.server");
  const inbox = opts.workers ? startInboxWorker() : undefined;
  return {
    workers: opts.workers,
    async stop(timeoutMs) {
      await inbox?.stop();
      await stopJobs({ graceful: true, timeoutMs });
      await catcher?.close();
    },
  };
}
