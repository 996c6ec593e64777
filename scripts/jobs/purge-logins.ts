/**
 * Purges sign-in data nobody needs any more: login attempts older than 30 days, e-mail tokens a
 * day after they were used or expired, idle throttle rows, and expired or idle sessions.
 * Safe to run as often as you like (e.g. daily from cron).
 *
 *   npm run jobs:purge
 */
import { runJob } from "../lib/job";

runJob("jobs:purge", async () => {
  const { purgeLoginData } = await import("../../app/modules/accounts/purge.server");
  const n = await purgeLoginData();
  return `login purge: ${n.attempts} attempts, ${n.tokens} e-mail tokens, ${n.throttles} throttles, ${n.sessions} sessions deleted`;
});
