/**
 * Shared pieces of the load, rush and crash benchmarks (test/bench/{load,rush,crash}.bench.ts):
 * a throwaway database on the embedded PostgreSQL (or DATABASE_URL's server), the app started as
 * a child process exactly as `npm start` starts it (scripts/start.ts, production build, real
 * server), memory read from /proc, and a small concurrent HTTP driver. Not a benchmark itself
 * (the runner takes only *.bench.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ensurePostgres, freePort, withClient, type PostgresHandle } from "../../../scripts/lib/postgres";
import { applyMigrations, createScratchDatabase, type ScratchDatabase } from "../../../scripts/lib/migrate";
import { ensureBuild } from "../../../scripts/lib/build";
import { ensureLocalSecrets } from "../../../scripts/lib/local-secrets";

const ROOT = path.resolve(import.meta.dirname, "../../..");
export const log = (s: string) => process.stdout.write(`${s}\n`);

/** The webhook secret of the bench's app processes (the bench signs its provider events with it). */
export const WEBHOOK_SECRET = `whsec_bench_${randomBytes(12).toString("hex")}`;

export type Scratch = { server: PostgresHandle; db: ScratchDatabase; close(): Promise<void> };

/**
 * A migrated throwaway database; DATABASE_URL points at it for this process (factories and checks
 * run here, the app in its child). Production settings as `npm run bench` gives them.
 */
export async function scratchDatabase(prefix: string): Promise<Scratch> {
  process.env.NODE_ENV ??= "production";
  // Run alone (`npx tsx test/bench/x.bench.ts`) the bench needs the local secrets `npm run bench` provides.
  if (!process.env.SESSION_SECRET) ensureLocalSecrets(() => {});
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  const server = await ensurePostgres({ log: () => {} });
  const db = await createScratchDatabase(server.serverUrl, { prefix });
  await applyMigrations(db.url, { log: () => {} });
  process.env.DATABASE_URL = db.url;
  ensureBuild(() => {});
  return {
    server,
    db,
    async close() {
      await globalThis.__shanlianPrisma?.$disconnect().catch(() => {});
      const pool = globalThis.__shanlianPool;
      if (pool && !pool.ended) await pool.end().catch(() => {});
      await db.drop();
      await server.stop();
    },
  };
}

export type AppProcess = { pid: number; url: string; port: number; startMs: number; child: ChildProcess; kill9(): Promise<void>; stop(): Promise<void> };

/**
 * Starts `node --import tsx scripts/start.ts` on the scratch database: migrations checked, search
 * outbox caught up, messages worker, real server — what `npm start` runs. DEMO_MODE=1 lets the
 * local test checkout run under NODE_ENV=production (as a demo install does); BENCH_ROUTES=1 opens
 * the baseline page. The child's request log is read and dropped.
 */
export async function startApp(opts: { port?: number; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<AppProcess> {
  const port = opts.port ?? (await freePort());
  const started = await startNodeScript("scripts/start.ts", "Serving on http://", "app", "serving", {
    PORT: String(port),
    DEMO_MODE: "1",
    DEMO_PASSWORD: process.env.DEMO_PASSWORD ?? `Bench${randomBytes(6).toString("hex")}7`,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    BENCH_ROUTES: "1",
    ...opts.env,
  }, opts.nodeArgs);
  return { ...started, port, url: `http://127.0.0.1:${port}` };
}

export type NodeScriptProcess = { pid: number; startMs: number; child: ChildProcess; kill9(): Promise<void>; stop(): Promise<void> };

/**
 * Starts `node --import tsx <script>` in production with this process's environment plus `env`,
 * and resolves once it prints `readyText` (how long that took is `startMs`). `kill9` for the crash
 * benches; `stop` sends SIGTERM and SIGKILLs after 15 s.
 */
export async function startNodeScript(script: string, readyText: string, name: string, readyWord: string, env: Record<string, string | undefined>, nodeArgs: string[] = []): Promise<NodeScriptProcess> {
  const started = performance.now();
  // `nodeArgs`: e.g. --cpu-prof for a profile of the app under load (not allowed in NODE_OPTIONS);
  // BENCH_CPU_PROF=<dir>: every child writes a V8 CPU profile there when it exits.
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, ...nodeArgs, "--import", "tsx", path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      tail = (tail + chunk.toString("utf8")).slice(-4000);
      if (tail.includes(readyText)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => reject(new Error(`${name} exited (${code ?? signal}) before ${readyWord}:\n${tail}`)));
  });
  await ready;
  const startMs = performance.now() - started;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid!,
    startMs,
    child,
    async kill9() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (gone()) return;
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (!gone()) child.kill("SIGKILL");
      await exited;
    },
  };
}

