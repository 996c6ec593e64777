/**
 * `npm run dev`: like `npm start`, in development mode, with `remix watch` rebuilding on change and
 * the server picking up each new build on the next request.
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import type { ServerBuild } from "@remix-run/node";
import { ensureBuild } from "./lib/build";
import { ensurePostgres, stopOnSignals } from "./lib/postgres";
import { applyMigrations } from "./lib/migrate";
import { BUILD_PATH, createApp, listen, loadBuild } from "./lib/http-server";
import { ensureLocalSecrets } from "./lib/local-secrets";

const log = (m: string) => console.log(`[shanlian dev] ${m}`);
process.env.NODE_ENV = "development";

ensureBuild(log);
const db = await ensurePostgres({ log });
process.env.DATABASE_URL = db.url;
if (db.embedded) ensureLocalSecrets(log);
await applyMigrations(db.url, { log });
const { prisma } = await import("~/utils/db.server");
const { isDatabaseEmpty, runSeed } = await import("../prisma/seed");
if (await isDatabaseEmpty(prisma)) {
  const ctx = await runSeed(prisma, log);
  for (const c of ctx.credentials) log(`${c.role}: ${c.email} / ${c.password}`);
}

const watcher = spawn("npx", ["--no-install", "remix", "watch"], { stdio: "inherit", env: process.env });
stopOnSignals(async () => {
  watcher.kill();
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
