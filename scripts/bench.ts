/**
 * `npm run bench [-- dashboard|search] [--profile] [--1m]`: runs every test/bench/*.bench.ts in turn (or those whose
 * name contains the argument); each prints its own report with a baseline ratio. The benchmarks
 * run with NODE_ENV=production and make their own throwaway databases on DATABASE_URL's server or
 * the embedded one; the shared bootstrap gives them the local install's secrets.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { runScript } from "./lib/bootstrap";
import { ensureLocalSecrets } from "./lib/local-secrets";

const dir = path.resolve(import.meta.dirname, "../test/bench");
// `npm run bench -- search --profile`: the first plain word picks benchmarks, flags go to each of them.
const only = process.argv.slice(2).find((a) => !a.startsWith("-"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("-"));
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only))).sort();
if (!files.length) {
  console.error(`No benchmark matches "${only}". Known: ${readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).join(", ")}`);
  process.exit(2);
}

// Only the server is needed (each benchmark makes its own database); migrations of the
// application database are left to the commands that use it.
runScript(
  "bench",
  async ({ db }) => {
    // Benchmarks run as production, which requires these; they only touch throwaway data, so a
    // deployment's DATABASE_URL without them gets the local ones too.
    if (!db.embedded) ensureLocalSecrets(() => {});
    // The children reuse the embedded server this process started (or found running).
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
    if (db.embedded) delete env.DATABASE_URL; // bootstrap set it; the benchmarks look for the server themselves
    let failed = 0;
    for (const f of files) {
      console.log(`\n═══ ${f} ═══`);
      const res = spawnSync(process.execPath, [tsxCli(), path.join(dir, f), ...flags], { stdio: "inherit", env });
      if (res.status !== 0) failed++;
    }
    return failed ? 1 : 0;
  },
  { migrate: false },
);

function tsxCli(): string {
  return path.resolve(import.meta.dirname, "../node_modules/tsx/dist/cli.mjs");
}
