import { appendFileSync } from "node:fs";

/**
 * Opt-in copy of log lines to a file (the structured logger, app/utils/logger.server.ts, writes its
 * own copy there; this one is for the test setup's copy of console.error/warn): set SHANLIAN_LOG_FILE (the test setup points it
 * at test-results/logs/<pid>.log so the privacy scan can read what the app wrote). Read from the
 * environment on each call rather than from env.server.ts, because the HTTP server logs before the
 * app's configuration (DATABASE_URL…) is parsed. Never throws: logging must not break a request.
 */
export function appendLogLine(line: string) {
  const file = process.env.SHANLIAN_LOG_FILE;
  if (!file) return;
  try {
    appendFileSync(file, line.endsWith("\n") ? line : `${line}\n`);
  } catch {
    // A log file that cannot be written is not the request's problem.
  }
}
