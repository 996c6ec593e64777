import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { embeddedDataDir } from "./postgres";

/**
 * Where a local install keeps its generated secrets: `secrets.json` beside the embedded data
 * directory (`.data/secrets.json` by default; EMBEDDED_PG_DATA_DIR moves both). Git-ignored,
 * owner-only.
 */
export function secretsFile(): string {
  return path.join(path.dirname(embeddedDataDir()), "secrets.json");
}

function readStored(file: string): Record<string, string> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {};
}

/**
 * Puts each key into process.env: the environment's value when set, else the one stored in
 * secrets.json, else a new random one (stored, so restarts keep sessions valid, ID hashes
 * comparable, the demo password the same, merchant credentials and consented ID numbers readable — MERCHANT_SECRETS_KEY
 * and ID_ENCRYPTION_KEY are 32 random bytes, base64url). Returns the keys it generated.
 */
export function ensureLocalSecrets(
  log: (m: string) => void,
  keys: readonly string[] = ["SESSION_SECRET", "ID_HASH_KEY", "MERCHANT_SECRETS_KEY", "ID_ENCRYPTION_KEY"],
  generate: () => string = () => randomBytes(32).toString("base64url"),
): string[] {
  const file = secretsFile();
  const stored = readStored(file);
  const generated: string[] = [];
  for (const key of keys) {
    if (process.env[key]) continue;
    if (!stored[key]) {
      stored[key] = generate();
      generated.push(key);
    }
    process.env[key] = stored[key];
  }
  if (generated.length) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    log(`Generated ${generated.join(", ")} in ${path.relative(process.cwd(), file) || file}`);
  }
  return generated;
}
