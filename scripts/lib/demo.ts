/**
 * Demo data: loaded only in demo mode (embedded database, or SEED_DEMO=1) and only into an empty
 * database. Demo accounts get a password generated per install (DEMO_PASSWORD overrides it), kept
 * in the local secrets file beside the generated session secrets, and printed once here.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { ensureLocalSecrets, secretsFile } from "./local-secrets";
import type { Log } from "./postgres";

export type SeedOutcome = "seeded" | "not-empty" | "not-demo";

/** A password for people to type: 14 characters of letters and digits (about 80 bits). */
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(14);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  // At least one digit and one letter, whatever the draw.
  return out.slice(0, 12) + "a7";
}

/**
 * Seeds under a session advisory lock, so that two processes starting on one empty database at
 * once (`npm start` and `npm run worker`, two app processes, or `db:seed` beside `npm start`)
 * seed it once: the second waits, then finds users and leaves the data alone.
 */
export async function seedDemoData({ log, demoMode }: { log: Log; demoMode: boolean }): Promise<SeedOutcome> {
  if (!demoMode) return "not-demo";
  const { prisma, pgPool } = await import("~/utils/db.server");
  const { isDatabaseEmpty, runSeed } = await import("../../prisma/seed");
  if (!(await isDatabaseEmpty(prisma))) return "not-empty";
  const lock = await pgPool().connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('shanlian:demo-seed'))`);
    if (!(await isDatabaseEmpty(prisma))) return "not-empty";
    const fromEnv = Boolean(process.env.DEMO_PASSWORD);
    ensureLocalSecrets(log, ["DEMO_PASSWORD"], generatePassword);
    const password = process.env.DEMO_PASSWORD!;
    if (password.length < 8) throw new Error("DEMO_PASSWORD must have at least 8 characters");
    log("Empty database: loading demo data…");
    const ctx = await runSeed(prisma, log);
    printCredentials(ctx.credentials, fromEnv ? "DEMO_PASSWORD from the environment" : `kept in ${path.relative(process.cwd(), secretsFile()) || secretsFile()} as DEMO_PASSWORD`);
    return "seeded";
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(hashtext('shanlian:demo-seed'))`).catch(() => {});
    lock.release();
  }
}

function printCredentials(credentials: { role: string; email: string; password: string }[], where: string) {
  const lines = credentials.map((c) => `  ${c.role.padEnd(16)} ${c.email.padEnd(28)} ${c.password}`);
  console.log(
    [
      "",
      "┌ Demo sign-ins (printed once; change the admin password after signing in):",
      ...lines,
      `│ The demo accounts' password is generated for this install (${where}).`,
      "└",
      "",
    ].join("\n"),
  );
}
