/**
 * Demo data for an empty database: runs every prisma/seed/NN-*.ts in name order. Each domain owns
 * one file exporting `seed(prisma, ctx)`; earlier files put the users and organizations they made
 * into `ctx` for later ones. Reuses the test factories so demo data is valid by construction.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "~/generated/prisma/client";

export type SeedContext = {
  users: Record<string, { id: string; email: string; displayName: string }>;
  orgs: Record<string, { id: string; name: string; districtCode: string }>;
  /**
   * The demo accounts' password (generated per install, or DEMO_PASSWORD), set by 01-accounts-orgs:
   * later files pass it to every account they create, never the factories' test password.
   */
  demoPassword?: string;
  /** Credentials to print once at the end (the bureau admin's generated password). */
  credentials: { role: string; email: string; password: string }[];
  log: (message: string) => void;
};

export async function isDatabaseEmpty(prisma: PrismaClient) {
  return (await prisma.user.count()) === 0;
}

export async function runSeed(prisma: PrismaClient, log: (m: string) => void = console.log) {
  const dir = path.join(import.meta.dirname, "seed");
  const files = readdirSync(dir).filter((f) => /^\d\d-.*\.ts$/.test(f)).sort();
  const ctx: SeedContext = { users: {}, orgs: {}, credentials: [], log };
  for (const file of files) {
    const started = Date.now();
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { seed: (p: PrismaClient, c: SeedContext) => Promise<void> };
    await mod.seed(prisma, ctx);
    log(`  seeded ${file.replace(/\.ts$/, "")} (${Date.now() - started} ms)`);
  }
  return ctx;
}
