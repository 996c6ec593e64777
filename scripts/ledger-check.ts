/**
 * Verifies every ledger invariant (app/modules/ledger/checks.server.ts) against DATABASE_URL.
 * Exits 1 when any is violated, printing the first offending rows.
 */
import { runLedgerChecks } from "../app/modules/ledger/checks.server";
import { prisma } from "../app/utils/db.server";

const results = await runLedgerChecks();
let failed = 0;
for (const r of results) {
  console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name} — ${r.description}`);
  if (!r.ok) {
    failed++;
    for (const v of r.violations) console.log(`       ${v.id}${v.detail ? `: ${v.detail}` : ""}`);
  }
}
await prisma.$disconnect();
console.log(failed ? `\n${failed} invariant(s) violated` : `\nall ${results.length} invariants hold`);
process.exit(failed ? 1 : 0);
