/**
 * `/healthz` and `/readyz`, answered by the Express app before Remix (scripts/lib/http-server.ts).
 *
 * They live here rather than as Remix resource routes because a probe runs every few seconds on
 * every process: here it costs no session cookie, no locale, no route matching or loader
 * machinery, works even when the Remix build cannot load, and stays outside the per-role access
 * rules (it serves nobody's data). Neither says anything about users or records:
 *
 * - `/healthz` (liveness): the process answers. No database: a database outage must not make an
 *   orchestrator restart every app process.
 * - `/readyz` (readiness): the database answers `SELECT 1` and the search engine is reachable
 *   (PostgreSQL engine: the same database; Meilisearch when MEILI_HOST is set: its `/health`).
 *   In a process that runs the job queue (`npm start`, app/modules/jobs), the queue's own pool
 *   must answer too (`queue`, with `workers`: whether this process runs the job handlers).
 *   503 when a check fails or the process is shutting down, so a load balancer stops sending.
 *
 *   { "status": "ok" | "fail" | "shutting-down",
 *     "checks": { "database": { "status": "ok", "ms": 2 },
 *                 "search": { "status": "ok", "engine": "postgres", "ms": 2 } } }
 */
import type express from "express";

export type CheckStatus = "ok" | "fail";
export interface Check {
  status: CheckStatus;
  ms: number;
  /** Why it failed, in one word (never a message that could carry a host, a query or data). */
  error?: "timeout" | "unreachable" | "unhealthy";
}
export interface Readiness {
  status: "ok" | "fail" | "shutting-down";
  checks: { database: Check; search: Check & { engine: "postgres" | "meilisearch" }; queue?: Check & { workers: boolean } };
}

/** How long one check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = Number(process.env.READINESS_TIMEOUT_MS ?? 2_000);

let shuttingDown = false;
let prismaReady: Promise<void> | undefined;

/** From now on /readyz answers 503 (graceful shutdown: let the load balancer drain this process). */
export function markShuttingDown(): void {
  shuttingDown = true;
}

async function timed(fn: (signal: AbortSignal) => Promise<boolean>): Promise<Check> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve("timeout");
    }, CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([fn(controller.signal).then((ok) => (ok ? "ok" : "unhealthy"), () => "unreachable" as const), timeout]);
    const ms = Math.round(performance.now() - started);
    return result === "ok" ? { status: "ok", ms } : { status: "fail", ms, error: result as Check["error"] };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `SELECT 1` through the app's own Prisma client and pool: ready means this process can query
 * (a pool exhausted by stuck requests makes it time out, which is the truth about this process).
 */
export async function checkDatabase(): Promise<Check> {
  // Loading Prisma's client and engine (once per process, seconds on a busy machine) is not the
  // database's latency: not timed. With a driver adapter $connect opens no connection itself.
  const { prisma } = await import("../../app/utils/db.server");
  try {
    await (prismaReady ??= prisma.$connect());
  } catch {
    prismaReady = undefined;
    return { status: "fail", ms: 0, error: "unreachable" };
  }
  return timed(async () => {
    const rows = await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`;
    return Number(rows[0]?.one) === 1;
  });
}

/** Meilisearch's unauthenticated health endpoint (`{"status":"available"}`). */
export function checkMeilisearch(host: string): Promise<Check> {
  return timed(async (signal) => {
    const res = await fetch(`${host.replace(/\/+$/, "")}/health`, { signal });
    if (!res.ok) return false;
    const body = (await res.json().catch(() => ({}))) as { status?: unknown };
    return body.status === "available";
  });
}

/** The job queue of this process (pg-boss's own pool and schema); undefined when it runs none. */
export async function checkQueue(): Promise<(Check & { workers: boolean }) | undefined> {
  const { jobsRuntime } = await import("../../app/modules/jobs/runtime.server");
  const runtime = jobsRuntime();
  if (!runtime) return undefined;
  const { pingJobs } = await import("../../app/modules/jobs/boss.server");
  const check = await timed(async () => (await pingJobs()) === true);
  return { ...check, workers: runtime.workers };
}

export async function readiness(): Promise<Readiness> {
  const meili = process.env.MEILI_HOST;
  const [database, search, queue] = await Promise.all([checkDatabase(), meili ? checkMeilisearch(meili) : undefined, checkQueue()]);
  const checks: Readiness["checks"] = {
    database,
    // The PostgreSQL engine searches the same database: it is reachable when the database is.
    search: search ? { ...search, engine: "meilisearch" } : { ...database, engine: "postgres" },
    ...(queue ? { queue } : {}),
  };
  const ok = database.status === "ok" && checks.search.status === "ok" && (!queue || queue.status === "ok");
  return { status: shuttingDown ? "shutting-down" : ok ? "ok" : "fail", checks };
}

/** Mounts /healthz and /readyz (GET and HEAD) on the app. */
export function mountHealthRoutes(app: express.Express): void {
  app.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  app.get("/readyz", (_req, res, next) => {
    readiness().then((r) => {
      res
        .status(r.status === "ok" ? 200 : 503)
        .set("Cache-Control", "no-store")
        .json(r);
    }, next);
  });
}
