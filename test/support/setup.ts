// House rule: a test that makes anything call console.error fails, even if its assertions pass
// (an error logged by the code under test is a bug or an unhandled case).
//
// A test that expects an error log silences it explicitly:
//   const spy = vi.spyOn(console, "error").mockImplementation(() => {});
//   … expect(spy).toHaveBeenCalledWith(…); spy.mockRestore();
import { randomBytes } from "node:crypto";
import { format } from "node:util";
import { afterEach, beforeEach } from "vitest";

// Like a local install's generated secrets.json: a key for the merchant credentials tests save.
process.env.MERCHANT_SECRETS_KEY ??= randomBytes(32).toString("base64");
// …and one for the ID numbers volunteers consent to report to the national volunteer system.
process.env.ID_ENCRYPTION_KEY ??= randomBytes(32).toString("base64url");

const originalError = console.error;
let logged: string[] = [];

beforeEach(() => {
  logged = [];
  console.error = (...args: unknown[]) => {
    logged.push(format(...args));
    originalError.apply(console, args);
  };
});

afterEach(() => {
  console.error = originalError;
  if (logged.length) {
    const messages = logged;
    logged = [];
    throw new Error(`console.error was called during this test:\n${messages.map((m) => `  ${m}`).join("\n")}`);
  }
});
