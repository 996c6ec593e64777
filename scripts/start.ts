/**
 * `npm start`: build if needed, start the database (embedded PostgreSQL when DATABASE_URL is unset),
 * apply migrations, seed demo data into an empty database, and serve on PORT (default 3000).
 */
import { ensureBuild } from "./lib/build";
import { ensurePostgres, stopOnSignals } from "./lib/postgres";
import { applyMigrations } from "./lib/migrate";
import { createApp, listen, loadBuild } from "./lib/http-server";
import { ensureLocalSecrets } from "./lib/local-secrets";

const log = (m: string) => console.log(`[shanlian] ${m}`);

async function main() {
  process.env.NODE_ENV ??= "production";
  ensureBuild(log);
  const db = await ensurePostgres({ log });
  process.env.DATABASE_URL = db.url;
  stopOnSignals(db.stop);
  // A local install (embedded database) gets its own secrets, generated once and kept in .data/;
  // a deployment with DATABASE_URL must configure them (the server refuses to start without).
  if (db.embedded) ensureLocalSecrets(log);

  const applied = await applyMigrations(db.url, { log });
  log(applied.length ? `Applied ${applied.length} migration(s).` : "Database schema is up to date.");

  const { prisma } = await import("~/utils/db.server");
  const { isDatabaseEmpty, runSeed } = await import("../prisma/seed");
  if (await isDatabaseEmpty(prisma)) {
    log("Empty database: loading demo data…");
    const ctx = await runSeed(prisma, log);
    printCredentials(ctx.credentials);
  }
  await startBackgroundWorkers(log);

  const build = await loadBuild();
  const port = Number(process.env.PORT ?? 3000);
  await listen(createApp(() => build), port);
  log(`Serving on http://localhost:${port}  (Ctrl+C to stop)`);
}

function printCredentials(credentials: { role: string; email: string; password: string }[]) {
  const lines = credentials.map((c) => `  ${c.role.padEnd(16)} ${c.email.padEnd(28)} ${c.password}`);
  console.log(["", "┌ Demo sign-ins (printed once; change the admin password after signing in):", ...lines, "└", ""].join("\n"));
}

/** Workers that live beside the web server: the search outbox (indexes changes after commit). */
async function startBackgroundWorkers(log: (m: string) => void) {
  const { catchUpSearchIndex } = await import("~/modules/search-outbox/worker.server");
  // Starts the poll, and indexes demo data and changes made while the server was down before serving.
  await catchUpSearchIndex();
  log("Search outbox worker running.");
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
