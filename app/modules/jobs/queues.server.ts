/**
 * Every background task as a pg-boss queue: its retry policy, its expiry (a job still active after
 * `expireInSeconds` — its worker died — is failed and retried), its cron schedule (Asia/Shanghai)
 * and its handler. Each handler calls the same domain function as its `npm run jobs:*` script, and
 * returns the script's counts (stored as the job's output: numbers only, no personal data).
 *
 * All queues are `stately`: at most one job queued and one running per queue across every process,
 * so no task runs twice at once and a burst of kicks collapses into one run. The domain functions
 * are idempotent and claim their rows themselves, so a retry after a crash repeats nothing.
 */
import type PgBoss from "pg-boss";
import type { MailSender } from "~/modules/messages/mail.server";
import type { JobData, QueueName } from "./names";

export type JobContext = {
  /** The e-mail transport (from SMTP_URL, or the local catcher of `npm start` in development). */
  mailer?: MailSender | null;
};

export type JobDefinition = {
  name: string;
  policy: PgBoss.QueuePolicy;
  retryLimit: number;
  /** Seconds before the first retry; doubled at each further retry (retryBackoff). */
  retryDelay: number;
  expireInSeconds: number;
  /** Cron (minute resolution) in Asia/Shanghai; none for queues that only run when asked. */
  cron?: string;
  run(data: JobData, ctx: JobContext): Promise<Record<string, unknown>>;
};

export const SCHEDULE_TZ = "Asia/Shanghai";

const MINUTE = 60;
const def = (name: QueueName, cron: string, expireInSeconds: number, run: JobDefinition["run"], retryLimit = 3): JobDefinition => ({
  name,
  policy: "stately",
  retryLimit,
  retryDelay: 30,
  expireInSeconds,
  cron,
  run,
});

export const JOB_DEFINITIONS: JobDefinition[] = [
  // Kicked after each commit that writes the search outbox; the minute sweep retries failures.
  def("search-index", "* * * * *", 5 * MINUTE, async () => {
    const { drainSearchOutbox } = await import("~/modules/search-outbox/worker.server");
    return drainSearchOutbox();
  }),
  // Kicked when a message is queued; the minute sweep delivers retries that came due.
  def("messages-deliver", "* * * * *", 10 * MINUTE, async (_data, ctx) => {
    const { configuredMailer, drainMessages } = await import("~/modules/messages/deliver.server");
    return drainMessages({ mailer: ctx.mailer !== undefined ? ctx.mailer : configuredMailer() });
  }),
  def("volunteer-reminders", "0 * * * *", 10 * MINUTE, async () => {
    const { enqueueDueReminders } = await import("~/modules/volunteering/reminders.server");
    return enqueueDueReminders({ horizonHours: 24 });
  }),
  // Also closes match pledges whose window ended, returning their unmatched money (ADR 020).
  def("campaign-deadlines", "5 0 * * *", 10 * MINUTE, async () => {
    const { endExpiredCampaigns } = await import("~/modules/campaigns/campaigns.server");
    const { closeEndedPledges } = await import("~/modules/match-funds/close.server");
    const campaigns = await endExpiredCampaigns();
    const pledges = await closeEndedPledges();
    return { ...campaigns, pledgesClosed: pledges.closed, pledgesWaiting: pledges.waiting, pledgeReturnedFen: pledges.returnedFen };
  }),
  def("refund-retries", "*/10 * * * *", 10 * MINUTE, async () => {
    const { retryUnsentRefunds } = await import("~/modules/donations/refunds.server");
    return retryUnsentRefunds();
  }),
  def("statistics-refresh", "30 4 * * *", 30 * MINUTE, async () => {
    const { rebuildRollups } = await import("~/modules/statistics/install.server");
    const r = await rebuildRollups();
    return { sources: r.sources.length };
  }),
  def("retention", "0 3 * * *", 30 * MINUTE, async () => {
    const { enforceRetention } = await import("~/modules/privacy/retention.server");
    return enforceRetention();
  }),
  def("disclosure-reminders", "0 9 * * *", 10 * MINUTE, async () => {
    const { remindDisclosures } = await import("~/modules/disclosure/reminders.server");
    return remindDisclosures();
  }),
  def("shop", "*/5 * * * *", 10 * MINUTE, async () => {
    const { runShopJobs } = await import("~/modules/shop/jobs.server");
    return runShopJobs();
  }),
  def("monthly", "20 * * * *", 30 * MINUTE, async () => {
    const { runMonthlyJob } = await import("~/modules/monthly/job.server");
    return runMonthlyJob();
  }),
  // Yesterday's statements (Asia/Shanghai), once the providers have published them.
  def("reconcile", "0 10 * * *", 30 * MINUTE, async () => {
    const { defaultStatementDate, reconcileDay } = await import("~/modules/reconciliation/reconcile.server");
    const runs = await reconcileDay(defaultStatementDate());
    return { accounts: runs.length, failed: runs.filter((r) => r.status === "FAILED").length };
  }),
  def("purge-logins", "30 3 * * *", 10 * MINUTE, async () => {
    const { purgeLoginData } = await import("~/modules/accounts/purge.server");
    return purgeLoginData();
  }),
  // The payment inbox has its own loop in every worker process (payments/inbox.server.ts); this
  // queue is its safety sweep and the way back for a parked event a staff member retries.
  def("payment-inbox", "*/10 * * * *", 10 * MINUTE, async (data) => {
    const { drainPaymentInbox, reviveInboxEvent } = await import("~/modules/payments/inbox.server");
    if (typeof data.inboxId === "string") await reviveInboxEvent(data.inboxId);
    return drainPaymentInbox();
  }),
];
