/**
 * `npm test`: everything — typecheck, a fresh build, a browser for the journeys, then Vitest (unit,
 * integration against real PostgreSQL, browser). Extra arguments go to Vitest.
 */
import { spawnSync } from "node:child_process";
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
step("Browser for the journeys", "npx", ["--no-install", "tsx", "scripts/ensure-browser.ts"]);
console.log("\n▶ Build");
runBuild();
step("Tests (vitest run)", "npx", ["--no-install", "vitest", "run", ...vitestArgs], { ...process.env, NODE_ENV: "test" });
