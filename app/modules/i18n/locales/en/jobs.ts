import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/jobs";

const en: LocaleShape<typeof zh> = {
  title: "Background jobs",
  intro: "Scheduled and background work (search indexing, message delivery, reminders, deadlines, refund retries, statistics, clean-up…) runs on a PostgreSQL queue and is retried automatically; a job that used up its retries goes to the dead-letter queue and can be retried here.",
  notInstalled: "The job queue has not started yet: it is created by npm start or npm run worker.",
  workersHere: "This process runs the job handlers.",
  workersElsewhere: "This process only sends jobs (JOBS_WORKER=off); a separate worker process runs them.",
  queues: { title: "Queues", name: "Queue", queued: "Queued", active: "Running", failed: "Failed", none: "No queues yet." },
  failures: { title: "Recent failures", queue: "Job", message: "Error", retries: "Retries", at: "When", deadLetter: "Dead letter (from {{queue}})", retry: "Retry", none: "No failed jobs." },
  schedules: { title: "Schedules (Beijing time)", name: "Job", cron: "Schedule", lastRun: "Last run", state: "State", never: "Not run yet", none: "No schedules yet." },
  states: { created: "Queued", retry: "Waiting to retry", active: "Running", completed: "Completed", cancelled: "Cancelled", failed: "Failed" },
  export: { link: "Export to Excel", at: "Exported at", jobId: "Job id" },
  flash: { retried: "Queued again: {{queue}}" },
  errors: { jobId: "Invalid job id.", queue: "Invalid queue name.", notFound: "This job was not found.", notRetryable: "This job cannot be retried now." },
};
export default en;
