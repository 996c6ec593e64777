/**
 * Graceful shutdown of `npm start` on SIGTERM (docker stop, systemd, Kubernetes) and SIGINT
 * (Ctrl+C): /readyz turns 503, the server stops accepting connections, requests in flight finish
 * (up to SHUTDOWN_TIMEOUT_MS, default 10 s; then their connections are cut), then the Prisma pool
 * closes and the embedded database stops (fast shutdown).
 *
 * Exit code: 0 after a clean SIGTERM shutdown, 1 when requests had to be cut or a step failed,
 * 130 after SIGINT (the shell's convention for Ctrl+C). A second signal exits at once (the embedded
 * server is still told to stop by the exit hook in postgres.ts).
 */
import type http from "node:http";
import { markShuttingDown } from "./health";

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** SHUTDOWN_TIMEOUT_MS: how long requests in flight may take to finish once a stop is asked. */
export function shutdownTimeoutMs(raw = process.env.SHUTDOWN_TIMEOUT_MS): number {
  if (raw === undefined || raw === "") return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`SHUTDOWN_TIMEOUT_MS is not a number of milliseconds: ${raw}`);
  return ms;
}

/**
 * Stops accepting connections and waits for the requests in flight; idle keep-alive connections
 * are closed as soon as they are idle. After `timeoutMs` the remaining connections are cut.
 * Resolves `forced: true` in that case.
 */
export function closeHttpServer(server: http.Server, timeoutMs: number): Promise<{ forced: boolean }> {
  markShuttingDown();
  return new Promise((resolve) => {
    let forced = false;
    // A keep-alive connection becomes idle when its last response is out: close those as they go.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve({ forced });
    });
    server.closeIdleConnections();
  });
}

export interface GracefulShutdownOptions {
  server: http.Server;
  timeoutMs: number;
  log: (message: string) => void;
  /** Run in order after the server closed (close the Prisma pool, stop the database…); each is awaited, failures logged. */
  steps: { name: string; run: () => Promise<unknown> }[];
}

/** Installs the SIGTERM/SIGINT handlers (once per process). */
export function gracefulShutdownOnSignals(opts: GracefulShutdownOptions): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    const interrupted = signal === "SIGINT";
    if (stopping) {
      opts.log(`${signal} again: exiting now`);
      process.exit(interrupted ? 130 : 1);
    }
    stopping = true;
    opts.log(`${signal}: shutting down (finishing requests in flight, up to ${opts.timeoutMs} ms)`);
    void (async () => {
      let failed = false;
      const { forced } = await closeHttpServer(opts.server, opts.timeoutMs);
      if (forced) opts.log(`Requests still running after ${opts.timeoutMs} ms were cut off`);
      else opts.log("HTTP server closed; every request in flight finished");
      for (const step of opts.steps) {
        try {
          await step.run();
        } catch (error) {
          failed = true;
          opts.log(`Shutdown step "${step.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      opts.log("Stopped.");
      process.exit(interrupted ? 130 : forced || failed ? 1 : 0);
    })();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
