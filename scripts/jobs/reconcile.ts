/**
 * Daily reconciliation (#14.6): fetches each provider statement of a day — every enabled WeChat Pay
 * and Alipay merchant account, and Stripe when STRIPE_SECRET_KEY is set — and compares it with our
 * records (app/modules/reconciliation/reconcile.server.ts). One run per account; an account whose
 * statement cannot be fetched gets a FAILED run and does not stop the others. Safe to run again.
 *
 *   npm run jobs:reconcile              # yesterday, Asia/Shanghai
 *   npm run jobs:reconcile 2026-12-01
 */
import { runJob } from "../lib/job";

runJob("jobs:reconcile", async () => {
  const { defaultStatementDate, reconcileDay } = await import("../../app/modules/reconciliation/reconcile.server");
  const { STATEMENT_DATE } = await import("../../app/modules/payments/statement");
  const arg = process.argv[2];
  if (arg && !STATEMENT_DATE.test(arg)) throw new Error("usage: npm run jobs:reconcile [YYYY-MM-DD]");
  const date = arg ?? defaultStatementDate();
  const runs = await reconcileDay(date);
  const lines = runs.map((r) =>
    r.status === "FAILED"
      ? `  ${r.provider} ${r.accountKey}: FAILED (${r.error})`
      : `  ${r.provider} ${r.accountKey}: ${r.lines} lines, ${r.matched} matched, ${r.recovered} recovered, ${r.issues} issues, fees ${r.feeFen} fen`,
  );
  return `reconciliation ${date}: ${runs.length} account(s)\n${lines.join("\n")}`;
});