// ───── memory ─────

function statusKb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // gone
  }
}

/** Resident memory of one process, MiB. */
export const rssMiB = (pid: number) => statusKb(pid, "VmRSS") / 1024;

/** The postmaster of the scratch database's server (found through a backend's parent), when it runs on this machine. */
export async function postmasterPid(dbUrl: string): Promise<number | null> {
  // Read while the connection is open: the backend exits with it.
  return withClient(dbUrl, async (c) => {
    const backend = (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    try {
      const m = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${backend}/status`, "utf8"));
      return m ? Number(m[1]) : null;
    } catch {
      return null; // another machine (DATABASE_URL elsewhere): not measurable from here
    }
  });
}

/** PostgreSQL's memory: RSS summed over the postmaster and all its children, MiB (shared buffers count once per process that touched them). */
export function postgresRssMiB(postmaster: number | null): { sum: number; processes: number; shared: number } {
  if (!postmaster) return { sum: NaN, processes: 0, shared: NaN };
  const pids = [postmaster];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const m = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${d}/status`, "utf8"));
      if (m && Number(m[1]) === postmaster) pids.push(Number(d));
    } catch {
      /* gone */
    }
  }
  let sum = 0;
  let shared = 0;
  for (const p of pids) {
    sum += statusKb(p, "VmRSS");
    shared = Math.max(shared, statusKb(p, "RssShmem"));
  }
  return { sum: sum / 1024, processes: pids.length, shared: shared / 1024 };
}

/** Samples the app's and PostgreSQL's memory every 200 ms while `fn` runs; returns the peaks. */
export async function withMemory<T>(appPid: number, postmaster: number | null, fn: () => Promise<T>) {
  const peak = { app: rssMiB(appPid), pg: postgresRssMiB(postmaster).sum, pgProcesses: 0 };
  const sample = () => {
    peak.app = Math.max(peak.app, rssMiB(appPid));
    const pg = postgresRssMiB(postmaster);
    if (!(pg.sum <= peak.pg)) {
      peak.pg = pg.sum;
      peak.pgProcesses = pg.processes;
    }
  };
  const timer = setInterval(sample, 200);
  try {
    const value = await fn();
    sample();
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

// ───── driving HTTP ─────

/** Runs `task(i)` for i = 0…n-1 with `concurrency` in flight; returns the wall time in ms. */
export async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return performance.now() - started;
}

/** Requests per second of GET `url` by `concurrency` fetch loops, `n` requests in all (the driver used for the rush baselines). */
export async function fetchRate(url: string, n: number, concurrency: number, headers: Record<string, string> = {}) {
  const statuses = new Map<string, number>();
  const ms = await pool(n, concurrency, async () => {
    let key: string;
    try {
      const res = await fetch(url, { headers, redirect: "manual" });
      await res.arrayBuffer();
      key = String(res.status);
    } catch (e) {
      key = (e as { cause?: { code?: string } }).cause?.code ?? "connection failed";
    }
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  });
  // Reported, not hidden: a baseline with failures is not a fair one.
  if (statuses.get("200") !== n) log(`  baseline ${url}: answers ${[...statuses].map(([s, k]) => `${s}×${k}`).join(", ")}`);
  return n / (ms / 1000);
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a");
export const ratio = (x: number, base: number) => `${((x / base) * 100).toFixed(0)}%`;
export const verdict = (ok: boolean) => (ok ? "MET" : "NOT MET");

/** A valid, distinct resident ID number for the i-th generated volunteer (birth dates from 1975 on, 900 per day). */
export async function benchIdNumber(i: number): Promise<string> {
  const { makeIdNumber } = await import("~/modules/accounts/id-number");
  const birth = new Date(Date.UTC(1975, 0, 1) + Math.floor(i / 900) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, "");
  return makeIdNumber("500114", ymd, String(100 + (i % 900)).padStart(3, "0"));
}

/** Prints a step with the seconds since `t0`. */
export const step = (t0: number, what: string) => log(`  [${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${what}`);
