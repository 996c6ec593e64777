// House rule: a test that makes anything call console.error fails, even if its assertions pass
// (an error logged by the code under test is a bug or an unhandled case).
//
// A test that expects an error log silences it explicitly:
//   const spy = vi.spyOn(console, "error").mockImplementation(() => {});
//   … expect(spy).toHaveBeenCalledWith(…); spy.mockRestore();
// and, for the structured logger's error lines, `globalThis.__shanlianOnErrorLog = () => {}` in the test.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { format } from "node:util";
import { afterEach, beforeEach } from "vitest";
import { appendLogLine } from "../../app/utils/log-file.server";

// privacy: log scan (issue 15) — what the app writes while the suite runs goes to
// test-results/logs/<pid>.log too (SHANLIAN_LOG_FILE: request lines, server errors, and every
// console.error/warn), so scripts/privacy-scan-logs.ts can look for personal data in it.
const LOG_DIR = path.resolve("test-results/logs");
mkdirSync(LOG_DIR, { recursive: true });
process.env.SHANLIAN_LOG_FILE ??= path.join(LOG_DIR, `${process.pid}.log`);
const tee = globalThis as { __shanlianLogTee?: boolean };
// Setup files run once per test file in the same worker: wrap the console once.
if (!tee.__shanlianLogTee) {
  tee.__shanlianLogTee = true;
  for (const level of ["error", "warn"] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      appendLogLine(`${new Date().toISOString()} [${level}] ${format(...args)}`);
      original.apply(console, args);
    };
  }
}
// end privacy: log scan

// Like a local install's generated secrets.json: a key for the merchant credentials tests save.
process.env.MERCHANT_SECRETS_KEY ??= randomBytes(32).toString("base64");
// …and one for the ID numbers volunteers consent to report to the national volunteer system.
process.env.ID_ENCRYPTION_KEY ??= randomBytes(32).toString("base64url");

const originalError = console.error;
let logged: string[] = [];

beforeEach(() => {
  logged = [];
  // The same rule for error-level lines of the structured logger (app/utils/logger.server.ts).
  globalThis.__shanlianOnErrorLog = (line) => logged.push(`[logger] ${line}`);
  console.error = (...args: unknown[]) => {
    logged.push(format(...args));
    originalError.apply(console, args);
  };
});

afterEach(() => {
  console.error = originalError;
  globalThis.__shanlianOnErrorLog = undefined;
  if (logged.length) {
    const messages = logged;
    logged = [];
    throw new Error(`console.error was called during this test:\n${messages.map((m) => `  ${m}`).join("\n")}`);
  }
});
