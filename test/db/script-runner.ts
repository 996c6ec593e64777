/**
 * Runs the package.json scripts as a newcomer does: the command npm would run (`tsx scripts/…`),
 * with no environment but PATH and what the test passes (a temporary EMBEDDED_PG_DATA_DIR and
 * ports, so nothing clashes with a developer's .data/ or server).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

/**
 * `npm run <name>`'s node arguments, from package.json (so the test follows the README's table):
 * `tsx scripts/x.ts` runs through tsx's launcher, `node --import tsx scripts/x.ts` (npm start: one
 * process, so signals reach the app's own shutdown) as written.
 */
export function scriptArgs(name: string): string[] {
  const command = PACKAGE.scripts[name];
  if (command?.startsWith("tsx ")) return [TSX_CLI, ...command.slice(4).split(" ")];
  if (command?.startsWith("node ")) return command.slice(5).split(" ");
  throw new Error(`package.json script ${name} is neither a tsx nor a node command: ${command}`);
}

export type Running = {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
};

/** Starts `npm run <name> -- ...args` the way npm would, in ROOT, with only `env` (+ PATH). */
export function startScript(name: string, args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, [...scriptArgs(name), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) {
            cleanup();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output so far:\n${out}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        exited.then((code) => {
          if (listeners.has(check)) {
            cleanup();
            reject(new Error(`${name} exited (${code}) before printing ${pattern}; output:\n${out}`));
          }
        });
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      return exited;
    },
  };
}

/** Runs a script to completion: its exit code and everything it printed. */
export async function runScript(name: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const run = startScript(name, args, env);
  const code = await run.exited;
  return { code, output: run.output() };
}

/** A temporary directory for an embedded cluster (data in <dir>/postgres, secrets in <dir>/secrets.json). */
export async function tempInstall(): Promise<{ dir: string; dataDir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "shanlian-newcomer-"));
  // As root the server runs as user postgres, which must reach the data dir inside (mkdtemp: 0700).
  await chmod(dir, 0o755);
  return { dir, dataDir: path.join(dir, "postgres"), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** URL of the application database on an embedded cluster the scripts made in `dataDir`. */
export function embeddedAppUrl(dataDir: string, port: number): string {
  const password = readFileSync(`${dataDir}.password`, "utf8").trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/shanlian`;
}

export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
