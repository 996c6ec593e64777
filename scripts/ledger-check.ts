/**
 * `npm run ledger:check`: verifies every ledger invariant (app/modules/ledger/checks.server.ts)
 * against DATABASE_URL, or the embedded database. Exits 1 when any is violated, printing the
 * first offending rows. `-- --rebuild-tallies` first refills the owner tallies from the books
 * (ledger/tallies.server.ts, ADR 027), for when the checks found them apart.
 */
import { runScript } from "./lib/bootstrap";

runScript("ledger:check", async () => {
  const { runLedgerChecks } = await import("../app/modules/ledger/checks.server");
  if (process.argv.includes("--rebuild-tallies")) {
    const { prisma } = await import("../app/utils/db.server");
    const { rebuildOwnerTallies } = await import("../app/modules/ledger/tallies.server");
    await rebuildOwnerTallies(prisma);
    console.log("owner tallies rebuilt from the books\n");
  }
  const results = await runLedgerChecks();
  let failed = 0;
  for (const r of results) {
    console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name} — ${r.description}`);
    if (!r.ok) {
      failed++;
      for (const v of r.violations) console.log(`       ${v.id}${v.detail ? `: ${v.detail}` : ""}`);
    }
  }
  console.log(failed ? `\n${failed} invariant(s) violated` : `\nall ${results.length} invariants hold`);
  return failed ? 1 : 0;
});
