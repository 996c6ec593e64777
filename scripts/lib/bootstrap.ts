/**
 * The one start-up every script shares (npm start, dev, db:*, admin:create, ledger:check,
 * search:reindex, stats:rebuild, jobs:*, bench): the database (DATABASE_URL, or the embedded
 * server with its generated local secrets), demo mode, and the migrations. A fresh clone with no
 * environment set works exactly as `npm start` does.
 */
import { applyMigrations } from "./migrate";
import { ensureLocalSecrets } from "./local-secrets";
import { ensurePostgres, stopOnSignals, type Log, type PostgresHandle } from "./postgres";

export interface Bootstrapped {
  db: PostgresHandle;
  /** Demo mode (DEMO_MODE): demo data may be loaded and the test checkout runs without a provider. */
  demoMode: boolean;
  /** Migrations applied by this call. */
  applied: string[];
  /** Stops the embedded server if this process started it. */
  stop(): Promise<void>;
  /** Removes the stop-on-signal handlers (for a command that installs its own graceful shutdown). */
  releaseSignals(): void;
}

export interface BootstrapOptions {
  log?: Log;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Stop the embedded server on SIGINT/SIGTERM (long-running commands). */
  stopOnSignals?: boolean;
}

/**
 * Demo mode: DEMO_MODE when set; otherwise on with the embedded database or SEED_DEMO=1, off for
 * a DATABASE_URL database (a real deployment never gets demo data or the test checkout by default).
 */
export function decideDemoMode(embedded: boolean): boolean {
  const explicit = process.env.DEMO_MODE;
  if (explicit !== undefined && explicit !== "") return explicit === "1" || explicit === "true";
  return embedded || process.env.SEED_DEMO === "1";
}

export async function bootstrap(opts: BootstrapOptions = {}): Promise<Bootstrapped> {
  const log = opts.log ?? (() => {});
  const db = await ensurePostgres({ log });
  process.env.DATABASE_URL = db.url;
  const releaseSignals = opts.stopOnSignals ? stopOnSignals(db.stop) : () => {};
  try {
    // A local install (embedded database) gets its own secrets, generated once; a deployment with
    // DATABASE_URL configures them (the server refuses to start in production without).
    if (db.embedded) ensureLocalSecrets(log);
    const demoMode = decideDemoMode(db.embedded);
    process.env.DEMO_MODE = demoMode ? "1" : "0";
    // The demo's test checkout signs its events like Stripe: with a per-install secret, not the
    // public development default, so nobody can forge a payment to a demo install.
    if (demoMode && !process.env.STRIPE_SECRET_KEY) ensureLocalSecrets(log, ["STRIPE_WEBHOOK_SECRET"]);
    const applied = opts.migrate === false ? [] : await applyMigrations(db.url, { log });
    return { db, demoMode, applied, stop: db.stop, releaseSignals };
  } catch (error) {
    await db.stop();
    throw error;
  }
}

/**
 * Runs a command's `main` after bootstrap and exits with its code, stopping the embedded server
 * first: its child process would otherwise keep Node alive, and a failure must exit non-zero.
 */
export function runScript(name: string, main: (ctx: Bootstrapped) => Promise<number | void>, opts: BootstrapOptions = {}): void {
  let ctx: Bootstrapped | undefined;
  (async () => {
    ctx = await bootstrap({ stopOnSignals: true, ...opts });
    return (await main(ctx)) ?? 0;
  })().then(
    async (code) => {
      await disconnect();
      await ctx?.stop();
      process.exit(code);
    },
    async (error: unknown) => {
      console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      await disconnect().catch(() => {});
      await ctx?.stop().catch(() => {});
      process.exit(1);
    },
  );
}

/** Closes the app's Prisma client if a script loaded it. */
async function disconnect() {
  await globalThis.__shanlianPrisma?.$disconnect();
}
