/**
 * `npm run dev`: like `npm start`, in development mode, with `remix watch` rebuilding on change and
 * the server picking up each new build on the next request.
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import type { ServerBuild } from "@remix-run/node";
import { ensureBuild } from "./lib/build";
import { stopOnSignals } from "./lib/postgres";
import { bootstrap } from "./lib/bootstrap";
import { seedDemoData } from "./lib/demo";
import { jobsWorkerEnabled, startJobs } from "./lib/jobs";
import { BUILD_PATH, createApp, listen, loadBuild } from "./lib/http-server";

const log = (m: string) => console.log(`[shanlian dev] ${m}`);
process.env.NODE_ENV = "development";

ensureBuild(log);
const { db, demoMode } = await bootstrap({ log });
await seedDemoData({ log, demoMode });
const jobs = await startJobs(log, { workers: jobsWorkerEnabled() });

const watcher = spawn("npx", ["--no-install", "remix", "watch"], { stdio: "inherit", env: process.env });
stopOnSignals(async () => {
  watcher.kill();
  await jobs.stop(5_000);
  await db.stop();
});

let current: { mtime: number; build: ServerBuild } | undefined;
async function getBuild() {
  const mtime = statSync(BUILD_PATH).mtimeMs;
  if (!current || current.mtime !== mtime) current = { mtime, build: await loadBuild() };
  return current.build;
}
const port = Number(process.env.PORT ?? 3000);
await listen(createApp(getBuild, { mode: "development" }), port);
log(`Serving on http://localhost:${port}`);
