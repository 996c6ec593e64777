/**
 * What /staff/jobs shows (bureau admins): per queue the jobs queued, running and failed; the
 * recent failures with their error message (redacted: job data carries only ids, but a message
 * could quote a record); the last run of each schedule; and the retry of a failed or
 * dead-lettered job. Read with SQL from pg-boss's tables, so the page works in a web process that
 * runs no workers.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { redactPersonalData } from "~/modules/accounts/personal-data";
import { DEAD_LETTER_QUEUE, JOBS_SCHEMA, isQueueName, type JobData } from "./names";
import { jobsRuntime } from "./runtime.server";
import { startJobs } from "./boss.server";

export type QueueCounts = { name: string; queued: number; active: number; failed: number };
export type Failure = { id: string; queue: string; origin: string | null; message: string; retries: number; at: string | null; deadLetter: boolean };
export type ScheduleRun = { name: string; cron: string; timezone: string; lastRunAt: string | null; lastState: string | null };

const S = JOBS_SCHEMA;

async function installed(): Promise<boolean> {
  const rows = await prisma.$queryRawUnsafe<{ t: string | null }[]>(`SELECT to_regclass('${S}.job')::text AS t`);
  return Boolean(rows[0]?.t);
}

function cleanMessage(m: string | null): string {
  return redactPersonalData((m ?? "").replace(/\s+/g, " ")).slice(0, 200);
}

export async function jobsDashboard() {
  if (!(await installed())) return { installed: false, workersHere: false, queues: [] as QueueCounts[], failures: [] as Failure[], schedules: [] as ScheduleRun[] };
  const [queues, failures, schedules] = await Promise.all([
    prisma.$queryRawUnsafe<{ name: string; queued: number; active: number; failed: number }[]>(
      `SELECT q.name,
              count(j.id) FILTER (WHERE j.state IN ('created', 'retry'))::int AS queued,
              count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
              count(j.id) FILTER (WHERE j.state = 'failed' OR (q.name = '${DEAD_LETTER_QUEUE}' AND j.state < 'active'))::int AS failed
       FROM ${S}.queue q LEFT JOIN ${S}.job j ON j.name = q.name
       WHERE q.name NOT LIKE '\\_\\_pgboss\\_\\_%'
       GROUP BY q.name ORDER BY q.name`,
    ),
    prisma.$queryRawUnsafe<{ id: string; name: string; origin: string | null; message: string | null; retries: number; at: Date | null }[]>(
      `SELECT id::text, name, data->>'queue' AS origin, COALESCE(output->>'message', output->'value'->>'message') AS message,
              retry_count AS retries, COALESCE(completed_on, created_on) AS at
       FROM ${S}.job
       WHERE state = 'failed' OR (name = '${DEAD_LETTER_QUEUE}' AND state < 'active')
       ORDER BY COALESCE(completed_on, created_on) DESC LIMIT 50`,
    ),
    prisma.$queryRawUnsafe<{ name: string; cron: string; timezone: string; last_at: Date | null; last_state: string | null }[]>(
      `SELECT s.name, s.cron, s.timezone, last.created_on AS last_at, last.state::text AS last_state
       FROM ${S}.schedule s
       LEFT JOIN LATERAL (
         SELECT created_on, state FROM (
           SELECT created_on, state FROM ${S}.job WHERE name = s.name
           UNION ALL SELECT created_on, state FROM ${S}.archive WHERE name = s.name) x
         ORDER BY created_on DESC LIMIT 1) last ON true
       ORDER BY s.name`,
    ),
  ]);
  return {
    installed: true,
    workersHere: jobsRuntime()?.workers ?? false,
    queues: queues.map((q) => ({ name: q.name, queued: Number(q.queued), active: Number(q.active), failed: Number(q.failed) })),
    failures: failures.map(
      (f): Failure => ({
        id: f.id,
        queue: f.name,
        origin: f.name === DEAD_LETTER_QUEUE ? f.origin : null,
        message: cleanMessage(f.message),
        retries: Number(f.retries),
        at: f.at ? new Date(f.at).toISOString() : null,
        deadLetter: f.name === DEAD_LETTER_QUEUE,
      }),
    ),
    schedules: schedules.map((s): ScheduleRun => ({ name: s.name, cron: s.cron, timezone: s.timezone, lastRunAt: s.last_at ? new Date(s.last_at).toISOString() : null, lastState: s.last_state })),
  };
}

/**
 * Retries a failed job (pg-boss gives it one more try) or a dead-lettered one (sent again to the
 * queue it came from, the dead-letter copy cancelled). Audited.
 */
export async function retryJob(input: { queue: string; jobId: string; actorId: string }) {
  const boss = (jobsRuntime() ?? (await startJobs({ workers: false }))).boss;
  const rows = await prisma.$queryRawUnsafe<{ state: string; origin: string | null; data: JobData | null }[]>(`SELECT state::text AS state, data->>'queue' AS origin, data FROM ${S}.job WHERE name = $1 AND id = $2::uuid`, input.queue, input.jobId);
  const job = rows[0];
  if (!job) throw new AppError("jobs.errors.notFound", 404);
  let target = input.queue;
  if (input.queue === DEAD_LETTER_QUEUE) {
    if (job.state !== "created" && job.state !== "retry") throw new AppError("jobs.errors.notRetryable", 409);
    if (!job.origin || !isQueueName(job.origin)) throw new AppError("jobs.errors.notRetryable", 409);
    target = job.origin;
    // The dead-letter copy's own ids go with it (a parked payment event names its inbox row).
    const data: JobData = { ...(job.data ?? {}), queue: target };
    await boss.send(target, data);
    await boss.cancel(DEAD_LETTER_QUEUE, input.jobId);
  } else {
    if (job.state !== "failed") throw new AppError("jobs.errors.notRetryable", 409);
    await boss.retry(input.queue, input.jobId);
  }
  await recordAudit({ actorId: input.actorId, action: "job.retry", entityType: "Job", entityId: input.jobId, after: { queue: target, from: input.queue } });
  return { queue: target };
}
