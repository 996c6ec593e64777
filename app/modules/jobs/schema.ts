import { z } from "zod";

/** The retry button of /staff/jobs: a failed job of a queue, or a dead-lettered one. */
export const retryJobSchema = z.object({
  jobId: z.string().uuid("jobs.errors.jobId"),
  queue: z.string().min(1, "jobs.errors.queue").max(100, "jobs.errors.queue").regex(/^[a-z0-9-]+$/, "jobs.errors.queue"),
});
