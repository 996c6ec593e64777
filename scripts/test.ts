/**
 * `npm test`: everything — typecheck, a fresh build, a browser for the journeys, then Vitest (unit,
 * integration against real PostgreSQL, browser). Extra arguments go to Vitest.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { runBuild } from "./lib/build";

function step(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  console.log(`\n▶ ${title}`);
  const res = spawnSync(cmd, args, { stdio: "inherit", env });
  if (res.status !== 0) {
    console.error(`✖ ${title} failed`);
    process.exit(res.status ?? 1);
  }
}

const vitestArgs = process.argv.slice(2);
step("Typecheck (tsc --noEmit)", "npx", ["--no-install", "tsc", "--noEmit"]);
step("Layers (docs/decisions/010-layers.md)", "npx", ["--no-install", "tsx", "scripts/check-layers.ts"]);
step("Browser for the journeys", "npx", ["--no-install", "tsx", "scripts/ensure-browser.ts"]);
console.log("\n▶ Build");
runBuild();
const REPORT = "test-results/vitest.json";
// The log scan after the tests reads only this run's logs (test/support/setup.ts writes them).
rmSync("test-results/logs", { recursive: true, force: true });
console.log("\n▶ Tests (vitest run)");
const run = spawnSync("npx", ["--no-install", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${REPORT}`, ...vitestArgs], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "test" },
});
// One plain closing line with the counts, for humans and CI alike.
if (existsSync(REPORT)) {
  const r = JSON.parse(readFileSync(REPORT, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  console.log(`\nvitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
}
if (run.status !== 0) {
  console.error("✖ Tests (vitest run) failed");
  process.exit(run.status ?? 1);
}
// Issue 15: no ID number, phone number or help-request text in what the app logged during the suite.
step("Privacy scan of the logs", "npx", ["--no-install", "tsx", "scripts/privacy-scan-logs.ts"]);
