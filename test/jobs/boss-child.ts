/**
 * A second "process" for test/jobs/queue.test.ts: starts the job queue of app/modules/jobs on
 * DATABASE_URL with the test queues, prints READY, and for the `test-hang` queue prints
 * `STARTED <job id>` and never finishes (the parent kills it with SIGKILL mid-job).
 */
import { startJobs } from "~/modules/jobs/boss.server";
import { testDefinitions } from "./definitions";

await startJobs({
  definitions: testDefinitions({
    onHang: (marker) => process.stdout.write(`STARTED ${marker}\n`),
  }),
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
  cronMonitorIntervalSeconds: 1,
  expireInSeconds: 2,
  retryDelay: 1,
});
process.stdout.write("READY\n");
