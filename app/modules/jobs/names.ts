/**
 * The queues of the background jobs (app/modules/jobs). Pure: the staff page and its schema use
 * the names; the definitions with their handlers are in queues.server.ts.
 */
export const QUEUE_NAMES = [
  "search-index",
  "messages-deliver",
  "volunteer-reminders",
  "campaign-deadlines",
  "refund-retries",
  "statistics-refresh",
  "retention",
  "disclosure-reminders",
  "shop",
  "monthly",
  "reconcile",
  "purge-logins",
  "payment-inbox",
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Where a job that used up its retries is parked (shown on /staff/jobs, retried from there). */
export const DEAD_LETTER_QUEUE = "dead-letter";

/** pg-boss keeps its tables in this schema of the application database. */
export const JOBS_SCHEMA = "pgboss";

/** Every job carries only its queue name and ids (never personal data): the dead-letter copy keeps `queue`. */
export type JobData = { queue: string; [key: string]: string | number | boolean | null };

export function isQueueName(name: string): name is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(name);
}
