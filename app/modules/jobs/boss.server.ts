/**
 * Starts and stops the process's pg-boss (PostgreSQL-backed job queue, schema `pgboss` in the
 * application database: no other server). A worker process (`npm start` by default, `npm run
 * worker`) runs the handlers, registers the cron schedules and runs pg-boss's maintenance (expiry
 * of jobs whose worker died, archiving); any other process only sends jobs (kicks, the staff
 * page's retry). Every queue is created with its retries, exponential backoff, expiry and the
 * dead-letter queue.
 */
import pg from "pg";
import PgBoss from "pg-boss";
import { logger } from "~/utils/logger.server";
import { DEAD_LETTER_QUEUE, JOBS_SCHEMA, type JobData } from "./names";
import { JOB_DEFINITIONS, SCHEDULE_TZ, type JobContext, type JobDefinition } from "./queues.server";
import { jobsRuntime, type JobsRuntime } from "./runtime.server";

export type StartJobsOptions = {
  /** Default DATABASE_URL. */
  connectionString?: string;
  /** Run handlers, schedules and maintenance (default true). */
  workers?: boolean;
  /** The queues (default every one of JOB_DEFINITIONS). */
  definitions?: JobDefinition[];
  /** Register the cron schedules of the definitions (default: when workers run). */
  schedules?: boolean;
  /** How often an idle worker asks for a job (default 2 s). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are failed and retried (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /** How often the cron schedules are checked (default 30 s). */
  cronMonitorIntervalSeconds?: number;
  /** Override every queue's expiry and first retry delay (tests). */
  expireInSeconds?: number;
  retryDelay?: number;
  /** Handed to every handler (the mail transport of `npm start`). */
  context?: JobContext;
  log?: (message: string) => void;
};

export async function startJobs(opts: StartJobsOptions = {}): Promise<JobsRuntime> {
  const existing = jobsRuntime();
  if (existing) return existing;
  const connectionString = opts.connectionString ?? process.env.DATABASE_URL;
  if (!connectionString) throw new Error("jobs: DATABASE_URL is not set");
  const workers = opts.workers ?? true;
  const definitions = opts.definitions ?? JOB_DEFINITIONS;
  const boss = new PgBoss({
    connectionString,
    schema: JOBS_SCHEMA,
    application_name: workers ? "shanlian-worker" : "shanlian-jobs-client",
    max: workers ? 4 : 2,
    supervise: workers,
    schedule: workers && (opts.schedules ?? true),
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 60,
    cronMonitorIntervalSeconds: opts.cronMonitorIntervalSeconds ?? 30,
  });
  // pg-boss reports its own failures (a lost connection, a failed poll) here; unhandled, the
  // event would crash the process. The message may quote SQL: only the name and code are logged.
  boss.on("error", (e: Error & { code?: string; queue?: string }) => {
    logger().warn({ err: { name: e.name, code: e.code }, queue: e.queue }, "jobs: pg-boss error");
  });
  await boss.start();

  // Processes starting at once (several app processes, app + worker) would create the same queues
  // (and their partitions) concurrently, which deadlocks in PostgreSQL: one process at a time.
  const lock = new pg.Client({ connectionString, application_name: "shanlian-jobs-setup" });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtext('shanlian:jobs:create-queues'))");
    await createQueues(boss, definitions, opts);
  } finally {
    await lock.end().catch(() => {}); // ending the session releases the lock
  }

  const runtime: JobsRuntime = { boss, workers };
  globalThis.__shanlianJobs = runtime;
  if (workers) {
    for (const d of definitions) {
      await boss.work<JobData>(d.name, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 }, async ([job]) => {
        const started = Date.now();
        try {
          const output = await d.run(job!.data ?? { queue: d.name }, opts.context ?? {});
          logger().info({ queue: d.name, jobId: job!.id, ms: Date.now() - started }, "job done");
          return output;
        } catch (e) {
          // The message goes to the job's output (shown redacted to bureau admins), not to the log.
          logger().warn({ queue: d.name, jobId: job!.id, err: { name: e instanceof Error ? e.name : "Error" } }, "job failed");
          throw e;
        }
      });
      if (d.cron && (opts.schedules ?? true)) await boss.schedule(d.name, d.cron, { queue: d.name }, { tz: SCHEDULE_TZ });
    }
  }
  opts.log?.(workers ? `Job workers running (${definitions.length} queues, pg-boss schema "${JOBS_SCHEMA}").` : "Job queue connected (send only: JOBS_WORKER=off).");
  return runtime;
}

/**
 * Stops the queue. Graceful: no new job is fetched, the running ones may finish within
 * `timeoutMs`; jobs still running then are failed (and retried later by a live worker).
 */
export async function stopJobs(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const runtime = jobsRuntime();
  if (!runtime) return;
  globalThis.__shanlianJobs = undefined;
  await runtime.boss.stop({ graceful: opts.graceful ?? true, timeout: opts.timeoutMs ?? 30_000, wait: true });
}

/** /readyz: the queue's own pool answers and its schema is there. */
export async function pingJobs(): Promise<boolean | undefined> {
  const runtime = jobsRuntime();
  if (!runtime) return undefined;
  const { rows } = await runtime.boss.getDb().executeSql(`SELECT version FROM ${JOBS_SCHEMA}.version`, []);
  return rows.length === 1;
}

/** The dead-letter queue and every job queue, with their current retry and expiry settings. */
async function createQueues(boss: PgBoss, definitions: readonly JobDefinition[], opts: { retryDelay?: number; expireInSeconds?: number }) {
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, policy: "standard", retryLimit: 0 });
  for (const d of definitions) {
    const options: PgBoss.Queue = {
      name: d.name,
      policy: d.policy,
      retryLimit: d.retryLimit,
      retryDelay: opts.retryDelay ?? d.retryDelay,
      retryBackoff: true,
      expireInSeconds: opts.expireInSeconds ?? d.expireInSeconds,
      deadLetter: DEAD_LETTER_QUEUE,
    };
    await boss.createQueue(d.name, options);
    // createQueue keeps an existing queue as it was: apply changed retry and expiry settings.
    const { policy: _policy, ...changeable } = options;
    await boss.updateQueue(d.name, changeable);
  }
}
