/**
 * Enforces the retention periods (RETENTION_*_DAYS, app/utils/env.server.ts): help requests decided
 * long ago lose their personal fields, delivery addresses of ended orders are erased, and private
 * verification documents no decision needs are deleted. Idempotent; run daily from cron.
 *
 *   npm run jobs:retention
 */
import { runJob } from "../lib/job";

runJob("jobs:retention", async () => {
  const { enforceRetention } = await import("../../app/modules/privacy/retention.server");
  const n = await enforceRetention();
  return `retention: ${n.helpRequests} help requests erased (${n.helpRequestDocuments} documents), ${n.deliveryAddresses} delivery addresses erased, ${n.verificationDocuments} verification documents deleted`;
});
