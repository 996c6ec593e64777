import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const FILE = path.resolve(import.meta.dirname, "../../.data/secrets.json");

/**
 * For a local install: SESSION_SECRET and ID_HASH_KEY generated once and kept in .data/secrets.json
 * (git-ignored, owner-only), so restarts keep sessions valid and ID hashes comparable. Variables
 * already set in the environment win.
 */
export function ensureLocalSecrets(log: (m: string) => void) {
  let stored: Record<string, string> = {};
  if (existsSync(FILE)) stored = JSON.parse(readFileSync(FILE, "utf8")) as Record<string, string>;
  let changed = false;
  for (const key of ["SESSION_SECRET", "ID_HASH_KEY"]) {
    if (process.env[key]) continue;
    if (!stored[key]) {
      stored[key] = randomBytes(32).toString("base64url");
      changed = true;
    }
    process.env[key] = stored[key];
  }
  if (changed) {
    mkdirSync(path.dirname(FILE), { recursive: true });
    writeFileSync(FILE, JSON.stringify(stored, null, 2), { mode: 0o600 });
    log("Generated local secrets in .data/secrets.json");
  }
}
