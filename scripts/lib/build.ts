import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { BUILD_PATH } from "./http-server";

const ROOT = path.resolve(import.meta.dirname, "../..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when build/ is missing or older than anything in app/ or remix.config.js. */
export function buildIsStale() {
  if (!existsSync(BUILD_PATH)) return true;
  const built = statSync(BUILD_PATH).mtimeMs;
  return Math.max(newestMtime(path.join(ROOT, "app")), statSync(path.join(ROOT, "remix.config.js")).mtimeMs) > built;
}

export function runBuild(log: (m: string) => void = console.log) {
  log("Building the app (remix build)…");
  const res = spawnSync("npx", ["--no-install", "remix", "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (res.status !== 0) throw new Error("remix build failed");
}

export function ensureBuild(log: (m: string) => void = console.log) {
  if (buildIsStale()) runBuild(log);
}
