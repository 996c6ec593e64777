/** `npm run bench`: runs every test/bench/*.bench.ts in turn; each prints its own report with a baseline ratio. */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = path.resolve(import.meta.dirname, "../test/bench");
const only = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only))).sort();
let failed = 0;
for (const f of files) {
  console.log(`\n═══ ${f} ═══`);
  const res = spawnSync("npx", ["--no-install", "tsx", path.join(dir, f)], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
